import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { formatDateTime } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready } from '../shared/load-state';
import { FamilyRequest, RequestsApi, actorText, channelText } from './requests.api';
import { RequestsStore } from './requests.store';

/** One request and its history: every step with when, what, who, through which channel, why. */
@Component({
  selector: 'pf-request-detail-page',
  imports: [RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <p class="no-print"><a routerLink="/demandes"><span aria-hidden="true">‹</span> Toutes mes demandes</a></p>
    @switch (load().state) {
      @case ('loading') {
        <h1 tabindex="-1">Suivi de la demande</h1>
        <pf-loading label="Chargement de la demande…" />
      }
      @case ('error') {
        <h1 tabindex="-1">{{ notFound() ? 'Demande introuvable' : 'Suivi de la demande' }}</h1>
        <pf-load-error [error]="error()!" (retry)="reload()" />
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
                      Par {{ actor(step) }}@if (channel(step.channel); as c) {<span> · via {{ c }}</span>}
                    </p>
                    @if (step.reasonText) {
                      <p class="timeline__meta">Motif : {{ step.reasonText }}</p>
                    }
                  </li>
                }
              </ol>
            }
          </section>
        }
      }
    }
  `,
})
export class RequestDetailPage {
  private readonly api = inject(RequestsApi);
  private readonly store = inject(RequestsStore);
  private readonly session = inject(SessionStore);
  /** Bound from the route parameter (withComponentInputBinding). */
  readonly requestId = input.required<string>();

  readonly load = signal<Load<FamilyRequest>>(loading());
  readonly request = computed(() => {
    const l = this.load();
    return l.state === 'ready' ? l.value : null;
  });
  readonly error = computed(() => {
    const l = this.load();
    return l.state === 'error' ? l.error : null;
  });
  readonly notFound = computed(() => this.error()?.statusCode === 404);
  readonly dateTime = formatDateTime;
  readonly actor = actorText;
  readonly channel = channelText;

  constructor() {
    effect(() => {
      const id = this.requestId();
      untracked(() => this.reload(id));
    });
  }

  reload(id = this.requestId()): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) return;
    this.load.set(loading());
    this.api.one(familyId, id).subscribe({
      next: (request) => {
        this.load.set(ready(request));
        if (request.unread) this.store.markRead(request.requestId);
      },
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}
