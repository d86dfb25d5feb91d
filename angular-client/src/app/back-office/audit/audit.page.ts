import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { toApiError } from '../../shared/api-error';
import { formatDateTime } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { channelText } from '../../requests/requests.api';
import { AuditKind, AuditPage as AuditResult, BackOfficeApi } from '../back-office.api';
import { ACTOR_KINDS, EVENT_LABELS, SUBJECT_LABELS, eventLabel } from './audit-labels';

const PAGE = 100;

/**
 * The audit timeline of a family, a child, a request or an invoice: every event, oldest first,
 * with who, when, through which channel and its data, rebuilt from the event store; filters and a
 * CSV export of the same selection.
 */
@Component({
  selector: 'pf-audit-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Journal d'audit {{ subjectLabel() }}</h1>
    <p class="lead">Chaque événement enregistré, du plus ancien au plus récent : rien n'est jamais réécrit.</p>
    @if (kind() === 'request' && familyId()) {
      <p><a [routerLink]="['/gestion/demandes', familyId(), id()]">Revenir à la demande</a></p>
    }
    @if (kind() === 'family') {
      <p><a [routerLink]="['/gestion/familles', id()]">Revenir au dossier de la famille</a></p>
    }

    <form class="card filters filters--queue" [formGroup]="filters" (ngSubmit)="reload()" role="search" aria-label="Filtrer le journal">
      <div class="field">
        <label for="audit-type">Événement</label>
        <select id="audit-type" formControlName="type">
          <option value="">Tous les événements</option>
          @for (t of types; track t.value) { <option [value]="t.value">{{ t.label }}</option> }
        </select>
      </div>
      <div class="field">
        <label for="audit-actor">Auteur</label>
        <select id="audit-actor" formControlName="actorKind">
          <option value="">Tous</option>
          @for (a of actorKinds; track a.value) { <option [value]="a.value">{{ a.label }}</option> }
        </select>
      </div>
      <div class="field">
        <label for="audit-from">Depuis le</label>
        <input id="audit-from" type="date" formControlName="from" />
      </div>
      <div class="field">
        <label for="audit-to">Jusqu'au</label>
        <input id="audit-to" type="date" formControlName="to" />
      </div>
    </form>

    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement du journal…" /> }
      @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        @if (page(); as p) {
          <div class="button-row list-head">
            <p role="status">{{ p.total === 0 ? 'Aucun événement.' : p.total === 1 ? '1 événement.' : p.total + ' événements.' }}</p>
            <a class="button button--secondary" [href]="csvUrl()" download>Exporter en CSV</a>
          </div>
          <ol class="audit-list" aria-label="Événements">
            @for (item of p.items; track item.eventId) {
              <li class="audit-item">
                <div class="audit-item__head">
                  <time [attr.datetime]="item.occurredAt">{{ dateTime(item.occurredAt) }}</time>
                  <span class="audit-item__type">{{ label(item.type) }}</span>
                  <span class="hint">{{ item.type }}</span>
                </div>
                <p class="timeline__meta">
                  Par {{ item.actor.name ? item.actor.name + ' (' + item.actorLabel + ')' : item.actorLabel }}@if (channel(item.channel); as c) {<span> · via {{ c }}</span>}
                  · position {{ item.position }}
                </p>
                <details>
                  <summary>Données de l'événement<span class="visually-hidden"> : {{ label(item.type) }}, {{ dateTime(item.occurredAt) }}</span></summary>
                  <pre>{{ json(item.data) }}</pre>
                  <p class="hint">Flux {{ item.streamId }}@if (item.correlationId) {<span> · corrélation {{ item.correlationId }}</span>}</p>
                </details>
              </li>
            }
          </ol>
          @if (p.total > p.items.length) {
            <button type="button" class="button button--secondary" (click)="more()">Afficher les événements suivants</button>
          }
        }
      }
    }
  `,
})
export class AuditPage {
  private readonly api = inject(BackOfficeApi);
  readonly kind = input.required<AuditKind>();
  readonly id = input.required<string>();
  /** For a request: its family, to link back (?famille=…). */
  readonly famille = input<string>();
  readonly familyId = computed(() => this.famille() ?? null);

  readonly types = Object.entries(EVENT_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  readonly actorKinds = ACTOR_KINDS;
  readonly filters = inject(NonNullableFormBuilder).group({ type: [''], actorKind: [''], from: [''], to: [''] });
  readonly load = signal<Load<AuditResult>>(loading());
  readonly page = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly subjectLabel = computed(() => SUBJECT_LABELS[this.kind()] ?? '');
  readonly dateTime = formatDateTime;
  readonly label = eventLabel;
  readonly channel = (c: string | null) => channelText(c ?? undefined);
  readonly csvUrl = signal('');

  constructor() {
    effect(() => {
      this.kind();
      this.id();
      untracked(() => this.reload());
    });
    this.filters.valueChanges.subscribe(() => this.reload());
  }

  json(data: unknown): string {
    return JSON.stringify(data, null, 2);
  }

  reload(): void {
    const filters = { ...this.filters.getRawValue(), limit: PAGE };
    this.csvUrl.set(this.api.auditCsvUrl(this.kind(), this.id(), filters));
    this.load.set(loading());
    this.api.audit(this.kind(), this.id(), filters).subscribe({
      next: (p) => this.load.set(ready(p)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  more(): void {
    const p = this.page();
    if (!p) return;
    this.api.audit(this.kind(), this.id(), { ...this.filters.getRawValue(), limit: PAGE, offset: p.items.length }).subscribe({
      next: (next) => this.load.set(ready({ ...next, items: [...p.items, ...next.items] })),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}
