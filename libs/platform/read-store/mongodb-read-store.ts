/**
 * The MongoDB read store (MONGO_URL): a collection per read model with string `_id`s, declared
 * indexes created with createIndexes, and units of work as multi-document transactions
 * (session.withTransaction), which need a replica set or a sharded cluster.
 *
 * Inside a unit, writes are buffered and sent in one ordered bulkWrite per collection, inside the
 * transaction, before any find/count/deleteMany on that collection and at commit; get() answers a
 * buffered _id from the buffer. That keeps read-your-writes while sparing a round trip per upsert.
 * Units are serialized by a mutex, like the embedded adapter's. withTransaction may run `work` again
 * after a transient error (write conflict, failover), so work must be idempotent — projections are.
 */
import {
  type AnyBulkWriteOperation,
  type ClientSession,
  type Collection,
  type Db,
  MongoAPIError,
  MongoBulkWriteError,
  MongoClient,
  type MongoClientOptions,
  MongoError,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  MongoSystemError,
} from 'mongodb';
import type { StoreHealth } from '@pf/event-store';
import { Mutex } from './mutex';
import { UnitGuard } from './unit-guard';
import { toMongoFilter, toMongoSort } from './mongodb-query';
import { sealDocument, sealStored } from './sealed-documents';
import { ReadStoreDuplicateKeyError, ReadStoreUsageError } from './read-store.errors';
import {
  type CollectionSpec,
  type Document,
  type Filter,
  type FindOptions,
  type ReadCollection,
  type DocumentStore,
  ReadStoreUnavailableError,
  type DocumentUnitOfWork,
  type WriteCollection,
} from './read-store.port';
import {
  checkCollectionName,
  checkCollectionSpec,
  checkId,
  normalizeFilter,
  normalizeFindOptions,
} from './read-store.validation';

export interface MongoReadStoreOptions {
  /** mongodb:// or mongodb+srv:// URL. Timeouts given in it win over the short defaults here. */
  url: string;
  /** Default: the database named in the URL, else 'portail_famille_read'. */
  dbName?: string;
  /**
   * Skip the check at start (reachable, replica set): the store is returned at once, operations
   * fail with ReadStoreUnavailableError and health() says reachable:false until the server answers.
   */
  lazy?: boolean;
}

interface MongoDoc {
  _id: string;
  [field: string]: unknown;
}

const DEFAULT_DB = 'portail_famille_read';
const CODE_NAMESPACE_EXISTS = 48;
const CODE_NAMESPACE_NOT_FOUND = 26;
const CODE_DUPLICATE_KEY = 11000;
const CODE_ILLEGAL_OPERATION = 20;
/** Buffered writes per collection before they are sent without waiting for a read or the commit. */
const FLUSH_THRESHOLD = 1000;
/** withTransaction retries transient errors for up to 120 s; past this budget the unit gives up instead. */
const RETRY_BUDGET_MS = 15_000;

