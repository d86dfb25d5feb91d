import { Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ApiError, isDefinitiveRejection, toApiError } from '../../shared/api-error';
import { Drafts } from '../../shared/drafts';
import { formatLongDay, todayInParis } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { newRequestId } from '../../shared/request-id';
import { Submission } from '../../shared/submission';
import { AttendanceRow, AttendanceSheet, BackOfficeApi, CommuneChild, StaffActivity } from '../back-office.api';

type Mark = 'present' | 'absent';

interface RowState {
  /** What the agent tapped last (shown at once, before the server answers). */
  wanted: Mark | null;
  saving: boolean;
  error: ApiError | null;
  /** Kept until the server answers, so a retry after a lost connection is the same request. */
  requestId: string | null;
}

const GROUP_LABELS = { maternelle: 'Maternelle', elementaire: 'Élémentaire' } as const;

/**
 * The attendance register (pointage) for one activity and one day, made for a tablet: one large
 * button per child and status, one tap records it. A tap that could not be sent stays on screen
 * as « non enregistré » and is sent again with the same request id.
 */
@Component({
  selector: 'pf-attendance-page',
  imports: [ReactiveFormsModule, LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Pointage</h1>
    <form class="card filters" [formGroup]="choice" aria-label="Choisir le registre">
      <div class="field">
        <label for="att-activity">Activité</label>
        <select id="att-activity" formControlName="activityId">
          <option value="">Choisissez une activité</option>
          @for (a of activities(); track a.activityId) { <option [value]="a.activityId">{{ a.name }}</option> }
        </select>
      </div>
      <div class="field">
        <label for="att-day">Jour</label>
        <input id="att-day" type="date" formControlName="day" [max]="today" />
      </div>
    </form>

    @if (!choice.controls.activityId.value) {
      <p class="notice">Choisissez l'activité à pointer.</p>
    } @else {
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement du registre…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          @if (sheet(); as s) {
            <h2 class="register__title">{{ s.name }} — {{ longDay(s.day) }}</h2>
            <p role="status" class="register__summary">{{ summary() }}</p>
            @if (s.day > today) {
              <p class="notice notice--warning">La présence se pointe le jour même ou après, pas à l'avance.</p>
            }
            @if (s.items.length === 0) {
              <p class="notice">Aucun enfant n'est attendu ce jour-là.</p>
            } @else {
              @if (unmarked().length > 1 && s.day <= today) {
                <button type="button" class="button button--secondary register__all" (click)="markAllPresent()">
                  Pointer présents les {{ unmarked().length }} enfants restants
                </button>
              }
              <ul class="register" [attr.aria-label]="'Enfants attendus, ' + s.name">
                @for (row of s.items; track row.childId) {
                  <li class="register__row" [class.register__row--done]="shown(row)">
                    <div class="register__child">
                      <span class="register__name">{{ row.lastName }} {{ row.firstName }}</span>
                      <span class="register__meta">
                        {{ row.group ? groupLabel(row.group) : '' }}@if (!row.expected) {<span> · non réservé</span>}@if (row.lateBooking) {<span> · réservation tardive</span>}
                      </span>
                      @if (row.absence) {
                        <span class="register__meta">{{ absenceText(row.absence) }}</span>
                      }
                      <span class="register__state">
                        @if (stateOf(row).saving) {
                          <span class="hint">Enregistrement…</span>
                        } @else if (stateOf(row).error; as e) {
                          <span class="field-error" role="alert"><span class="field-error__icon" aria-hidden="true">!</span>Non enregistré : {{ e.message }}</span>
                        } @else if (shown(row)) {
                          <span [class]="'status status--' + (shown(row) === 'present' ? 'present' : 'absent_unjustified')">{{ shown(row) === 'present' ? 'Présent' : 'Absent' }}</span>
                        } @else {
                          <span class="status status--unavailable">À pointer</span>
                        }
                      </span>
                    </div>
                    <div class="register__buttons" role="group" [attr.aria-label]="row.firstName + ' ' + row.lastName">
                      <button type="button" class="register__button register__button--present" [attr.aria-pressed]="shown(row) === 'present'"
                              [disabled]="s.day > today || stateOf(row).saving" (click)="mark(row, 'present')">
                        Présent<span class="visually-hidden"> : {{ row.firstName }} {{ row.lastName }}</span>
                      </button>
                      <button type="button" class="register__button register__button--absent" [attr.aria-pressed]="shown(row) === 'absent'"
                              [disabled]="s.day > today || stateOf(row).saving || !row.expected" (click)="mark(row, 'absent')">
                        Absent<span class="visually-hidden"> : {{ row.firstName }} {{ row.lastName }}</span>
                      </button>
                    </div>
                  </li>
                }
              </ul>
            }
            @if (s.day <= today) {
              <!-- A child who came without a booking: found by name, pointed present (billed as a presence without booking). -->
              <section class="card register__add" aria-labelledby="add-title">
                <h2 id="add-title">Ajouter un enfant non inscrit ce jour</h2>
                <p class="hint" id="add-hint">Il est pointé présent sans réservation : la présence est facturée à la famille comme présence non réservée.</p>
                <div class="field">
                  <label for="add-search">Nom ou prénom de l'enfant</label>
                  <input id="add-search" type="search" autocomplete="off" enterkeyhint="search" aria-describedby="add-hint add-count"
                         [value]="query()" (input)="search($event)" />
                </div>
                <p id="add-count" class="hint" role="status">{{ candidatesText() }}</p>
                @if (candidates().length) {
                  <ul class="register register__candidates" aria-label="Enfants trouvés">
                    @for (c of candidates(); track c.childId) {
                      <li class="register__row">
                        <div class="register__child">
                          <span class="register__name">{{ c.lastName }} {{ c.firstName }}</span>
                          <span class="register__meta">Famille {{ c.familyName }}</span>
                        </div>
                        <div class="register__buttons">
                          <button type="button" class="register__button register__button--present" [disabled]="adding.sending()" (click)="addPresent(c)">
                            Pointer présent<span class="visually-hidden"> : {{ c.firstName }} {{ c.lastName }}</span>
                          </button>
                        </div>
                      </li>
                    }
                  </ul>
                }
                @if (adding.error(); as e) {
                  <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
                }
              </section>
            }
            @if (added(); as message) {
              <div class="notice notice--success" role="status" id="added-notice" tabindex="-1"><p>{{ message }}</p></div>
            }
          }
        }
      }
    }
  `,
})
export class AttendancePage {
  private readonly api = inject(BackOfficeApi);
  private readonly drafts = inject(Drafts);
  readonly today = todayInParis();
  readonly choice = inject(NonNullableFormBuilder).group({ activityId: [''], day: [this.today] });
  readonly activities = signal<StaffActivity[]>([]);
  readonly load = signal<Load<AttendanceSheet>>(loading());
  readonly states = signal<Record<string, RowState>>({});
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  /** The commune's children, loaded once, to add one who came without a booking. */
  private readonly children = signal<CommuneChild[] | null>(null);
  readonly query = signal('');
  readonly adding = new Submission();
  readonly added = signal<string | null>(null);
  readonly candidates = computed(() => {
    const words = normalised(this.query()).split(' ').filter(Boolean);
    if (words.length === 0 || normalised(this.query()).length < 2) return [];
    const onSheet = new Set((this.sheet()?.items ?? []).map((r) => r.childId));
    return (this.children() ?? [])
      .filter((c) => !onSheet.has(c.childId))
      .filter((c) => {
        const name = normalised(`${c.firstName} ${c.lastName} ${c.familyName}`);
        return words.every((w) => name.includes(w));
      })
      .slice(0, 8);
  });
  readonly candidatesText = computed(() => {
    if (normalised(this.query()).length < 2) return 'Tapez au moins deux lettres du nom ou du prénom.';
    if (this.children() === null) return 'Chargement des enfants…';
    const n = this.candidates().length;
    return n === 0 ? 'Aucun enfant trouvé (les enfants déjà sur le registre n’y figurent pas).' : `${n} enfant${n > 1 ? 's' : ''} trouvé${n > 1 ? 's' : ''}.`;
  });

  readonly sheet = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly unmarked = computed(() => (this.sheet()?.items ?? []).filter((r) => !this.shown(r)));
  readonly summary = computed(() => {
    const items = this.sheet()?.items ?? [];
    const present = items.filter((r) => this.shown(r) === 'present').length;
    const absent = items.filter((r) => this.shown(r) === 'absent').length;
    const expected = items.filter((r) => r.expected).length;
    return `${expected} attendu(s) · ${present} présent(s) · ${absent} absent(s) · ${items.length - present - absent} à pointer.`;
  });

  constructor() {
    const saved = this.drafts.load<{ activityId: string }>('pointage');
    if (saved?.activityId) this.choice.patchValue({ activityId: saved.activityId }, { emitEvent: false });
    this.api.activities().subscribe({
      next: (a) => this.activities.set(a.filter((x) => !x.lateBookingOf)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
    const subscription = this.choice.valueChanges.subscribe(() => {
      this.drafts.save('pointage', { activityId: this.choice.controls.activityId.value });
      this.reload();
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    this.reload();
  }

  absenceText(absence: NonNullable<AttendanceRow['absence']>): string {
    if (absence.certificateRefused) return `Absence signalée par la famille (certificat médical refusé : ${absence.certificateRefused})`;
    if (absence.justified) return `Absence signalée par la famille (justifiée${absence.certificateDocumentId ? ', certificat médical envoyé' : ''})`;
    return 'Absence signalée par la famille';
  }

  search(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
    this.added.set(null);
    if (this.children() === null) {
      this.api.communeChildren().subscribe({ next: (c) => this.children.set(c), error: (e: unknown) => this.adding.fail(toApiError(e)) });
    }
  }

  /** A child present without a booking: one tap, then the register shows the child as « non réservé ». */
  addPresent(child: CommuneChild): void {
    const sheet = this.sheet();
    if (!sheet || this.adding.sending()) return;
    this.adding.send(
      this.api.recordAttendance({ requestId: this.adding.requestId, activityId: sheet.activityId, day: sheet.day, marks: [{ childId: child.childId, status: 'present' }] }),
      () => {
        this.query.set('');
        this.reload();
        this.added.set(`${child.firstName} ${child.lastName} est pointé(e) présent(e), sans réservation.`);
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#added-notice')?.focus(), { injector: this.injector });
      },
    );
  }

  groupLabel(group: 'maternelle' | 'elementaire'): string {
    return GROUP_LABELS[group];
  }

  /** « Restaurant scolaire — mardi 1er décembre 2026 »: the date inside the title, in lowercase. */
  longDay(day: string): string {
    return formatLongDay(day);
  }

  stateOf(row: AttendanceRow): RowState {
    return this.states()[row.childId] ?? { wanted: null, saving: false, error: null, requestId: null };
  }

  /** What the row shows: the agent's last tap, else what the register holds. */
  shown(row: AttendanceRow): Mark | null {
    return this.stateOf(row).wanted ?? row.attendance;
  }

  reload(): void {
    const { activityId, day } = this.choice.getRawValue();
    if (!activityId || !day) return;
    this.load.set(loading());
    this.states.set({});
    this.adding.clear();
    this.added.set(null);
    this.api.attendance(activityId, day).subscribe({
      next: (sheet) => this.load.set(ready(sheet)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  mark(row: AttendanceRow, status: Mark): void {
    const current = this.stateOf(row);
    // Same tap again after a failure: same request; a new choice: a new request.
    const requestId = current.error && current.wanted === status && current.requestId ? current.requestId : newRequestId();
    this.send([row], status, requestId);
  }

  markAllPresent(): void {
    this.send(this.unmarked(), 'present', newRequestId());
  }

  private send(rows: AttendanceRow[], status: Mark, requestId: string): void {
    const sheet = this.sheet();
    if (!sheet || rows.length === 0) return;
    this.patch(rows, { wanted: status, saving: true, error: null, requestId });
    this.api.recordAttendance({ requestId, activityId: sheet.activityId, day: sheet.day, marks: rows.map((r) => ({ childId: r.childId, status })) }).subscribe({
      next: () => this.patch(rows, { wanted: status, saving: false, error: null, requestId: null }),
      error: (e: unknown) => {
        const error = toApiError(e);
        this.patch(rows, { wanted: status, saving: false, error, requestId: isDefinitiveRejection(error) ? null : requestId });
      },
    });
  }

  private patch(rows: AttendanceRow[], state: RowState): void {
    const next = { ...this.states() };
    for (const r of rows) next[r.childId] = state;
    this.states.set(next);
  }
}

/** Lowercase, without accents, single spaces: « Léa » is found by « lea ». */
function normalised(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
