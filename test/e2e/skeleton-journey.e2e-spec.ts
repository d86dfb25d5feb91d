import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';

// Tuesday 1 December 2026, 09:00 in Paris: Thursday 3rd is bookable (more than 48 h ahead),
// Wednesday 2nd at 11:45 is not (less than 48 h), and school is on (no holidays).
const clock = new FixedClock('2026-12-01T08:00:00Z');

describe('walking skeleton: staff open a file, a parent signs up with the code and books a canteen day', () => {
  let portal: RunningPortal;
  let mailbox: Mailbox;
  let staff: ApiClient;
  let parent: ApiClient;
  let family: { familyId: string; subscriberCode: string; children: Array<{ childId: string; firstName: string }> };
  let canteen: { activityId: string; name: string };
  const email = `julie.dubois.${Date.now()}@example.fr`;

  beforeAll(async () => {
    mailbox = await startMailbox();
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl });
    staff = new ApiClient(portal.baseUrl);
    parent = new ApiClient(portal.baseUrl);
  });
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
  });

  it('lets staff open a family file and get its code abonné', async () => {
    await staff.signIn(STAFF.email, STAFF.password);
    const opened = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email },
      children: [{ firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', schoolClass: 'CE2' }],
    });
    expect(opened.status).toBe(201);
    expect(opened.body.subscriberCode).toMatch(/^SHB-\d{4}-\d{4}-\d{4}$/);
    family = opened.body;
    const list = await staff.get('/api/families');
    expect(list.body.items.map((f: { familyId: string }) => f.familyId)).toContain(family.familyId);
  });

  it('lets the parent sign up with the code, follow the activation link from the mail, and sign in', async () => {
    const signUp = await parent.post('/api/auth/sign-up', {
      requestId: requestId(),
      subscriberCode: family.subscriberCode.toLowerCase().replace(/-/g, ' '),
      civility: 'Mme',
      lastName: 'Dubois',
      firstName: 'Julie',
      email,
      password: 'Cantine2026',
      passwordConfirmation: 'Cantine2026',
      termsAccepted: true,
    });
    expect(signUp.status).toBe(201);
    const mail = await mailbox.waitFor(email, (m) => m.subject.includes('Activez'));
    const link = new URL(mail.links.find((l) => l.includes('/activer-mon-compte'))!);
    const activated = await parent.post('/api/auth/activation', { accountId: link.searchParams.get('compte'), token: link.searchParams.get('jeton') });
    expect(activated.status).toBe(200);
    const me = (await parent.signIn(email, 'Cantine2026')).body;
    expect(me).toMatchObject({ role: 'guardian', familyId: family.familyId, communeName: 'Saint-Hilaire-du-Bois' });
    const activities = await parent.get('/api/activities');
    canteen = activities.body.items.find((a: { kind: string }) => a.kind === 'canteen');
    expect(canteen).toBeDefined();
  });

  it('accepts a booking more than 48 hours ahead and shows it in the planning and in Mes demandes', async () => {
    const id = requestId();
    const booking = await parent.post('/api/reservations', { requestId: id, childId: family.children[0].childId, activityId: canteen.activityId, day: '2026-12-03' });
    expect(booking).toMatchObject({ status: 201, body: { requestId: id, status: 'accepted' } });

    const planning = await parent.get(`/api/families/${family.familyId}/planning?from=2026-12-01&to=2026-12-04`);
    const day = planning.body.days.find((d: any) => d.day === '2026-12-03' && d.activityId === canteen.activityId);
    expect(day).toMatchObject({ status: 'reserved', statusLabel: 'Réservé', requestId: id });

    const requests = await parent.get(`/api/families/${family.familyId}/requests`);
    expect(requests.body.items[0]).toMatchObject({ requestId: id, status: 'accepted', statusLabel: 'Acceptée', unread: true });
    expect(requests.body.items[0].timeline.map((t: any) => t.label)).toEqual(['Demande de réservation reçue', 'Réservation acceptée']);
    expect(requests.body.items[0].timeline[1].actor).toEqual({ kind: 'rule', name: 'Règles de réservation' });
  });

  it('refuses a booking less than 48 hours ahead and tells the parent the rule', async () => {
    const booking = await parent.post('/api/reservations', {
      requestId: requestId(),
      childId: family.children[0].childId,
      activityId: canteen.activityId,
      day: '2026-12-02',
    });
    // 2 December 2026 is a Wednesday: the canteen does not run, which is checked before the deadline.
    expect(booking.body).toMatchObject({ status: 'refused', reasonCode: 'DAY_CLOSED' });
    const late = await parent.post('/api/reservations', {
      requestId: requestId(),
      childId: family.children[0].childId,
      activityId: canteen.activityId,
      day: '2026-12-01',
    });
    expect(late.body).toMatchObject({ status: 'refused', reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('48 heures') });
  });

  it('never books twice for a retried request id', async () => {
    const id = requestId();
    const body = { requestId: id, childId: family.children[0].childId, activityId: canteen.activityId, day: '2026-12-04' };
    const first = await parent.post('/api/reservations', body);
    const retry = await parent.post('/api/reservations', body);
    expect(retry.body).toEqual(first.body);
    const requests = await parent.get(`/api/families/${family.familyId}/requests`);
    expect(requests.body.items.filter((r: any) => r.requestId === id)).toHaveLength(1);
    const planning = await parent.get(`/api/families/${family.familyId}/planning?from=2026-12-04&to=2026-12-04`);
    expect(planning.body.days.find((d: any) => d.activityId === canteen.activityId).status).toBe('reserved');
  });

  it('keeps a parent out of another family, and staff out of nothing in their commune', async () => {
    const other = await staff.get('/api/families');
    const martin = other.body.items.find((f: any) => f.name === 'Famille MARTIN');
    expect((await parent.get(`/api/families/${martin.familyId}/planning?from=2026-12-01&to=2026-12-04`)).status).toBe(404);
    expect((await parent.get('/api/families')).status).toBe(403);
    expect((await staff.get(`/api/families/${family.familyId}/requests`)).status).toBe(200);
  });

  it('rejects malformed input with a French message and a stable code', async () => {
    const bad = await parent.post('/api/reservations', { requestId: 'nope', childId: family.children[0].childId, activityId: canteen.activityId, day: '03/12/2026', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: any) => d.code)).toEqual(expect.arrayContaining(['UNKNOWN_FIELD', 'IS_UUID', 'MATCHES']));
    const impossible = await parent.post('/api/reservations', { requestId: requestId(), childId: family.children[0].childId, activityId: canteen.activityId, day: '2026-02-30' });
    expect(impossible).toMatchObject({ status: 422, body: { code: 'DATE_INVALID' } });
    const unknownChild = await parent.post('/api/reservations', { requestId: requestId(), childId: requestId(), activityId: canteen.activityId, day: '2026-12-03' });
    expect(unknownChild).toMatchObject({ status: 404, body: { code: 'CHILD_NOT_FOUND' } });
  });

  it('answers a wrong or reused code abonné the same way', async () => {
    const attempt = (code: string, mail: string) =>
      new ApiClient(portal.baseUrl).post('/api/auth/sign-up', {
        requestId: requestId(),
        subscriberCode: code,
        civility: 'M',
        lastName: 'Dubois',
        firstName: 'Marc',
        email: mail,
        password: 'Cantine2026',
        passwordConfirmation: 'Cantine2026',
        termsAccepted: true,
      });
    const wrong = await attempt('SHB-0000-0000-0000', 'marc.dubois@example.fr');
    const reused = await attempt(family.subscriberCode, 'marc.dubois@example.fr');
    expect(wrong.status).toBe(422);
    expect(reused.body).toEqual(wrong.body);
  });

  it('needs the CSRF header for a signed-in write', async () => {
    const response = await fetch(`${portal.baseUrl}/api/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'pf_session=anything; pf_csrf=abc' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('CSRF_TOKEN_INVALID');
  });

  it('reports the stores and the projection lag on /api/health', async () => {
    const health = await new ApiClient(portal.baseUrl).get('/api/health');
    expect(health.body).toMatchObject({ status: 'ok', eventStore: { adapter: 'embedded', reachable: true }, readStore: { adapter: 'embedded', reachable: true } });
    expect(health.body.projections.map((p: any) => p.name)).toEqual(expect.arrayContaining(['planning', 'requests']));
    expect(health.body.maxLag).toBe(0);
  });
});
