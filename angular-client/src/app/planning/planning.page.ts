import { Component, DestroyRef, Injector, afterNextRender, computed, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Subscription } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { ApiError, isDefinitiveRejection, toApiError } from '../shared/api-error';
import { DialogComponent } from '../shared/dialog';
import { daysOfMonth, formatLongDay, formatMonth, isoWeekday, todayInParis } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready } from '../shared/load-state';
import { newRequestId } from '../shared/request-id';
import { PlanningApi } from './planning.api';
import { PlanningDayCardComponent } from './planning-day-card';
import { DAY_STATUS_LABELS, DayStatus, LEGEND_ORDER, Planning, PlanningDay, ReservationOutcome, isDeadEnd } from './planning.models';

interface Month {
  year: number;
  month: number;
}

type BookingPhase = 'confirm' | 'sending' | 'done' | 'error';

const WEEKDAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];

@Component({
  selector: 'pf-planning-page',
  imports: [ReactiveFormsModule, DialogComponent, LoadingComponent, LoadErrorComponent, PlanningDayCardComponent],
  template: `
    <h1 tabindex="-1">Planning</h1>
    <p class="lead">Touchez un jour « Libre » pour le réserver. Chaque case indique son état en toutes lettres.</p>

    @if (!familyId()) {
      <div class="notice" role="status">
        <p>Votre compte n'est pas encore rattaché à un dossier famille. Contactez le service enfance de la mairie.</p>
      </div>
    } @else {
      <div class="planning-toolbar">
        <nav class="month-nav" aria-label="Changer de mois">
          <button type="button" class="button button--secondary" (click)="shiftMonth(-1)">
            <span aria-hidden="true">‹</span> Mois précédent
          </button>
          <h2 class="month-nav__title" aria-live="polite">{{ monthTitle() }}</h2>
          <button type="button" class="button button--secondary" (click)="shiftMonth(1)">
            Mois suivant <span aria-hidden="true">›</span>
          </button>
        </nav>

        <form class="filters" [formGroup]="filters" role="search" aria-label="Filtrer le planning">
          <div class="field">
            <label for="filter-child">Enfant</label>
            <select id="filter-child" formControlName="childId">
              <option value="">Tous les enfants</option>
              @for (child of children(); track child.childId) {
                <option [value]="child.childId">{{ child.firstName }}</option>
              }
            </select>
          </div>
          <div class="field">
            <label for="filter-activity">Activité</label>
            <select id="filter-activity" formControlName="activityId">
              <option value="">Toutes les activités</option>
              @for (activity of activities(); track activity.activityId) {
                <option [value]="activity.activityId">{{ activity.name }}</option>
              }
            </select>
          </div>
        </form>
      </div>

      @switch (load().state) {
        @case ('loading') {
          <pf-loading label="Chargement du planning…" />
        }
        @case ('error') {
          <pf-load-error [error]="loadError()!" (retry)="reload()" />
        }
        @case ('ready') {
          <section class="legend" aria-labelledby="legend-title">
            <h2 id="legend-title" class="legend__title">Légende</h2>
            @if (children().length) {
              <ul class="legend__list" aria-label="Enfants">
                @for (child of children(); track child.childId) {
                  <li class="legend__child"><span class="child-dot" [style.background]="child.colour" aria-hidden="true"></span>{{ child.firstName }}</li>
                }
              </ul>
            }
            <ul class="legend__list" aria-label="États des jours">
              @for (status of legendStatuses(); track status) {
                <li><span class="status" [class]="'status status--' + status">{{ statusWords(status) }}</span></li>
              }
            </ul>
          </section>

          @if (notBookableThisMonth().length) {
            <section class="not-bookable" aria-labelledby="not-bookable-title">
              <h2 id="not-bookable-title">Non réservable en {{ monthTitle().toLowerCase() }}</h2>
              <ul>
                @for (item of notBookableThisMonth(); track item.key) {
                  <li><strong>{{ item.activity }}</strong> pour {{ item.child }}@if (item.reason) {<span> : {{ item.reason }}</span>}</li>
                }
              </ul>
            </section>
          }
          @if (visibleCount() === 0) {
            <p class="notice" role="status">Aucun jour réservable ce mois-ci pour ce choix.</p>
          }

          <div class="calendar-head" aria-hidden="true">
            @for (name of weekdays; track name) {
              <span>{{ name }}</span>
            }
          </div>
          @if (pastDays() > 0) {
            <p class="past-toggle">
              <button type="button" class="button button--quiet" [attr.aria-pressed]="showPast()"
                      (click)="showPast.set(!showPast())">
                {{ showPast() ? 'Masquer les jours passés' : 'Afficher les jours passés (' + pastDays() + ')' }}
              </button>
            </p>
          }
          <ol class="calendar" [class.calendar--with-past]="showPast()" [attr.aria-label]="'Jours de ' + monthTitle()"
              [attr.aria-busy]="refreshing()">
            @for (group of dayGroups(); track group.day; let first = $first) {
              <li class="calendar__day" [class.calendar__day--empty]="group.entries.length === 0"
                  [class.calendar__day--weekend]="group.weekday > 5" [class.calendar__day--today]="group.day === today"
                  [class.calendar__day--past]="group.day < today"
                  [style.--first-column]="first ? group.weekday : null">
                <pf-planning-day-card [day]="group.day" [entries]="group.entries" [childById]="childById()"
                                      [activityById]="activityById()" [isToday]="group.day === today"
                                      (book)="ask($event, false)" (bookLate)="ask($event, true)" />
              </li>
            }
          </ol>
        }
      }
    }

    <pf-dialog titleId="booking-title" [dismissible]="phase() !== 'sending'" (dismiss)="closeBooking()">
      @if (selected(); as entry) {
        @switch (phase()) {
          @case ('done') {
            <h2 id="booking-title" class="dialog__title">{{ outcomeTitle() }}</h2>
            <div role="status" class="notice" [class]="'notice notice--' + outcomeTone()">
              <p>{{ outcomeText() }}</p>
            </div>
            <p class="dialog__summary">{{ summary(entry) }}</p>
            <div class="dialog__actions">
              <button type="button" class="button button--primary" id="booking-close" (click)="closeBooking()">Fermer</button>
            </div>
          }
          @default {
            <h2 id="booking-title" class="dialog__title">Souhaitez-vous réserver ?</h2>
            <p class="dialog__summary">{{ summary(entry) }}</p>
            @if (late()) {
              <div class="notice notice--warning">
                <p>
                  Le délai de réservation est dépassé : ce jour peut encore être réservé comme
                  « {{ entry.lateBooking?.name ?? 'réservation tardive' }} », facturé avec une majoration.
                </p>
              </div>
            }
            @if (bookingError(); as e) {
              <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
            }
            <div class="dialog__actions">
              <button type="button" class="button button--primary" autofocus (click)="confirmBooking()"
                      [disabled]="phase() === 'sending'">
                {{ phase() === 'sending' ? 'Envoi en cours…' : phase() === 'error' ? 'Réessayer' : 'Oui, réserver' }}
              </button>
              <button type="button" class="button button--secondary" (click)="closeBooking()" [disabled]="phase() === 'sending'">
                Annuler
              </button>
            </div>
          }
        }
      }
    </pf-dialog>
  `,
})
export class PlanningPage {
  private readonly api = inject(PlanningApi);
  private readonly injector = inject(Injector);
  private readonly dialog = viewChild.required(DialogComponent);

