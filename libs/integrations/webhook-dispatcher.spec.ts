import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@pf/domain';
import type { RecordedEvent } from '@pf/event-store';
import { createReadStore, type ReadStore } from '@pf/read-store';
import { integrationsProjection } from './integrations.projection';
import { activityPublicEvents, communePublicEvents, familyPublicEvents, reservationPublicEvents } from './mappings';
import { composePublicEvents } from './public-event';
import { publicEventsProjection } from './public-events.projection';
import { retryDelay, WEBHOOK_CURSORS, WebhookDispatcher, type WebhookCursorDocument } from './webhook-dispatcher';
import { WebhookSecrets } from './webhook-secrets';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature';
import type { WebhookTransport } from './webhook-transport';

const feed = publicEventsProjection(composePublicEvents([communePublicEvents, familyPublicEvents, activityPublicEvents, reservationPublicEvents]));
const COMMUNE = 'saint-hilaire-du-bois';
const KEY = '2f7e1c3a-9b8d-5e4f-a1b2-c3d4e5f6a7b8';
const SUB = '7a6b5c4d-3e2f-5a1b-8c9d-0e1f2a3b4c5d';
const secrets = new WebhookSecrets('x'.repeat(32));
const options = { enabled: true, retryBaseMs: 5, retryMaxMs: 20, timeoutMs: 1000, pollMs: 20, logRetentionDays: 30 };

let position = 0;
const recorded = (type: string, data: unknown, communeId = COMMUNE): RecordedEvent => {
  position += 1;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    data,
    streamId: 'x',
    revision: 0,
    position,
    recordedAt: '2026-12-01T08:00:00.000Z',
    metadata: { communeId, actor: { kind: 'staff', id: 'a' }, correlationId: 'c', causationId: 'c', occurredAt: '2026-12-01T08:00:00.000Z', schemaVersion: 1 },
  };
};
const accepted = (day: string, communeId = COMMUNE) =>
  recorded(
    'ReservationAccepted',
    {
      requestId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
      familyId: '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b',
      childId: '9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d',
      activityId: '3c2b1a09-8f7e-5d6c-9b5a-4f3e2d1c0b9a',
      day,
    },
    communeId,
  );
const keyIssued = (communeId: string, keyHash: string) =>
  recorded('IntegratorKeyIssued', { keyId: KEY, communeId, label: 'Compta', scope: 'accounting', keyHash, keyPrefix: 'pfk_x' }, communeId);
const subscribed = (communeId: string, url: string) =>
  recorded('WebhookSubscribed', { subscriptionId: SUB, communeId, keyId: KEY, url, eventTypes: ['reservation.accepted@1'], secretId: 's1', startAfter: 0 }, communeId);

/** A receiver without HTTP: it answers by day, and records what it acknowledged. */
function fakeReceiver(refuse: (day: string) => boolean) {
  const acknowledged: string[] = [];
  let attempts = 0;
  const transport: WebhookTransport = async (_url, body) => {
    attempts++;
    const day = JSON.parse(body).data.day as string;
    if (refuse(day)) return { ok: false, status: 503, error: 'HTTP_503', durationMs: 1 };
    acknowledged.push(day);
    return { ok: true, status: 200, error: null, durationMs: 1 };
  };
  return { transport, acknowledged, attempts: () => attempts };
}

