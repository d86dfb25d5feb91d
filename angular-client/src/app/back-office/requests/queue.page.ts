import { Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { toApiError } from '../../shared/api-error';
import { FieldDirective, FieldErrorComponent } from '../../shared/form-field';
import { formatDate, formatDateTime } from '../../shared/french-format';
import { familyTitle } from '../../shared/family-name';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { Submission } from '../../shared/submission';
import { BackOfficeApi, BulkDecisions, QueueItem, QueueResult, StaffActivity } from '../back-office.api';

/** Kinds the service accepts or refuses, one by one or in bulk (POST /api/staff/bulk-decisions, each through its own kind's command). */
export const BULK_KINDS = ['enrolment', 'reservation', 'period_reservation', 'cancellation', 'document', 'family_change', 'certificate'];

export const KIND_OPTIONS = [
  { value: 'enrolment', label: 'Inscriptions' },
  { value: 'reservation', label: 'Réservations' },
  { value: 'period_reservation', label: 'Réservations sur une période' },
  { value: 'cancellation', label: 'Annulations' },
  { value: 'absence', label: "Déclarations d'absence" },
  { value: 'family_change', label: 'Modifications du dossier' },
  { value: 'contact', label: 'Messages' },
  { value: 'document', label: 'Documents' },
  { value: 'certificate', label: 'Attestations' },
];

export const STATUS_OPTIONS = [
  { value: 'pending', label: 'En cours (à traiter)' },
  { value: 'waitlisted', label: "En liste d'attente" },
  { value: 'partially_accepted', label: 'Acceptées en partie' },
  { value: 'accepted', label: 'Acceptées' },
  { value: 'refused', label: 'Refusées' },
  { value: 'answered', label: 'Répondues' },
  { value: 'cancelled', label: 'Annulées' },
];

const PAGE = 50;

/** « 3 demandes à traiter », « Aucune demande en liste d'attente ». */
const COUNT_WORDS: Record<string, string> = {
  pending: 'à traiter',
  waitlisted: "en liste d'attente",
  partially_accepted: 'acceptées en partie',
  accepted: 'acceptées',
  refused: 'refusées',
  answered: 'répondues',
  cancelled: 'annulées',
};

/**
 * The service's request queue: filters (state, kind, activity, day), and the requests that wait
 * for a decision accepted or refused in bulk, with a message to the families.
 */
@Component({
  selector: 'pf-queue-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent],
  template: `
    <h1 tabindex="-1">Demandes</h1>
    <p class="lead">Les demandes des familles, les plus anciennes d'abord. Cochez celles à accepter ou refuser en une fois.</p>

    <form class="card filters filters--queue" [formGroup]="filters" role="search" aria-label="Filtrer les demandes">
      <div class="field">
        <label for="q-status">État</label>
        <select id="q-status" formControlName="status">
          @for (s of statuses; track s.value) { <option [value]="s.value">{{ s.label }}</option> }
        </select>
      </div>
      <div class="field">
        <label for="q-kind">Type</label>
        <select id="q-kind" formControlName="kind">
          <option value="">Tous les types</option>
          @for (k of kinds; track k.value) { <option [value]="k.value">{{ k.label }}</option> }
        </select>
      </div>
      <div class="field">
        <label for="q-activity">Activité</label>
        <select id="q-activity" formControlName="activityId">
          <option value="">Toutes les activités</option>
          @for (a of activities(); track a.activityId) { <option [value]="a.activityId">{{ a.name }}</option> }
        </select>
      </div>
      <div class="field">
        <label for="q-day">Jour concerné</label>
        <input id="q-day" type="date" formControlName="day" />
      </div>
    </form>
    @if (filters.controls.familyId.value) {
      <p class="notice">
        Demandes d'une seule famille.
        <button type="button" class="button button--quiet" (click)="filters.controls.familyId.setValue('')">Voir toutes les familles</button>
      </p>
    }

    @if (decided(); as report) {
      <section [class]="'notice ' + (report.failed ? 'notice--warning' : 'notice--success')" role="status" tabindex="-1" id="decided-notice" aria-labelledby="decided-title">
        <h2 id="decided-title" class="notice__title">{{ report.title }}</h2>
        <p>{{ report.text }}</p>
        @if (report.results.length > 1 || report.failed) {
          <ul class="decided-list">
            @for (r of report.results; track r.requestId) {
              <li>
                <span class="decided-list__what">{{ r.description }} : </span>
                @if (r.outcome === 'decided') {
                  <span [class]="'status status--' + r.status">{{ r.statusLabel }}</span>
                } @else {
                  <span class="status status--unavailable">Non traitée</span><span class="hint"> — {{ r.message }}</span>
                }
              </li>
            }
          </ul>
        }
      </section>
    }

    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement des demandes…" /> }
      @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        <p role="status" class="list-count">{{ countText() }}</p>
        @if (items().length) {
          @if (selectable().length) {
            <div class="field--checkbox select-all">
              <input id="select-all" type="checkbox" [checked]="allSelected()" (change)="toggleAll()" />
              <label for="select-all">Sélectionner toutes les demandes à décider affichées ({{ selectable().length }})</label>
            </div>
          }
          <ul class="plain-list queue">
            @for (r of items(); track r.requestId) {
              <li class="item-card queue__item" [class.queue__item--selected]="selected().has(r.requestId)">
                @if (canBulk(r)) {
                  <input type="checkbox" class="queue__check" [id]="'sel-' + r.requestId" [checked]="selected().has(r.requestId)"
                         (change)="toggle(r.requestId)" [attr.aria-label]="'Sélectionner : ' + r.description + ' (' + familyName(r) + ')'" />
                }
                <div class="queue__body">
                  <h2 class="queue__title"><a [routerLink]="['/gestion/demandes', r.familyId, r.requestId]">{{ r.description }}</a></h2>
                  <p class="queue__meta">
                    {{ familyName(r) }} · {{ r.kindLabel }} · <span class="code">{{ r.reference }}</span> · envoyée le {{ dateTime(r.submittedAt) }}
                  </p>
                  <p>
                    <span [class]="'status status--' + r.status">{{ r.statusLabel }}</span>
                    @if (r.reasonText) { <span class="hint"> — {{ r.reasonText }}</span> }
                  </p>
                </div>
              </li>
            }
          </ul>
          @if (page()!.total > items().length) {
            <button type="button" class="button button--secondary" (click)="more()" [disabled]="loadingMore()">
              {{ loadingMore() ? 'Chargement…' : 'Afficher les demandes suivantes' }}
            </button>
          }
        }
      }
    }

    @if (selected().size > 0) {
      <section class="card bulk" aria-labelledby="bulk-title">
        <h2 id="bulk-title">{{ selected().size === 1 ? '1 demande sélectionnée' : selected().size + ' demandes sélectionnées' }}</h2>
        <form class="form" [formGroup]="decision" (ngSubmit)="decide('accept')" novalidate>
          <div class="field">
            <label for="bulk-message">Message aux familles <span class="optional">(obligatoire pour un refus)</span></label>
            <textarea id="bulk-message" rows="3" formControlName="message" maxlength="1000" pfField="bulk-message-hint"></textarea>
            <p class="hint" id="bulk-message-hint">Il figure dans la demande de chaque famille et dans l'e-mail qu'elle reçoit.</p>
            <pf-field-error for="bulk-message" [control]="decision.controls.message" [messages]="{ required: 'Indiquez aux familles le motif du refus.' }" />
          </div>
          @if (submission.error(); as e) {
            <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
          }
          <div class="button-row">
            <button type="submit" class="button button--primary" [disabled]="submission.sending()">
              {{ submission.sending() ? 'Enregistrement…' : 'Accepter la sélection' }}
            </button>
            <button type="button" class="button button--danger" (click)="decide('refuse')" [disabled]="submission.sending()">Refuser la sélection</button>
            <button type="button" class="button button--quiet" (click)="clearSelection()">Tout désélectionner</button>
          </div>
        </form>
      </section>
    }
  `,
})
export class QueuePage {
  private readonly api = inject(BackOfficeApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly statuses = STATUS_OPTIONS;
  readonly kinds = KIND_OPTIONS;
  readonly dateTime = formatDateTime;

  readonly filters = this.fb.group({ status: ['pending'], kind: [''], activityId: [''], day: [''], familyId: [''] });
  readonly decision = this.fb.group({ message: ['', Validators.maxLength(1000)] });
  readonly activities = signal<StaffActivity[]>([]);
  readonly load = signal<Load<QueueResult>>(loading());
  readonly loadingMore = signal(false);
  readonly selected = signal<Set<string>>(new Set());
  readonly submission = new Submission();
  /** What the last decision did, request by request. */
  readonly decided = signal<{ title: string; text: string; failed: number; results: BulkDecisions['results'] } | null>(null);

  readonly page = loadedValue(this.load, null);
  readonly items = computed(() => this.page()?.items ?? []);
  readonly loadError = loadErrorOf(this.load);
  readonly selectable = computed(() => this.items().filter((r) => this.canBulk(r)));
  readonly allSelected = computed(() => this.selectable().length > 0 && this.selectable().every((r) => this.selected().has(r.requestId)));
  readonly countText = computed(() => {
    const p = this.page();
    if (!p) return '';
    const status = COUNT_WORDS[this.filters.controls.status.value] ?? '';
    if (p.total === 0) return `Aucune demande ${status}.`;
    return `${p.total === 1 ? '1 demande' : p.total + ' demandes'} ${status}${p.total > this.items().length ? ` (${this.items().length} affichées)` : ''}.`;
  });

  constructor() {
    // Links from the occupancy table or a family file arrive with their filters (?etat=…&activite=…&jour=…&famille=…).
    const query = inject(ActivatedRoute).snapshot.queryParamMap;
    this.filters.patchValue(
      {
        status: query.get('etat') ?? 'pending',
        kind: query.get('type') ?? '',
        activityId: query.get('activite') ?? '',
        day: query.get('jour') ?? '',
        familyId: query.get('famille') ?? '',
      },
      { emitEvent: false },
    );
    this.api.activities().subscribe({ next: (a) => this.activities.set(a.filter((x) => !x.lateBookingOf)), error: () => undefined });
    this.filters.valueChanges.subscribe(() => {
      this.selected.set(new Set());
      this.reload();
    });
    this.reload();
  }

  familyName(r: QueueItem): string {
    return r.familyName ? familyTitle(r.familyName) : 'Famille';
  }

  canBulk(r: QueueItem): boolean {
    return r.status === 'pending' && BULK_KINDS.includes(r.kind);
  }

  reload(): void {
    if (this.load().state !== 'ready') this.load.set(loading());
    this.api.queue({ ...this.filters.getRawValue(), status: this.filters.controls.status.value as never, limit: PAGE }).subscribe({
      next: (p) => this.load.set(ready(p)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  more(): void {
    const p = this.page();
    if (!p) return;
    this.loadingMore.set(true);
    this.api.queue({ ...this.filters.getRawValue(), status: this.filters.controls.status.value as never, limit: PAGE, offset: p.items.length }).subscribe({
      next: (next) => {
        this.loadingMore.set(false);
        this.load.set(ready({ ...next, items: [...p.items, ...next.items] }));
      },
      error: () => this.loadingMore.set(false),
    });
  }

  toggle(requestId: string): void {
    this.submission.renewRequestId(); // another selection is another decision
    const next = new Set(this.selected());
    if (next.has(requestId)) next.delete(requestId);
    else next.add(requestId);
    this.selected.set(next);
  }

  toggleAll(): void {
    this.submission.renewRequestId();
    this.selected.set(this.allSelected() ? new Set() : new Set(this.selectable().map((r) => r.requestId)));
  }

  clearSelection(): void {
    this.selected.set(new Set());
  }

  decide(decision: 'accept' | 'refuse'): void {
    if (this.submission.sending()) return;
    this.submission.clear();
    const message = this.decision.controls.message.value.trim();
    if (decision === 'refuse' && !message) {
      this.decision.controls.message.setErrors({ required: true });
      this.decision.controls.message.markAsTouched();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#bulk-message')?.focus(), { injector: this.injector });
      return;
    }
    const targets = [...this.selected()].map((requestId) => ({ requestId }));
    this.submission.send(this.api.bulkDecide({ requestId: this.submission.requestId, decision, ...(message ? { message } : {}), targets }), (answer) => {
      this.decided.set(decisionReport(decision, answer));
      this.selected.set(new Set());
      this.decision.reset({ message: '' });
      this.reload();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#decided-notice')?.focus(), { injector: this.injector });
    });
  }

  protected readonly date = formatDate;
}

/** « 2 demandes acceptées : les familles sont prévenues. », and what did not go through, request by request. */
export function decisionReport(decision: 'accept' | 'refuse', answer: BulkDecisions) {
  const n = answer.decided;
  const done =
    n === 0
      ? 'Aucune demande traitée.'
      : decision === 'accept'
        ? `${n === 1 ? '1 demande acceptée' : n + ' demandes acceptées'} : les familles sont prévenues.`
        : `${n === 1 ? '1 demande refusée' : n + ' demandes refusées'} : les familles sont prévenues, avec votre message.`;
  const failed = answer.failed ? ` ${answer.failed === 1 ? '1 demande n’a pas pu être traitée' : answer.failed + ' demandes n’ont pas pu être traitées'} : voir ci-dessous.` : '';
  return { title: answer.failed ? 'Décision enregistrée en partie' : 'Décision enregistrée', text: done + failed, failed: answer.failed, results: answer.results };
}
