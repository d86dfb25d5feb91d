import { Component, DestroyRef, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Subscription } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { daysBetween, startOfWeek } from '../shared/calendar';
import { Drafts } from '../shared/drafts';
import { isoWeekday, todayInParis } from '../shared/french-format';
import { LiveUpdates } from '../shared/live-updates';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { DayActionsComponent } from './day-actions.dialog';
import { PlanningApi } from './planning.api';
import { PlanningDayCardComponent, isCopyable, pickKeyOf } from './planning-day-card';
import { DAY_STATUS_LABELS, DayStatus, LEGEND_ORDER, Planning, PlanningDay, SelectedDay, isDeadEnd } from './planning.models';
import { SelectionCopyComponent } from './selection-copy.panel';
import { PlanningView, VIEWS, rangeOf, shift, stepLabels, titleOf } from './planning-view';

const WEEKDAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
/** The first time the planning opens, how many weeks after the current one it looks for one worth showing. */
const WEEKS_AHEAD = 12;
/** Statuses with a story: what the list view shows. */
const BOOKED: DayStatus[] = [
  'requested',
  'reserved',
  'waitlisted',
  'cancellation_requested',
  'cancelled',
  'absent_justified',
  'absent_unjustified',
  'present',
  'billed',
];

@Component({
  selector: 'pf-planning-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, PlanningDayCardComponent, DayActionsComponent, SelectionCopyComponent],
  template: `
    <div class="page-head">
      <h1 tabindex="-1">Planning</h1>
      @if (familyId()) {
        <div class="button-row page-head__actions">
          <a class="button button--primary" routerLink="/planning/periode">Réserver sur une période</a>
          <button type="button" class="button button--secondary" [attr.aria-pressed]="copying()" (click)="toggleCopying()">Recopier des jours</button>
          <a class="button button--secondary" routerLink="/planning/annulation">Annuler sur une période</a>
        </div>
      }
    </div>
    <p class="lead">
      Touchez un jour « Libre » pour le réserver, ou un jour réservé pour l'annuler ou signaler une absence.
      Chaque case indique son état en toutes lettres.
    </p>

    @if (!familyId()) {
      <div class="notice" role="status">
        <p>Votre compte n'est pas encore rattaché à un dossier famille. Contactez le service enfance de la mairie.</p>
      </div>
    } @else {
      <div class="planning-toolbar">
        <div class="view-switch" role="group" aria-label="Affichage du planning">
          @for (v of views; track v.view) {
            <button type="button" class="view-switch__button" [attr.aria-pressed]="view() === v.view" (click)="setView(v.view)">
              {{ v.label }}
            </button>
          }
        </div>
        <nav class="month-nav" [attr.aria-label]="'Changer de ' + unitWord()">
          <button type="button" class="button button--secondary" (click)="move(-1)">
            <span aria-hidden="true">‹</span> {{ steps().previous }}
          </button>
          <h2 class="month-nav__title" aria-live="polite">{{ title() }}</h2>
          <button type="button" class="button button--secondary" (click)="move(1)">
            {{ steps().next }} <span aria-hidden="true">›</span>
          </button>
        </nav>
        @if (copying()) {
          <p class="notice copy-notice" role="status">
            Recopie : cochez dans cette semaine les jours à réserver aussi les semaines suivantes ({{ picked().size === 0 ? 'aucun jour choisi' : picked().size === 1 ? '1 jour choisi' : picked().size + ' jours choisis' }}),
            puis choisissez jusqu'à quand <a href="#copy-title" (click)="goToCopy($event)">en bas du planning</a>.
          </p>
        }
        @if (skippedWeeks()) {
          <p class="notice planning-opening" role="status">Aucun jour n'est réservable avant cette semaine : le planning s'ouvre sur la première semaine réservable.</p>
        }
        @if (!showsToday()) {
          <p class="today-link"><button type="button" class="button button--quiet" (click)="goToday()">Revenir à aujourd'hui</button></p>
        }

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
              @if (hasFullDays()) {
                <li><span class="status status--waitlisted">Complet — liste d'attente</span></li>
              }
            </ul>
          </section>

          @if (notBookable().length) {
            <section class="not-bookable" aria-labelledby="not-bookable-title">
              <h2 id="not-bookable-title">{{ notBookableTitle() }}</h2>
              <ul>
                @for (item of notBookable(); track item.key) {
                  <li><strong>{{ item.activity }}</strong> pour {{ item.child }}@if (item.reason) {<span> — {{ item.reason }}</span>}</li>
                }
              </ul>
              <p><a routerLink="/famille/inscriptions">Voir les inscriptions de vos enfants</a></p>
            </section>
          }

          @if (view() === 'list') {
            @if (listGroups().length === 0) {
              <p class="notice" role="status">Aucune réservation ni demande en {{ title().toLowerCase() }} pour ce choix.</p>
            } @else {
              <ol class="agenda" [attr.aria-label]="'Réservations de ' + title().toLowerCase()" [attr.aria-busy]="refreshing()">
                @for (group of listGroups(); track group.day) {
                  <li class="calendar__day" [class.calendar__day--today]="group.day === today">
                    <pf-planning-day-card [day]="group.day" [entries]="group.entries" [childById]="childById()"
                                          [activityById]="activityById()" [isToday]="group.day === today"
                                          (book)="actions().openBooking($event, false)" (bookLate)="actions().openBooking($event, true)"
                                          (manage)="actions().openManage($event)" />
                  </li>
                }
              </ol>
            }
          } @else {
            @if (visibleCount() === 0) {
              <p class="notice" role="status">Aucun jour réservable sur cette période pour ce choix.</p>
            }
            @if (view() !== 'day') {
              <div class="calendar-head" [class]="'calendar-head calendar-head--' + view()" aria-hidden="true">
                @for (name of headNames(); track name) {
                  <span>{{ name }}</span>
                }
              </div>
            }
            @if (view() === 'month' && pastDays() > 0) {
              <p class="past-toggle">
                <button type="button" class="button button--quiet" [attr.aria-pressed]="showPast()" (click)="showPast.set(!showPast())">
                  {{ showPast() ? 'Masquer les jours passés' : 'Afficher les jours passés (' + pastDays() + ')' }}
                </button>
              </p>
            }
            <ol [class]="'calendar calendar--' + view()" [class.calendar--with-past]="showPast() || view() !== 'month'"
                [attr.aria-label]="calendarLabel()" [attr.aria-busy]="refreshing()">
              @for (group of dayGroups(); track group.day; let first = $first) {
                <li class="calendar__day" [class.calendar__day--empty]="group.entries.length === 0"
                    [class.calendar__day--weekend]="group.weekday > 5" [class.calendar__day--today]="group.day === today"
                    [class.calendar__day--past]="group.day < today"
                    [style.--first-column]="first && view() === 'month' ? group.weekday : null">
                  <pf-planning-day-card [day]="group.day" [entries]="group.entries" [childById]="childById()"
                                        [activityById]="activityById()" [isToday]="group.day === today"
                                        [selecting]="copying()" [picked]="picked()" (pick)="togglePick($event)"
                                        (book)="actions().openBooking($event, false)" (bookLate)="actions().openBooking($event, true)"
                                        (manage)="actions().openManage($event)" />
                </li>
              }
            </ol>
          }
          @if (copying()) {
            <pf-selection-copy [selection]="pickedList()" [weekMonday]="copyWeek()" [childById]="childById()" [activityById]="activityById()"
                               (sent)="reload(true)" (done)="stopCopying()" />
          }
        }
      }
    }

    <pf-day-actions [childById]="childById()" [activityById]="activityById()" (changed)="reload(true)" />
  `,
})
export class PlanningPage {
  private readonly api = inject(PlanningApi);
  private readonly session = inject(SessionStore);
  private readonly drafts = inject(Drafts);
  readonly actions = viewChild.required(DayActionsComponent);

