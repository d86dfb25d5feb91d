import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune, type OtherCommune } from '../support/communes';
import { startPortal, type RunningPortal } from '../support/portal';

// Monday 28 September 2026, 10:00 in Paris: the canteen books 48 hours ahead, so October is open.
const clock = new FixedClock('2026-09-28T08:00:00Z');

type Activity = { activityId: string; name: string; kind: string; lateBooking: { activityId: string } | null };

/**
 * The CAF report's figures for October 2026 in the canteen (11:45–13:30, 1.75 h a day), for a
 * family opened by the service: Emma turns 6 on Wednesday 14 October, Noah is 8, Sami 7 and
 * never booked. Emma and Noah are booked every Monday, Tuesday, Thursday and Friday from the 1st
 * to the 16th (10 days each).
 */
describe('statistics: attendance per activity, month and age group for the CAF report', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let canteen: Activity;
  let familyId: string;
  let emma: string;
  let noah: string;
  let sami: string;

  const at = async (instant: string) => {
    clock.set(instant);
    await staff.signIn(STAFF.email, STAFF.password);
  };

  beforeAll(async () => {
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    canteen = ((await staff.get('/api/activities')).body.items as Activity[]).find((a) => a.kind === 'canteen')!;
    const file = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', firstName: 'Inès', lastName: 'Roussel', email: 'ines.roussel@exemple.fr' },
      children: [
        { firstName: 'Emma', lastName: 'Roussel', birthDate: '2020-10-14', schoolClass: 'Grande section' },
        { firstName: 'Noah', lastName: 'Roussel', birthDate: '2018-03-01', schoolClass: 'CE2' },
        { firstName: 'Sami', lastName: 'Roussel', birthDate: '2019-05-20', schoolClass: 'CP' },
      ],
    });
    expect(file.status).toBe(201);
    familyId = file.body.familyId;
    [emma, noah, sami] = (file.body.children as Array<{ childId: string }>).map((c) => c.childId);

    for (const childId of [emma, noah]) {
      const period = await staff.post('/api/reservations/period', { requestId: requestId(), childId, activityId: canteen.activityId, from: '2026-10-01', to: '2026-10-16', weekdays: [1, 2, 4, 5] });
      expect(period.body.counts.accepted).toBe(10);
    }
    await at('2026-10-05T06:00:00Z');
    const illness = await staff.post('/api/reservations/absences', { requestId: requestId(), childId: noah, activityId: canteen.activityId, day: '2026-10-06', reason: 'illness', medicalCertificate: true });
    expect(illness.body).toMatchObject({ justified: true });
    const family = await staff.post('/api/reservations/absences', { requestId: requestId(), childId: emma, activityId: canteen.activityId, day: '2026-10-06', reason: 'family', medicalCertificate: false });
    expect(family.body).toMatchObject({ justified: false });
    await at('2026-10-08T12:00:00Z');
    const thursday = await staff.post('/api/staff/attendance', {
      requestId: requestId(),
      activityId: canteen.activityId,
      day: '2026-10-08',
      marks: [
        { childId: emma, status: 'present' },
        { childId: noah, status: 'absent' },
        { childId: sami, status: 'present' },
      ],
    });
    expect(thursday.status).toBe(201);
    await at('2026-10-15T12:00:00Z');
    const birthdayWeek = await staff.post('/api/staff/attendance', {
      requestId: requestId(),
      activityId: canteen.activityId,
      day: '2026-10-15',
      marks: [
        { childId: emma, status: 'present' },
        { childId: noah, status: 'present' },
      ],
    });
    expect(birthdayWeek.status).toBe(201);
    await at('2026-11-03T08:00:00Z');
  });

  afterAll(async () => {
    await portal?.close();
  });

  it("gives the canteen's October by age on the day: Emma under 6 until her birthday, 6 and over from it", async () => {
    const response = await staff.get('/api/statistics/attendance?month=2026-10');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from: '2026-10-01', to: '2026-10-31', asOf: '2026-11-03' });
    const statistics = response.body.activities.find((a: { activityId: string }) => a.activityId === canteen.activityId);
    expect(statistics).toMatchObject({ name: canteen.name, slot: { startTime: '11:45', endTime: '13:30', minutes: 105 } });
    const [october] = statistics.months;
    expect(october.month).toBe('2026-10');
    // Emma, 8 days under 6: present on the 8th, absent for a family reason on the 6th, the other 6 not pointed; all billed.
    expect(october.byAgeGroup.under_6).toEqual({ booked: 8, present: 1, unexpected: 0, absentJustified: 0, absentUnjustified: 1, notRecorded: 6, billed: 8, children: 1, presentHours: 1.75, billedHours: 14 });
    // Emma's 2 days at 6, Noah's 10 (ill with a certificate on the 6th: not billed; pointed absent on the 8th) and Sami's unexpected meal.
    expect(october.byAgeGroup.six_and_over).toEqual({ booked: 12, present: 3, unexpected: 1, absentJustified: 1, absentUnjustified: 1, notRecorded: 8, billed: 12, children: 3, presentHours: 5.25, billedHours: 21 });
    expect(october.byAgeGroup.unknown.booked).toBe(0);
    // Emma is one child in the month, though in both columns.
    expect(october.total).toEqual({ booked: 20, present: 4, unexpected: 1, absentJustified: 1, absentUnjustified: 2, notRecorded: 14, billed: 20, children: 3, presentHours: 7, billedHours: 35 });
    // Nothing in the other activities.
    const others = response.body.activities.filter((a: { activityId: string }) => a.activityId !== canteen.activityId);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((a: { total: { booked: number; present: number } }) => a.total.booked === 0 && a.total.present === 0)).toBe(true);
    // The late-booking activity is counted with the canteen it books, not on its own.
    expect(response.body.activities.some((a: { activityId: string }) => a.activityId === canteen.lateBooking?.activityId)).toBe(false);
    expect(response.body.total.total).toEqual(october.total);
  });

  it('counts as billed exactly the days the monthly billing run invoices', async () => {
    const run = await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-10' });
    expect(run.status).toBe(201);
    const billing = (await staff.get(`/api/families/${familyId}/billing`)).body;
    const invoice = billing.invoicesDue.find((i: { month: string }) => i.month === '2026-10');
    const invoiced = (invoice.lines as Array<{ activityId: string; quantity: number }>).filter((l) => l.activityId === canteen.activityId).reduce((n, l) => n + l.quantity, 0);
    const statistics = (await staff.get(`/api/statistics/attendance?from=2026-10-01&to=2026-10-31&activityId=${canteen.activityId}`)).body;
    expect(statistics.activities).toHaveLength(1);
    expect(statistics.activities[0].total.billed).toBe(invoiced);
    expect(invoiced).toBe(20);
  });

  it('cuts a longer period by month, up to a whole school year', async () => {
    const year = await staff.get(`/api/statistics/attendance?from=2026-09-01&to=2027-08-31&activityId=${canteen.activityId}`);
    expect(year.status).toBe(200);
    const months = year.body.activities[0].months as Array<{ month: string; total: { booked: number } }>;
    expect(months.map((m) => m.month)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08']);
    expect(months.map((m) => m.total.booked)).toEqual([0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('exports the same figures as a CSV Excel opens: byte-order mark, « ; », French headers, decimal comma', async () => {
    const response = await fetch(`${portal.baseUrl}/api/statistics/attendance.csv?month=2026-10&activityId=${canteen.activityId}`, { headers: { cookie: staff.cookieHeader() } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="statistiques-frequentation-2026-10-01-2026-10-31.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      "Activité;Équipement;Mois;Du;Au;Tranche d'âge;Jours réservés;Jours de présence;dont présences non réservées;Absences justifiées;Absences non justifiées;Jours réservés sans pointage;Jours facturés;Enfants accueillis (distincts);Heures réalisées;Heures facturées",
    );
    expect(lines).toContain('Restaurant scolaire;Restaurant scolaire Jules-Ferry;octobre 2026;01/10/2026;31/10/2026;Moins de 6 ans;8;1;0;0;1;6;8;1;1,75;14');
    expect(lines).toContain('Restaurant scolaire;Restaurant scolaire Jules-Ferry;octobre 2026;01/10/2026;31/10/2026;6 ans et plus;12;3;1;1;1;8;12;3;5,25;21');
    expect(lines.at(-1)).toBe('Toutes les activités;;Toute la période;01/10/2026;31/10/2026;Toutes;20;4;1;1;2;14;20;3;7;35');
  });

  it('refuses a period that is not one with a French message and a stable code', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-09-01&to=2027-09-01', 'STATISTICS_PERIOD_TOO_LONG'],
      ['from=2026-10-31&to=2026-10-01', 'STATISTICS_PERIOD_INVERTED'],
      ['from=2026-02-30&to=2026-03-31', 'STATISTICS_DATE_INVALID'],
      ['month=octobre', 'STATISTICS_DATE_INVALID'],
      ['', 'STATISTICS_PERIOD_REQUIRED'],
      ['month=2026-10&from=2026-10-01&to=2026-10-31', 'STATISTICS_PERIOD_AMBIGUOUS'],
      ['month=2026-10&activityId=cantine', 'STATISTICS_ACTIVITY_INVALID'],
      [`month=2026-10&activityId=${canteen.lateBooking!.activityId}`, 'STATISTICS_LATE_BOOKING_ACTIVITY'],
    ];
    for (const [query, code] of cases) {
      for (const route of ['attendance', 'attendance.csv']) {
        const response = await staff.get(`/api/statistics/${route}?${query}`);
        expect({ query, route, status: response.status, code: response.body.code }).toEqual({ query, route, status: 422, code });
        expect(response.body.message).toMatch(/[a-zé]/);
      }
    }
    const tooLong = await staff.get('/api/statistics/attendance?from=2026-09-01&to=2027-09-01');
    expect(tooLong.body.message).toBe('Une période de statistiques couvre au plus un an : du 01/09/2026 au 31/08/2027 au plus.');
    // A refused export answers the JSON error, not a CSV.
    const refusedCsv = await fetch(`${portal.baseUrl}/api/statistics/attendance.csv?month=2026-13`, { headers: { cookie: staff.cookieHeader() } });
    expect(refusedCsv.status).toBe(422);
    expect(refusedCsv.headers.get('content-type')).toContain('application/json');
    expect(refusedCsv.headers.get('content-disposition')).toBeNull();
    const unknown = await staff.get('/api/statistics/attendance?month=2026-10&familyId=x');
    expect(unknown).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'familyId', code: 'UNKNOWN_FIELD' }] } });
  });

  describe('who may see them', () => {
    let other: OtherCommune;
    let otherStaff: ApiClient;

    beforeAll(async () => {
      other = await registerOtherCommune(portal, clock.now());
      otherStaff = new ApiClient(portal.baseUrl);
      await otherStaff.signIn(other.staff.email, other.staff.password);
    });

    it("gives the staff of another commune their own commune's figures and nothing of this one", async () => {
      const theirs = await otherStaff.get('/api/statistics/attendance?month=2026-10');
      expect(theirs.status).toBe(200);
      const listed = (theirs.body.activities as Array<{ activityId: string }>).map((a) => a.activityId);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((id) => other.activityIds.includes(id))).toBe(true);
      expect(theirs.body.total.total).toMatchObject({ booked: 0, present: 0, billed: 0, children: 0 });
      const ours = await otherStaff.get(`/api/statistics/attendance?month=2026-10&activityId=${canteen.activityId}`);
      expect(ours).toMatchObject({ status: 404, body: { code: 'ACTIVITY_NOT_FOUND' } });
      const csv = await otherStaff.get(`/api/statistics/attendance.csv?month=2026-10&activityId=${canteen.activityId}`);
      expect(csv).toMatchObject({ status: 404, body: { code: 'ACTIVITY_NOT_FOUND' } });
    });

    it('refuses a parent (403) and someone not signed in (401)', async () => {
      const parent = new ApiClient(portal.baseUrl);
      await parent.signIn('claire.martin@example.fr', 'Famille-2026');
      for (const route of ['attendance', 'attendance.csv']) {
        expect(await parent.get(`/api/statistics/${route}?month=2026-10`)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
        expect(await new ApiClient(portal.baseUrl).get(`/api/statistics/${route}?month=2026-10`)).toMatchObject({ status: 401, body: { code: 'NOT_AUTHENTICATED' } });
      }
    });
  });

  it('is described in the OpenAPI document, with its query and both answers', async () => {
    const document = (await staff.get('/api/docs-json')).body;
    const json = document.paths['/api/statistics/attendance'].get;
    const csv = document.paths['/api/statistics/attendance.csv'].get;
    expect(json.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['activityId', 'from', 'month', 'to']);
    expect(json.responses['200'].content['application/json'].schema.$ref).toMatch(/AttendanceStatisticsDto$/);
    expect(json.responses['422']).toBeDefined();
    expect(Object.keys(csv.responses['200'].content)).toEqual(['text/csv']);
  });
});
