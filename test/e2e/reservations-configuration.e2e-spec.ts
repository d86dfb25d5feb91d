import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune, type OtherCommune } from '../support/communes';
import { startPortal, type RunningPortal } from '../support/portal';

const clock = new FixedClock('2026-12-01T07:30:00Z');

describe('staff configure facilities and activities', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let parent: ApiClient;
  // Given by the server when the facility and the activity are created.
  let facilityId: string;
  let activityId: string;
  const head = async () => (await new ApiClient(portal.baseUrl).get('/api/health')).body.headPosition as number;
  /** The activity's rules; `activityId` once it exists (changing it), none to create it. */
  const judo = (id: string | null = activityId) => ({
    requestId: requestId(),
    ...(id ? { activityId: id } : {}),
    facilityId,
    name: 'Atelier judo du mardi soir',
    kind: 'evening_care',
    startTime: '16:45',
    endTime: '18:00',
    openWeekdays: [2],
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'daysBefore', days: 2, time: '12:00' },
    capacity: 12,
    processing: 'manual',
    periods: [{ periodId: 'trimestre-2', label: 'Janvier à mars 2027', kind: 'school_year', from: '2027-01-04', to: '2027-03-31', openWeekdays: [2] }],
    groups: [{ group: 'elementaire', capacity: 12 }],
    closedDays: [{ day: '2027-01-26', reason: 'Gymnase réservé pour les élections' }],
    enrolment: 'staff',
    lateBookingOf: null,
  });

  beforeAll(async () => {
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    parent = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    await parent.signIn('claire.martin@example.fr', 'Famille-2026');
  });
  afterAll(() => portal?.close());

  it('show the demo commune configured for the school year 2026-2027, with its holiday sessions and the late-booking canteen', async () => {
    const items = (await staff.get('/api/staff/activities')).body.items;
    const canteen = items.find((a: any) => a.name === 'Restaurant scolaire');
    expect(canteen).toMatchObject({
      periods: [{ periodId: 'annee-2026-2027', from: '2026-09-01', to: '2027-07-03' }],
      groups: [{ group: 'maternelle', capacity: 35 }, { group: 'elementaire', capacity: 64 }],
      enrolment: 'open',
      deadlineText: 'au plus tard 48 heures avant',
    });
    expect(items.find((a: any) => a.name === 'Repas non prévu (majoration)')).toMatchObject({ lateBookingOf: canteen.activityId, deadlineText: 'au plus tard le jour même, avant 9h00' });
    expect(items.find((a: any) => a.kind === 'holiday_centre').periods.map((p: any) => p.label)).toEqual([
      'Vacances de la Toussaint 2026',
      "Vacances d'hiver 2027",
      'Vacances de printemps 2027',
    ]);
    expect((await staff.get('/api/staff/facilities')).body.items.map((f: any) => f.name)).toContain('Centre de loisirs La Marelle');
  });

  it('add a facility and an activity that parents then see, with ids the server gives', async () => {
    const facility = await staff.post('/api/staff/facilities', { requestId: requestId(), name: 'Gymnase Léo-Lagrange', address: null });
    expect(facility).toMatchObject({ status: 201, body: { facilityId: expect.any(String) } });
    facilityId = facility.body.facilityId;
    const configured = await staff.post('/api/staff/activities', judo(null));
    expect(configured).toMatchObject({ status: 201, body: { activityId: expect.any(String) } });
    activityId = configured.body.activityId;
    const seen = (await parent.get('/api/activities')).body.items.find((a: any) => a.activityId === activityId);
    expect(seen).toMatchObject({ name: 'Atelier judo du mardi soir', facilityName: 'Gymnase Léo-Lagrange', processing: 'manual', enrolment: 'staff', lateBooking: null });
    const planning = await parent.get(`/api/families/${(await parent.get('/api/auth/me')).body.familyId}/planning?from=2027-01-26&to=2027-01-26`);
    expect(planning.body.days.find((d: any) => d.activityId === activityId)).toMatchObject({ status: 'unavailable', reasonText: 'Fermé : Gymnase réservé pour les élections' });
  });

  it('configuring the same rules again writes nothing', async () => {
    const before = await head();
    expect((await staff.post('/api/staff/activities', judo())).status).toBe(201);
    expect(await head()).toBe(before);
  });

  it('refuse an invalid configuration field by field, in French, and write nothing', async () => {
    const before = await head();
    const bad = await staff.post('/api/staff/activities', { ...judo(), endTime: '16:00', capacity: 0 });
    expect(bad.status).toBe(400);
    const rules = await staff.post('/api/staff/activities', { ...judo(), endTime: '16:00', periods: [] });
    expect(rules).toMatchObject({ status: 422, body: { code: 'ACTIVITY_CONFIGURATION_INVALID' } });
    expect(rules.body.details.map((d: any) => d.code)).toEqual(expect.arrayContaining(['END_BEFORE_START', 'PERIOD_REQUIRED']));
    const unknownFacility = await staff.post('/api/staff/activities', { ...judo(), facilityId: requestId() });
    expect(unknownFacility).toMatchObject({ status: 404, body: { code: 'FACILITY_NOT_FOUND' } });
    // A client names an activity or a facility only to change one that exists.
    expect(await staff.post('/api/staff/activities', judo(requestId()))).toMatchObject({ status: 404, body: { code: 'ACTIVITY_NOT_FOUND' } });
    expect(await staff.post('/api/staff/facilities', { requestId: requestId(), facilityId: requestId(), name: 'Nouveau gymnase', address: null })).toMatchObject({
      status: 404,
      body: { code: 'FACILITY_NOT_FOUND' },
    });
    const unknownField = await staff.post('/api/staff/activities', { ...judo(), tarif: 350 });
    expect(unknownField.body.details).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_FIELD', field: 'tarif' }));
    expect(await head()).toBe(before);
  });

  describe("another commune's agent", () => {
    let other: OtherCommune;
    let agent: ApiClient;
    beforeAll(async () => {
      other = await registerOtherCommune(portal, clock.now());
      agent = new ApiClient(portal.baseUrl);
      await agent.signIn(other.staff.email, other.staff.password);
    });

    it("cannot take over this commune's facility or activity by naming its id: « not found », nothing written", async () => {
      const before = { activities: (await staff.get('/api/staff/activities')).body, facilities: (await staff.get('/api/staff/facilities')).body };
      const head0 = await head();
      const facility = await agent.post('/api/staff/facilities', { requestId: requestId(), facilityId, name: 'Gymnase repris', address: null });
      expect(facility).toMatchObject({ status: 404, body: { code: 'FACILITY_NOT_FOUND' } });
      const ownFacility = (await agent.get('/api/staff/facilities')).body.items[0].facilityId;
      const activity = await agent.post('/api/staff/activities', { ...judo(), facilityId: ownFacility, name: 'Activité reprise' });
      expect(activity).toMatchObject({ status: 404, body: { code: 'ACTIVITY_NOT_FOUND' } });
      const late = await agent.post('/api/staff/activities', { ...judo(null), facilityId: ownFacility, periods: [], lateBookingOf: activityId });
      expect(late).toMatchObject({ status: 404, body: { code: 'ACTIVITY_NOT_FOUND' } });
      expect(await head()).toBe(head0);
      expect({ activities: (await staff.get('/api/staff/activities')).body, facilities: (await staff.get('/api/staff/facilities')).body }).toEqual(before);
      expect((await agent.get('/api/staff/facilities')).body.items.map((f: any) => f.facilityId)).not.toContain(facilityId);
    });
  });

  it('a full day says so before anyone asks: « Complet — liste d’attente » with the rank a request would get, in the planning and the preview', async () => {
    const study = await staff.post('/api/staff/activities', {
      ...judo(null),
      name: 'Étude surveillée du mardi',
      processing: 'automatic',
      enrolment: 'open',
      capacity: 3,
      groups: [],
      closedDays: [],
    });
    const studyId = study.body.activityId as string;
    const day = '2027-01-12';
    const families: Array<{ familyId: string; childId: string }> = [];
    for (const name of ['Aubry', 'Blanc', 'Colin', 'Durand', 'Étienne']) {
      const file = await staff.post('/api/families', {
        requestId: requestId(),
        guardian: { civility: 'Mme', firstName: 'Sophie', lastName: name, email: `sophie.${name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase()}@exemple.fr` },
        children: [{ firstName: 'Noé', lastName: name, birthDate: '2018-04-02', schoolClass: 'CE2' }],
      });
      families.push({ familyId: file.body.familyId, childId: file.body.children[0].childId });
    }
    const planned = async (f: { familyId: string; childId: string }) =>
      (await staff.get(`/api/families/${f.familyId}/planning?from=${day}&to=${day}`)).body.days.find((d: any) => d.activityId === studyId && d.childId === f.childId);
    const preview = async (f: { childId: string }) => (await staff.post('/api/reservations/preview', { childId: f.childId, activityId: studyId, from: day, to: day })).body.days[0];

    for (const f of families.slice(0, 3)) {
      expect(await planned(f)).toMatchObject({ status: 'free', statusLabel: 'Libre', actions: ['book'] });
      expect((await planned(f)).waitingListRank).toBeUndefined();
      expect((await staff.post('/api/reservations', { requestId: requestId(), childId: f.childId, activityId: studyId, day })).body.status).toBe('accepted');
    }
    // The fourth family: the day is full, and says the rank before the parent commits.
    const [, , , fourth, fifth] = families;
    expect(await planned(fourth)).toMatchObject({ status: 'free', statusLabel: "Complet — liste d'attente (rang 1)", actions: ['book'], waitingListRank: 1 });
    expect(await preview(fourth)).toMatchObject({ status: 'waitlisted', rank: 1 });
    expect((await staff.post('/api/reservations', { requestId: requestId(), childId: fourth.childId, activityId: studyId, day })).body).toMatchObject({ status: 'waitlisted', rank: 1 });
    expect(await planned(fifth)).toMatchObject({ statusLabel: "Complet — liste d'attente (rang 2)", waitingListRank: 2 });
    // A booked family's own day is never « complet » for them.
    expect(await planned(families[0])).toMatchObject({ status: 'reserved' });
  });

  it('keep parents out of the configuration', async () => {
    expect((await parent.post('/api/staff/activities', judo())).status).toBe(403);
    expect((await parent.get('/api/staff/activities')).status).toBe(403);
  });
});
