import { Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { ApiError, applyServerErrors, toApiError } from '../../shared/api-error';
import { addMonths, startOfMonth } from '../../shared/calendar';
import { FieldDirective, FieldErrorComponent } from '../../shared/form-field';
import { formatDate, formatMonth, todayInParis } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready } from '../../shared/load-state';
import { BackOfficeApi, StaffActivity } from '../back-office.api';
import { AgeGroup, AttendanceFigures, AttendanceStatistics, FiguresByAgeGroup, StatisticsApi, StatisticsFilters } from './statistics.api';

type Figure = keyof AttendanceFigures;

/** The rows of the totals table, in the order of the CAF report and of the CSV export. */
export const FIGURES: ReadonlyArray<{ key: Figure; label: string; hours?: true }> = [
  { key: 'booked', label: 'Jours réservés' },
  { key: 'present', label: 'Jours de présence' },
  { key: 'unexpected', label: 'dont présences non réservées' },
  { key: 'absentJustified', label: 'Absences justifiées' },
  { key: 'absentUnjustified', label: 'Absences non justifiées' },
  { key: 'notRecorded', label: 'Jours réservés sans pointage' },
  { key: 'billed', label: 'Jours facturés' },
  { key: 'children', label: 'Enfants accueillis (distincts)' },
  { key: 'presentHours', label: 'Heures réalisées', hours: true },
  { key: 'billedHours', label: 'Heures facturées', hours: true },
];