  readonly familyId = computed(() => this.session.user()?.familyId ?? null);
  readonly today = todayInParis();
  readonly views = VIEWS;

  readonly view = signal<PlanningView>('month');
  readonly anchor = signal<string>(this.today);
  readonly range = computed(() => rangeOf(this.view(), this.anchor()));
  readonly title = computed(() => titleOf(this.view(), this.anchor()));
  readonly steps = computed(() => stepLabels(this.view()));
  readonly unitWord = computed(() => ({ month: 'mois', list: 'mois', week: 'semaine', workweek: 'semaine', day: 'jour' })[this.view()]);
  readonly showsToday = computed(() => {
    const { from, to } = this.range();
    return this.today >= from && this.today <= to;
  });
  readonly calendarLabel = computed(() => {
    switch (this.view()) {
      case 'month':
        return `Jours de ${this.title().toLowerCase()}`;
      case 'day':
        return `Jour : ${this.title().toLowerCase()}`;
      default:
        return `Jours de la ${this.title().charAt(0).toLowerCase()}${this.title().slice(1)}`;
    }
  });
  readonly headNames = computed(() => (this.view() === 'workweek' ? WEEKDAYS.slice(0, 5) : WEEKDAYS));

  readonly load = signal<Load<Planning>>(loading());
  readonly refreshing = signal(false);

