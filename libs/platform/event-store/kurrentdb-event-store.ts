import {
  ANY,
  BACKWARDS,
  END,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  AppendResult,
  DuplicateEventIdError,
  EventMetadata,
  EventStore,
  EventStoreUnavailableError,
  EventSubscription,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  StreamWrite,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from './event-store.port';
import { validateAppend, validateWrites } from './sqlite-event-store';

export interface KurrentDbEventStoreOptions {
  /** Upper bound for one call (append, read, health), so a silent server never hangs a request. Default 6000 ms (just above the client deadline, so its own error comes first). */
  operationTimeoutMs?: number;
  /** How far back (events) an append looks for its own ids to recognise a retry. Default 1000. */
  idempotencyWindow?: number;
  /** First delay before a dropped subscription reconnects (doubles up to 30 s). Default 500 ms. */
  resubscribeDelayMs?: number;
}

/**
 * Client options added to the connection string when it does not set them: a bounded gRPC deadline,
 * keepalives that notice a dead peer, and few discovery attempts, so "server down" surfaces in
 * seconds instead of after the client's long defaults.
 */
const CONNECTION_DEFAULTS: Record<string, string> = {
  defaultDeadline: '5000',
  keepAliveInterval: '10000',
  keepAliveTimeout: '5000',
  maxDiscoverAttempts: '3',
  discoveryInterval: '200',
  gossipTimeout: '3',
};

/**
 * KurrentDB / EventStoreDB adapter.
 *
 * Needs KurrentDB / EventStoreDB 22.6 or later (stream reads must carry each event's log position).
 *
 * Positions: `position = Number(commitPosition)` of the event in the transaction log. It is > 0
 * for every user event (log position 0 holds the server's own first system record, and `$` events
 * are filtered out), so the port's "0 = before everything" still means START. It is exact up to
 * 2^53 bytes of log (8 PiB), far beyond what a commune portal writes; past that Number() would
 * round and we throw instead of returning a wrong position.
 *
 * Idempotency differs from the embedded store in one point: KurrentDB has no global index of event
 * ids, so an id already stored in *another* stream is not detected. Within the stream, an append
 * first looks for its ids among the last `idempotencyWindow` events (KurrentDB only guarantees
 * idempotency for the exact same retry), and a conflict is re-examined the same way.
 *
 * Every call is bounded (`operationTimeoutMs`): an append that timed out may still have been
 * written, and retrying it with the same event ids is then recognised as already appended.
 * Reads and subscriptions resume from `{ commit: after, prepare: after }`: gRPC appends give each
 * event equal commit and prepare positions, so that is the event at `after`, dropped as not
 * strictly after. A subscription whose connection drops resubscribes on its own (growing delay);
 * meanwhile `health()` reports the server unreachable.
 */
export class KurrentDbEventStore implements EventStore {
  readonly adapter = 'kurrentdb' as const;
  readonly location: string;

  private closed = false;
  private readonly timeoutMs: number;
  private readonly window: number;
  private readonly resubscribeDelayMs: number;
  private readonly subscriptions = new Set<KurrentSubscription>();

  /** Synchronous: the client connects lazily, on the first call. Use `health()` to check the server. */
  static connect(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    const location = redact(connectionString);
    let client: KurrentDBClient;
    try {
      client = KurrentDBClient.connectionString(withDefaults(connectionString));
    } catch (error) {
      throw new EventStoreUnavailableError(`Invalid KurrentDB connection string ${location}: ${messageOf(error)}`, error);
    }
    return new KurrentDbEventStore(client, location, options);
  }

  private constructor(
    private readonly client: KurrentDBClient,
    location: string,
    options: KurrentDbEventStoreOptions,
  ) {
    this.location = location;
    this.timeoutMs = options.operationTimeoutMs ?? 6000;
    this.window = options.idempotencyWindow ?? 1000;
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 500;
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expected);
    return this.guard(`append to ${streamId}`, async () => {
      // KurrentDB alone would write duplicates with 'any' or a newer revision, and may acknowledge
      // an exact retry without telling it wrote nothing: look for our ids first (one short read).
      const earlier = await this.idempotentRetry(streamId, events);
      if (earlier) return earlier;
      try {
        const result = await this.client.appendToStream(
          streamId,
          events.map((e) =>
            jsonEvent({ id: e.id, type: e.type, data: toJson(e.data), metadata: toStoredMetadata(e.metadata) }),
          ),
          { streamState: toStreamState(expected), deadline: this.timeoutMs },
        );
        if (!result.position) {
          // The server recognised the retry itself and wrote nothing: give back the original result.
          const retry = await this.idempotentRetry(streamId, events);
          if (retry) return retry;
          throw new Error(`KurrentDB acknowledged an append to ${streamId} without a position`);
        }
        return {
          streamId,
          nextExpectedRevision: Number(result.nextExpectedRevision),
          position: toPosition(result.position.commit),
          alreadyAppended: false,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const retry = await this.idempotentRetry(streamId, events);
        if (retry) return retry;
        const actual = error.actualState === NO_STREAM ? 'no_stream' : Number(error.actualState);
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
    });
  }

  /**
   * Atomic across streams through KurrentDB's multi-stream append (server 25.1 or later; an older
   * server answers "unsupported", surfaced as EventStoreUnavailableError). That API takes metadata
   * as a flat map of strings, so ours travels JSON-encoded under `pf-metadata`, which
   * `fromStoredMetadata` reads back. All events of the transaction share the returned commit
   * position; the contract suite checks that `waitFor(position)` then sees every one of them.
   */
  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen();
    validateWrites(writes);
    return this.guard(`append to ${writes.length} streams`, async () => {
      const retried = await Promise.all(writes.map((w) => this.idempotentRetry(w.streamId, w.events)));
      if (retried.every((r) => r !== undefined)) return retried as AppendResult[];
      const partly = writes.findIndex((_, i) => retried[i] !== undefined);
      if (partly >= 0) throw new DuplicateEventIdError(writes[partly].streamId, writes[partly].events[0].id);
      try {
        const result = await this.client.multiStreamAppend(
          writes.map((w) => ({
            streamName: w.streamId,
            expectedState: toStreamState(w.expected),
            events: w.events.map((e) =>
              jsonEvent({ id: e.id, type: e.type, data: toJson(e.data), metadata: toFlatMetadata(e.metadata) }),
            ),
          })),
        );
        const position = toPosition(result.position);
        return writes.map((w) => {
          const response = result.responses.find((r) => r.streamName === w.streamId);
          if (!response) throw new Error(`KurrentDB gave no result for ${w.streamId} in a multi-stream append`);
          return { streamId: w.streamId, nextExpectedRevision: Number(response.revision), position, alreadyAppended: false };
        });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          const actual = error.actualState === NO_STREAM ? 'no_stream' : Number(error.actualState);
          const write = writes.find((w) => w.streamId === error.streamName);
          throw new WrongExpectedRevisionError(error.streamName, write?.expected ?? 'any', Number.isNaN(actual) ? 'no_stream' : actual);
        }
        if (error instanceof Error && (error as { type?: unknown }).type === 'unsupported') {
          throw new EventStoreUnavailableError(
            `KurrentDB at ${this.location} does not support atomic multi-stream appends (KurrentDB 25.1 or later is needed)`,
            error,
          );
        }
        throw error;
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.guard(`read ${streamId}`, async () => {
      const out: RecordedEvent[] = [];
      try {
        const reading = this.client.readStream(streamId, {
          fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START,
          ...(options.limit !== undefined ? { maxCount: options.limit } : {}),
          deadline: this.timeoutMs,
        });
        for await (const resolved of reading) {
          const recorded = toRecorded(resolved);
          if (recorded) out.push(recorded);
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return out;
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const limit = options.limit ?? 1000;
    return this.guard('read $all', async () => {
      const out: RecordedEvent[] = [];
      // The start position is inclusive: ask for one more and drop what is not strictly after.
      const reading = this.client.readAll({
        fromPosition: fromPosition(after),
        maxCount: limit + 1,
        filter: excludeSystemEvents(),
        deadline: this.timeoutMs,
      });
      for await (const resolved of reading) {
        const recorded = toRecorded(resolved);
        if (recorded && recorded.position > after) out.push(recorded);
        if (out.length >= limit) break;
      }
      return out;
    });
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const subscription = new KurrentSubscription(
      (after, batchSize) =>
        this.client.subscribeToAll(
          { fromPosition: fromPosition(after), filter: excludeSystemEvents(), resolveLinkTos: false },
          { highWaterMark: batchSize },
        ),
      options.after ?? 0,
      options.batchSize ?? 500,
      this.resubscribeDelayMs,
      (error, what) => this.toStoreError(error, what),
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.guard('read the head of $all', async () => {
      const reading = this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        filter: excludeSystemEvents(),
        deadline: this.timeoutMs,
      });
      for await (const resolved of reading) {
        const recorded = toRecorded(resolved);
        if (recorded) return recorded.position;
      }
      return 0;
    });
  }

  async health(): Promise<StoreHealth> {
    const base = { adapter: 'kurrentdb' as const, location: this.location };
    if (this.closed) return { ...base, reachable: false, detail: 'closed' };
    try {
      // A cheap read with a short deadline: reading a stream that does not exist still needs the server.
      await this.guard('health check', async () => {
        try {
          for await (const _ of this.client.readStream('$pf-health-check', { maxCount: 1, deadline: 2000 })) break;
        } catch (error) {
          if (!(error instanceof StreamNotFoundError)) throw error;
        }
      }, 3000);
      return { ...base, reachable: true };
    } catch (error) {
      return { ...base, reachable: false, detail: messageOf(error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose().catch(() => undefined);
  }

  /** EventStoreDB's rule, checked by us: all ids already in this stream, in order, consecutively. */
  private async idempotentRetry(streamId: string, events: EventToAppend[]): Promise<AppendResult | undefined> {
    const wanted = new Set(events.map((e) => e.id));
    const found = new Map<string, { revision: number; position: number }>();
    try {
      const reading = this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: this.window,
        deadline: this.timeoutMs,
      });
      for await (const resolved of reading) {
        const e = resolved.event;
        if (!e || !wanted.has(e.id)) continue;
        found.set(e.id, { revision: Number(e.revision), position: positionOf(resolved) });
        if (found.size === wanted.size) break;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    if (found.size === 0) return undefined;
    const rows = events.map((e) => found.get(e.id));
    const first = rows[0];
    const sameBatch = first !== undefined && rows.every((row, i) => row !== undefined && row.revision === first.revision + i);
    if (!sameBatch) throw new DuplicateEventIdError(streamId, events.find((e) => found.has(e.id))!.id);
    const last = rows[rows.length - 1]!;
    return { streamId, nextExpectedRevision: last.revision, position: last.position, alreadyAppended: true };
  }

  /** Bounds the call in time and turns transport failures into EventStoreUnavailableError. */
  private async guard<T>(what: string, work: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new EventStoreUnavailableError(`KurrentDB at ${this.location} did not answer (${what}) within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      throw this.toStoreError(error, what);
    } finally {
      clearTimeout(timer);
    }
  }

  private toStoreError(error: unknown, what: string): unknown {
    if (
      error instanceof EventStoreUnavailableError ||
      error instanceof WrongExpectedRevisionError ||
      error instanceof DuplicateEventIdError ||
      error instanceof TypeError ||
      error instanceof PositionOverflowError
    ) {
      return error;
    }
    if (isTransportError(error)) {
      return new EventStoreUnavailableError(`KurrentDB at ${this.location} is unreachable (${what}): ${messageOf(error)}`, error);
    }
    return error;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`The KurrentDB event store ${this.location} is closed`);
  }
}

/**
 * Wraps the client's catch-up subscription (a Readable: it pauses the gRPC stream when its buffer
 * of `batchSize` events is full, so a slow consumer holds the server back instead of filling memory).
 * Every `next()` races a close signal, so close() ends a pending iteration at once. If the
 * connection drops, it resubscribes after the last delivered position with a growing delay.
 */
class KurrentSubscription implements EventSubscription {
  private closed = false;
  private iterated = false;
  private inner?: AllStreamSubscription;
  private wakeOnClose!: () => void;
  private readonly closedSignal = new Promise<typeof CLOSED>((resolve) => {
    this.wakeOnClose = () => resolve(CLOSED);
  });

  constructor(
    private readonly open: (after: number, batchSize: number) => AllStreamSubscription,
    private after: number,
    private readonly batchSize: number,
    private readonly resubscribeDelayMs: number,
    private readonly toStoreError: (error: unknown, what: string) => unknown,
    private readonly onClose: (s: KurrentSubscription) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterated) throw new Error('A subscription can be iterated only once; subscribe again instead');
    this.iterated = true;
    return this.iterate();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeOnClose();
    this.onClose(this);
    const inner = this.inner;
    this.inner = undefined;
    if (inner) {
      await inner.unsubscribe().catch(() => undefined);
      inner.destroy();
    }
  }

  private async *iterate(): AsyncGenerator<RecordedEvent> {
    let delay = this.resubscribeDelayMs;
    try {
      while (!this.closed) {
        const inner = this.open(this.after, this.batchSize);
        this.inner = inner;
        const events = inner[Symbol.asyncIterator]();
        try {
          for (;;) {
            const next = await Promise.race([events.next(), this.closedSignal]);
            if (next === CLOSED || next.done) break;
            const recorded = toRecorded(next.value);
            if (!recorded || recorded.position <= this.after) continue;
            delay = this.resubscribeDelayMs;
            this.after = recorded.position;
            yield recorded;
            if (this.closed) return;
          }
          if (this.closed) return;
        } catch (error) {
          if (this.closed) return;
          const storeError = this.toStoreError(error, 'subscription to $all');
          if (!(storeError instanceof EventStoreUnavailableError)) throw storeError;
        }
        // The server ended or dropped the subscription: come back after the last event delivered.
        inner.destroy();
        const woke = await Promise.race([sleep(delay), this.closedSignal]);
        if (woke === CLOSED) return;
        delay = Math.min(delay * 2, 30_000);
      }
    } finally {
      await this.close();
    }
  }
}

const CLOSED = Symbol('closed');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class PositionOverflowError extends Error {
  constructor(commit: bigint) {
    super(`KurrentDB log position ${commit} exceeds 2^53: it cannot be a JavaScript number without rounding`);
    this.name = 'PositionOverflowError';
  }
}

function toPosition(commit: bigint): number {
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new PositionOverflowError(commit);
  return Number(commit);
}

/** Servers before 22.6 give stream reads no log position (absent, or 2^64-1): we need one. */
const NO_LOG_POSITION = BigInt('18446744073709551615');

function positionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): number {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  if (commit === undefined || commit === NO_LOG_POSITION) {
    throw new Error(
      `KurrentDB returned event ${resolved.event?.id} without its log position: ` +
        'this adapter needs KurrentDB / EventStoreDB 22.6 or later',
    );
  }
  return toPosition(commit);
}

function fromPosition(after: number): ReadPosition {
  // Reads from a position include the event there; callers drop it (strictly after).
  return after <= 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/** Skips system events and link events; maps the rest to the port's shape. */
function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || e.streamId.startsWith('$') || e.type.startsWith('$')) return undefined;
  return {
    id: e.id,
    streamId: e.streamId,
    revision: Number(e.revision),
    position: positionOf(resolved),
    type: e.type,
    data: e.data,
    metadata: fromStoredMetadata(e.metadata),
    recordedAt: e.created.toISOString(),
  };
}

/** Our metadata, plus the `$correlationId` / `$causationId` keys KurrentDB's own projections read. */
function toStoredMetadata(metadata: EventMetadata): Record<string, unknown> {
  return { ...metadata, $correlationId: metadata.correlationId, $causationId: metadata.causationId };
}

/** Multi-stream appends take string values only: our metadata JSON-encoded, plus KurrentDB's own keys. */
function toFlatMetadata(metadata: EventMetadata): Record<string, string> {
  return { 'pf-metadata': JSON.stringify(metadata), $correlationId: metadata.correlationId, $causationId: metadata.causationId };
}

function fromStoredMetadata(stored: unknown): EventMetadata {
  if (stored instanceof Uint8Array) {
    try {
      stored = JSON.parse(Buffer.from(stored).toString('utf8'));
    } catch {
      return stored as EventMetadata;
    }
  }
  if (!stored || typeof stored !== 'object') return stored as EventMetadata;
  const { $correlationId: _c, $causationId: _k, 'pf-metadata': flat, ...metadata } = stored as Record<string, unknown>;
  if (typeof flat === 'string') return JSON.parse(flat) as EventMetadata;
  return metadata as unknown as EventMetadata;
}

/** jsonEvent wants JSON-shaped data; the port accepts anything JSON can carry. */
function toJson(data: unknown): Record<string, unknown> | unknown[] | string {
  if (data === undefined || data === null) return {};
  if (typeof data === 'object' || typeof data === 'string') return data as Record<string, unknown>;
  return JSON.stringify(data);
}

function isTransportError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const type = (error as { type?: unknown }).type;
  if (typeof type === 'string') {
    return ['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'unknown', 'not-leader', 'access-denied'].includes(type);
  }
  // Raw gRPC errors (grpc-js ServiceError) carry a numeric status code.
  return typeof (error as { code?: unknown }).code === 'number';
}

function withDefaults(connectionString: string): string {
  const query = connectionString.includes('?') ? connectionString.slice(connectionString.indexOf('?') + 1) : '';
  const present = new Set(query.split('&').map((kv) => kv.split('=')[0].toLowerCase()));
  const extra = Object.entries(CONNECTION_DEFAULTS)
    .filter(([key]) => !present.has(key.toLowerCase()))
    .map(([key, value]) => `${key}=${value}`);
  if (extra.length === 0) return connectionString;
  return connectionString + (query ? '&' : connectionString.includes('?') ? '' : '?') + extra.join('&');
}

/** The connection string without credentials, for messages and health. */
function redact(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//***@');
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The client's bridge errors often carry only their class name as message.
  if (!error.message || error.message === error.name) {
    const type = (error as { type?: unknown }).type;
    return type === 'unavailable' ? 'server unavailable (connection refused or no answer)' : `${error.name}${type ? ` (${String(type)})` : ''}`;
  }
  return error.message;
}