const AGE_GROUPS: ReadonlyArray<{ key: AgeGroup; label: string }> = [
  { key: 'under_6', label: 'Moins de 6 ans' },
  { key: 'six_and_over', label: '6 ans et plus' },
  { key: 'unknown', label: 'Âge inconnu' },
];

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
/** 1234.5 → '1 234,5' (French grouping and decimal comma). */
export const frenchNumber = (value: number) => NUMBER.format(value);

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** '2026-10' → 'Octobre 2026'. */
export const monthTitle = (month: string) => capitalise(formatMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7))));
/** '11:45' → '11 h 45'. */
const time = (hhmm: string) => hhmm.replace(':', ' h ');
/** 105 → '1 h 45'. */
const duration = (minutes: number) => `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;

const hasFigures = (f: AttendanceFigures) => f.booked + f.present + f.billed > 0;

/**
 * Attendance statistics for the CAF report (« bilan d'activité »): for a month or a period of up
 * to a year, per activity, the days and hours by age group (under 6 / 6 and over, age on the day),
 * with totals, and the same figures as a CSV file for a spreadsheet.
 */
@Component({
  selector: 'pf-statistics-page',
  imports: [ReactiveFormsModule, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent],
  styles: `
    .stats-filters { display: grid; gap: var(--space-3); }
    .stats-filters .field, .stats-filters .radio-group { margin: 0; }
    @media (min-width: 48rem) {
      .stats-filters { grid-template-columns: repeat(3, minmax(0, 1fr)); align-items: end; }
      .stats-filters .radio-group, .stats-filters .button-row { grid-column: 1 / -1; }
    }
    .stats-summary { display: flex; flex-wrap: wrap; gap: var(--space-3); align-items: center; justify-content: space-between; margin-bottom: var(--space-4); }
    .stats-summary p { margin: 0; }
    .stats-activity h2 { margin-bottom: var(--space-1); }
    .stats-activity h3 { font-size: 1.0625rem; }
    .stats-table td, .stats-table th.num { font-variant-numeric: tabular-nums; }
    .stats-table tfoot th, .stats-table tfoot td, .stats-table .stats-total { font-weight: 700; }
    @media (max-width: 47.99rem) {
      .stats-table th, .stats-table td { white-space: normal; padding: var(--space-2); }
      .stats-table td { white-space: nowrap; }
    }
  `,
  template: `
    <h1 tabindex="-1">Statistiques</h1>
    <p class="lead">Fréquentation par activité et tranche d'âge (moins de 6 ans / 6 ans et plus, âge le jour même) pour le bilan d'activité CAF.</p>

    <form class="card stats-filters" [formGroup]="form" (ngSubmit)="show()" novalidate aria-label="Période et activité">
      <fieldset class="radio-group">
        <legend>Période</legend>
        <div class="radio-group__options">
          <div class="radio">
            <input id="stats-mode-month" type="radio" formControlName="mode" value="month" name="mode" />
            <label for="stats-mode-month">Un mois</label>
          </div>
          <div class="radio">
            <input id="stats-mode-range" type="radio" formControlName="mode" value="range" name="mode" />
            <label for="stats-mode-range">Du … au … (un an au plus)</label>
          </div>
        </div>
      </fieldset>
      @if (form.controls.mode.value === 'month') {
        <div class="field">
          <label for="stats-month">Mois</label>
          <input id="stats-month" type="month" formControlName="month" pfField />
          <pf-field-error for="stats-month" [control]="form.controls.month" [messages]="{ required: 'Choisissez le mois.' }" />
        </div>
      } @else {
        <div class="field">
          <label for="stats-from">Du</label>
          <input id="stats-from" type="date" formControlName="from" pfField />
          <pf-field-error for="stats-from" [control]="form.controls.from" [messages]="{ required: 'Indiquez le premier jour.' }" />
        </div>
        <div class="field">
          <label for="stats-to">Au (inclus)</label>
          <input id="stats-to" type="date" formControlName="to" pfField />
          <pf-field-error for="stats-to" [control]="form.controls.to" [messages]="{ required: 'Indiquez le dernier jour.' }" />
        </div>
      }
      <div class="field">
        <label for="stats-activity">Activité</label>
        <select id="stats-activity" formControlName="activityId">
          <option value="">Toutes les activités</option>
          @for (a of activities(); track a.activityId) { <option [value]="a.activityId">{{ a.name }}</option> }
        </select>
      </div>
      <div class="button-row">
        <button type="submit" class="button button--primary">Afficher les statistiques</button>
        @if (form.controls.mode.value === 'range') {
          <button type="button" class="button button--quiet" (click)="schoolYear()">Toute l'année scolaire</button>
        }
      </div>
    </form>

    @if (rejection(); as r) {
      <div class="notice notice--error" role="alert"><p>{{ r.message }}</p></div>
    }

    @switch (load()?.state) {
      @case ('loading') { <pf-loading label="Calcul des statistiques…" /> }
      @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        @if (statistics(); as s) {
          <div class="stats-summary">
            <p role="status"><strong>{{ periodText() }}</strong> · {{ s.activities.length }} activité(s)</p>
            <a class="button button--secondary" [href]="csvUrl()" download>Exporter (CSV)</a>
          </div>
          @if (s.to >= s.asOf) {
            <p class="notice notice--warning">La période n'est pas terminée : les jours réservés à venir comptent comme réservés et facturés, sans pointage.</p>
          }
          @if (months() > 1) {
            <div class="field stats-figure">
              <label for="stats-figure">Chiffre mois par mois</label>
              <select id="stats-figure" [value]="figure()" (change)="figure.set($any($event.target).value)">
                @for (f of figures; track f.key) { <option [value]="f.key">{{ f.label }}</option> }
              </select>
            </div>
          }
          @for (a of withFigures(); track a.activityId) {
            <section class="card stats-activity" [attr.aria-labelledby]="'stats-' + a.activityId">
              <h2 [id]="'stats-' + a.activityId">{{ a.name }}</h2>
              <p class="hint">{{ a.facilityName }} · créneau {{ slotText(a.slot) }}</p>
                <div class="table-scroll" tabindex="0" role="region" [attr.aria-label]="a.name + ' : totaux par tranche d’âge'">
                  <table class="data-table stats-table">
                    <caption>{{ a.name }} — {{ periodText() }} : totaux par tranche d'âge</caption>
                    <thead>
                      <tr>
                        <th scope="col">Chiffre</th>
                        @for (g of groupsOf(a.byAgeGroup); track g.key) { <th scope="col" class="num">{{ g.label }}</th> }
                        <th scope="col" class="num">Total</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (f of figures; track f.key) {
                        <tr>
                          <th scope="row">{{ f.label }}</th>
                          @for (g of groupsOf(a.byAgeGroup); track g.key) { <td class="num">{{ n(a.byAgeGroup[g.key][f.key]) }}</td> }
                          <td class="num stats-total">{{ n(a.total[f.key]) }}</td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
                @if (a.months.length > 1) {
                  <h3>{{ figureLabel() }} par mois</h3>
                  <div class="table-scroll" tabindex="0" role="region" [attr.aria-label]="a.name + ' : ' + figureLabel() + ' par mois'">
                    <table class="data-table stats-table">
                      <caption>{{ a.name }} — {{ figureLabel() }} par mois et tranche d'âge</caption>
                      <thead>
                        <tr>
                          <th scope="col">Mois</th>
                          @for (g of groupsOf(a.byAgeGroup); track g.key) { <th scope="col" class="num">{{ g.label }}</th> }
                          <th scope="col" class="num">Total</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (m of a.months; track m.month) {
                          <tr>
                            <th scope="row">{{ monthName(m.month) }}</th>
                            @for (g of groupsOf(a.byAgeGroup); track g.key) { <td class="num">{{ n(m.byAgeGroup[g.key][figure()]) }}</td> }
                            <td class="num stats-total">{{ n(m.total[figure()]) }}</td>
                          </tr>
                        }
                      </tbody>
                      <tfoot>
                        <tr>
                          <th scope="row">Toute la période</th>
                          @for (g of groupsOf(a.byAgeGroup); track g.key) { <td class="num">{{ n(a.byAgeGroup[g.key][figure()]) }}</td> }
                          <td class="num">{{ n(a.total[figure()]) }}</td>
                        </tr>
                      </tfoot>
                    </table>
                  </div>
                }
            </section>
          }
          @if (withoutFigures().length) {
            <p class="notice">Sans réservation ni présence sur la période : {{ withoutFigures().join(', ') }}.</p>
          }
          @if (withFigures().length > 1) {
            <section class="card stats-activity" aria-labelledby="stats-all">
              <h2 id="stats-all">Toutes les activités</h2>
              <div class="table-scroll" tabindex="0" role="region" aria-label="Toutes les activités : totaux par tranche d’âge">
                <table class="data-table stats-table">
                  <caption>Toutes les activités — {{ periodText() }} : totaux par tranche d'âge</caption>
                  <thead>
                    <tr>
                      <th scope="col">Chiffre</th>
                      @for (g of groupsOf(s.total.byAgeGroup); track g.key) { <th scope="col" class="num">{{ g.label }}</th> }
                      <th scope="col" class="num">Total</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (f of figures; track f.key) {
                      <tr>
                        <th scope="row">{{ f.label }}</th>
                        @for (g of groupsOf(s.total.byAgeGroup); track g.key) { <td class="num">{{ n(s.total.byAgeGroup[g.key][f.key]) }}</td> }
                        <td class="num stats-total">{{ n(s.total.total[f.key]) }}</td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            </section>
          }
          <p class="hint">
            Un enfant qui a eu 6 ans pendant la période compte dans les deux tranches, une seule fois dans le total des enfants.
            Heures = jours × durée du créneau de l'activité. Jours facturés : selon les règles de la facturation (une absence justifiée n'est pas facturée).
          </p>
        }
      }
    }
  `,
})
export class StatisticsPage {
  private readonly api = inject(StatisticsApi);
  private readonly backOffice = inject(BackOfficeApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  readonly figures = FIGURES;
  readonly today = todayInParis();
  /** The last month over: what a report is usually about. */
  private readonly lastMonth = startOfMonth(addMonths(this.today, -1)).slice(0, 7);

  readonly form = inject(NonNullableFormBuilder).group({
    mode: ['month' as 'month' | 'range'],
    month: [this.lastMonth],
    from: [''],
    to: [''],
    activityId: [''],
  });
  readonly activities = signal<StaffActivity[]>([]);
  /** Nothing to show (null) after a refusal of the period: the message says why, next to the fields. */
  readonly load = signal<Load<AttendanceStatistics> | null>(loading());
  /** A refusal of the period by the API (422), shown above the results with the fields marked. */
  readonly rejection = signal<ApiError | null>(null);
  readonly filters = signal<StatisticsFilters | null>(null);
  readonly figure = signal<Figure>('presentHours');

  readonly statistics = computed(() => {
    const l = this.load();
    return l?.state === 'ready' ? l.value : null;
  });
  readonly loadError = computed(() => {
    const l = this.load();
    return l?.state === 'error' ? l.error : null;
  });
  readonly months = computed(() => Math.max(0, ...this.withFigures().map((a) => a.months.length)));
  /** Activities with something to count get their tables; the others are named in one line. */
  readonly withFigures = computed(() => (this.statistics()?.activities ?? []).filter((a) => hasFigures(a.total)));
  readonly withoutFigures = computed(() => (this.statistics()?.activities ?? []).filter((a) => !hasFigures(a.total)).map((a) => a.name));
  readonly figureLabel = computed(() => FIGURES.find((f) => f.key === this.figure())?.label ?? '');
  readonly periodText = computed(() => {
    const s = this.statistics();
    if (!s) return '';
    const filters = this.filters();
    if (filters && 'month' in filters) return monthTitle(filters.month);
    return `Du ${formatDate(s.from)} au ${formatDate(s.to)}`;
  });
  readonly csvUrl = computed(() => {
    const filters = this.filters();
    return filters ? this.api.attendanceCsvUrl(filters) : '';
  });

  constructor() {
    const query = this.route.snapshot.queryParamMap;
    const [month, from, to, activityId] = ['mois', 'du', 'au', 'activite'].map((k) => query.get(k) ?? '');
    if (from || to) this.form.patchValue({ mode: 'range', from: from!, to: to! });
    else if (month) this.form.patchValue({ month });
    if (activityId) this.form.patchValue({ activityId });
    this.backOffice.activities().subscribe({
      next: (a) => this.activities.set(a.filter((x) => !x.lateBookingOf)),
      error: () => this.activities.set([]),
    });
    this.show();
  }

  /** Checks the fields, keeps the filters in the address (a reload or a shared link shows the same), then loads. */
  show(): void {
    const { mode, month, from, to, activityId } = this.form.getRawValue();
    const required = mode === 'month' ? [this.form.controls.month] : [this.form.controls.from, this.form.controls.to];
    let missing = false;
    for (const control of required) {
      if (!control.value) {
        control.setErrors({ required: true });
        control.markAsTouched();
        missing = true;
      }
    }
    if (missing) return;
    const filters: StatisticsFilters = { ...(mode === 'month' ? { month } : { from, to }), ...(activityId ? { activityId } : {}) };
    void this.router.navigate([], {
      relativeTo: this.route,
      replaceUrl: true,
      queryParams: mode === 'month' ? { mois: month, du: null, au: null, activite: activityId || null } : { mois: null, du: from, au: to, activite: activityId || null },
    });
    this.filters.set(filters);
    this.reload();
  }

  reload(): void {
    const filters = this.filters();
    if (!filters) return;
    this.load.set(loading());
    this.rejection.set(null);
    this.api.attendance(filters).subscribe({
      next: (statistics) => this.load.set(ready(statistics)),
      error: (e: unknown) => {
        const error = toApiError(e);
        if (error.statusCode === 422 || error.statusCode === 400) {
          // The API names the field at fault (month, from, to, activityId): show it there.
          applyServerErrors(this.form, error.details);
          this.rejection.set(error);
          this.load.set(null);
        } else {
          this.load.set(failed(error));
        }
      },
    });
  }

  /** 1 September to 31 August of the school year under way (or just over, in July and August). */
  schoolYear(): void {
    const year = Number(this.today.slice(0, 4)) - (Number(this.today.slice(5, 7)) < 9 ? 1 : 0);
    this.form.patchValue({ from: `${year}-09-01`, to: `${year + 1}-08-31` });
  }

  /** Age groups shown: « âge inconnu » only when some child's birth date is missing. */
  groupsOf(byAgeGroup: FiguresByAgeGroup) {
    return AGE_GROUPS.filter((g) => g.key !== 'unknown' || hasFigures(byAgeGroup.unknown));
  }

  n(value: number): string {
    return frenchNumber(value);
  }

  monthName(month: string): string {
    return monthTitle(month);
  }

  slotText(slot: { startTime: string; endTime: string; minutes: number }): string {
    return `${time(slot.startTime)} – ${time(slot.endTime)} (${duration(slot.minutes)})`;
  }
}
