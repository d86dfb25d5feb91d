import { Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatDate, formatDateTime } from '../shared/french-format';
import { LoadErrorComponent, LoadingComponent } from '../shared/load-state';
import { actorText, channelText } from './requests.api';
import { RequestsStore } from './requests.store';

/** One request and its history: every step with when, what, who, through which channel, why. */
@Component({
  selector: 'pf-request-detail-page',
  imports: [RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <p class="no-print"><a routerLink="/demandes"><span aria-hidden="true">‹</span> Toutes mes demandes</a></p>
    @switch (store.load().state) {
      @case ('loading') {
        <h1 tabindex="-1">Suivi de la demande</h1>
        <pf-loading label="Chargement de la demande…" />
      }
      @case ('error') {
        <h1 tabindex="-1">Suivi de la demande</h1>
        <pf-load-error [error]="error()!" (retry)="store.refresh()" />
      }
      @case ('ready') {
        @if (request(); as r) {
          <h1 tabindex="-1">{{ r.description }}</h1>
          <div class="card">
            <dl class="facts">
              <dt>Référence</dt>
              <dd class="code">{{ r.reference }}</dd>
              <dt>Envoyée le</dt>
              <dd>{{ dateTime(r.submittedAt) }}</dd>
              <dt>État</dt>
              <dd><span [class]="'status status--' + r.status">{{ r.statusLabel }}</span></dd>
              @if (r.reasonText) {
                <dt>Motif</dt>
                <dd>{{ r.reasonText }}</dd>
              }
            </dl>
          </div>

          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">Historique</h2>
            @if (r.timeline.length === 0) {
              <p>Aucune étape enregistrée pour l'instant.</p>
            } @else {
              <ol class="timeline">
                @for (step of r.timeline; track $index) {
                  <li class="timeline__step">
                    <time class="timeline__when" [attr.datetime]="step.at">{{ dateTime(step.at) }}</time>
                    <p class="timeline__label">{{ step.label }}</p>
                    <p class="timeline__meta">
                      Par {{ actor(step.actor) }}@if (channel(step.channel); as c) {<span> · via {{ c }}</span>}
                    </p>
                    @if (step.reasonText) {
                      <p class="timeline__meta">Motif : {{ step.reasonText }}</p>
                    }
                  </li>
                }
              </ol>
            }
          </section>
        } @else {
          <h1 tabindex="-1">Demande introuvable</h1>
          <p>Cette demande n'existe pas ou ne concerne pas votre famille.</p>
        }
      }
    }
  `,
})
export class RequestDetailPage {
  readonly store = inject(RequestsStore);
  /** Bound from the route parameter (withComponentInputBinding). */
  readonly requestId = input.required<string>();

  readonly request = computed(() => this.store.items().find((r) => r.requestId === this.requestId()) ?? null);
  readonly error = computed(() => {
    const l = this.store.load();
    return l.state === 'error' ? l.error : null;
  });
  readonly dateTime = formatDateTime;
  readonly day = formatDate;
  readonly actor = actorText;
  readonly channel = channelText;

  constructor() {
    this.store.refresh();
  }
}
