import { uuidFromName } from '@pf/domain';
import type { EventStore, EventToAppend } from '@pf/event-store';
import { deploymentCollection, type Document, type ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { PUBLIC_EVENTS, publicIdOf, toEnvelope, type PublicEventRow } from './public-events.projection';
import type { IntegratorScope } from './scopes';

/** Deployment-wide: the publisher's own cursors, one per commune (`commune:<communeId>`), no client names them. */
export const PUBLIC_STREAMS_CURSOR = deploymentCollection('public_streams_cursor');
/** The one cursor of before communes had their own: every commune was published up to it. */
const SHARED_CURSOR = 'publisher';
const cursorId = (communeId: string) => `commune:${communeId}`;

/** `publicevents-<communeId>.<scope>`: one stream per commune and scope, category `publicevents`. */
export const publicStream = (communeId: string, scope: IntegratorScope) => `publicevents-${communeId}.${scope}`;
/** The event type in a public stream: `reservation.accepted.v1`. */
export const publicStreamEventType = (type: string, version: number) => `${type}.v${version}`;

interface CursorDocument extends Document {
  position: number;
  seq: number | null;
}

export interface PublicStreamsOptions {
  /** Scopes whose views are copied into the streams (only CAF statistics by default: no personal data). */
  scopes: IntegratorScope[];
  batchSize?: number;
  pollMs?: number;
  retryMaxMs?: number;
  log?: (message: string) => void;
}

/**
 * Copies the public feed into streams of a KurrentDB that integrators inside the operator's network
 * read with persistent subscriptions (docs/integrations.md). It never writes to the portal's own
 * store: its projections (the audit index reads every event) must not see these copies.
 * Appends are in position order and idempotent by event id, so a restart may repeat nothing.
 */
export class PublicStreamsPublisher {
  private stopping = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private pending = false;

  constructor(
    private readonly reads: ReadStore,
    private readonly target: EventStore,
    private readonly options: PublicStreamsOptions,
  ) {}

  async start(): Promise<void> {
    await this.reads.ensureCollection({ name: PUBLIC_STREAMS_CURSOR });
    this.loop = this.run();
  }

  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
  }

  /** Publishes everything after each commune's cursor; returns how many rows were copied. */
  async publishPending(): Promise<number> {
    // Commune by commune: each commune's rows follow its own index in position order, and its streams are its own.
    const communes = await this.reads.collection<CommuneDocument>(COMMUNES).find({}, { sort: { _id: 1 } });
    let copied = 0;
    for (const commune of communes) copied += await this.publishCommune(commune._id);
    return copied;
  }

  private async publishCommune(communeId: string): Promise<number> {
    const cursors = this.reads.collection<CursorDocument>(PUBLIC_STREAMS_CURSOR);
    const cursor = (await cursors.get(cursorId(communeId))) ?? (await cursors.get(SHARED_CURSOR)) ?? { _id: SHARED_CURSOR, position: 0, seq: null };
    const rows = this.reads.inCommune(communeId).collection<PublicEventRow>(PUBLIC_EVENTS);
    const sort = { position: 1 as const, seq: 1 as const };
    const limit = this.options.batchSize ?? 200;
    const batch = [
      ...(cursor.seq === null ? [] : await rows.find({ position: cursor.position, seq: { $gt: cursor.seq } }, { sort, limit })),
      ...(await rows.find({ position: { $gt: cursor.position } }, { sort, limit })),
    ].slice(0, limit);
    for (const row of batch) {
      const publicId = publicIdOf(row);
      for (const scope of this.options.scopes.filter((s) => row.scopes.includes(s))) {
        const event: EventToAppend = {
          id: uuidFromName(`${publicId}|${scope}`, 'portail-famille-public-stream'),
          type: publicStreamEventType(row.type, row.version),
          data: toEnvelope(row, scope),
          metadata: {
            communeId,
            actor: { kind: 'system', id: 'public-streams' },
            correlationId: publicId,
            causationId: publicId,
            occurredAt: row.occurredAt,
            schemaVersion: row.version,
          },
        };
        await this.target.append(publicStream(communeId, scope), [event], 'any');
      }
      await this.reads.unitOfWork((uow) =>
        uow.collection<CursorDocument>(PUBLIC_STREAMS_CURSOR).upsert({ _id: cursorId(communeId), position: row.position, seq: row.seq }),
      );
    }
    return batch.length;
  }

  private async run(): Promise<void> {
    let delay = 500;
    while (!this.stopping) {
      try {
        this.pending = false;
        const copied = await this.publishPending();
        delay = 500;
        if (copied > 0 || this.pending) continue;
        await this.sleep(this.options.pollMs ?? 5000);
      } catch (error) {
        this.options.log?.(`public streams: ${error instanceof Error ? error.message : String(error)}`);
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 60_000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
      if (this.stopping) done();
    });
  }
}
