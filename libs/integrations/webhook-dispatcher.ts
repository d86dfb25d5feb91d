import { newId, type Clock } from '@pf/domain';
import { communeKey, type Document, type ReadStore } from '@pf/read-store';
import { nextFeedEvent } from './event-feed';
import type { WebhookDispatchOptions } from './integrations.options';
import {
  INTEGRATOR_KEYS,
  signingSecretIds,
  WEBHOOK_SUBSCRIPTIONS,
  type IntegratorKeyDocument,
  type WebhookSubscriptionDocument,
} from './integrations.projection';
import type { PublicEventEnvelope } from './public-event';
import type { WebhookSecrets } from './webhook-secrets';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';
import { postWebhook, type WebhookTransport } from './webhook-transport';
import type { WebhookUrlPolicy } from './webhook-url';

/** Where each subscription stands (in its commune): the last (position, seq) its receiver acknowledged. Not a projection: rebuilds leave it alone. */
export const WEBHOOK_CURSORS = 'webhook_cursors';
/** Every delivery attempt, for the commune's staff and the integrator to read. */
export const WEBHOOK_DELIVERIES = 'webhook_deliveries';

export interface WebhookCursorDocument extends Document {
  position: number;
  /** null: everything at `position` is delivered; a number: the public events of `position` up to this seq are. */
  seq: number | null;
  /** Failed attempts at the event now due (0 after a success). */
  attempts: number;
  /** The last replay applied (its event id), so each one moves the cursor once. */
  replayId: string | null;
  lastDeliveredAt: string | null;
  lastError: string | null;
}

export interface WebhookDeliveryDocument extends Document {
  subscriptionId: string;
  communeId: string;
  eventId: string;
  type: string;
  version: number;
  position: number;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'failed';
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** Delay before the next attempt, after a failure. */
  retryInMs: number | null;
}

export interface DispatcherDeps {
  reads: ReadStore;
  clock: Clock;
  secrets: WebhookSecrets;
  options: WebhookDispatchOptions;
  policy: WebhookUrlPolicy;
  transport?: WebhookTransport;
  log?: (message: string) => void;
}

/** Delay before attempt n+1 after n failures: base, 2·base, 4·base… capped. */
export const retryDelay = (failures: number, options: Pick<WebhookDispatchOptions, 'retryBaseMs' | 'retryMaxMs'>) =>
  Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));

const PRUNE_EVERY_MS = 3600_000;

/**
 * Delivers each active subscription's public events, one at a time and in position order: the
 * cursor only moves past an event once its receiver answered 2xx, so a receiver down for hours
 * gets everything, in order, when it comes back (at least once: it may see an event twice).
 * The cursor lives in the read store, so a restarted portal resumes where it was.
 */
export class WebhookDispatcher {
  private readonly workers = new Map<string, Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private readonly abort = new AbortController();
  private readonly transport: WebhookTransport;
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private lastPrune = 0;
  /** Bumped at each wake, so a wake that came while a worker was reading is not lost. */
  private generation = 0;

  constructor(private readonly deps: DispatcherDeps) {
    this.transport = deps.transport ?? postWebhook;
  }

  async start(): Promise<void> {
    const { reads } = this.deps;
    await reads.ensureCollection({ name: WEBHOOK_CURSORS });
    await reads.ensureCollection({ name: WEBHOOK_DELIVERIES, indexes: [{ fields: ['subscriptionId', 'at'] }, { fields: ['at'] }] });
    this.timer = setInterval(() => void this.scan(), this.deps.options.pollMs);
    this.timer.unref();
    await this.scan();
  }

  /** New public events or a changed subscription: look at once rather than at the next poll. */
  wake(): void {
    if (this.stopping) return;
    this.generation++;
    for (const wakeUp of [...this.sleepers]) wakeUp();
    void this.scan();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.abort.abort();
    await Promise.all(this.workers.values());
  }