  readonly filters = inject(NonNullableFormBuilder).group({ childId: [''], activityId: [''] });
  private readonly filterValue = toSignal(this.filters.valueChanges, { initialValue: this.filters.getRawValue() });

  readonly planning = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
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
   * Activities a child can book on no day shown (not enrolled, closed period…): rather than
   * repeating « Indisponible » on every day, they are listed once above the calendar, with their
   * reason when it is the same every day from today on.
   */
  readonly notBookable = computed(() => {
    const byPair = new Map<string, PlanningDay[]>();
    for (const entry of this.filteredEntries()) {
      const key = `${entry.childId}|${entry.activityId}`;
      byPair.set(key, [...(byPair.get(key) ?? []), entry]);
    }
    // One line per activity and reason, naming the children it concerns (« pour Minh et Anh »).
    const lines = new Map<string, { key: string; keys: string[]; activity: string; children: string[]; reason: string }>();
    for (const [key, entries] of byPair) {
      if (!entries.every(isDeadEnd)) continue;
      // From today on is what matters (past days are all « délai dépassé »).
      const ahead = entries.filter((e) => e.day >= this.today);
      const reasons = new Set((ahead.length ? ahead : entries).map((e) => e.reasonText ?? ''));
      const first = (ahead.length ? ahead : entries)[0]!;
      const reason = reasons.size === 1 ? (first.reasonText ?? '') : 'aucun jour réservable sur cette période';
      const lineKey = `${first.activityId}|${reason}`;
      const line = lines.get(lineKey) ?? { key: lineKey, keys: [], activity: this.activityById().get(first.activityId)?.name ?? 'Activité', children: [], reason };
      line.keys.push(key);
      line.children.push(this.childById().get(first.childId)?.firstName ?? '');
      lines.set(lineKey, line);
    }
    return [...lines.values()].map((l) => ({ ...l, child: joinFrench(l.children) }));
  });
  readonly notBookableTitle = computed(() =>
    this.view() === 'month' || this.view() === 'list' ? `Non réservable en ${this.title().toLowerCase()}` : 'Non réservable sur cette période',
  );

  private readonly visibleEntries = computed(() => {
    const hidden = new Set(this.notBookable().flatMap((n) => n.keys));
    return this.filteredEntries().filter((e) => !hidden.has(`${e.childId}|${e.activityId}`));
  });
  readonly visibleCount = computed(() => this.visibleEntries().length);

