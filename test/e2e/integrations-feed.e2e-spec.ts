import { FixedClock } from '@pf/domain';
import { LiveFeeds } from '@pf/integrations';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune, type OtherCommune } from '../support/communes';
import { IntegratorClient } from '../support/integrator-client';
import { startPortal, type RunningPortal } from '../support/portal';

// Tuesday 1 December 2026, 09:00 in Paris: Thursday 3rd is bookable, Tuesday 1st is past the 48 h deadline.
const clock = new FixedClock('2026-12-01T08:00:00Z');

interface Envelope {
  id: string;
  type: string;
  version: number;
  position: number;
  communeId: string;
  occurredAt: string;
  data: any;
}

describe('integrators read their commune’s public events, and only what their scope allows', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let otherStaff: ApiClient;
  let other: OtherCommune;
  const keys: Record<string, IntegratorClient> = {};
  let family: { familyId: string; children: Array<{ childId: string }> };
  let otherFamily: { familyId: string; children: Array<{ childId: string }> };
  let canteenId: string;

  const issueKey = async (client: ApiClient, scope: string, label = `Logiciel ${scope}`) => {
    const issued = await client.post('/api/integrations/keys', { requestId: requestId(), label, scope });
    expect(issued.status).toBe(201);
    return new IntegratorClient(portal.baseUrl, issued.body.key);
  };
  const readAll = async (client: IntegratorClient, query = ''): Promise<Envelope[]> => {
    const items: Envelope[] = [];
    let after = 0;
    for (;;) {
      const page = await client.get(`/api/integrations/events?after=${after}&limit=7${query}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      after = page.body.next;
      if (!page.body.hasMore) return items;
    }
  };

  beforeAll(async () => {
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    other = await registerOtherCommune(portal, clock.now());
    otherStaff = new ApiClient(portal.baseUrl);
    await otherStaff.signIn(other.staff.email, other.staff.password);

    family = (
      await staff.post('/api/families', {
        requestId: requestId(),
        guardian: { civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'julie.dubois@example.fr' },
        children: [{ firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', schoolClass: 'CE2' }],
      })
    ).body;
    canteenId = (await staff.get('/api/activities')).body.items.find((a: { kind: string }) => a.kind === 'canteen').activityId;
    const accepted = await staff.post('/api/reservations', { requestId: requestId(), childId: family.children[0].childId, activityId: canteenId, day: '2026-12-03' });
    expect(accepted.body.status).toBe('accepted');
    const refused = await staff.post('/api/reservations', { requestId: requestId(), childId: family.children[0].childId, activityId: canteenId, day: '2026-12-01' });
    expect(refused.body.status).toBe('refused');

    otherFamily = (
      await otherStaff.post('/api/families', {
        requestId: requestId(),
        guardian: { civility: 'M', lastName: 'Lemaire', firstName: 'Karim', email: 'karim.lemaire@example.fr' },
        children: [{ firstName: 'Inès', lastName: 'Lemaire', birthDate: '2021-02-01', schoolClass: 'Moyenne section' }],
      })
    ).body;
    const otherCanteen = (await otherStaff.get('/api/activities')).body.items.find((a: { kind: string }) => a.kind === 'canteen').activityId;
    const otherBooking = await otherStaff.post('/api/reservations', { requestId: requestId(), childId: otherFamily.children[0].childId, activityId: otherCanteen, day: '2026-12-03' });
    expect(otherBooking.body.status).toBe('accepted');

    keys.accounting = await issueKey(staff, 'accounting');
    keys.caf = await issueKey(staff, 'caf-statistics');
    keys.school = await issueKey(staff, 'school-software');
    keys.otherSchool = await issueKey(otherStaff, 'school-software');
  });
  afterAll(() => portal?.close());

  it('publishes the catalogue to anyone, with a schema, an example and a French and English meaning per type and version', async () => {
    const catalogue = await new ApiClient(portal.baseUrl).get('/api/events/catalogue');
    expect(catalogue.status).toBe(200);
    const typeVersions = catalogue.body.types.map((t: { typeVersion: string }) => t.typeVersion);
    expect(typeVersions).toEqual(
      expect.arrayContaining([
        'family.opened@1',
        'family.guardian-account-linked@1',
        'activity.configured@1',
        'reservation.requested@1',
        'reservation.accepted@1',
        'reservation.refused@1',
        'reservation.waitlisted@1',
      ]),
    );
    for (const t of catalogue.body.types) {
      expect(t.schema).toMatchObject({ type: 'object' });
      expect(t.example).toBeDefined();
      expect(t.meaning.fr.length).toBeGreaterThan(20);
      expect(t.meaning.en.length).toBeGreaterThan(20);
    }
    expect(catalogue.body.scopes.map((s: { scope: string }) => s.scope)).toEqual(['accounting', 'caf-statistics', 'school-software']);
  });

  it('shows a key once, keeps only its hash, and refuses to show it again for a retried request', async () => {
    const id = requestId();
    const first = await staff.post('/api/integrations/keys', { requestId: id, label: 'Essai', scope: 'accounting' });
    expect(first.body.key).toMatch(/^pfk_[A-Za-z0-9_-]{43}$/);
    const retry = await staff.post('/api/integrations/keys', { requestId: id, label: 'Essai', scope: 'accounting' });
    expect(retry).toMatchObject({ status: 409, body: { code: 'INTEGRATOR_KEY_ALREADY_SHOWN' } });
    const listed = (await staff.get('/api/integrations/keys')).body.items.find((k: { keyId: string }) => k.keyId === first.body.keyId);
    expect(listed).toMatchObject({ label: 'Essai', scope: 'accounting', status: 'active', keyPrefix: first.body.key.slice(0, 12) });
    expect(JSON.stringify(listed)).not.toContain(first.body.key);
  });

  it('refuses an unknown scope with a French message and writes nothing', async () => {
    const before = (await staff.get('/api/integrations/keys')).body.items.length;
    const bad = await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Tout', scope: 'everything' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(bad.body.details[0].message).toMatch(/périmètre/);
    expect((await staff.get('/api/integrations/keys')).body.items).toHaveLength(before);
  });

  it('never shows one commune’s events to another commune’s key', async () => {
    const mine = await readAll(keys.school);
    const theirs = await readAll(keys.otherSchool);
    expect(mine.length).toBeGreaterThan(5);
    expect(theirs.length).toBeGreaterThan(3);
    expect(new Set(mine.map((e) => e.communeId))).toEqual(new Set(['saint-hilaire-du-bois']));
    expect(new Set(theirs.map((e) => e.communeId))).toEqual(new Set([other.communeId]));
    expect(JSON.stringify(mine)).not.toContain(otherFamily.familyId);
    expect(JSON.stringify(mine)).not.toContain('Lemaire');
    expect(JSON.stringify(theirs)).not.toContain(family.familyId);
    expect(JSON.stringify(theirs)).not.toContain('Dubois');
    const positions = mine.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('gives the CAF statistics key ages and counts, never a name or an id of a family or a child', async () => {
    const events = await readAll(keys.caf);
    const text = JSON.stringify(events);
    for (const personal of ['Dubois', 'Julie', 'Emma', 'julie.dubois@example.fr', family.familyId, family.children[0].childId, 'MARTIN', 'Léa']) {
      expect(text).not.toContain(personal);
    }
    expect(text).not.toMatch(/"(familyId|childId|requestId|firstName|lastName|email|birthDate)"/);
    const opened = events.filter((e) => e.type === 'family.opened');
    expect(opened.at(-1)!.data).toEqual({ childAges: [8], childCount: 1 });
    const accepted = events.find((e) => e.type === 'reservation.accepted' && e.data.day === '2026-12-03');
    expect(accepted!.data).toEqual({ activityId: canteenId, day: '2026-12-03', childAge: 8, ageGroup: '6-and-over' });
    const refused = events.find((e) => e.type === 'reservation.refused');
    expect(refused!.data).toMatchObject({ reasonCode: 'PAST_DEADLINE', childAge: 8 });
  });

  it('gives the accounting key families and accepted bookings, but no request, refusal or birth date', async () => {
    const events = await readAll(keys.accounting);
    const types = new Set(events.map((e) => e.type));
    expect([...types].sort()).toEqual(['activity.configured', 'family.guardian-account-linked', 'family.opened', 'reservation.accepted']);
    const opened = events.find((e) => e.type === 'family.opened' && e.data.familyId === family.familyId);
    expect(opened!.data).toEqual({
      familyId: family.familyId,
      familyName: 'Famille DUBOIS',
      guardians: [expect.objectContaining({ firstName: 'Julie', lastName: 'Dubois', email: 'julie.dubois@example.fr' })],
      children: [{ childId: family.children[0].childId, firstName: 'Emma', lastName: 'Dubois' }],
    });
  });

  it('gives the school software children with their class, and guardians without contact details', async () => {
    const events = await readAll(keys.school);
    const opened = events.find((e) => e.type === 'family.opened' && e.data.familyId === family.familyId);
    expect(opened!.data.children[0]).toMatchObject({ firstName: 'Emma', birthDate: '2018-04-12', schoolClass: 'CE2' });
    expect(opened!.data.guardians[0].email).toBeUndefined();
    const requestIds = events.filter((e) => e.type.startsWith('reservation.') && e.data.childId === family.children[0].childId).map((e) => e.type);
    expect(requestIds).toEqual(['reservation.requested', 'reservation.accepted', 'reservation.requested', 'reservation.refused']);
  });

  it('refuses a filter on a type outside the key’s scope, or unknown, with a stable code', async () => {
    expect(await keys.accounting.get('/api/integrations/events?types=reservation.refused@1')).toMatchObject({ status: 422, body: { code: 'EVENT_TYPE_NOT_IN_SCOPE' } });
    expect(await keys.accounting.get('/api/integrations/events?types=invoice.paid')).toMatchObject({ status: 422, body: { code: 'EVENT_TYPE_UNKNOWN' } });
    const pinned = await keys.accounting.get('/api/integrations/events?types=reservation.accepted@1');
    expect(pinned.body.items.every((e: Envelope) => e.type === 'reservation.accepted' && e.version === 1)).toBe(true);
    expect(await keys.accounting.get('/api/integrations/events?limit=5000')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('keeps integrators and people in their own rooms', async () => {
    expect((await keys.accounting.get('/api/integrations/keys')).status).toBe(403);
    expect((await keys.accounting.get('/api/families')).status).toBe(403);
    expect((await staff.get('/api/integrations/events')).status).toBe(403);
    expect((await new ApiClient(portal.baseUrl).get('/api/integrations/events')).status).toBe(401);
    expect((await new IntegratorClient(portal.baseUrl, 'pfk_not-a-real-key').get('/api/integrations/events')).status).toBe(401);
    const me = await keys.caf.get('/api/integrations/me');
    expect(me.body).toMatchObject({ communeId: 'saint-hilaire-du-bois', scope: 'caf-statistics' });
  });

  it('stops a revoked key at once, and cannot revoke another commune’s key', async () => {
    const key = await issueKey(staff, 'accounting', 'Clé à révoquer');
    const { keyId } = (await key.get('/api/integrations/me')).body;
    expect((await otherStaff.post(`/api/integrations/keys/${keyId}/revoke`, { requestId: requestId() })).status).toBe(404);
    expect((await key.get('/api/integrations/events')).status).toBe(200);
    const revoked = await staff.post(`/api/integrations/keys/${keyId}/revoke`, { requestId: requestId() });
    expect(revoked.body).toMatchObject({ status: 'revoked', statusLabel: 'Révoquée' });
    expect((await key.get('/api/integrations/events')).status).toBe(401);
    expect(await staff.post(`/api/integrations/keys/${keyId}/revoke`, { requestId: requestId() })).toMatchObject({
      status: 409,
      body: { code: 'INTEGRATOR_KEY_ALREADY_REVOKED' },
    });
  });

  it('streams the feed live and resumes after Last-Event-ID without missing or repeating an event', async () => {
    const everything = await readAll(keys.school);
    const middle = everything[Math.floor(everything.length / 2)];
    const stream = await openStream(portal.baseUrl, keys.school.key, { 'last-event-id': String(middle.position) });
    const expected = everything.filter((e) => e.position > middle.position).map((e) => e.id);
    const caughtUp = await stream.next(expected.length);
    expect(caughtUp.map((m) => m.data.id)).toEqual(expected);
    expect(caughtUp.at(-1)!.id).toBe(String(everything.at(-1)!.position));

    const booked = await staff.post('/api/reservations', { requestId: requestId(), childId: family.children[0].childId, activityId: canteenId, day: '2026-12-04' });
    expect(booked.body.status).toBe('accepted');
    const live = await stream.next(2);
    expect(live.map((m) => m.data.type)).toEqual(['reservation.requested', 'reservation.accepted']);
    stream.close();
    const feeds = portal.app.get(LiveFeeds);
    await until(() => feeds.size === 0);

    const refused = await (await fetch(`${portal.baseUrl}/api/integrations/events/stream`, { headers: { authorization: `Bearer ${keys.school.key}`, 'last-event-id': 'abc' } })).json();
    expect(refused).toMatchObject({ statusCode: 422, code: 'LAST_EVENT_ID_INVALID' });
  });
});

async function until(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface StreamMessage {
  id: string | null;
  data: Envelope;
}

/** A minimal EventSource over fetch (Node 20 has none), reading `count` messages with a time bound. */
async function openStream(baseUrl: string, key: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/integrations/events/stream`, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: StreamMessage[] = [];
  const pump = async (deadline: number) => {
    while (Date.now() < deadline) {
      const block = buffer.indexOf('\n\n');
      if (block >= 0) {
        const raw = buffer.slice(0, block);
        buffer = buffer.slice(block + 2);
        const lines = raw.split('\n');
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        const id = lines.find((l) => l.startsWith('id: '))?.slice(4) ?? null;
        if (data) queue.push({ id, data: JSON.parse(data) });
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => (timer = setTimeout(() => r(null), Math.max(0, deadline - Date.now()))))]);
      clearTimeout(timer);
      if (!chunk || chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return {
    async next(count: number, timeoutMs = 10_000): Promise<StreamMessage[]> {
      const deadline = Date.now() + timeoutMs;
      while (queue.length < count && Date.now() < deadline) await pump(deadline);
      if (queue.length < count) throw new Error(`only ${queue.length} of ${count} messages within ${timeoutMs} ms`);
      return queue.splice(0, count);
    },
    close: () => abort.abort(),
  };
}