  private readonly session = inject(SessionStore);

  readonly familyId = computed(() => this.session.user()?.familyId ?? null);
  readonly today = todayInParis();
  readonly weekdays = WEEKDAYS;

  readonly month = signal<Month>(monthOf(this.today));
  readonly monthTitle = computed(() => capitalise(formatMonth(this.month().year, this.month().month)));
  readonly load = signal<Load<Planning>>(loading());
  readonly refreshing = signal(false);

  readonly filters = inject(NonNullableFormBuilder).group({ childId: [''], activityId: [''] });
  private readonly filterValue = toSignal(this.filters.valueChanges, { initialValue: this.filters.getRawValue() });

  readonly planning = computed(() => {
    const l = this.load();
    return l.state === 'ready' ? l.value : null;
  });
  readonly loadError = computed<ApiError | null>(() => {
    const l = this.load();
    return l.state === 'error' ? l.error : null;
  });
  readonly children = computed(() => this.planning()?.children ?? []);
  readonly activities = computed(() => this.planning()?.activities ?? []);
  readonly childById = computed(() => new Map(this.children().map((c) => [c.childId, c])));
  readonly activityById = computed(() => new Map(this.activities().map((a) => [a.activityId, a])));

  private readonly filteredEntries = computed(() => {
    const { childId, activityId } = this.filterValue();
    const childOrder = new Map(this.children().map((c, i) => [c.childId, i]));
    const activityOrder = new Map(this.activities().map((a, i) => [a.activityId, i]));
    return (this.planning()?.days ?? [])
      .filter((d) => (!childId || d.childId === childId) && (!activityId || d.activityId === activityId))
      .sort(
        (a, b) =>
          (childOrder.get(a.childId) ?? 99) - (childOrder.get(b.childId) ?? 99) ||
          (activityOrder.get(a.activityId) ?? 99) - (activityOrder.get(b.activityId) ?? 99),
      );
  });
  /**
   * Activities a child can book on no day of the month (not enrolled, closed period…): rather than
   * repeating « Indisponible » on every day, they are listed once above the calendar, with their
   * reason when it is the same every day from today on.
   */
  readonly notBookableThisMonth = computed(() => {
    const byPair = new Map<string, PlanningDay[]>();
    for (const entry of this.filteredEntries()) {
      const key = `${entry.childId}|${entry.activityId}`;
      byPair.set(key, [...(byPair.get(key) ?? []), entry]);
    }
    const out: { key: string; activity: string; child: string; reason: string }[] = [];
    for (const [key, entries] of byPair) {
      if (!entries.every(isDeadEnd)) continue;
      // From today on is what matters (past days are all « délai dépassé »).
      const ahead = entries.filter((e) => e.day >= this.today);
      const reasons = new Set((ahead.length ? ahead : entries).map((e) => e.reasonText ?? ''));
      const first = (ahead.length ? ahead : entries)[0]!;
      out.push({
        key,
        activity: this.activityById().get(first.activityId)?.name ?? 'Activité',
        child: this.childById().get(first.childId)?.firstName ?? '',
        reason: reasons.size === 1 ? (first.reasonText ?? '') : 'aucun jour réservable ce mois-ci',
      });
    }
    return out;
  });