async function until(probe: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the webhook dispatcher', () => {
  let dir: string;
  let reads: ReadStore;
  const dispatchers: WebhookDispatcher[] = [];
  const apply = async (...events: RecordedEvent[]) => {
    for (const event of events) {
      const handler = feed.handlers[event.type] ?? integrationsProjection.handlers[event.type];
      await reads.unitOfWork((uow) => handler(event, uow.inCommune(event.metadata.communeId)));
    }
  };
  const dispatcher = async (transport: WebhookTransport) => {
    const d = new WebhookDispatcher({ reads, clock: new FixedClock('2026-12-01T08:00:00Z'), secrets, options, policy: { allowPrivateNetworks: true }, transport });
    dispatchers.push(d);
    await d.start();
    return d;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dispatcher-'));
    reads = await createReadStore({ dataDir: dir });
    for (const spec of [...feed.collections, ...integrationsProjection.collections]) await reads.ensureCollection(spec);
    await apply(keyIssued(COMMUNE, 'a'.repeat(64)), subscribed(COMMUNE, 'http://127.0.0.1:9/hook'));
  });
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.stop();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries after 1, 2, 4… times the base delay, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 40].map((n) => retryDelay(n, { retryBaseMs: 1000, retryMaxMs: 5000 }))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('holds the next events back while one is refused, then delivers them all in order', async () => {
    let down = true;
    const receiver = fakeReceiver((day) => down && day === '2026-12-03');
    await apply(accepted('2026-12-03'), accepted('2026-12-04'), accepted('2026-12-07'));
    await dispatcher(receiver.transport);
    await until(() => receiver.attempts() >= 4);
    expect(receiver.acknowledged).toEqual([]);
    down = false;
    await until(() => receiver.acknowledged.length === 3);
    expect(receiver.acknowledged).toEqual(['2026-12-03', '2026-12-04', '2026-12-07']);
  });

  it('lets a new dispatcher on the same stores resume after the last acknowledged event', async () => {
    const first = fakeReceiver(() => false);
    await apply(accepted('2026-12-03'), accepted('2026-12-04'));
    const d = await dispatcher(first.transport);
    await until(() => first.acknowledged.length === 2);
    await d.stop();

    await apply(accepted('2026-12-07'));
    const second = fakeReceiver(() => false);
    await dispatcher(second.transport);
    await until(() => second.acknowledged.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(second.acknowledged).toEqual(['2026-12-07']);
  });

  it('applies a replay once, from the position asked', async () => {
    const receiver = fakeReceiver(() => false);
    const events = [accepted('2026-12-03'), accepted('2026-12-04'), accepted('2026-12-07')];
    await apply(...events);
    await dispatcher(receiver.transport);
    await until(() => receiver.acknowledged.length === 3);
    await apply(recorded('WebhookReplayRequested', { subscriptionId: SUB, communeId: COMMUNE, after: events[0].position }));
    await until(() => receiver.acknowledged.length === 5);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.acknowledged).toEqual(['2026-12-03', '2026-12-04', '2026-12-07', '2026-12-04', '2026-12-07']);
    const cursor = await reads.inCommune(COMMUNE).collection<WebhookCursorDocument>(WEBHOOK_CURSORS).get(SUB);
    expect(cursor).toMatchObject({ position: events[2].position, attempts: 0 });
  });

  it('delivers nothing for a revoked key', async () => {
    const receiver = fakeReceiver(() => false);
    await apply(recorded('IntegratorKeyRevoked', { keyId: KEY, communeId: COMMUNE }), accepted('2026-12-03'));
    await dispatcher(receiver.transport);
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.attempts()).toBe(0);
  });

  it('delivers each commune’s events to its own subscription, signed with its own secret, when another commune has the same ids', async () => {
    const OTHER = 'autre-commune';
    await apply(keyIssued(OTHER, 'b'.repeat(64)), subscribed(OTHER, 'http://127.0.0.1:9/autre'));
    const received: Array<{ url: string; day: string; communeId: string; signedForUs: boolean }> = [];
    const transport: WebhookTransport = async (url, body, headers) => {
      const communeId = url.endsWith('/autre') ? OTHER : COMMUNE;
      const event = JSON.parse(body);
      const signedForUs = verifyWebhookSignature({ body, header: headers[SIGNATURE_HEADER], secret: secrets.secretFor(communeId, SUB, 's1'), nowSeconds: Date.parse('2026-12-01T08:00:00Z') / 1000 });
      received.push({ url, day: event.data.day, communeId: event.communeId, signedForUs });
      return { ok: true, status: 200, error: null, durationMs: 1 };
    };
    const events = [accepted('2026-12-03'), accepted('2026-12-04', OTHER), accepted('2026-12-07')];
    await apply(...events);
    await dispatcher(transport);
    await until(() => received.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    const to = (suffix: string) => received.filter((r) => r.url.endsWith(suffix)).map(({ day, communeId, signedForUs }) => [day, communeId, signedForUs]);
    expect(to('/hook')).toEqual([
      ['2026-12-03', COMMUNE, true],
      ['2026-12-07', COMMUNE, true],
    ]);
    expect(to('/autre')).toEqual([['2026-12-04', OTHER, true]]);
    expect(secrets.secretFor(OTHER, SUB, 's1')).not.toBe(secrets.secretFor(COMMUNE, SUB, 's1'));
    const cursor = (communeId: string) => reads.inCommune(communeId).collection<WebhookCursorDocument>(WEBHOOK_CURSORS).get(SUB);
    expect(await cursor(COMMUNE)).toMatchObject({ position: events[2].position, attempts: 0 });
    expect(await cursor(OTHER)).toMatchObject({ position: events[1].position, attempts: 0 });
  });
});
