import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SessionStore } from '../../auth/session.store';
import { addMonths } from '../../shared/calendar';
import { todayInParis } from '../../shared/french-format';
import { AttendanceFigures, AttendanceStatistics, FiguresByAgeGroup, MonthStatistics } from './statistics.api';
import { StatisticsPage } from './statistics.page';

const lastMonth = addMonths(todayInParis(), -1).slice(0, 7);
const NONE: AttendanceFigures = { booked: 0, present: 0, unexpected: 0, absentJustified: 0, absentUnjustified: 0, notRecorded: 0, billed: 0, children: 0, presentHours: 0, billedHours: 0 };
const f = (figures: Partial<AttendanceFigures>): AttendanceFigures => ({ ...NONE, ...figures });
const groups = (under6: Partial<AttendanceFigures>, sixAndOver: Partial<AttendanceFigures>, unknown: Partial<AttendanceFigures> = {}): FiguresByAgeGroup => ({
  under_6: f(under6),
  six_and_over: f(sixAndOver),
  unknown: f(unknown),
});
const month = (m: string, byAgeGroup: FiguresByAgeGroup, total: Partial<AttendanceFigures>): MonthStatistics => ({ month: m, from: `${m}-01`, to: `${m}-28`, byAgeGroup, total: f(total) });

const canteenGroups = groups({ booked: 8, present: 1, billed: 8, children: 1, presentHours: 1.75, billedHours: 14 }, { booked: 705, present: 700, billed: 705, children: 40, presentHours: 1225, billedHours: 1233.75 });
const statistics = (over: Partial<AttendanceStatistics> = {}): AttendanceStatistics => ({
  from: `${lastMonth}-01`,
  to: `${lastMonth}-28`,
  asOf: todayInParis(),
  activities: [
    {
      activityId: 'a-cantine',
      name: 'Restaurant scolaire',
      facilityName: 'Restaurant Jules-Ferry',
      slot: { startTime: '11:45', endTime: '13:30', minutes: 105 },
      months: [month(lastMonth, canteenGroups, { booked: 713, present: 701, billed: 713, children: 41, presentHours: 1226.75, billedHours: 1247.75 })],
      byAgeGroup: canteenGroups,
      total: f({ booked: 713, present: 701, billed: 713, children: 41, presentHours: 1226.75, billedHours: 1247.75 }),
    },
    {
      activityId: 'a-garderie',
      name: 'Garderie du matin',
      facilityName: 'Accueil périscolaire',
      slot: { startTime: '07:30', endTime: '08:35', minutes: 65 },
      months: [month(lastMonth, groups({}, {}), {})],
      byAgeGroup: groups({}, {}),
      total: NONE,
    },
  ],
  total: { byAgeGroup: canteenGroups, total: f({ booked: 713, present: 701, billed: 713, children: 41, presentHours: 1226.75, billedHours: 1247.75 }) },
  ...over,
});

