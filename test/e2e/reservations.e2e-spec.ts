import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { startPortal, type RunningPortal } from '../support/portal';

// Tuesday 1 December 2026, 08:30 in Paris. The canteen (11:45) books 48 hours ahead: Thursday 3rd
// is still open, today is past its deadline but still open to a late booking (« repas non prévu »,
// until 9:00 the same day).
const clock = new FixedClock('2026-12-01T07:30:00Z');

type Activity = { activityId: string; name: string; kind: string; lateBooking: { activityId: string; name: string } | null };

describe('reservations through the API', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let martin: ApiClient;
  let bernard: ApiClient;
  let family: { familyId: string; children: Array<{ childId: string; firstName: string }> };
  let chloe: { childId: string };
  let bernardFamilyId: string;
  let canteen: Activity;
  let wednesday: Activity;
  let holidays: Activity;
  let lea: string;
  let hugo: string;

  const head = async () => (await new ApiClient(portal.baseUrl).get('/api/health')).body.headPosition as number;
  const planningDay = async (client: ApiClient, familyId: string, childId: string, activityId: string, day: string) =>
    (await client.get(`/api/families/${familyId}/planning?from=${day}&to=${day}`)).body.days.find((d: any) => d.childId === childId && d.activityId === activityId);
  const requestsOf = async (client: ApiClient, familyId: string) => (await client.get(`/api/families/${familyId}/requests?limit=200`)).body.items as any[];

  beforeAll(async () => {
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    martin = new ApiClient(portal.baseUrl);
    bernard = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    const me = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body;
    const bernardMe = (await bernard.signIn('thomas.bernard@example.fr', 'Famille-2026')).body;
    bernardFamilyId = bernardMe.familyId;
    family = (await martin.get(`/api/families/${me.familyId}`)).body;
    [lea, hugo] = family.children.map((c) => c.childId);
    chloe = (await bernard.get(`/api/families/${bernardFamilyId}`)).body.children[0];
    const activities: Activity[] = (await martin.get('/api/activities')).body.items;
    canteen = activities.find((a) => a.kind === 'canteen')!;
    wednesday = activities.find((a) => a.kind === 'wednesday')!;
    holidays = activities.find((a) => a.kind === 'holiday_centre')!;
  });
  afterAll(() => portal?.close());

  it('shows parents the canteen with its late booking, and never the late-booking activity on its own', () => {
    expect(canteen).toMatchObject({ name: 'Restaurant scolaire', lateBooking: { name: 'Repas non prévu (majoration)' } });
    expect(canteen).toMatchObject({ groups: [{ group: 'maternelle', capacity: 35 }, { group: 'elementaire', capacity: 64 }] });
  });

  it('books a canteen day for a child of the commune without any enrolment request', async () => {
    const booked = await martin.post('/api/reservations', { requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-03' });
    expect(booked).toMatchObject({ status: 201, body: { status: 'accepted' } });
  });

  it('tells the parent the surcharge before a late booking, writes nothing for that, then books on the late-booking activity', async () => {
    const before = await head();
    const plain = await martin.post('/api/reservations/preview', { childId: lea, activityId: canteen.activityId, from: '2026-12-01', to: '2026-12-01' });
    expect(plain.status).toBe(200);
    expect(plain.body.days[0]).toMatchObject({ status: 'refused', reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('Repas non prévu (majoration)') });
    const late = await martin.post('/api/reservations/preview', { childId: lea, activityId: canteen.activityId, from: '2026-12-01', to: '2026-12-01', late: true });
    expect(late.body).toMatchObject({ days: [{ status: 'accepted', lateActivityId: canteen.lateBooking!.activityId }], lateBooking: { name: 'Repas non prévu (majoration)' } });
    expect(await head()).toBe(before);

    const booked = await martin.post('/api/reservations', { requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-01', late: true });
    expect(booked.body).toMatchObject({ status: 'accepted', lateActivityId: canteen.lateBooking!.activityId });
    expect(await planningDay(martin, family.familyId, lea, canteen.activityId, '2026-12-01')).toMatchObject({
      status: 'reserved',
      lateBooking: { name: 'Repas non prévu (majoration)' },
    });
  });

  it('refuses to cancel a day past its deadline: it stays booked and billed', async () => {
    const cancel = await martin.post('/api/reservations/cancellations', { requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-01', reason: 'Sortie annulée' });
    expect(cancel.body).toMatchObject({ status: 'refused', reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('facturé') });
    expect((await planningDay(martin, family.familyId, lea, canteen.activityId, '2026-12-01')).status).toBe('reserved');
  });

  it('books a whole school year as one request, each day decided on its own', async () => {
    const id = requestId();
    const period = await martin.post('/api/reservations/period', {
      requestId: id,
      childId: hugo,
      activityId: canteen.activityId,
      from: '2026-09-01',
      to: '2027-07-03',
      weekdays: [1, 2, 4, 5],
    });
    expect(period.status).toBe(201);
    const { counts } = period.body;
    // The days already past their deadline are refused one by one; the holidays are skipped, not refused.
    expect(counts.accepted + counts.refused).toBeGreaterThan(130);
    expect(counts.refused).toBeGreaterThan(20);
    expect(counts.skipped).toBeGreaterThan(0);
    expect(period.body).toMatchObject({ requestId: id, status: 'partially_accepted' });
    expect(period.body.days.find((d: any) => d.day === '2026-09-01')).toMatchObject({ status: 'refused', reasonCode: 'PAST_DEADLINE' });
    expect(period.body.days.find((d: any) => d.day === '2026-12-03')).toMatchObject({ status: 'accepted' });
    expect(period.body.skipped.find((d: any) => d.day === '2026-12-21')).toMatchObject({ label: 'Vacances de Noël' });

    const requests = (await requestsOf(martin, family.familyId)).filter((r) => r.requestId === id);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ kind: 'period_reservation', status: 'partially_accepted' });
    expect(requests[0].timeline.map((t: any) => t.label)).toEqual([
      `Demande de réservation reçue (${counts.accepted + counts.refused} jours)`,
      `${counts.accepted} jours acceptés, ${counts.refused} jours refusés`,
    ]);

    const retry = await martin.post('/api/reservations/period', { requestId: id, childId: hugo, activityId: canteen.activityId, from: '2026-09-01', to: '2027-07-03', weekdays: [1, 2, 4, 5] });
    expect(retry.body).toEqual(period.body);
  });

  it('cancels a booked day before its deadline, which is then free to book again', async () => {
    const cancel = await martin.post('/api/reservations/cancellations', { requestId: requestId(), childId: hugo, activityId: canteen.activityId, day: '2026-12-10' });
    expect(cancel.body).toMatchObject({ status: 'accepted' });
    expect(await planningDay(martin, family.familyId, hugo, canteen.activityId, '2026-12-10')).toMatchObject({ status: 'cancelled', statusLabel: 'Annulé', actions: ['book'] });
  });

  it('records an illness with a medical certificate as a justified absence', async () => {
    const absence = await martin.post('/api/reservations/absences', {
      requestId: requestId(),
      childId: lea,
      activityId: canteen.activityId,
      day: '2026-12-03',
      reason: 'illness',
      medicalCertificate: true,
    });
    expect(absence.body).toMatchObject({ status: 'accepted', justified: true });
    expect(await planningDay(martin, family.familyId, lea, canteen.activityId, '2026-12-03')).toMatchObject({ status: 'absent_justified', statusLabel: 'Absent (justifié)' });
  });

  it('lets a child book the Wednesdays only once the service accepted the enrolment', async () => {
    const enrol = { childId: chloe.childId, activityId: wednesday.activityId, periodId: 'annee-2026-2027', typicalWeek: [3] };
    const asked = await bernard.post('/api/enrolments', { requestId: requestId(), ...enrol });
    expect(asked.body).toMatchObject({ status: 'pending' });
    const early = await bernard.post('/api/reservations', { requestId: requestId(), childId: chloe.childId, activityId: wednesday.activityId, day: '2026-12-09' });
    expect(early.body).toMatchObject({ status: 'refused', reasonCode: 'ENROLMENT_PENDING' });

    const pending = (await staff.get('/api/staff/pending')).body.enrolments;
    expect(pending.map((e: any) => e.requestId)).toContain(asked.body.requestId);
    const decided = await staff.post('/api/staff/decisions', { requestId: requestId(), decision: 'accept', targets: [{ requestId: asked.body.requestId }] });
    expect(decided).toMatchObject({ status: 201, body: { decided: 1 } });

    const again = await bernard.post('/api/enrolments', { requestId: requestId(), ...enrol });
    expect(again.body).toMatchObject({ status: 'refused', reasonCode: 'ALREADY_ENROLLED' });
    const booked = await bernard.post('/api/reservations', { requestId: requestId(), childId: chloe.childId, activityId: wednesday.activityId, day: '2026-12-09' });
    expect(booked.body).toMatchObject({ status: 'accepted' });
  });

  it('leaves holiday-centre bookings to the service, who accepts a whole session in one go', async () => {
    const enrolment = await bernard.post('/api/enrolments', { requestId: requestId(), childId: chloe.childId, activityId: holidays.activityId, periodId: 'hiver-2027' });
    await staff.post('/api/staff/decisions', { requestId: requestId(), decision: 'accept', message: 'Inscription validée.', targets: [{ requestId: enrolment.body.requestId }] });
    const id = requestId();
    const period = await bernard.post('/api/reservations/period', { requestId: id, childId: chloe.childId, activityId: holidays.activityId, from: '2027-02-22', to: '2027-03-05' });
    expect(period.body).toMatchObject({ status: 'pending', counts: { pending: 10, accepted: 0 } });
    const queue = (await staff.get('/api/staff/pending')).body.reservations.filter((r: any) => r.requestId === id);
    expect(queue).toHaveLength(10);

    const refusedOne = await staff.post('/api/staff/decisions', { requestId: requestId(), decision: 'refuse', message: 'Centre fermé pour sortie ce jour-là.', targets: [{ requestId: id, day: '2027-02-26' }] });
    expect(refusedOne.body).toEqual({ decided: 1 });
    const bulk = await staff.post('/api/staff/decisions', { requestId: requestId(), decision: 'accept', targets: [{ requestId: id }] });
    expect(bulk.body).toEqual({ decided: 9 });
    const request = (await requestsOf(bernard, bernardFamilyId)).find((r) => r.requestId === id);
    expect(request).toMatchObject({ kind: 'period_reservation', status: 'partially_accepted' });
    expect(request.timeline.map((t: any) => t.label)).toContain('Jour refusé (vendredi 26/02/2027)');

    const again = await staff.post('/api/staff/decisions', { requestId: requestId(), decision: 'accept', targets: [{ requestId: id }] });
    expect(again).toMatchObject({ status: 409, body: { code: 'REQUEST_NOT_PENDING' } });
  });

  it('takes the register: present, absent, and a child present without booking', async () => {
    const marks = await staff.post('/api/staff/attendance', {
      requestId: requestId(),
      activityId: canteen.activityId,
      day: '2026-12-01',
      marks: [
        { childId: lea, status: 'present' },
        { childId: chloe.childId, status: 'present' },
      ],
    });
    expect(marks.body).toEqual({ recorded: 2 });
    const sheet = (await staff.get(`/api/staff/attendance?activityId=${canteen.activityId}&day=2026-12-01`)).body.items;
    expect(sheet).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ childId: lea, expected: true, attendance: 'present', lateBooking: true }),
        expect.objectContaining({ childId: chloe.childId, expected: false, attendance: 'present' }),
      ]),
    );
    expect(await planningDay(martin, family.familyId, lea, canteen.activityId, '2026-12-01')).toMatchObject({ status: 'present' });
    const tooEarly = await staff.post('/api/staff/attendance', { requestId: requestId(), activityId: canteen.activityId, day: '2026-12-03', marks: [{ childId: lea, status: 'present' }] });
    expect(tooEarly).toMatchObject({ status: 422, body: { code: 'ATTENDANCE_TOO_EARLY' } });
  });

  it('shows staff the occupancy of each day', async () => {
    const occupancy = (await staff.get(`/api/staff/occupancy?activityId=${canteen.activityId}&from=2026-12-01&to=2026-12-04`)).body;
    expect(occupancy.capacity).toMatchObject({ total: 99 });
    expect(occupancy.days.find((d: any) => d.day === '2026-12-03')).toMatchObject({ booked: 2, byGroup: { maternelle: 1, elementaire: 1 }, waiting: 0 });
    expect(occupancy.days.find((d: any) => d.day === '2026-12-01')).toMatchObject({ booked: 1, present: 2, unexpected: 1 });
  });

  describe('refuses bad input with a French message and a stable code, and writes nothing', () => {
    const cases: Array<[string, string, () => object, number, string]> = [
      ['an unknown child', '/api/reservations', () => ({ requestId: requestId(), childId: requestId(), activityId: canteen.activityId, day: '2026-12-04' }), 404, 'CHILD_NOT_FOUND'],
      ["another family's child", '/api/reservations', () => ({ requestId: requestId(), childId: chloe.childId, activityId: canteen.activityId, day: '2026-12-04' }), 404, 'CHILD_NOT_FOUND'],
      ['a malformed day', '/api/reservations', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '04/12/2026' }), 400, 'VALIDATION_FAILED'],
      ['a day that does not exist', '/api/reservations', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-02-30' }), 422, 'DATE_INVALID'],
      ['an unknown field', '/api/reservations', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-04', price: 0 }), 400, 'VALIDATION_FAILED'],
      ['an unknown activity', '/api/reservations', () => ({ requestId: requestId(), childId: lea, activityId: requestId(), day: '2026-12-04' }), 404, 'ACTIVITY_NOT_FOUND'],
      ['the late-booking activity booked directly', '/api/reservations', () => ({ requestId: requestId(), childId: lea, activityId: canteen.lateBooking!.activityId, day: '2026-12-04' }), 404, 'ACTIVITY_NOT_FOUND'],
      ['a period over one year', '/api/reservations/period', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2026-12-07', to: '2027-12-07' }), 422, 'PERIOD_TOO_LONG'],
      ['a period ending before it starts', '/api/reservations/period', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2027-01-08', to: '2027-01-04' }), 422, 'RANGE_INVALID'],
      ['a period with a malformed day', '/api/reservations/period', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2027-01-04', to: '2027-13-01' }), 422, 'DATE_INVALID'],
      ['a period with weekday 8', '/api/reservations/period', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2027-01-04', to: '2027-01-08', weekdays: [8] }), 400, 'VALIDATION_FAILED'],
      ["a period for another family's child", '/api/reservations/period', () => ({ requestId: requestId(), childId: chloe.childId, activityId: canteen.activityId, from: '2027-01-04', to: '2027-01-08' }), 404, 'CHILD_NOT_FOUND'],
      ['a period with only closed days', '/api/reservations/period', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2026-12-21', to: '2027-01-01' }), 422, 'NO_DAY_TO_BOOK'],
      ['a cancellation of a day not booked', '/api/reservations/cancellations', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2027-01-05' }), 409, 'RESERVATION_NOT_FOUND'],
      ["a cancellation for another family's child", '/api/reservations/cancellations', () => ({ requestId: requestId(), childId: chloe.childId, activityId: wednesday.activityId, day: '2026-12-09' }), 404, 'CHILD_NOT_FOUND'],
      ['an absence on a day not booked', '/api/reservations/absences', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2027-01-05', reason: 'family', medicalCertificate: false }), 409, 'RESERVATION_NOT_FOUND'],
      ['an absence with an unknown reason', '/api/reservations/absences', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-04', reason: 'flemme', medicalCertificate: false }), 400, 'VALIDATION_FAILED'],
      ['an enrolment in a period the activity does not have', '/api/enrolments', () => ({ requestId: requestId(), childId: lea, activityId: wednesday.activityId, periodId: 'annee-2030-2031' }), 404, 'PERIOD_NOT_FOUND'],
      ['an enrolment with a typical week on closed days', '/api/enrolments', () => ({ requestId: requestId(), childId: lea, activityId: wednesday.activityId, periodId: 'annee-2026-2027', typicalWeek: [1] }), 422, 'TYPICAL_WEEK_INVALID'],
      ['a request id that is not a uuid', '/api/enrolments', () => ({ requestId: 'abc', childId: lea, activityId: wednesday.activityId, periodId: 'annee-2026-2027' }), 400, 'VALIDATION_FAILED'],
    ];

    it.each(cases)('%s', async (_name, path, body, status, code) => {
      const before = await head();
      const response = await martin.post(path, body());
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      expect(response.body.message).toMatch(/[a-zéèà]/);
      expect(await head()).toBe(before);
    });

    it('keeps parents away from the staff decisions and the register', async () => {
      const before = await head();
      expect((await martin.post('/api/staff/decisions', { requestId: requestId(), decision: 'accept', targets: [{ requestId: requestId() }] })).status).toBe(403);
      expect((await martin.post('/api/staff/attendance', { requestId: requestId(), activityId: canteen.activityId, day: '2026-12-01', marks: [{ childId: lea, status: 'present' }] })).status).toBe(403);
      const refusal = await staff.post('/api/staff/decisions', { requestId: requestId(), decision: 'refuse', targets: [{ requestId: requestId() }] });
      expect(refusal).toMatchObject({ status: 422, body: { code: 'MESSAGE_REQUIRED' } });
      expect(await head()).toBe(before);
    });
  });

  describe('keeps another commune of the deployment away, even when it reuses the same activity ids', () => {
    let outsider: ApiClient;
    let pendingEnrolment: string;

    beforeAll(async () => {
      const other = await registerOtherCommune(portal, clock.now(), 'val-de-loire-test', { reuseDemoIds: true });
      expect(other.activityIds).toContain(canteen.activityId);
      outsider = new ApiClient(portal.baseUrl);
      await outsider.signIn(other.staff.email, other.staff.password);
      const asked = await bernard.post('/api/enrolments', { requestId: requestId(), childId: chloe.childId, activityId: holidays.activityId, periodId: 'printemps-2027' });
      expect(asked.body).toMatchObject({ status: 'pending' });
      pendingEnrolment = asked.body.requestId;
    });

    const cases: Array<[string, string, () => object, number, string]> = [
      ["a booking of this commune's child", '/api/reservations', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-04' }), 404, 'CHILD_NOT_FOUND'],
      ["a period booking of this commune's child", '/api/reservations/period', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2027-01-04', to: '2027-01-08' }), 404, 'CHILD_NOT_FOUND'],
      ["a preview for this commune's child", '/api/reservations/preview', () => ({ childId: lea, activityId: canteen.activityId, from: '2027-01-04', to: '2027-01-08' }), 404, 'CHILD_NOT_FOUND'],
      ["a cancellation of this commune's booking", '/api/reservations/cancellations', () => ({ requestId: requestId(), childId: hugo, activityId: canteen.activityId, day: '2027-01-04' }), 404, 'CHILD_NOT_FOUND'],
      ["an absence of this commune's child", '/api/reservations/absences', () => ({ requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-03', reason: 'family', medicalCertificate: false }), 404, 'CHILD_NOT_FOUND'],
      ["a register naming this commune's child", '/api/staff/attendance', () => ({ requestId: requestId(), activityId: canteen.activityId, day: '2026-12-01', marks: [{ childId: lea, status: 'absent' }] }), 404, 'CHILD_NOT_FOUND'],
      ["a decision on this commune's enrolment request", '/api/staff/decisions', () => ({ requestId: requestId(), decision: 'accept', targets: [{ requestId: pendingEnrolment }] }), 404, 'REQUEST_NOT_FOUND'],
    ];

    it.each(cases)('answers %s as unknown, and writes nothing', async (_name, path, body, status, code) => {
      const before = await head();
      const response = await outsider.post(path, body());
      expect(response).toMatchObject({ status, body: { code } });
      expect(await head()).toBe(before);
    });

    it("shows its own activity under the reused id, none of this commune's bookings, requests or families", async () => {
      const theirs = (await outsider.get(`/api/staff/occupancy?activityId=${canteen.activityId}&from=2026-12-01&to=2026-12-04`)).body;
      expect(theirs.days.find((d: any) => d.day === '2026-12-03')).toMatchObject({ booked: 0, waiting: 0, present: 0 });
      expect((await outsider.get(`/api/staff/attendance?activityId=${canteen.activityId}&day=2026-12-01`)).body.items).toEqual([]);
      expect((await outsider.get('/api/staff/pending')).body).toEqual({ reservations: [], enrolments: [] });
      expect(await outsider.get(`/api/families/${family.familyId}/planning?from=2026-12-01&to=2026-12-04`)).toMatchObject({ status: 404, body: { code: 'FAMILY_NOT_FOUND' } });
      // This commune's staff still sees its own.
      const ours = (await staff.get(`/api/staff/occupancy?activityId=${canteen.activityId}&from=2026-12-01&to=2026-12-04`)).body;
      expect(ours.days.find((d: any) => d.day === '2026-12-03')).toMatchObject({ booked: 2 });
      const decided = await staff.post('/api/staff/decisions', { requestId: requestId(), decision: 'accept', targets: [{ requestId: pendingEnrolment }] });
      expect(decided).toMatchObject({ status: 201, body: { decided: 1 } });
    });
  });
});
