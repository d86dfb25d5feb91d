import { privateFile, privateFolder } from './private-files';
import { resolve, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  AppendResult,
  DuplicateEventIdError,
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

export interface SqliteEventStoreOptions {
  /** Folder holding the store; created when missing. One process at a time may use it. */
  dataDir: string;
  /** Default 'events.sqlite'. */
  fileName?: string;
  /**
   * 'FULL' (default): every acknowledged append is fsynced, it survives a power cut (as KurrentDB,
   * which flushes each write). 'NORMAL': survives a process crash, not a power cut; ~10x faster.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Fallback poll of idle subscriptions, in ms (the in-process append signal is the main path). */
  subscriptionPollMs?: number;
}

/** The schema, shared with the bench so raw inserts are measured against the very same table. */
export const SQLITE_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT    NOT NULL UNIQUE,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);`;

export const SQLITE_INSERT_EVENT_SQL =
  'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)';

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

type AppendOutcome = { kind: 'written'; result: AppendResult } | { kind: 'duplicate-id' };

/** Thrown inside the transaction to roll it back when an event id is already stored. */
class EventIdTaken {}

/**
 * The embedded event store: one SQLite file (WAL) under the data folder, one connection.
 *
 * `open` is synchronous (better-sqlite3 is) and throws `EventStoreUnavailableError` when the file
 * cannot be opened, notably when another process holds it. The connection runs in
 * `locking_mode=EXCLUSIVE` and writes once at open time, so it holds an OS file lock for its whole
 * life: the OS drops that lock when the process ends, however it ends (SIGKILL included), so no
 * stale lock file can survive a crash. Within this process the one connection serialises appends;
 * appends asked for together are group-committed (see `committed`).
 */
export class SqliteEventStore implements EventStore {
  readonly adapter = 'embedded' as const;
  readonly location: string;

  private closed = false;
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly stmts: ReturnType<typeof prepareStatements>;
  private readonly appendTx: (streamId: string, events: EventToAppend[], expected: ExpectedRevision) => AppendOutcome;
  private readonly appendManyTx: (writes: StreamWrite[]) => AppendResult[];
  /** The outer transaction of a group commit, and the savepoint each write runs in. */
  private readonly groupTx: (run: () => void) => void;
  private readonly savepoint: <T>(write: () => T) => T;
  private pendingWrites: Array<{ write: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  /**
   * The last events read by the live subscriptions, decoded once for all of them: every read model
   * follows the log on its own subscription, and each used to read and parse every new event again.
   * Holds every event in (tailFrom, tailTo], in order; the subscriptions' events are shared, not copied.
   */
  private tail: RecordedEvent[] = [];
  private tailFrom = 0;
  private tailTo = 0;

  static open(opts: SqliteEventStoreOptions): SqliteEventStore {
    const dataDir = resolve(opts.dataDir);
    const file = join(dataDir, opts.fileName ?? 'events.sqlite');
    let db: Database.Database | undefined;
    try {
      privateFolder(dataDir);
      privateFile(file);
      // A short busy timeout: a live holder never lets go, a dead one has already let go.
      db = new Database(file, { timeout: 200 });
      db.pragma('locking_mode = EXCLUSIVE');
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`cannot switch ${file} to WAL (got ${String(mode)})`);
      db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
      db.exec(SQLITE_EVENTS_SCHEMA);
      // A write takes the exclusive lock now, not at the first append.
      db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('last_opened_at', ?)").run(new Date().toISOString());
      db.pragma('busy_timeout = 5000');
      return new SqliteEventStore(db, file, opts.subscriptionPollMs ?? 1000);
    } catch (error) {
      db?.close();
      if (isBusy(error)) {
        throw new EventStoreUnavailableError(
          `The data folder ${dataDir} is in use by another process (${file} is locked; ` +
            'or it is already open in this process). Stop the other Portail Famille process or point DATA_DIR to another folder.',
          error,
        );
      }
      throw new EventStoreUnavailableError(`Cannot open the event store ${file}: ${errorMessage(error)}`, error);
    }
  }

  private constructor(
    private readonly db: Database.Database,
    file: string,
    private readonly pollMs: number,
  ) {
    this.location = file;
    this.stmts = prepareStatements(db);
    this.appendTx = db.transaction((streamId: string, events: EventToAppend[], expected: ExpectedRevision) =>
      this.appendInTransaction(streamId, events, expected),
    );
    this.appendManyTx = db.transaction((writes: StreamWrite[]) =>
      writes.map((w) => {
        const outcome = this.appendInTransaction(w.streamId, w.events, w.expected);
        // Some ids are taken: roll everything back and let the retry check decide.
        if (outcome.kind === 'duplicate-id') throw new EventIdTaken();
        return outcome.result;
      }),
    );
    this.tailFrom = this.tailTo = (this.stmts.head.get() as { head: number | null }).head ?? 0;
    this.groupTx = db.transaction((run: () => void) => run());
    // Inside groupTx, a better-sqlite3 transaction function runs as a SAVEPOINT, rolled back alone on throw.
    this.savepoint = db.transaction((write: () => unknown) => write()) as <T>(write: () => T) => T;
  }

  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen();
    validateWrites(writes);
    return this.committed(() => {
      try {
        return this.appendManyTx(writes);
      } catch (error) {
        if (!(error instanceof EventIdTaken)) throw error;
        // An atomic append is all or nothing, so a true retry finds every write already stored.
        const retried = writes.map((w) => this.idempotentRetry(w.streamId, w.events));
        const missing = writes.findIndex((_, i) => retried[i] === undefined);
        if (missing >= 0) throw new DuplicateEventIdError(writes[missing].streamId, writes[missing].events[0].id);
        return retried as AppendResult[];
      }
    });
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expected);
    return this.committed(() => {
      let outcome: AppendOutcome;
      try {
        outcome = this.appendTx(streamId, events, expected);
      } catch (error) {
        // The unique index on event_id spoke: the append is rolled back, see what the ids are.
        if (error instanceof EventIdTaken) outcome = { kind: 'duplicate-id' };
        else throw error;
      }
      if (outcome.kind === 'written') return outcome.result;
      const retry = this.idempotentRetry(streamId, events);
      if (retry) return retry;
      throw new Error(`Unreachable: event ids of ${streamId} reported taken but not found`);
    });
  }

  /**
   * Group commit: appends asked for in the same turn of the event loop are committed together, in
   * one transaction and one fsync, each inside its own savepoint so that one failing append (a
   * wrong expected revision) leaves the others alone. An append resolves only once its commit is
   * durable, as before; many concurrent commands simply share the cost of the commit.
   */
  private committed<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      this.pendingWrites.push({ write, resolve: resolvePromise as (value: unknown) => void, reject });
      if (this.pendingWrites.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const batch = this.pendingWrites;
    this.pendingWrites = [];
    if (this.closed) {
      for (const w of batch) w.reject(new EventStoreUnavailableError(`The event store ${this.location} is closed`));
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.groupTx(() => {
        for (const w of batch) {
          try {
            outcomes.push({ ok: true, value: this.savepoint(w.write) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
    if (outcomes.some((o) => o.ok)) this.notifyAppended();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    const limit = options.limit ?? -1; // SQLite: a negative LIMIT means no limit
    return (this.stmts.readStream.all(streamId, from, limit) as EventRow[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllSync(options.after ?? 0, options.limit ?? 1000);
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const subscription = new SqliteSubscription(
      (after, limit) => this.readTail(after, limit),
      (timeoutMs) => this.waitForAppend(timeoutMs),
      () => this.closed,
      options.after ?? 0,
      options.batchSize ?? 500,
      this.pollMs,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return (this.stmts.head.get() as { head: number | null }).head ?? 0;
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { adapter: 'embedded', reachable: false, location: this.location, detail: 'closed' };
    try {
      this.stmts.head.get();
      return { adapter: 'embedded', reachable: true, location: this.location };
    } catch (error) {
      return { adapter: 'embedded', reachable: false, location: this.location, detail: errorMessage(error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already asked for are committed (or fail) before the file is let go.
    if (this.pendingWrites.length) this.commitPending();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.notifyAppended(); // wake any waiter so it sees the store is closed
    this.db.close(); // releases the file lock
  }

  private appendInTransaction(streamId: string, events: EventToAppend[], expected: ExpectedRevision): AppendOutcome {
    const last = (this.stmts.lastRevision.get(streamId) as { last: number | null }).last;
    if (!revisionMatches(expected, last)) {
      // A retry of an append that succeeded is not a conflict: let the id check decide.
      if (events.some((e) => this.stmts.findById.get(e.id) !== undefined)) return { kind: 'duplicate-id' };
      throw new WrongExpectedRevisionError(streamId, expected, last ?? 'no_stream');
    }
    const recordedAt = new Date().toISOString();
    let revision = last ?? -1;
    let position = 0;
    for (const e of events) {
      revision += 1;
      try {
        position = Number(
          this.stmts.insert.run(
            e.id,
            streamId,
            revision,
            e.type,
            JSON.stringify(e.data ?? null),
            JSON.stringify(e.metadata),
            recordedAt,
          ).lastInsertRowid,
        );
      } catch (error) {
        if (isEventIdTaken(error)) throw new EventIdTaken();
        throw error;
      }
    }
    return { kind: 'written', result: { streamId, nextExpectedRevision: revision, position, alreadyAppended: false } };
  }

  /** EventStoreDB's rule: all ids already in this stream, in order, at consecutive revisions. */
  private idempotentRetry(streamId: string, events: EventToAppend[]): AppendResult | undefined {
    const found = events.map((e) => this.stmts.findById.get(e.id) as Pick<EventRow, 'stream_id' | 'revision' | 'position'> | undefined);
    const firstTaken = events.find((_, i) => found[i] !== undefined);
    if (!firstTaken) return undefined;
    const first = found[0];
    const sameBatch =
      first !== undefined &&
      found.every((row, i) => row !== undefined && row.stream_id === streamId && row.revision === first.revision + i);
    if (!sameBatch) throw new DuplicateEventIdError(streamId, firstTaken.id);
    const lastRow = found[found.length - 1]!;
    return { streamId, nextExpectedRevision: lastRow.revision, position: lastRow.position, alreadyAppended: true };
  }

  private readAllSync(after: number, limit: number): RecordedEvent[] {
    if (this.closed) return [];
    return (this.stmts.readAll.all(after, limit) as EventRow[]).map(toRecorded);
  }

  /** A subscription's next page: from the shared tail when it reaches that far back, else from the file. */
  private readTail(after: number, limit: number): RecordedEvent[] {
    if (this.closed) return [];
    if (after < this.tailFrom) return this.readAllSync(after, limit);
    const tail = this.tail;
    // First event past `after` (binary search: the tail is in position order).
    let lo = 0;
    let hi = tail.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tail[mid].position <= after) lo = mid + 1;
      else hi = mid;
    }
    const cached = tail.slice(lo, lo + limit);
    if (cached.length === limit) return cached;
    const from = Math.max(after, this.tailTo);
    const fresh = this.readAllSync(from, limit - cached.length);
    if (fresh.length > 0 && from === this.tailTo) {
      for (const event of fresh) tail.push(event);
      this.tailTo = fresh[fresh.length - 1].position;
      if (tail.length > TAIL_EVENTS) {
        const dropped = tail.splice(0, tail.length - TAIL_EVENTS);
        this.tailFrom = dropped[dropped.length - 1].position;
      }
    }
    return cached.length ? cached.concat(fresh) : fresh;
  }

  private notifyAppended(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next append in this process, on close, or after timeoutMs (poll fallback). */
  private waitForAppend(timeoutMs: number): { promise: Promise<void>; cancel(): void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolvePromise) => {
      wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolvePromise();
      };
    });
    // Set before anything can call wake (the timer, an append, cancel): all come after this line.
    const timer = setTimeout(wake, timeoutMs);
    this.waiters.add(wake);
    return { promise, cancel: wake };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`The event store ${this.location} is closed`);
  }
}

/** How many of the last events read live are kept decoded for the other subscriptions. */
const TAIL_EVENTS = 4096;

/**
 * Pull-based: the next page is read only when the consumer has taken every event of the previous
 * one, so at most one page is held in memory. When caught up it sleeps until an append (or a poll).
 */
class SqliteSubscription implements EventSubscription {
  private closed = false;
  private iterated = false;
  private pendingWait?: { promise: Promise<void>; cancel(): void };

  constructor(
    private readonly readPage: (after: number, limit: number) => RecordedEvent[],
    private readonly waitForAppend: (timeoutMs: number) => { promise: Promise<void>; cancel(): void },
    private readonly storeClosed: () => boolean,
    private after: number,
    private readonly batchSize: number,
    private readonly pollMs: number,
    private readonly onClose: (s: SqliteSubscription) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterated) throw new Error('A subscription can be iterated only once; subscribe again instead');
    this.iterated = true;
    return this.iterate();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pendingWait?.cancel();
    this.onClose(this);
  }

  private async *iterate(): AsyncGenerator<RecordedEvent> {
    try {
      while (!this.isDone()) {
        const page = this.readPage(this.after, this.batchSize);
        if (page.length === 0) {
          this.pendingWait = this.waitForAppend(this.pollMs);
          await this.pendingWait.promise;
          this.pendingWait = undefined;
          continue;
        }
        for (const event of page) {
          if (this.isDone()) return;
          this.after = event.position;
          yield event;
        }
      }
    } finally {
      await this.close();
    }
  }

  private isDone(): boolean {
    return this.closed || this.storeClosed();
  }
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(SQLITE_INSERT_EVENT_SQL),
    lastRevision: db.prepare('SELECT MAX(revision) AS last FROM events WHERE stream_id = ?'),
    findById: db.prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
    readStream: db.prepare(
      'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    ),
    readAll: db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
    head: db.prepare('SELECT MAX(position) AS head FROM events'),
  };
}

/** Distinct, non-empty streams, each write valid on its own. */
export function validateWrites(writes: StreamWrite[]): void {
  if (writes.length === 0) throw new TypeError('appendMany needs at least one write');
  const seen = new Set<string>();
  for (const w of writes) {
    if (seen.has(w.streamId)) throw new TypeError(`appendMany got stream ${w.streamId} twice: merge its events into one write`);
    seen.add(w.streamId);
    validateAppend(w.streamId, w.events, w.expected);
  }
}

export function revisionMatches(expected: ExpectedRevision, last: number | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return last === null;
    case 'stream_exists':
      return last !== null;
    default:
      return last === expected;
  }
}

export function validateAppend(streamId: string, events: EventToAppend[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw new TypeError(`append to ${streamId} needs at least one event`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new TypeError(`expected revision must be a non-negative integer, got ${expected}`);
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (typeof e.id !== 'string' || e.id.length === 0) throw new TypeError(`every event appended to ${streamId} needs an id`);
    if (typeof e.type !== 'string' || e.type.length === 0) throw new TypeError(`event ${e.id} needs a type`);
    if (ids.has(e.id)) throw new DuplicateEventIdError(streamId, e.id);
    ids.add(e.id);
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

function isEventIdTaken(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes('events.event_id');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