describe('Statistics for the CAF report', () => {
  let fixture: ComponentFixture<StatisticsPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const expectStatistics = () => http.expectOne((r) => r.url === '/api/statistics/attendance');
  const settle = async () => {
    fixture.detectChanges();
    await fixture.whenStable();
  };
  const input = (selector: string, value: string) => {
    const el = page.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
  };
  const button = (name: string) => Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find((b) => text(b) === name)!;
  const table = (caption: RegExp) => Array.from(page.querySelectorAll('table')).find((t) => caption.test(text(t.querySelector('caption'))))!;
  const row = (t: HTMLTableElement, header: string) => Array.from(t.querySelectorAll('tr')).find((r) => text(r.querySelector('th')) === header)!;
  const cells = (r: HTMLTableRowElement) => Array.from(r.querySelectorAll('td')).map((td) => text(td));

  let first: TestRequest;

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [StatisticsPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    TestBed.inject(SessionStore).signedInAs({ accountId: 'staff-1', role: 'staff', communeId: 'shb', communeName: 'SHB', displayName: 'Sandrine' });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StatisticsPage);
    page = fixture.nativeElement as HTMLElement;
    await settle();
    http.expectOne('/api/staff/activities').flush({
      items: [
        { activityId: 'a-cantine', name: 'Restaurant scolaire', lateBookingOf: null },
        { activityId: 'a-repas-tardif', name: 'Repas non prévu (majoration)', lateBookingOf: 'a-cantine' },
        { activityId: 'a-garderie', name: 'Garderie du matin', lateBookingOf: null },
      ],
    });
    first = expectStatistics();
    await settle();
  });

  afterEach(() => http.verify());

  it('asks for last month, the one a report is usually about, and says it is working meanwhile', async () => {
    expect(first.request.params.get('month')).toBe(lastMonth);
    expect(first.request.params.has('activityId')).toBe(false);
    expect(text(page.querySelector('[role="status"]'))).toBe('Calcul des statistiques…');
    // The late-booking activity counts with the canteen: it is not offered on its own.
    expect(Array.from(page.querySelectorAll('#stats-activity option')).map((o) => text(o))).toEqual(['Toutes les activités', 'Restaurant scolaire', 'Garderie du matin']);
    first.flush(statistics());
    await settle();
  });

  it('shows each activity as an accessible table of totals by age group, numbers in French', async () => {
    first.flush(statistics());
    await settle();
    const canteen = table(/^Restaurant scolaire — .* : totaux par tranche d'âge$/);
    expect(Array.from(canteen.querySelectorAll('thead th')).map((th) => [text(th), th.getAttribute('scope')])).toEqual([
      ['Chiffre', 'col'],
      ['Moins de 6 ans', 'col'],
      ['6 ans et plus', 'col'],
      ['Total', 'col'],
    ]);
    expect(Array.from(canteen.querySelectorAll('tbody th')).every((th) => th.getAttribute('scope') === 'row')).toBe(true);
    expect(cells(row(canteen, 'Jours réservés'))).toEqual(['8', '705', '713']);
    expect(cells(row(canteen, 'Heures réalisées'))).toEqual(['1,75', '1 225', '1 226,75']);
    expect(cells(row(canteen, 'Heures facturées'))[2]).toBe('1 247,75');
    expect(text(page)).toContain('créneau 11 h 45 – 13 h 30 (1 h 45)');
    // An activity with nothing on the period is named in one line rather than given a table of zeros.
    expect(Array.from(page.querySelectorAll('h2')).map((h) => text(h))).toEqual(['Restaurant scolaire']);
    expect(text(page)).toContain('Sans réservation ni présence sur la période : Garderie du matin.');
  });

  it('adds every activity together when several have figures, a child counted once among the children', async () => {
    const both = statistics();
    both.activities[1] = { ...both.activities[0]!, activityId: 'a-mercredi', name: 'Mercredi loisirs' };
    first.flush(both);
    await settle();
    expect(Array.from(page.querySelectorAll('h2')).map((h) => text(h))).toEqual(['Restaurant scolaire', 'Mercredi loisirs', 'Toutes les activités']);
    expect(cells(row(table(/^Toutes les activités — /), 'Enfants accueillis (distincts)'))).toEqual(['1', '40', '41']);
  });

  it('adds an « Âge inconnu » column when a child has no birth date on file', async () => {
    const withUnknown = statistics();
    withUnknown.activities[0]!.byAgeGroup = groups({ booked: 1 }, { booked: 2 }, { booked: 3, present: 3, children: 1 });
    first.flush(withUnknown);
    await settle();
    const canteen = table(/^Restaurant scolaire — /);
    expect(Array.from(canteen.querySelectorAll('thead th')).map((th) => text(th))).toEqual(['Chiffre', 'Moins de 6 ans', '6 ans et plus', 'Âge inconnu', 'Total']);
    expect(cells(row(canteen, 'Jours réservés')).slice(0, 3)).toEqual(['1', '2', '3']);
  });

  it('offers the same figures as a CSV export, with the same filters', async () => {
    first.flush(statistics());
    await settle();
    const link = Array.from(page.querySelectorAll('a')).find((a) => text(a) === 'Exporter (CSV)')!;
    expect(link.getAttribute('href')).toBe(`/api/statistics/attendance.csv?month=${lastMonth}`);
    expect(link.hasAttribute('download')).toBe(true);
  });

  it('asks for a period of several months for one activity, and shows the chosen figure month by month with the total', async () => {
    first.flush(statistics());
    await settle();
    (page.querySelector('#stats-mode-range') as HTMLInputElement).click();
    await settle();
    input('#stats-from', '2026-09-01');
    input('#stats-to', '2026-10-31');
    input('#stats-activity', 'a-cantine');
    button('Afficher les statistiques').click();
    await settle();
    const again = expectStatistics();
    expect(again.request.params.keys().sort()).toEqual(['activityId', 'from', 'to']);
    expect([again.request.params.get('from'), again.request.params.get('to'), again.request.params.get('activityId')]).toEqual(['2026-09-01', '2026-10-31', 'a-cantine']);
    const canteen = statistics().activities[0]!;
    again.flush(
      statistics({
        from: '2026-09-01',
        to: '2026-10-31',
        asOf: '2026-11-03',
        activities: [
          {
            ...canteen,
            months: [
              month('2026-09', groups({ presentHours: 10.5, billed: 7 }, { presentHours: 21, billed: 12 }), { presentHours: 31.5, billed: 19 }),
              month('2026-10', groups({ presentHours: 1.75, billed: 8 }, { presentHours: 5.25, billed: 12 }), { presentHours: 7, billed: 20 }),
            ],
            byAgeGroup: groups({ presentHours: 12.25, billed: 15 }, { presentHours: 26.25, billed: 24 }),
            total: f({ booked: 40, presentHours: 38.5, billed: 39 }),
          },
        ],
      }),
    );
    await settle();
    expect(text(page.querySelector('.stats-summary [role="status"]'))).toBe('Du 01/09/2026 au 31/10/2026 · 1 activité(s)');
    const monthly = table(/^Restaurant scolaire — Heures réalisées par mois et tranche d'âge$/);
    expect(cells(row(monthly, 'Septembre 2026'))).toEqual(['10,5', '21', '31,5']);
    expect(cells(row(monthly, 'Toute la période'))).toEqual(['12,25', '26,25', '38,5']);
    expect(monthly.querySelector('tfoot th')?.getAttribute('scope')).toBe('row');

    input('#stats-figure', 'billed');
    await settle();
    expect(cells(row(table(/^Restaurant scolaire — Jours facturés par mois/), 'Octobre 2026'))).toEqual(['8', '12', '20']);
    expect(Array.from(page.querySelectorAll('a')).find((a) => text(a) === 'Exporter (CSV)')!.getAttribute('href')).toBe(
      '/api/statistics/attendance.csv?from=2026-09-01&to=2026-10-31&activityId=a-cantine',
    );
    expect(page.querySelector('.notice--warning')).toBeNull();
  });

  it('shows the reason next to the field when the API refuses the period, and no figures', async () => {
    first.flush(statistics());
    await settle();
    (page.querySelector('#stats-mode-range') as HTMLInputElement).click();
    await settle();
    input('#stats-from', '2026-09-01');
    input('#stats-to', '2027-09-01');
    button('Afficher les statistiques').click();
    await settle();
    expectStatistics().flush(
      {
        statusCode: 422,
        code: 'STATISTICS_PERIOD_TOO_LONG',
        message: 'Une période de statistiques couvre au plus un an : du 01/09/2026 au 31/08/2027 au plus.',
        details: [{ field: 'to', code: 'PERIOD_TOO_LONG', message: 'Au plus le 31/08/2027.' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();
    expect(text(page.querySelector('.notice--error[role="alert"]'))).toBe('Une période de statistiques couvre au plus un an : du 01/09/2026 au 31/08/2027 au plus.');
    expect(text(page.querySelector('#stats-to-error'))).toContain('Au plus le 31/08/2027.');
    expect(page.querySelector('#stats-to')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('table')).toBeNull();
  });

  it('asks for the missing day instead of calling the API', async () => {
    first.flush(statistics());
    await settle();
    (page.querySelector('#stats-mode-range') as HTMLInputElement).click();
    await settle();
    input('#stats-from', '2026-09-01');
    button('Afficher les statistiques').click();
    await settle();
    expect(text(page.querySelector('#stats-to-error'))).toContain('Indiquez le dernier jour.');
  });

  it('says when the figures could not be loaded, and tries again on demand', async () => {
    first.error(new ProgressEvent('error'), { status: 0 });
    await settle();
    expect(text(page.querySelector('.notice--error'))).toContain('Le service est injoignable.');
    button('Réessayer').click();
    await settle();
    expectStatistics().flush(statistics());
    await settle();
    expect(page.querySelector('table')).not.toBeNull();
  });

  it('warns that a period not over yet counts the days to come as booked and billed', async () => {
    first.flush(statistics({ to: todayInParis() }));
    await settle();
    expect(text(page.querySelector('.notice--warning'))).toContain("La période n'est pas terminée");
  });
});