export class MongoReadStore implements DocumentStore {
  readonly adapter = 'mongodb' as const;
  private readonly mutex = new Mutex();
  private readonly unitGuard = new UnitGuard();
  private readonly readers = new Map<string, MongoReadCollection>();
  private connection?: Promise<void>;
  private closed = false;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** The URL without credentials, and the database. */
    readonly location: string,
  ) {}

  static async connect(opts: MongoReadStoreOptions): Promise<MongoReadStore> {
    const dbName = opts.dbName ?? databaseInUrl(opts.url) ?? DEFAULT_DB;
    const location = `${redact(opts.url)} (database ${dbName})`;
    let client: MongoClient;
    try {
      client = new MongoClient(opts.url, clientOptions(opts.url));
    } catch (error) {
      throw new ReadStoreUnavailableError(`Invalid MongoDB URL for the read store ${redact(opts.url)}: ${message(error)}`, error);
    }
    const store = new MongoReadStore(client, client.db(dbName), location);
    if (opts.lazy) return store;
    try {
      await client.connect();
      const hello = await client.db('admin').command({ hello: 1 });
      if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') {
        throw new ReadStoreUnavailableError(
          `MongoDB at ${location} is a standalone server: the read store needs a replica set (or mongos) for ` +
            `multi-document transactions. Start mongod with --replSet rs0 and run rs.initiate() once (a one-node replica set is fine).`,
        );
      }
    } catch (error) {
      await client.close().catch(() => undefined);
      throw translate(error, location, '');
    }
    store.connection = Promise.resolve();
    return store;
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const { name, indexes } = checkCollectionSpec(spec);
    await this.exclusive('ensureCollection', async () => {
      try {
        await this.db.createCollection(name);
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === CODE_NAMESPACE_EXISTS)) throw error;
      }
      if (indexes.length === 0) return;
      await this.db.collection(name).createIndexes(
        indexes.map((index) => ({
          key: Object.fromEntries(index.fields.map((field) => [field, 1 as const])),
          name: `${index.fields.join(',')}${index.unique ? ':unique' : ''}`,
          unique: index.unique === true,
        })),
      );
    });
  }

  collection<T extends Document = Document>(name: string): ReadCollection<T> {
    let collection = this.readers.get(name);
    if (!collection) {
      collection = new MongoReadCollection(this, checkCollectionName(name));
      this.readers.set(name, collection);
    }
    return collection as unknown as ReadCollection<T>;
  }

  async unitOfWork<R>(work: (uow: DocumentUnitOfWork) => Promise<R>): Promise<R> {
    this.refuseInsideUnit('unitOfWork');
    return this.mutex.run(async () => {
      try {
        await this.ready();
      } catch (error) {
        throw translate(error, this.location, '');
      }
      const session = this.client.startSession();
      const started = Date.now();
      let attempts = 0;
      let lastError: unknown;
      try {
        let result: R | undefined;
        await session.withTransaction(async () => {
          if (++attempts > 1 && Date.now() - started > RETRY_BUDGET_MS) {
            throw new ReadStoreUnavailableError(
              `MongoDB read store at ${this.location}: the transaction failed ${attempts - 1} times in ${Math.round((Date.now() - started) / 1000)} s: ${message(lastError)}`,
              lastError,
            );
          }
          // A fresh unit per attempt: withTransaction re-runs this callback after a transient error.
          const unit = new MongoUnitOfWork(this.db, session, this.location);
          try {
            result = await this.unitGuard.run(work, unit);
            if (unit.failure !== undefined) throw unit.failure;
            await unit.flushAll();
          } catch (error) {
            lastError = error;
            throw error;
          } finally {
            unit.active = false;
          }
        });
        return result as R;
      } catch (error) {
        throw translate(error, this.location, '');
      } finally {
        await session.endSession().catch(() => undefined);
      }
    });
  }

  async dropCollection(name: string): Promise<void> {
    checkCollectionName(name);
    await this.exclusive('dropCollection', async () => {
      try {
        await this.db.collection(name).drop();
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === CODE_NAMESPACE_NOT_FOUND)) throw error;
      }
    });
  }

  /**
   * Deleted documents are gone from every query and WiredTiger reuses their blocks; rewriting the
   * collections (`compact`, member by member of the replica set) is the operator's maintenance, with
   * encryption at rest as the safeguard (libs/platform/read-store/README.md).
   */
  async scrubDeletedDocuments(): Promise<void> {
    if (this.closed) throw new ReadStoreUnavailableError(`The read store ${this.location} is closed.`);
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { adapter: 'mongodb', reachable: false, location: this.location, detail: 'closed' };
    try {
      await this.ready();
      await this.db.command({ ping: 1 });
      return { adapter: 'mongodb', reachable: true, location: this.location };
    } catch (error) {
      return { adapter: 'mongodb', reachable: false, location: this.location, detail: message(error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.refuseInsideUnit('close');
    await this.mutex.run(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.client.close();
    });
  }

  /** @internal The collection, once the client is connected. */
  async raw(name: string): Promise<Collection<MongoDoc>> {
    await this.ready();
    return this.db.collection<MongoDoc>(name);
  }

  /** @internal */
  ready(): Promise<void> {
    this.assertOpen();
    // After a failed connect the driver keeps a closed topology ("Topology is closed") for good:
    // connect again next time instead, so a lazily started store recovers once the server is up.
    this.connection ??= this.client.connect().then(
      () => undefined,
      (error: unknown) => {
        this.connection = undefined;
        throw error;
      },
    );
    return this.connection;
  }

  private assertOpen(): void {
    if (this.closed) throw new ReadStoreUnavailableError(`The read store ${this.location} is closed.`);
  }

  private refuseInsideUnit(operation: string): void {
    if (this.unitGuard.inside()) {
      throw new ReadStoreUsageError(`${operation} was called inside a unit of work: it would wait for that unit forever.`);
    }
  }

  private async exclusive(operation: string, fn: () => Promise<void>): Promise<void> {
    this.refuseInsideUnit(operation);
    await this.mutex.run(async () => {
      try {
        await this.ready();
        await fn();
      } catch (error) {
        throw translate(error, this.location, '');
      }
    });
  }
}

async function findIn(
  collection: Collection<MongoDoc>,
  filter: Filter | undefined,
  options: FindOptions | undefined,
  session?: ClientSession,
): Promise<MongoDoc[]> {
  const query = toMongoFilter(normalizeFilter(filter));
  const find = normalizeFindOptions(options);
  if (find.limit === 0) return []; // MongoDB would read limit 0 as "no limit"
  const sort = toMongoSort(find.sort);
  return collection
    .find(query, {
      session,
      ...(sort.length > 0 ? { sort } : {}),
      ...(find.skip > 0 ? { skip: find.skip } : {}),
      ...(find.limit !== undefined ? { limit: find.limit } : {}),
    })
    .toArray();
}

class MongoReadCollection implements ReadCollection {
  constructor(
    private readonly store: MongoReadStore,
    private readonly name: string,
  ) {}

  async get(id: string): Promise<Document | null> {
    checkId(id);
    return this.guard(async () => (await this.store.raw(this.name)).findOne({ _id: id }));
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Document[]> {
    return this.guard(async () => findIn(await this.store.raw(this.name), filter, options));
  }

  async count(filter?: Filter): Promise<number> {
    const query = toMongoFilter(normalizeFilter(filter));
    return this.guard(async () => (await this.store.raw(this.name)).countDocuments(query));
  }

  private async guard<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (error) {
      throw translate(error, this.store.location, this.name);
    }
  }
}

class MongoUnitOfWork implements DocumentUnitOfWork {
  active = true;
  /** The first write that failed: the transaction must not commit even if `work` swallowed it. */
  failure: unknown = undefined;
  private readonly pending = new Map<string, AnyBulkWriteOperation<MongoDoc>[]>();
  /** The documents buffered per collection and _id; null for a buffered delete. */
  private readonly overlay = new Map<string, Map<string, MongoDoc | null>>();
  private readonly collections = new Map<string, MongoWriteCollection>();
  /** Operations of one session must not overlap: they run one after the other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    readonly session: ClientSession,
    readonly location: string,
  ) {}

  collection<T extends Document = Document>(name: string): WriteCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new MongoWriteCollection(this, checkCollectionName(name));
      this.collections.set(name, collection);
    }
    return collection as unknown as WriteCollection<T>;
  }

  raw(name: string): Collection<MongoDoc> {
    this.assertActive();
    return this.db.collection<MongoDoc>(name);
  }

  assertActive(): void {
    if (!this.active) throw new ReadStoreUsageError('This unit of work is finished: its collections can no longer be used.');
  }

  serial<R>(fn: () => Promise<R>): Promise<R> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  buffered(name: string, id: string): MongoDoc | null | undefined {
    return this.overlay.get(name)?.get(id);
  }

  buffer(name: string, id: string, operation: AnyBulkWriteOperation<MongoDoc>, doc: MongoDoc | null): void {
    let ops = this.pending.get(name);
    if (!ops) this.pending.set(name, (ops = []));
    ops.push(operation);
    let docs = this.overlay.get(name);
    if (!docs) this.overlay.set(name, (docs = new Map()));
    docs.set(id, doc);
    if (ops.length >= FLUSH_THRESHOLD) void this.serial(() => this.flush(name)).catch(() => undefined);
  }

  /** Sends the buffered writes of one collection inside the transaction. */
  async flush(name: string): Promise<void> {
    const ops = this.pending.get(name);
    if (!ops || ops.length === 0) return;
    this.pending.delete(name);
    this.overlay.delete(name);
    try {
      await this.db.collection<MongoDoc>(name).bulkWrite(ops, { session: this.session, ordered: true });
    } catch (error) {
      // Duplicate keys become the port's error here (withTransaction only needs raw errors to retry transient ones).
      const failure = isDuplicateKey(error)
        ? new ReadStoreDuplicateKeyError(`Collection ${name}: duplicate key (${message(error)}).`, name, error)
        : error;
      if (this.failure === undefined) this.failure = failure;
      throw failure;
    }
  }

  async flushAll(): Promise<void> {
    await this.serial(async () => {
      for (const name of [...this.pending.keys()]) await this.flush(name);
    });
  }
}

class MongoWriteCollection implements WriteCollection {
  constructor(
    private readonly unit: MongoUnitOfWork,
    private readonly name: string,
  ) {}

  async get(id: string): Promise<Document | null> {
    checkId(id);
    this.unit.assertActive();
    // Documents inside a unit are sealed (frozen), as in the embedded adapter: a buffered one is handed out as it is.
    const buffered = this.unit.buffered(this.name, id);
    if (buffered !== undefined) return buffered;
    const found = await this.guard(() => this.unit.serial(() => this.unit.raw(this.name).findOne({ _id: id }, { session: this.unit.session })));
    return found === null ? null : sealStored(found);
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Document[]> {
    normalizeFilter(filter);
    normalizeFindOptions(options);
    this.unit.assertActive();
    return this.guard(() =>
      this.unit.serial(async () => {
        await this.unit.flush(this.name);
        return (await findIn(this.unit.raw(this.name), filter, options, this.unit.session)).map((doc) => sealStored(doc));
      }),
    );
  }

  async count(filter?: Filter): Promise<number> {
    const query = toMongoFilter(normalizeFilter(filter));
    this.unit.assertActive();
    return this.guard(() =>
      this.unit.serial(async () => {
        await this.unit.flush(this.name);
        return this.unit.raw(this.name).countDocuments(query, { session: this.unit.session });
      }),
    );
  }

  async upsert(doc: Document): Promise<void> {
    this.write(() => {
      this.unit.assertActive();
      // Validated and frozen in place: the unit keeps it as written (undefined fields are not sent: ignoreUndefined).
      const sealed = sealDocument(doc, typeof doc?._id === 'string' ? this.unit.buffered(this.name, doc._id) : undefined) as MongoDoc;
      this.unit.buffer(this.name, sealed._id, { replaceOne: { filter: { _id: sealed._id }, replacement: sealed, upsert: true } }, sealed);
    });
  }

  /** Buffered like any upsert: a MongoDB unit sends its writes in bulk anyway. */
  append(doc: Document): Promise<void> {
    return this.upsert(doc);
  }

  async delete(id: string): Promise<void> {
    this.write(() => {
      this.unit.assertActive();
      checkId(id);
      this.unit.buffer(this.name, id, { deleteOne: { filter: { _id: id } } }, null);
    });
  }

  async deleteMany(filter: Filter): Promise<number> {
    const query = toMongoFilter(normalizeFilter(filter));
    this.unit.assertActive();
    return this.guard(() =>
      this.unit.serial(async () => {
        await this.unit.flush(this.name);
        try {
          const result = await this.unit.raw(this.name).deleteMany(query, { session: this.unit.session });
          return result.deletedCount;
        } catch (error) {
          if (this.unit.failure === undefined) this.unit.failure = error;
          throw error;
        }
      }),
    );
  }

  private write(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (this.unit.active && this.unit.failure === undefined) this.unit.failure = error;
      throw error;
    }
  }

  private async guard<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof MongoError) {
        // The server may have aborted the transaction: it must not commit even if `work` swallows this.
        if (this.unit.failure === undefined) this.unit.failure = error;
        // Transient errors stay raw so withTransaction can retry; unitOfWork translates at the end.
        if (error.hasErrorLabel('TransientTransactionError')) throw error;
      }
      throw translate(error, this.unit.location, this.name);
    }
  }
}

