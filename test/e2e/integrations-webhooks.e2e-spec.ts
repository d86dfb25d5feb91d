import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@pf/domain';
import { verifyWebhookSignature } from '@pf/integrations';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { IntegratorClient } from '../support/integrator-client';
import { startPortal, type RunningPortal } from '../support/portal';

// Receivers on 127.0.0.1 over http, quick retries and a short delivery bound, so the test runs in seconds.
Object.assign(process.env, {
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOKS_RETRY_BASE_MS: '50',
  WEBHOOKS_RETRY_MAX_MS: '400',
  WEBHOOKS_POLL_MS: '200',
  WEBHOOKS_TIMEOUT_MS: '1000',
});

const clock = new FixedClock('2026-12-01T08:00:00Z');
const nowSeconds = () => Math.floor(Date.parse(clock.now()) / 1000);
const TYPES = ['family.opened', 'reservation.requested', 'reservation.accepted', 'reservation.refused'];

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
  answered: number;
  event: { id: string; type: string; position: number; data: any };
}

/** A town-hall software's endpoint on 127.0.0.1: it answers what `plan` says for the n-th request (1-based). */
class Receiver {
  readonly received: Received[] = [];
  plan: (n: number) => number | 'hang' = () => 200;
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.plan(this.received.length + 1);
        this.received.push({ body, headers: request.headers, answered: answer === 'hang' ? 0 : answer, event: JSON.parse(body) });
        if (answer === 'hang') return; // never answers: the portal must give up on its own
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'indisponible');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/portail/evenements`;
  }

  acknowledged(): Received[] {
    return this.received.filter((r) => r.answered === 200);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks: a town-hall software receives every event, in order, signed, even after an outage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portail-webhooks-'));
  const receiver = new Receiver();
  let portal: RunningPortal;
  let staff: ApiClient;
  let integrator: IntegratorClient;
  let url: string;
  let subscription: { subscriptionId: string; secret: string; eventTypes: string[] };
  let childId: string;
  let canteenId: string;
  let oldSecret: string;

  /** What the subscription should deliver: the key's feed filtered on the same types. */
  const expectedEvents = async () => {
    const items: Array<{ id: string; position: number }> = [];
    let after = 0;
    for (;;) {
      const page = await integrator.get(`/api/integrations/events?after=${after}&limit=100&types=${TYPES.join(',')}`);
      items.push(...page.body.items);
      after = page.body.next;
      if (!page.body.hasMore) return items;
    }
  };
  const book = async (day: string) => {
    const booking = await staff.post('/api/reservations', { requestId: requestId(), childId, activityId: canteenId, day });
    expect(booking.status).toBe(201);
    return booking.body;
  };

  beforeAll(async () => {
    url = await receiver.start();
    portal = await startPortal({ dataDir, clock });
    staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    const key = await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Logiciel scolaire', scope: 'school-software' });
    integrator = new IntegratorClient(portal.baseUrl, key.body.key);
    canteenId = (await staff.get('/api/activities')).body.items.find((a: { kind: string }) => a.kind === 'canteen').activityId;
    const family = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'M', lastName: 'Moreau', firstName: 'Lucas', email: 'lucas.moreau@example.fr' },
      children: [{ firstName: 'Zoé', lastName: 'Moreau', birthDate: '2019-09-09', schoolClass: 'CP' }],
    });
    childId = family.body.children[0].childId;
  });
  afterAll(async () => {
    await portal?.close();
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an address that is not http(s), and event types outside the key’s scope, writing nothing', async () => {
    const ftp = await integrator.post('/api/integrations/webhooks', { requestId: requestId(), url: 'ftp://127.0.0.1/x', eventTypes: TYPES });
    expect(ftp).toMatchObject({ status: 422, body: { code: 'WEBHOOK_URL_NOT_HTTPS' } });
    // invoice.issued exists but belongs to the accounting scope, not to a school software's key.
    const scope = await integrator.post('/api/integrations/webhooks', { requestId: requestId(), url, eventTypes: ['invoice.issued'] });
    expect(scope).toMatchObject({ status: 422, body: { code: 'EVENT_TYPE_NOT_IN_SCOPE' } });
    const unknown = await integrator.post('/api/integrations/webhooks', { requestId: requestId(), url, eventTypes: ['invoice.printed'] });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'EVENT_TYPE_UNKNOWN' } });
    expect((await integrator.get('/api/integrations/webhooks')).body.items).toEqual([]);
  });

  it('delivers every event once the receiver recovers from failures and a hang, in position order, each signed', async () => {
    // Three refusals, then a hang longer than the delivery bound, then the receiver is back.
    receiver.plan = (n) => (n <= 3 ? 500 : n === 4 ? 'hang' : 200);
    const subscribed = await integrator.post('/api/integrations/webhooks', { requestId: requestId(), url, eventTypes: TYPES, after: 0 });
    expect(subscribed.status).toBe(201);
    subscription = subscribed.body;
    expect(subscription.secret).toMatch(/^whsec_/);
    expect(subscription.eventTypes).toEqual(TYPES.map((t) => `${t}@1`));
    await book('2026-12-03');
    await book('2026-12-01'); // past the deadline: requested, then refused

    const expected = await expectedEvents();
    expect(expected.length).toBeGreaterThanOrEqual(8);
    await until('every event acknowledged', () => receiver.acknowledged().length >= expected.length);

    expect(receiver.acknowledged().map((r) => r.event.id)).toEqual(expected.map((e) => e.id));
    expect(receiver.received.slice(0, 5).map((r) => r.event.id)).toEqual(Array(5).fill(expected[0].id));
    const positions = receiver.received.map((r) => r.event.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const r of receiver.received) {
      expect(verifyWebhookSignature({ body: r.body, header: r.headers['x-pf-signature'] as string, secret: subscription.secret, nowSeconds: nowSeconds() })).toBe(true);
      expect(r.headers['x-pf-event-id']).toBe(r.event.id);
    }
  });

  it('lets the integrator detect a tampered body', () => {
    const delivery = receiver.acknowledged()[0];
    const tampered = delivery.body.replace(/"position":(\d+)/, (_, p) => `"position":${Number(p) + 1}`);
    expect(tampered).not.toBe(delivery.body);
    const header = delivery.headers['x-pf-signature'] as string;
    expect(verifyWebhookSignature({ body: tampered, header, secret: subscription.secret, nowSeconds: nowSeconds() })).toBe(false);
    expect(verifyWebhookSignature({ body: delivery.body, header, secret: 'whsec_someone-else', nowSeconds: nowSeconds() })).toBe(false);
  });

  it('shows staff the delivery log with each failed attempt and its reason', async () => {
    const log = await staff.get(`/api/integrations/webhooks/${subscription.subscriptionId}/deliveries?limit=500`);
    expect(log.status).toBe(200);
    const first = log.body.items.filter((d: any) => d.position === receiver.received[0].event.position).sort((a: any, b: any) => a.attempt - b.attempt);
    expect(first.map((d: any) => [d.attempt, d.outcome, d.httpStatus ?? d.error])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'failed', 500],
      [4, 'failed', 'TIMEOUT'],
      [5, 'delivered', 200],
    ]);
    const listed = (await staff.get('/api/integrations/webhooks')).body.items[0];
    expect(listed).toMatchObject({ subscriptionId: subscription.subscriptionId, status: 'active', statusLabel: 'Actif', delivery: { failedAttempts: 0, lastError: null } });
  });

  it('signs with both secrets during a rotation’s overlap, then with the new one only', async () => {
    oldSecret = subscription.secret;
    const rotated = await integrator.post(`/api/integrations/webhooks/${subscription.subscriptionId}/rotate-secret`, { requestId: requestId(), overlapSeconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.previousSecretExpiresAt).toBe('2026-12-01T09:00:00.000Z');
    const newSecret = rotated.body.secret;
    expect(newSecret).not.toBe(oldSecret);

    const before = receiver.acknowledged().length;
    await book('2026-12-04');
    await until('the booking delivered', () => receiver.acknowledged().length >= before + 2);
    const during = receiver.acknowledged()[before];
    const header = during.headers['x-pf-signature'] as string;
    expect(verifyWebhookSignature({ body: during.body, header, secret: oldSecret, nowSeconds: nowSeconds() })).toBe(true);
    expect(verifyWebhookSignature({ body: during.body, header, secret: newSecret, nowSeconds: nowSeconds() })).toBe(true);

    clock.set('2026-12-01T10:00:00Z');
    const after = receiver.acknowledged().length;
    await book('2026-12-07');
    await until('the next booking delivered', () => receiver.acknowledged().length >= after + 2);
    const later = receiver.acknowledged()[after];
    const laterHeader = later.headers['x-pf-signature'] as string;
    expect(verifyWebhookSignature({ body: later.body, header: laterHeader, secret: newSecret, nowSeconds: nowSeconds() })).toBe(true);
    expect(verifyWebhookSignature({ body: later.body, header: laterHeader, secret: oldSecret, nowSeconds: nowSeconds() })).toBe(false);
    subscription.secret = newSecret;
  });

  it('replays every event after a chosen position, in order', async () => {
    const expected = await expectedEvents();
    const from = expected[2].position;
    const before = receiver.acknowledged().length;
    const replay = await staff.post(`/api/integrations/webhooks/${subscription.subscriptionId}/replay`, { requestId: requestId(), after: from });
    expect(replay.status).toBe(200);
    const again = expected.filter((e) => e.position > from);
    await until('the replay delivered', () => receiver.acknowledged().length >= before + again.length);
    expect(receiver.acknowledged().slice(before).map((r) => r.event.id)).toEqual(again.map((e) => e.id));
  });

  it('misses nothing when the receiver is down while the portal restarts, and repeats nothing already acknowledged', async () => {
    const acknowledgedBefore = receiver.acknowledged().length;
    const attemptsBefore = receiver.received.length;
    receiver.plan = () => 503;
    await book('2026-12-08');
    await until('a failed attempt while the receiver is down', () => receiver.received.length > attemptsBefore);
    await portal.close();

    const downTime = receiver.received.length;
    portal = await startPortal({ dataDir, clock });
    staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    integrator = new IntegratorClient(portal.baseUrl, integrator.key);
    receiver.plan = () => 200;
    await book('2026-12-10');

    const expected = await expectedEvents();
    const lastAcknowledged = receiver.acknowledged()[acknowledgedBefore - 1].event.position;
    const pending = expected.filter((e) => e.position > lastAcknowledged);
    expect(pending.length).toBe(4);
    await until('the events of the outage and after delivered', () => receiver.acknowledged().length >= acknowledgedBefore + pending.length);
    expect(receiver.acknowledged().slice(acknowledgedBefore).map((r) => r.event.id)).toEqual(pending.map((e) => e.id));
    expect(receiver.received.slice(downTime).every((r) => r.event.position > lastAcknowledged)).toBe(true);
  });

  it('stops delivering once unsubscribed, and keeps another integrator out of the subscription', async () => {
    const stranger = await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Autre logiciel', scope: 'school-software' });
    const other = new IntegratorClient(portal.baseUrl, stranger.body.key);
    expect((await other.get(`/api/integrations/webhooks/${subscription.subscriptionId}`)).status).toBe(404);
    expect((await other.post(`/api/integrations/webhooks/${subscription.subscriptionId}/replay`, { requestId: requestId(), after: 0 })).status).toBe(404);

    const cancelled = await integrator.post(`/api/integrations/webhooks/${subscription.subscriptionId}/unsubscribe`, { requestId: requestId() });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusLabel: 'Résilié' });
    const count = receiver.received.length;
    await book('2026-12-11');
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received.length).toBe(count);
  });
});