  private readonly visibleEntries = computed(() => {
    const hidden = new Set(this.notBookableThisMonth().map((n) => n.key));
    return this.filteredEntries().filter((e) => !hidden.has(`${e.childId}|${e.activityId}`));
  });
  readonly visibleCount = computed(() => this.visibleEntries().length);

  readonly dayGroups = computed(() => {
    const { year, month } = this.month();
    const byDay = new Map<string, PlanningDay[]>();
    for (const entry of this.visibleEntries()) {
      const list = byDay.get(entry.day) ?? [];
      list.push(entry);
      byDay.set(entry.day, list);
    }
    return daysOfMonth(year, month).map((day) => ({ day, weekday: isoWeekday(day), entries: byDay.get(day) ?? [] }));
  });

  /** On a phone the list starts today; days already past can be shown on demand. */
  readonly showPast = signal(false);
  readonly pastDays = computed(() => this.dayGroups().filter((g) => g.day < this.today && g.entries.length > 0).length);

  readonly legendStatuses = computed(() => {
    const present = new Set<DayStatus>(this.visibleEntries().map((d) => d.status));
    for (const always of ['free', 'reserved', 'unavailable'] as const) present.add(always);
    return LEGEND_ORDER.filter((s) => present.has(s));
  });
  private readonly labelsInUse = computed(() => {
    const labels = new Map<DayStatus, string>();
    for (const d of this.planning()?.days ?? []) if (d.statusLabel) labels.set(d.status, d.statusLabel);
    return labels;
  });

  // Booking
  readonly selected = signal<PlanningDay | null>(null);
  /** The booking asked is a late one, at the surcharge. */
  readonly late = signal(false);
  readonly phase = signal<BookingPhase>('confirm');
  readonly outcome = signal<ReservationOutcome | null>(null);
  readonly bookingError = signal<ApiError | null>(null);
  private bookingRequestId = newRequestId();
  private loadSubscription: Subscription | null = null;