  readonly dayGroups = computed(() => {
    const { from, to } = this.range();
    const byDay = new Map<string, PlanningDay[]>();
    for (const entry of this.visibleEntries()) byDay.set(entry.day, [...(byDay.get(entry.day) ?? []), entry]);
    return daysBetween(from, to).map((day) => ({ day, weekday: isoWeekday(day), entries: byDay.get(day) ?? [] }));
  });
  /** The list view: only days with a booking or a request. */
  readonly listGroups = computed(() =>
    this.dayGroups()
      .map((g) => ({ ...g, entries: g.entries.filter((e) => BOOKED.includes(e.status)) }))
      .filter((g) => g.entries.length > 0),
  );

  /** On a phone the month starts today; days already past can be shown on demand. */
  readonly showPast = signal(false);
  readonly pastDays = computed(() => this.dayGroups().filter((g) => g.day < this.today && g.entries.length > 0).length);

  readonly legendStatuses = computed(() => {
    const present = new Set<DayStatus>(this.visibleEntries().map((d) => d.status));
    for (const always of ['free', 'reserved', 'unavailable'] as const) present.add(always);
    return LEGEND_ORDER.filter((s) => present.has(s));
  });
  /** A day shown is full: booking it puts the child on the waiting list (its colour says so). */
  readonly hasFullDays = computed(() => this.visibleEntries().some((d) => d.waitingListRank));
  private readonly labelsInUse = computed(() => {
    const labels = new Map<DayStatus, string>();
    for (const d of this.planning()?.days ?? []) if (d.statusLabel && !/\(rang/.test(d.statusLabel)) labels.set(d.status, d.statusLabel);
    return labels;
  });

  /** « Recopier la sélection »: choosing days of the week shown, to copy to the following weeks. */
  readonly copying = signal(false);
  readonly picked = signal<ReadonlyMap<string, SelectedDay>>(new Map());
  readonly pickedList = computed(() => [...this.picked().values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)));
  readonly copyWeek = computed(() => startOfWeek(this.anchor()));

  private loadSubscription: Subscription | null = null;
  /**
   * The first opening (no display remembered in this tab): the week view, on the first week from
   * the current one with a day to book or a booking of the family's, rather than a long list of
   * « Indisponible » days (holidays, deadlines past). `first` keeps the current week, shown when
   * no week is worth it within WEEKS_AHEAD.
   */
  private opening: { weeksLeft: number; first: Planning | null } | null = null;
  /** Weeks were skipped to open on the first bookable one: said once, until the person moves. */
  readonly skippedWeeks = signal(false);

  constructor() {
    const saved = this.drafts.load<{ view: PlanningView; anchor: string }>('planning-affichage');
    if (saved && VIEWS.some((v) => v.view === saved.view) && /^\d{4}-\d{2}-\d{2}$/.test(saved.anchor)) {
      this.view.set(saved.view);
      this.anchor.set(saved.anchor);
    } else {
      this.view.set('week');
      this.opening = { weeksLeft: WEEKS_AHEAD, first: null };
    }
    this.reload();
    // Decisions taken elsewhere (the service, a waiting list) show without reloading the page.
    const live = inject(LiveUpdates);
    let seen = live.planning();
    effect(() => {
      const n = live.planning();
      if (n !== seen) {
        seen = n;
        untracked(() => this.reload(true));
      }
    });
    inject(DestroyRef).onDestroy(() => this.loadSubscription?.unsubscribe());
  }

  toggleCopying(): void {
    if (this.copying()) {
      this.stopCopying();
      return;
    }
    this.picked.set(new Map());
    this.copying.set(true);
    // The days to copy are chosen in one week.
    if (this.view() !== 'week' && this.view() !== 'workweek') this.setView('week');
  }

  stopCopying(): void {
    this.copying.set(false);
    this.picked.set(new Map());
  }