function isUnreachable(error: unknown): boolean {
  if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError || error instanceof MongoSystemError) return true;
  // bulkWrite wraps driver errors (no server reply) in a MongoBulkWriteError without write errors.
  return (
    error instanceof MongoBulkWriteError &&
    [error.writeErrors].flat().length === 0 &&
    ('reason' in error || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Topology is closed|timed out|connection/i.test(error.message))
  );
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === CODE_DUPLICATE_KEY;
}

function translate(error: unknown, location: string, collection: string): unknown {
  if (error instanceof ReadStoreUsageError || error instanceof ReadStoreUnavailableError || error instanceof ReadStoreDuplicateKeyError) {
    return error;
  }
  if (isDuplicateKey(error)) {
    return new ReadStoreDuplicateKeyError(`Collection ${collection}: duplicate key (${message(error)}).`, collection, error);
  }
  if (
    error instanceof MongoServerError &&
    (error.code === CODE_ILLEGAL_OPERATION || /Transaction numbers are only allowed/.test(error.message))
  ) {
    return new ReadStoreUnavailableError(
      `MongoDB at ${location} refused a transaction: the read store needs a replica set (or mongos). ${error.message}`,
      error,
    );
  }
  if (isUnreachable(error)) {
    return new ReadStoreUnavailableError(`MongoDB read store at ${location} is unreachable: ${message(error)}`, error);
  }
  if (error instanceof MongoAPIError && /closed|not connected/i.test(error.message)) {
    return new ReadStoreUnavailableError(`MongoDB read store at ${location} is not connected: ${message(error)}`, error);
  }
  return error;
}

function clientOptions(url: string): MongoClientOptions {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const given = new Set([...new URLSearchParams(query).keys()].map((key) => key.toLowerCase()));
  const options: MongoClientOptions = { ignoreUndefined: true, appName: 'portail-famille-read-store' };
  // Short by default so an unreachable server is reported in seconds, never a hang.
  if (!given.has('serverselectiontimeoutms')) options.serverSelectionTimeoutMS = 3000;
  if (!given.has('connecttimeoutms')) options.connectTimeoutMS = 3000;
  if (!given.has('sockettimeoutms')) options.socketTimeoutMS = 30_000;
  return options;
}

function databaseInUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** The URL without user and password, for messages and health. */
function redact(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