  private async scan(): Promise<void> {
    if (this.stopping) return;
    try {
      // One dispatcher serves every commune: it looks for active subscriptions across communes, then
      // each worker reads and writes its subscription's commune only.
      const active = await this.deps.reads.acrossCommunes().collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS).find({ status: 'active' });
      for (const sub of active) {
        const worker = communeKey(sub.communeId, sub._id);
        if (this.workers.has(worker) || this.stopping) continue;
        this.workers.set(
          worker,
          this.work(sub.communeId, sub._id)
            .catch((error) => this.deps.log?.(`webhook ${worker}: ${error instanceof Error ? error.message : String(error)}`))
            .finally(() => this.workers.delete(worker)),
        );
      }
      await this.prune();
    } catch (error) {
      if (!this.stopping) this.deps.log?.(`webhook scan failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async work(communeId: string, subscriptionId: string): Promise<void> {
    const commune = this.deps.reads.inCommune(communeId);
    while (!this.stopping) {
      const sub = await commune.collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS).get(subscriptionId);
      if (!sub || sub.status !== 'active') return;
      const key = await commune.collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).get(sub.keyId);
      if (!key || key.status !== 'active') return;
      const cursor = await this.cursorOf(sub);
      const seen = this.generation;
      const event = await nextFeedEvent(this.deps.reads, {
        communeId,
        scope: key.scope,
        typeVersions: sub.eventTypes,
        after: cursor.position,
        afterSeq: cursor.seq,
      });
      if (!event) {
        if (seen === this.generation) await this.sleep(this.deps.options.pollMs);
        continue;
      }
      const delivered = await this.deliver(sub, cursor, event);
      if (!delivered && !this.stopping) await this.sleep(retryDelay(cursor.attempts + 1, this.deps.options), false);
    }
  }

  /** The stored cursor, moved to a replay's position the first time that replay is seen. */
  private async cursorOf(sub: WebhookSubscriptionDocument): Promise<WebhookCursorDocument> {
    const cursors = this.deps.reads.inCommune(sub.communeId).collection<WebhookCursorDocument>(WEBHOOK_CURSORS);
    const stored = (await cursors.get(sub._id)) ?? {
      _id: sub._id,
      position: sub.startAfter,
      seq: null,
      attempts: 0,
      replayId: sub.replay?.id ?? null,
      lastDeliveredAt: null,
      lastError: null,
    };
    if (sub.replay && sub.replay.id !== stored.replayId) {
      const replayed = { ...stored, position: sub.replay.after, seq: null, attempts: 0, replayId: sub.replay.id, lastError: null };
      await this.deps.reads.unitOfWork((uow) => uow.inCommune(sub.communeId).collection<WebhookCursorDocument>(WEBHOOK_CURSORS).upsert(replayed));
      return replayed;
    }
    return stored;
  }

  private async deliver(sub: WebhookSubscriptionDocument, cursor: WebhookCursorDocument, event: PublicEventEnvelope & { seq: number }): Promise<boolean> {
    const { clock, secrets, options, policy } = this.deps;
    const { seq, ...envelope } = event;
    const now = clock.now();
    const attempt = cursor.attempts + 1;
    const body = JSON.stringify(envelope);
    const signature = signWebhook(
      body,
      Math.floor(Date.parse(now) / 1000),
      signingSecretIds(sub, now).map((secretId) => secrets.secretFor(sub.communeId, sub._id, secretId)),
    );
    const result = await this.transport(
      sub.url,
      body,
      {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'PortailFamille-Webhooks/1',
        [SIGNATURE_HEADER]: signature,
        'x-pf-event-id': envelope.id,
        'x-pf-event-type': `${envelope.type}@${envelope.version}`,
        'x-pf-event-position': String(envelope.position),
        'x-pf-subscription-id': sub._id,
        'x-pf-delivery-attempt': String(attempt),
      },
      { timeoutMs: options.timeoutMs, policy, signal: this.abort.signal },
    );
    // Shutting down mid-delivery is no attempt: the event is simply due again at the next start.
    if (this.stopping && !result.ok) return false;
    const retryInMs = result.ok ? null : retryDelay(attempt, options);
    const next: WebhookCursorDocument = result.ok
      ? { ...cursor, position: envelope.position, seq, attempts: 0, lastDeliveredAt: now, lastError: null }
      : { ...cursor, attempts: attempt, lastError: result.error };
    await this.deps.reads.unitOfWork(async (uow) => {
      const commune = uow.inCommune(sub.communeId);
      await commune.collection<WebhookCursorDocument>(WEBHOOK_CURSORS).upsert(next);
      await commune.collection<WebhookDeliveryDocument>(WEBHOOK_DELIVERIES).upsert({
        _id: newId(),
        subscriptionId: sub._id,
        communeId: sub.communeId,
        eventId: envelope.id,
        type: envelope.type,
        version: envelope.version,
        position: envelope.position,
        attempt,
        at: now,
        outcome: result.ok ? 'delivered' : 'failed',
        httpStatus: result.status,
        error: result.error,
        durationMs: result.durationMs,
        retryInMs,
      });
    });
    return result.ok;
  }

  /** Waits `ms`, or less when woken (idle waits only: a back-off is not cut short by new events) or stopped. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      const wakeUp = () => {
        clearTimeout(timer);
        this.sleepers.delete(wakeUp);
        this.abort.signal.removeEventListener('abort', wakeUp);
        resolve();
      };
      const timer = setTimeout(wakeUp, ms);
      if (wakeable) this.sleepers.add(wakeUp);
      this.abort.signal.addEventListener('abort', wakeUp, { once: true });
      if (this.stopping) wakeUp();
    });
  }

  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const cutoff = new Date(Date.parse(this.deps.clock.now()) - this.deps.options.logRetentionDays * 86_400_000).toISOString();
    // Deliveries exist only for subscriptions: the communes that have any are the ones to prune, each in its own log.
    const subscriptions = await this.deps.reads.acrossCommunes().collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS).find({});
    for (const communeId of new Set(subscriptions.map((sub) => sub.communeId))) {
      await this.deps.reads.unitOfWork((uow) => uow.inCommune(communeId).collection(WEBHOOK_DELIVERIES).deleteMany({ at: { $lt: cutoff } }));
    }
  }
}