  togglePick(entry: PlanningDay): void {
    if (!isCopyable(entry)) return;
    const next = new Map(this.picked());
    const key = pickKeyOf(entry);
    if (next.has(key)) next.delete(key);
    else next.set(key, { childId: entry.childId, activityId: entry.activityId, day: entry.day });
    this.picked.set(next);
  }

  goToCopy(event: Event): void {
    event.preventDefault();
    const title = document.getElementById('copy-title');
    title?.scrollIntoView({ block: 'start' });
    title?.focus();
  }

  statusWords(status: DayStatus): string {
    return this.labelsInUse().get(status) ?? DAY_STATUS_LABELS[status];
  }

  setView(view: PlanningView): void {
    if (view === this.view()) return;
    this.stopOpening();
    // Choosing days to copy needs a week on screen; the days chosen belong to the week left.
    if (this.copying() && view !== 'week' && view !== 'workweek') this.stopCopying();
    const before = this.range();
    this.view.set(view);
    // Keep the day the person was looking at, or today if it is in the shown range.
    if (this.today >= before.from && this.today <= before.to) this.anchor.set(this.today);
    this.remember();
    const after = this.range();
    const loaded = this.planning();
    if (!loaded || after.from < loaded.from || after.to > loaded.to) this.reload(true);
  }

  move(delta: number): void {
    this.stopOpening();
    this.picked.set(new Map());
    this.anchor.set(shift(this.view(), this.anchor(), delta));
    this.remember();
    this.reload();
  }

  goToday(): void {
    this.stopOpening();
    this.picked.set(new Map());
    this.anchor.set(this.today);
    this.remember();
    this.reload();
  }

  /** The person chose where to look: the first opening's search ends there. */
  private stopOpening(): void {
    this.opening = null;
    this.skippedWeeks.set(false);
  }

  /** A week worth opening on: from today on, a day to book, or a day with a story (booked, asked, waiting…). */
  private worthOpening(planning: Planning): boolean {
    return planning.days.some((d) => d.day >= this.today && (d.actions.includes('book') || (d.status !== 'free' && d.status !== 'unavailable')));
  }

  /** While the planning first opens: the loaded week, or null when the next week is being looked at instead. */
  private openingWeek(planning: Planning): Planning | null {
    const opening = this.opening;
    if (!opening) return planning;
    if (this.worthOpening(planning)) {
      this.opening = null;
      this.skippedWeeks.set(opening.first !== null);
      return planning;
    }
    opening.first ??= planning;
    if (opening.weeksLeft <= 0) {
      // Nothing to book for months (the summer holidays…): the current week, as it is.
      this.opening = null;
      this.anchor.set(this.today);
      return opening.first;
    }
    opening.weeksLeft--;
    this.anchor.set(shift('week', this.anchor(), 1));
    this.reload();
    return null;
  }

  private remember(): void {
    this.drafts.save('planning-affichage', { view: this.view(), anchor: this.anchor() });
  }

  /** Loads the shown range; with `quiet`, keeps showing the current days while it refreshes. */
  reload(quiet = false): void {
    const familyId = this.familyId();
    if (!familyId) return;
    const { from, to } = this.range();
    if (quiet && this.load().state === 'ready') this.refreshing.set(true);
    else this.load.set(loading());
    this.loadSubscription?.unsubscribe();
    this.loadSubscription = this.api.planning(familyId, from, to).subscribe({
      next: (loaded) => {
        const planning = this.openingWeek(loaded);
        if (!planning) return;
        this.refreshing.set(false);
        this.load.set(ready(planning));
      },
      error: (e: unknown) => {
        this.refreshing.set(false);
        this.load.set(failed(toApiError(e)));
      },
    });
  }
}

/** ['Minh', 'Anh', 'Léa'] → 'Minh, Anh et Léa'. */
function joinFrench(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`;
}
