/**
 * The event store port. Two adapters implement it: the embedded SQLite store (default, a file
 * under DATA_DIR) and KurrentDB / EventStoreDB (EVENTSTORE_URL). Both pass the same contract suite.
 */

/** Who caused an event. `rule` is the portal deciding by itself (deadline, capacity…). */
export interface Actor {
  kind: 'guardian' | 'staff' | 'admin' | 'integrator' | 'system' | 'rule' | 'anonymous';
  id: string;
  /** Display name kept for the audit trail (never an e-mail or phone number). */
  name?: string;
}

export type Channel = 'web' | 'back-office' | 'api' | 'system';

export interface EventMetadata {
  communeId: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  /** The client-supplied request id that produced this event, when there was one. */
  requestId?: string;
  occurredAt: string; // ISO 8601 instant
  schemaVersion: number;
  channel?: Channel;
}

export interface EventToAppend<D = unknown> {
  /** uuid. Appending again the same ids to the same stream is a no-op, as in EventStoreDB. */
  id: string;
  type: string;
  data: D;
  metadata: EventMetadata;
}

export interface RecordedEvent<D = unknown> extends EventToAppend<D> {
  streamId: string;
  /** 0-based index of the event in its stream. */
  revision: number;
  /** Global, strictly increasing, > 0. Gaps are allowed (KurrentDB log positions). */
  position: number;
  recordedAt: string;
}

/**
 * What the writer believes about the stream:
 * - 'no_stream': it must not exist yet;
 * - 'stream_exists': it must have at least one event;
 * - 'any': no check;
 * - a number: the revision of the stream's last event must be exactly that.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  streamId: string;
  /** Revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** Global position of the last event appended (or found, for an idempotent retry). */
  position: number;
  /** True when every event id was already in the stream: nothing was written. */
  alreadyAppended: boolean;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamWrite {
  streamId: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  limit?: number;
  /**
   * The command path's own reads (EventSourcedStreams): events come with their credential fields
   * (password and token hashes, see PersonalDataPolicy.credentialFields). Every other read gets the
   * events without them.
   */
  withCredentials?: boolean;
}

export interface ReadAllOptions {
  /** Return events whose position is strictly greater than this. Default 0: from the start. */
  after?: number;
  /** Page size. Default 1000. */
  limit?: number;
}

export interface SubscribeOptions {
  /** Start strictly after this global position. Default 0: from the start. */
  after?: number;
  /** Internal page size when catching up. */
  batchSize?: number;
}

/**
 * A live subscription to every event, in position order. It is pull-based: the store reads
 * the next page only when the consumer asks for more, so a slow consumer holds no backlog in memory.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface StoreHealth {
  adapter: 'embedded' | 'kurrentdb' | 'mongodb';
  reachable: boolean;
  location: string;
  detail?: string;
}

export interface EventStore {
  readonly adapter: 'embedded' | 'kurrentdb';
  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several distinct streams atomically: every write or none. Any wrong expected
   * revision fails the whole with WrongExpectedRevisionError; retrying the very same writes (same
   * event ids) is a no-op that returns the original results. Results follow the order of `writes`.
   */
  appendMany(writes: StreamWrite[]): Promise<AppendResult[]>;
  /** Events of one stream in revision order; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): EventSubscription;
  /** Position of the last event in the store, 0 when empty. */
  headPosition(): Promise<number>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/** The one error every adapter raises on a concurrency conflict. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The store cannot be reached or opened (server down, folder locked by another process…). */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/** An append reused event ids already stored elsewhere, or only some of them. */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly streamId: string, readonly eventId: string) {
    super(`Event ${eventId} is already stored and cannot be appended to ${streamId} again with other events`);
    this.name = 'DuplicateEventIdError';
  }
}