  readonly outcomeTone = computed(() => {
    switch (this.outcome()?.status) {
      case 'accepted':
        return 'success';
      case 'refused':
        return 'error';
      default:
        return 'warning';
    }
  });
  readonly outcomeTitle = computed(() => {
    switch (this.outcome()?.status) {
      case 'accepted':
        return 'Réservation acceptée';
      case 'refused':
        return 'Réservation refusée';
      default:
        return "Inscription en liste d'attente";
    }
  });
  readonly outcomeText = computed(() => {
    const o = this.outcome();
    switch (o?.status) {
      case 'accepted':
        return 'Votre réservation est acceptée. Elle apparaît dans votre planning et dans vos demandes.';
      case 'refused':
        return `Votre demande de réservation est refusée : ${o.reasonText ?? 'aucun motif précisé.'}`;
      default:
        return (
          "Ce jour est complet : votre demande est inscrite sur liste d'attente. Vous serez prévenu si une place se libère." +
          (o?.reasonText ? ` ${o.reasonText}` : '')
        );
    }
  });

  constructor() {
    this.reload();
    inject(DestroyRef).onDestroy(() => this.loadSubscription?.unsubscribe());
  }

  statusWords(status: DayStatus): string {
    return this.labelsInUse().get(status) ?? DAY_STATUS_LABELS[status];
  }

  shiftMonth(delta: number): void {
    const { year, month } = this.month();
    const index = year * 12 + (month - 1) + delta;
    this.month.set({ year: Math.floor(index / 12), month: (index % 12) + 1 });
    this.reload();
  }

  /** Loads the month; with `quiet`, keeps showing the current month while it refreshes. */
  reload(quiet = false): void {
    const familyId = this.familyId();
    if (!familyId) return;
    const { year, month } = this.month();
    const days = daysOfMonth(year, month);
    if (quiet) this.refreshing.set(true);
    else this.load.set(loading());
    this.loadSubscription?.unsubscribe();
    this.loadSubscription = this.api.planning(familyId, days[0]!, days[days.length - 1]!).subscribe({
      next: (planning) => {
        this.refreshing.set(false);
        this.load.set(ready(planning));
      },
      error: (e: unknown) => {
        this.refreshing.set(false);
        this.load.set(failed(toApiError(e)));
      },
    });
  }

  summary(entry: PlanningDay): string {
    const activity = this.activityById().get(entry.activityId)?.name ?? 'Activité';
    const child = this.childById().get(entry.childId)?.firstName ?? '';
    return `${activity} pour ${child}, le ${formatLongDay(entry.day)}.`;
  }

  ask(entry: PlanningDay, late: boolean): void {
    this.selected.set(entry);
    this.late.set(late);
    this.phase.set('confirm');
    this.outcome.set(null);
    this.bookingError.set(null);
    this.bookingRequestId = newRequestId();
    // The dialog's content is rendered from `selected`: open it once it is on screen.
    afterNextRender(() => this.dialog().open(), { injector: this.injector });
  }

  confirmBooking(): void {
    const entry = this.selected();
    if (!entry || this.phase() === 'sending') return;
    this.phase.set('sending');
    this.bookingError.set(null);
    this.api
      .book({
        requestId: this.bookingRequestId,
        childId: entry.childId,
        activityId: entry.activityId,
        day: entry.day,
        ...(this.late() ? { late: true } : {}),
      })
      .subscribe({
        next: (outcome) => {
          this.outcome.set(outcome);
          this.phase.set('done');
          afterNextRender(() => this.dialog().focus('#booking-close'), { injector: this.injector });
          this.reload(true);
        },
        error: (e: unknown) => {
          const error = toApiError(e);
          // Rejected for good: a new attempt is a new request. Otherwise retry with the same id.
          if (isDefinitiveRejection(error)) this.bookingRequestId = newRequestId();
          this.bookingError.set(error);
          this.phase.set('error');
        },
      });
  }

  closeBooking(): void {
    if (this.phase() === 'sending') return;
    const day = this.selected()?.day;
    this.dialog().close(() => (day ? document.getElementById(`day-${day}`) : null));
    this.selected.set(null);
  }
}

function monthOf(isoDay: string): Month {
  const [year, month] = isoDay.split('-').map(Number) as [number, number];
  return { year, month };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
