/**
 * The embedded read store: one SQLite file (WAL) under the data folder, a table per collection
 * holding JSON documents, declared indexes as expression indexes on json_extract.
 *
 * Two connections. The writer lives in a worker thread (sqlite-writer.ts): a unit of work sends it
 * its writes and its COMMIT, and the next unit starts at once, so SQLite writes one unit's pages
 * while the next projection's code runs here. The reader, on this thread, serves `collection()` and
 * the reads of units and, in WAL, sees the last committed snapshot without ever waiting for the
 * writer. Units are serialized by a mutex; a unit that starts while an earlier one is still being
 * committed reads that one's documents from memory, and does not commit if that one fails.
 *
 * Another process must not write the same file: an exclusive SQLite lock on a small side database
 * (`<file>.lock`) is held while the store is open. It is an OS file lock, so it vanishes when the
 * holder dies, even by SIGKILL.
 */
import { privateFile, privateFolder } from '@pf/event-store';
import { basename, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { StoreHealth } from '@pf/event-store';
import { Mutex } from './mutex';
import { UnitGuard } from './unit-guard';
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
import { checkCollectionName, checkCollectionSpec, checkDocument, checkId, normalizeFilter, normalizeFindOptions } from './read-store.validation';
import { sealDocument, sealStored } from './sealed-documents';
import { type ArrayPaths, compileOrderBy, compileWhere, fieldExpr } from './sqlite-query';
import { META_TABLE, SqliteWriter, type WriterStep } from './sqlite-writer';

type Db = Database.Database;
type Statement = Database.Statement;

export interface SqliteReadStoreOptions {
  dataDir: string;
  /** Default 'read-models.sqlite'. */
  fileName?: string;
}

/** Past this many distinct array paths a collection is treated as "arrays anywhere". */
const MAX_ARRAY_PATHS = 256;

/** What the store knows about one collection's table. */
class CollectionMeta implements ArrayPaths {
  constructor(
    readonly name: string,
    readonly arrays: Set<string> = new Set(),
    public allArrays = false,
  ) {}

  has(path: string): boolean {
    return this.allArrays || this.arrays.has(path);
  }

  get table(): string {
    return tableName(this.name);
  }
}

const tableName = (collection: string) => `"c_${collection}"`;

class StatementCache {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= 2000) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  clear(): void {
    this.statements.clear();
  }
}

/** Documents kept per collection by CommittedDocuments (the oldest go first). */
const KNOWN_DOCUMENTS = 5000;
/** Past this many ids, a collection's ids are no longer kept (its absent ids are then read from SQL). */
const KNOWN_IDS = 1_000_000;

/**
 * What this store knows of committed documents, so that units read them without SQL: the recent
 * ones (sealed, so they are shared as they are), and, for a collection that was empty when this
 * store created or emptied it, the ids it holds: any other id is absent (a rebuild looks up many
 * documents that do not exist yet). It stays exact because this store is the file's only writer:
 * every committed unit updates it, and a deleteMany forgets what was known of its collection.
 */
class CommittedDocuments {
  private readonly docs = new Map<string, Map<string, Document | null>>();
  private readonly ids = new Map<string, Set<string>>();

  /** The committed document, null when known absent, undefined when not known here. */
  lookup(name: string, id: string): Document | null | undefined {
    const doc = this.docs.get(name)?.get(id);
    if (doc !== undefined) return doc;
    const ids = this.ids.get(name);
    return ids && !ids.has(id) ? null : undefined;
  }

  remember(name: string, id: string, doc: Document | null): void {
    let docs = this.docs.get(name);
    if (!docs) this.docs.set(name, (docs = new Map()));
    docs.delete(id);
    docs.set(id, doc);
    if (docs.size > KNOWN_DOCUMENTS) docs.delete(docs.keys().next().value as string);
  }

  /** A unit committed these writes (null: deleted) in the collection. */
  committed(name: string, written: Map<string, { doc: Document | null; written: boolean }>): void {
    const docs = this.docs.get(name);
    const ids = this.ids.get(name);
    if (!docs && !ids) return;
    for (const [id, entry] of written) {
      if (!entry.written) continue;
      // Only documents read back are kept (a written one may never be read again), in their new version.
      if (docs?.has(id)) docs.set(id, entry.doc);
      if (!ids) continue;
      if (entry.doc === null) ids.delete(id);
      else ids.add(id);
    }
    if (ids && ids.size > KNOWN_IDS) this.ids.delete(name);
  }

  /** A unit committed documents it appended (not kept in memory): they exist now, in versions not known here. */
  appended(name: string, appended: Iterable<string>): void {
    const docs = this.docs.get(name);
    const ids = this.ids.get(name);
    if (!docs && !ids) return;
    for (const id of appended) {
      docs?.delete(id);
      ids?.add(id);
    }
    if (ids && ids.size > KNOWN_IDS) this.ids.delete(name);
  }

  /** The collection's table is empty now: every id it will hold goes through `committed`. */
  empty(name: string): void {
    this.docs.delete(name);
    this.ids.set(name, new Set());
  }

  knowsIds(name: string): boolean {
    return this.ids.has(name);
  }

  forget(name: string): void {
    this.docs.delete(name);
    this.ids.delete(name);
  }
}

export class SqliteReadStore implements DocumentStore {
  readonly adapter = 'embedded' as const;
  private readonly readerSql: StatementCache;
  private readonly mutex = new Mutex();
  /** The unit of work the current async context runs in, to refuse re-entry (it would deadlock). */
  private readonly unitGuard = new UnitGuard();
  private readonly readers = new Map<string, SqliteReadCollection>();
  private closed = false;
  private units = 0;
  /** Units whose COMMIT was sent and not yet confirmed, oldest first. */
  private readonly committing: SqliteUnitOfWork[] = [];
  private readonly known = new CommittedDocuments();

  private constructor(
    readonly location: string,
    private readonly lock: Db,
    /** @internal */ readonly writer: SqliteWriter,
    private readonly reader: Db,
    /** What is known of each collection (array paths), committed or being written. */
    private readonly metas: Map<string, CollectionMeta>,
    /** Collections whose table exists in committed data. */
    private readonly tables: Set<string>,
  ) {
    this.readerSql = new StatementCache(reader);
  }

  static async open(opts: SqliteReadStoreOptions): Promise<SqliteReadStore> {
    const dataDir = resolve(opts.dataDir);
    const fileName = opts.fileName ?? 'read-models.sqlite';
    if (basename(fileName) !== fileName || fileName.length === 0) {
      throw new ReadStoreUsageError(`fileName must be a plain file name, got ${JSON.stringify(fileName)}.`);
    }
    try {
      privateFolder(dataDir);
      privateFile(join(dataDir, fileName));
      privateFile(join(dataDir, `${fileName}.lock`));
    } catch (error) {
      throw new ReadStoreUnavailableError(`Cannot create the data folder ${dataDir}: ${message(error)}`, error);
    }
    const file = join(dataDir, fileName);
    const lock = acquireLock(`${file}.lock`, dataDir, file);
    let writer: SqliteWriter | undefined;
    let reader: Db | undefined;
    try {
      writer = await SqliteWriter.start(file);
      reader = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
      reader.pragma('cache_size = -16000');
      const metas = loadCatalog(reader);
      return new SqliteReadStore(file, lock, writer, reader, metas, new Set(metas.keys()));
    } catch (error) {
      reader?.close();
      await writer?.close();
      lock.close();
      if (error instanceof ReadStoreUnavailableError) throw error;
      throw new ReadStoreUnavailableError(`Cannot open the read store ${file}: ${message(error)}`, error);
    }
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const { name, indexes } = checkCollectionSpec(spec);
    await this.exclusive('ensureCollection', async () => {
      const table = tableName(name);
      const steps: WriterStep[] = [{ op: 'begin' }, ...createSteps(name)];
      for (const index of indexes) {
        const indexName = `"ix:${name}:${index.fields.join(',')}${index.unique ? ':unique' : ''}"`;
        const columns = index.fields.map((f) => fieldExpr(f.split('.'))).join(', ');
        steps.push({ op: 'exec', sql: `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${indexName} ON ${table} (${columns})` });
      }
      await this.writer.request(0, [...steps, { op: 'commit' }]);
      if (!this.metas.has(name)) this.metas.set(name, readMeta(this.reader, name));
      this.tables.add(name);
      if (!this.known.knowsIds(name) && this.readerSql.get(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined) this.known.empty(name);
    });
  }

  collection<T extends Document = Document>(name: string): ReadCollection<T> {
    let collection = this.readers.get(name);
    if (!collection) {
      collection = new SqliteReadCollection(this, checkCollectionName(name));
      this.readers.set(name, collection);
    }
    return collection as unknown as ReadCollection<T>;
  }

  async unitOfWork<R>(work: (uow: DocumentUnitOfWork) => Promise<R>): Promise<R> {
    this.refuseInsideUnit('unitOfWork');
    const release = await this.mutex.acquire();
    let held = true;
    try {
      this.assertOpen();
      const unit = new SqliteUnitOfWork(this, ++this.units);
      let result: R;
      try {
        result = await this.unitGuard.run(work, unit);
        if (unit.failure !== undefined) throw unit.failure;
      } catch (error) {
        unit.active = false;
        // The original error says more than a failed ROLLBACK; SQLite rolls back by itself when it cannot.
        if (unit.began) await this.writer.request(unit.id, [{ op: 'rollback' }]).catch(() => undefined);
        throw error;
      }
      unit.active = false;
      if (!unit.hasWrites()) return result;
      const committed = unit.send(unit.dirtyCollections(), [{ op: 'commit', after: [...unit.readFrom] }]).then(() => this.committed(unit));
      unit.settled = committed.then(
        () => undefined,
        () => undefined,
      );
      // The next unit may start now: it reads this one's documents from memory until the commit is done.
      this.committing.push(unit);
      release();
      held = false;
      try {
        await committed;
      } catch (error) {
        throw translate(error, '');
      } finally {
        this.committing.splice(this.committing.indexOf(unit), 1);
      }
      return result;
    } finally {
      if (held) release();
    }
  }

  async dropCollection(name: string): Promise<void> {
    checkCollectionName(name);
    await this.exclusive('dropCollection', async () => {
      await this.writer.request(0, [
        { op: 'begin' },
        { op: 'exec', sql: `DROP TABLE IF EXISTS ${tableName(name)}` },
        { op: 'run', sql: `DELETE FROM ${META_TABLE} WHERE name = ?`, params: [name] },
        { op: 'commit' },
        // Cached statements may name the dropped table.
        { op: 'forget' },
      ]);
      this.tables.delete(name);
      this.metas.delete(name);
      this.known.forget(name);
      this.readerSql.clear();
    });
  }

  /**
   * VACUUM rewrites every page afresh (freed pages and the free space inside pages held deleted
   * documents), then the WAL is checkpointed and truncated (its frames held older copies). The
   * writer thread does it between units of work, so nothing waits on a lock the main thread holds.
   */
  async scrubDeletedDocuments(): Promise<void> {
    await this.exclusive('scrubDeletedDocuments', async () => {
      await Promise.all([...this.committing].map((unit) => unit.settled));
      const [, , busy] = await this.writer.request(0, [
        { op: 'exec', sql: 'PRAGMA secure_delete = ON' },
        { op: 'exec', sql: 'VACUUM' },
        { op: 'value', sql: 'PRAGMA wal_checkpoint(TRUNCATE)' },
      ]);
      if (busy) throw new ReadStoreUnavailableError(`${this.location}: the WAL could not be truncated (a reader held it)`);
    });
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { adapter: 'embedded', reachable: false, location: this.location, detail: 'closed' };
    if (!this.writer.alive) return { adapter: 'embedded', reachable: false, location: this.location, detail: 'the writer thread stopped' };
    try {
      this.readerSql.get('SELECT 1').get();
      return { adapter: 'embedded', reachable: true, location: this.location, detail: `${this.tables.size} collections` };
    } catch (error) {
      return { adapter: 'embedded', reachable: false, location: this.location, detail: message(error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.refuseInsideUnit('close');
    // Let the running unit of work finish first, and the commits already sent.
    await this.mutex.run(async () => {
      if (this.closed) return;
      this.closed = true;
      await Promise.all([...this.committing].map((unit) => unit.settled));
      await this.writer.close();
      this.reader.close();
      this.lock.close(); // releases the folder for another process
    });
  }

  /** The query plan SQLite chooses for a find (to check that indexes are used). */
  explainFind(name: string, filter?: Filter, options?: FindOptions): string[] {
    this.assertOpen();
    const meta = this.committedMeta(checkCollectionName(name));
    if (!meta) return [];
    const { sql, params } = buildFind(meta, filter, options);
    return this.reader
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => (row as { detail: string }).detail);
  }

  // ---- internals used by the units and collections ----

  /** @internal */
  readSide(): { sql: StatementCache; meta(name: string): CollectionMeta | undefined } {
    this.assertOpen();
    return { sql: this.readerSql, meta: (name) => this.committedMeta(name) };
  }

  /** @internal A collection as a unit sees it: committed, or created by the unit itself. */
  unitMeta(unit: SqliteUnitOfWork, name: string): CollectionMeta | undefined {
    return this.tables.has(name) || unit.created.has(name) ? this.metas.get(name) : undefined;
  }

  /** @internal The collection for a write: created by the unit if needed (MongoDB creates on first write too). */
  metaForWrite(unit: SqliteUnitOfWork, name: string): CollectionMeta {
    const known = this.unitMeta(unit, name);
    if (known) return known;
    let meta = this.metas.get(name);
    if (!meta) this.metas.set(name, (meta = new CollectionMeta(name)));
    unit.created.add(name);
    unit.steps.push(...createSteps(name));
    return meta;
  }

  /** @internal Records newly seen array paths, in the unit's transaction. */
  rememberArrays(unit: SqliteUnitOfWork, meta: CollectionMeta, paths: string[]): void {
    for (const path of paths) meta.arrays.add(path);
    if (meta.arrays.size > MAX_ARRAY_PATHS) meta.allArrays = true;
    // The in-memory set may get ahead of a rolled-back unit: harmless, only more cautious SQL.
    unit.steps.push({
      op: 'run',
      sql: `UPDATE ${META_TABLE} SET array_paths = ?, all_arrays = ? WHERE name = ?`,
      params: [JSON.stringify([...meta.arrays]), meta.allArrays ? 1 : 0, meta.name],
    });
  }

  /** @internal A committed document, read without waiting for the writer. */
  readCommitted(name: string, id: string): Document | null {
    const meta = this.committedMeta(name);
    if (!meta) return null;
    const known = this.known.lookup(name, id);
    if (known !== undefined) return known;
    const json = this.readerSql.get(`SELECT doc FROM ${meta.table} WHERE id = ?`).pluck().get(id) as string | undefined;
    const doc = json === undefined ? null : sealStored(JSON.parse(json) as Document);
    this.known.remember(name, id, doc);
    return doc;
  }

  /** What a unit's commit changes in what is known (before units waiting for it go on). */
  private committed(unit: SqliteUnitOfWork): void {
    for (const name of unit.created) {
      // A table created by this unit starts empty; one an earlier unit created meanwhile is already known.
      if (!this.tables.has(name)) {
        this.tables.add(name);
        this.known.empty(name);
      }
    }
    for (const [name, appended] of unit.appended()) if (!unit.deletedMany.has(name)) this.known.appended(name, appended);
    for (const [name, entries] of unit.entries()) {
      if (unit.deletedMany.has(name)) this.known.forget(name);
      else this.known.committed(name, entries);
    }
  }

  /**
   * @internal What units still being committed wrote for this id, newest first (undefined: none
   * did). The reader unit then depends on them: it will not commit if one of them fails. A unit
   * that appended the id does not hold it in memory: the reader waits for that commit.
   */
  committingDoc(unit: SqliteUnitOfWork, name: string, id: string): Document | null | undefined | AwaitCommit {
    const units = this.committing;
    for (let i = units.length - 1; i >= 0; i--) {
      const doc = units[i].written(name, id);
      if (doc !== undefined) {
        unit.readFrom.add(units[i].id);
        return doc;
      }
      if (units[i].hasAppended(name, id)) {
        unit.readFrom.add(units[i].id);
        return new AwaitCommit(units[i].settled!);
      }
    }
    return undefined;
  }

  /** @internal Units being committed that ran a deleteMany on this collection: which ids they removed is only known once they are done. */
  deletingMany(name: string): Promise<unknown> | undefined {
    let waited: Array<Promise<void> | undefined> | undefined;
    for (const earlier of this.committing) if (earlier.deletedMany.has(name)) (waited ??= []).push(earlier.settled);
    return waited && Promise.all(waited);
  }

  /** @internal Before a query in a unit: units being committed that created this collection or ran a deleteMany on it are waited for. */
  async settleBefore(name: string): Promise<void> {
    for (const earlier of [...this.committing]) {
      if (earlier.created.has(name) || earlier.deletedMany.has(name)) await earlier.settled;
    }
  }

  /** @internal Whether the committed table has a unique index (its writes then go through at once). */
  hasUniqueIndex(meta: CollectionMeta): boolean {
    return (
      (this.readerSql
        .get(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql LIKE 'CREATE UNIQUE INDEX%'`)
        .pluck()
        .get(meta.table.slice(1, -1)) as number) > 0
    );
  }

  /** @internal */
  assertOpen(): void {
    if (this.closed) throw new ReadStoreUnavailableError(`The read store ${this.location} is closed.`);
  }

  private committedMeta(name: string): CollectionMeta | undefined {
    return this.tables.has(name) ? this.metas.get(name) : undefined;
  }

  private refuseInsideUnit(operation: string): void {
    if (this.unitGuard.inside()) {
      throw new ReadStoreUsageError(`${operation} was called inside a unit of work: it would wait for that unit forever.`);
    }
  }

  private async exclusive(operation: string, fn: () => Promise<void>): Promise<void> {
    this.refuseInsideUnit(operation);
    await this.mutex.run(async () => {
      this.assertOpen();
      try {
        await fn();
      } catch (error) {
        throw translate(error, '');
      }
    });
  }
}

/** A document another unit appended and is committing: read it once that commit is done. */
class AwaitCommit {
  constructor(readonly settled: Promise<void>) {}
}

/**
 * Documents on their way to the writer thread: ids, and their JSON as UTF-8 in one growing buffer
 * outside the JS heap (it is moved to the thread, not copied). Appended documents go in at once,
 * so nothing of them stays on the heap until the commit.
 */
class DocumentBatch {
  private readonly ids: string[] = [];
  /** Bytes of each document's JSON; -1: delete. */
  private readonly lengths: number[] = [];
  private bytes: Buffer;
  private at = 0;

  constructor(expectedChars: number) {
    this.bytes = Buffer.allocUnsafeSlow(Math.max(64 * 1024, Math.ceil(expectedChars * 1.1)));
  }

  get size(): number {
    return this.ids.length;
  }

  add(id: string, json: string | undefined): void {
    this.ids.push(id);
    if (json === undefined) {
      this.lengths.push(-1);
      return;
    }
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.at + json.length * 3 > this.bytes.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.at + json.length * 3));
      this.bytes.copy(larger, 0, 0, this.at);
      this.bytes = larger;
    }
    const written = this.bytes.write(json, this.at, 'utf8');
    this.lengths.push(written);
    this.at += written;
  }

  step(table: string): WriterStep {
    return { op: 'write', table, ids: this.ids, lengths: this.lengths, docs: this.bytes.subarray(0, this.at) };
  }
}

/** Creates a collection's table and its catalog row (a rowid table: measured 3-4× cheaper commits than WITHOUT ROWID for scattered upserts). */
function createSteps(name: string): WriterStep[] {
  return [
    { op: 'exec', sql: `CREATE TABLE IF NOT EXISTS ${tableName(name)} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)` },
    { op: 'run', sql: `INSERT OR IGNORE INTO ${META_TABLE} (name) VALUES (?)`, params: [name] },
  ];
}

class SqliteUnitOfWork implements DocumentUnitOfWork {
  active = true;
  /** BEGIN was sent: the writer holds this unit's transaction open. */
  began = false;
  /** The first write that failed: the unit will not commit, even if `work` swallowed the error. */
  failure: unknown = undefined;
  /** Resolves (never rejects) once the COMMIT is done or has failed. */
  settled?: Promise<void>;
  /** Steps waiting for the next request (tables created, array paths learnt). */
  steps: WriterStep[] = [];
  readonly created = new Set<string>();
  readonly deletedMany = new Set<string>();
  /** Units being committed whose documents this one read. */
  readonly readFrom = new Set<number>();
  private readonly collections = new Map<string, SqliteWriteCollection>();

  constructor(
    readonly store: SqliteReadStore,
    readonly id: number,
  ) {}

  collection<T extends Document = Document>(name: string): WriteCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteWriteCollection(this, checkCollectionName(name));
      this.collections.set(name, collection);
    }
    return collection as unknown as WriteCollection<T>;
  }

  assertActive(): void {
    this.store.assertOpen();
    if (!this.active) throw new ReadStoreUsageError('This unit of work is finished: its collections can no longer be used.');
  }

  hasWrites(): boolean {
    return this.began || this.steps.length > 0 || this.dirtyCollections().length > 0;
  }

  dirtyCollections(): SqliteWriteCollection[] {
    return [...this.collections.values()].filter((c) => c.hasDirty());
  }

  /** Per collection, the documents this unit holds (`written` for its own writes). */
  entries(): Array<[string, Map<string, Entry>]> {
    return [...this.collections].map(([name, collection]) => [name, collection.entries]);
  }

  /** Per collection, the ids this unit appended (their documents are not kept in memory). */
  appended(): Array<[string, Set<string>]> {
    return [...this.collections].filter(([, c]) => c.appendedIds.size > 0).map(([name, c]) => [name, c.appendedIds]);
  }

  hasAppended(name: string, id: string): boolean {
    return this.collections.get(name)?.appendedIds.has(id) ?? false;
  }

  /** What this unit wrote for an id (undefined: nothing), for units that start before its commit is done. */
  written(name: string, id: string): Document | null | undefined {
    return this.collections.get(name)?.written(id);
  }

  /** Sends the waiting steps and the dirty documents of `flushing`, then `then`, in the unit's transaction; answers the results of `then`. */
  async send(flushing: Iterable<SqliteWriteCollection>, then: WriterStep[]): Promise<unknown[]> {
    const steps: WriterStep[] = [];
    if (!this.began) {
      steps.push({ op: 'begin' });
      this.began = true;
    }
    steps.push(...this.steps);
    this.steps = [];
    for (const collection of flushing) {
      const write = collection.drain();
      if (write) steps.push(write);
    }
    const first = steps.length;
    steps.push(...then);
    return (await this.store.writer.request(this.id, steps)).slice(first);
  }
}

function buildFind(meta: CollectionMeta, filter: Filter | undefined, options: FindOptions | undefined) {
  const find = normalizeFindOptions(options);
  const where = compileWhere(normalizeFilter(filter), meta);
  const orderBy = compileOrderBy(find.sort);
  const sql =
    `SELECT doc FROM ${meta.table}` +
    (where.sql ? ` WHERE ${where.sql}` : '') +
    (orderBy ? ` ORDER BY ${orderBy}` : '') +
    ' LIMIT ? OFFSET ?';
  return { sql, params: [...where.params, find.limit ?? -1, find.skip], limit: find.limit };
}

function countQuery(meta: CollectionMeta, filter: Filter | undefined) {
  const where = compileWhere(normalizeFilter(filter), meta);
  return { sql: `SELECT count(*) FROM ${meta.table}` + (where.sql ? ` WHERE ${where.sql}` : ''), params: where.params };
}

function runGet(sql: StatementCache, meta: CollectionMeta | undefined, id: string): Document | null {
  checkId(id);
  if (!meta) return null;
  const json = sql.get(`SELECT doc FROM ${meta.table} WHERE id = ?`).pluck().get(id) as string | undefined;
  return json === undefined ? null : (JSON.parse(json) as Document);
}

function runFind(sql: StatementCache, meta: CollectionMeta | undefined, filter?: Filter, options?: FindOptions): Document[] {
  if (!meta) {
    normalizeFilter(filter); // still report a bad filter
    normalizeFindOptions(options);
    return [];
  }
  const query = buildFind(meta, filter, options);
  if (query.limit === 0) return [];
  const rows = sql.get(query.sql).pluck().all(...query.params) as string[];
  return rows.map((json) => JSON.parse(json) as Document);
}

function runCount(sql: StatementCache, meta: CollectionMeta | undefined, filter?: Filter): number {
  normalizeFilter(filter); // still report a bad filter
  if (!meta) return 0;
  const query = countQuery(meta, filter);
  return sql.get(query.sql).pluck().get(...query.params) as number;
}

class SqliteReadCollection implements ReadCollection {
  constructor(
    private readonly store: SqliteReadStore,
    private readonly name: string,
  ) {}

  async get(id: string): Promise<Document | null> {
    const side = this.store.readSide();
    return guard(this.name, () => runGet(side.sql, side.meta(this.name), id));
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Document[]> {
    const side = this.store.readSide();
    return guard(this.name, () => runFind(side.sql, side.meta(this.name), filter, options));
  }

  async count(filter?: Filter): Promise<number> {
    const side = this.store.readSide();
    return guard(this.name, () => runCount(side.sql, side.meta(this.name), filter));
  }
}

interface Entry {
  /** Sealed; null: absent or deleted. */
  doc: Document | null;
  /** Written by this unit (not only read). */
  written: boolean;
}

/**
 * A unit keeps the documents it reads and writes in memory, by id, as sealed (frozen) objects: a
 * get of a document already seen returns it without SQL nor parsing, and a projection that changes
 * one document many times in a batch (a request opened then decided, a family's month) sends it to
 * the writer once, as JSON, at commit or before a find / count / deleteMany on the same collection.
 * Collections with a unique index write through, so a duplicate key still fails on the upsert that
 * causes it.
 */
class SqliteWriteCollection implements WriteCollection {
  private readonly cache = new Map<string, Entry>();
  /** @internal The unit's documents of this collection, by id. */
  readonly entries = this.cache;
  /** Ids written in memory and not yet sent to the writer. */
  private readonly dirty = new Set<string>();
  /** Appended documents not yet sent to the writer, already encoded. */
  private batch?: DocumentBatch;
  /** @internal Every id this unit appended. */
  readonly appendedIds = new Set<string>();
  private writeThrough?: boolean;
  /** After a deleteMany, ids not in memory are read from the unit's transaction, not from committed data. */
  private fromTransaction = false;

  constructor(
    private readonly unit: SqliteUnitOfWork,
    private readonly name: string,
  ) {}

  async get(id: string): Promise<Document | null> {
    checkId(id);
    this.unit.assertActive();
    const cached = this.cache.get(id);
    if (cached) return cached.doc;
    try {
      let doc: Document | null;
      const store = this.unit.store;
      if (this.fromTransaction || this.appendedIds.has(id)) {
        // Read from the unit's transaction (an appended document is not kept in memory).
        const meta = store.unitMeta(this.unit, this.name)!;
        const [json] = await this.unit.send(this.appendedIds.has(id) ? [this] : [], [{ op: 'value', sql: `SELECT doc FROM ${meta.table} WHERE id = ?`, params: [id] }]);
        doc = json === undefined || json === null ? null : sealStored(JSON.parse(json as string) as Document);
      } else {
        const deleting = store.deletingMany(this.name);
        if (deleting) await deleting;
        const committing = store.committingDoc(this.unit, this.name, id);
        if (committing instanceof AwaitCommit) {
          await committing.settled;
          doc = store.readCommitted(this.name, id);
        } else {
          doc = committing !== undefined ? committing : store.readCommitted(this.name, id);
        }
      }
      // Another get of the same id may have answered while this one waited.
      const raced = this.cache.get(id);
      if (raced) return raced.doc;
      this.cache.set(id, { doc, written: false });
      return doc;
    } catch (error) {
      throw this.failed(error);
    }
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Document[]> {
    normalizeFilter(filter); // a bad filter is reported before anything else
    normalizeFindOptions(options);
    this.unit.assertActive();
    try {
      await this.unit.store.settleBefore(this.name);
      const meta = this.unit.store.unitMeta(this.unit, this.name);
      if (!meta) return [];
      const query = buildFind(meta, filter, options);
      if (query.limit === 0) return [];
      const [rows] = await this.unit.send([this], [{ op: 'column', sql: query.sql, params: query.params }]);
      // The unit's copy of a document is the one handed out, so a later get returns the same object.
      return (rows as string[]).map((json) => {
        const doc = JSON.parse(json) as Document;
        const cached = this.cache.get(doc._id);
        if (cached?.doc) return cached.doc;
        const sealed = sealStored(doc);
        this.cache.set(sealed._id, { doc: sealed, written: false });
        return sealed;
      });
    } catch (error) {
      throw this.failed(error);
    }
  }

  async count(filter?: Filter): Promise<number> {
    normalizeFilter(filter);
    this.unit.assertActive();
    try {
      await this.unit.store.settleBefore(this.name);
      const meta = this.unit.store.unitMeta(this.unit, this.name);
      if (!meta) return 0;
      const query = countQuery(meta, filter);
      const [count] = await this.unit.send([this], [{ op: 'value', sql: query.sql, params: query.params }]);
      return count as number;
    } catch (error) {
      throw this.failed(error);
    }
  }

  async upsert(doc: Document): Promise<void> {
    this.unit.assertActive();
    try {
      const store = this.unit.store;
      const meta = store.metaForWrite(this.unit, this.name);
      let fresh: string[] | undefined;
      const sealed = sealDocument(doc, this.cache.get((doc as Document | undefined)?._id as string)?.doc, (path) => {
        if (!meta.has(path)) (fresh ??= []).push(path);
      });
      if (fresh) store.rememberArrays(this.unit, meta, fresh);
      this.remember(sealed._id, sealed);
      if (this.writesThrough(meta)) await this.unit.send([this], []);
    } catch (error) {
      throw this.failed(error);
    }
  }

  async append(doc: Document): Promise<void> {
    this.unit.assertActive();
    // A document the unit already holds keeps one story in memory.
    const id = (doc as Document | undefined)?._id;
    if (typeof id === 'string' && this.cache.has(id)) return this.upsert(doc);
    try {
      const store = this.unit.store;
      const meta = store.metaForWrite(this.unit, this.name);
      let fresh: string[] | undefined;
      checkDocument(doc, (path) => {
        if (!meta.has(path)) (fresh ??= []).push(path);
      });
      if (fresh) store.rememberArrays(this.unit, meta, fresh);
      (this.batch ??= new DocumentBatch(0)).add(doc._id, JSON.stringify(doc));
      this.appendedIds.add(doc._id);
      if (this.writesThrough(meta)) await this.unit.send([this], []);
    } catch (error) {
      throw this.failed(error);
    }
  }

  async delete(id: string): Promise<void> {
    checkId(id);
    this.unit.assertActive();
    try {
      const store = this.unit.store;
      // A collection nobody ever wrote has nothing to delete.
      if (!store.unitMeta(this.unit, this.name) && !(await this.knownElsewhere())) return;
      const meta = store.metaForWrite(this.unit, this.name);
      this.remember(id, null);
      if (this.writesThrough(meta)) await this.unit.send([this], []);
    } catch (error) {
      throw this.failed(error);
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    normalizeFilter(filter);
    this.unit.assertActive();
    try {
      await this.unit.store.settleBefore(this.name);
      const meta = this.unit.store.unitMeta(this.unit, this.name);
      if (!meta) return 0;
      const where = compileWhere(normalizeFilter(filter), meta);
      const sql = `DELETE FROM ${meta.table}` + (where.sql ? ` WHERE ${where.sql}` : '');
      const [changes] = await this.unit.send([this], [{ op: 'run', sql, params: where.params }]);
      this.cache.clear();
      this.fromTransaction = true;
      this.unit.deletedMany.add(this.name);
      return changes as number;
    } catch (error) {
      throw this.failed(error);
    }
  }

  hasDirty(): boolean {
    return this.dirty.size > 0 || (this.batch?.size ?? 0) > 0;
  }

  written(id: string): Document | null | undefined {
    const entry = this.cache.get(id);
    return entry?.written ? entry.doc : undefined;
  }

  /**
   * What is waiting for the writer, as one write: the appended documents first, then those changed
   * in memory, whose JSON is made here, once per unit (a later write of an id wins).
   */
  drain(): WriterStep | undefined {
    if (!this.hasDirty()) return undefined;
    const texts: Array<[string, string | undefined]> = [];
    let chars = 0;
    for (const id of this.dirty) {
      const doc = this.cache.get(id)!.doc;
      const json = doc === null ? undefined : JSON.stringify(doc);
      texts.push([id, json]);
      if (json !== undefined) chars += json.length;
    }
    this.dirty.clear();
    const batch = this.batch ?? new DocumentBatch(chars);
    this.batch = undefined;
    for (const [id, json] of texts) batch.add(id, json);
    return batch.step(tableName(this.name));
  }

  private remember(id: string, doc: Document | null): void {
    const entry = this.cache.get(id);
    if (entry) {
      entry.doc = doc;
      entry.written = true;
    } else {
      this.cache.set(id, { doc, written: true });
    }
    this.dirty.add(id);
  }

  /** A collection being created by a unit still committing counts as existing (its documents may be deleted). */
  private async knownElsewhere(): Promise<boolean> {
    await this.unit.store.settleBefore(this.name);
    return this.unit.store.unitMeta(this.unit, this.name) !== undefined;
  }

  private writesThrough(meta: CollectionMeta): boolean {
    this.writeThrough ??= this.unit.store.hasUniqueIndex(meta);
    return this.writeThrough;
  }

  /** Any failure of a read or write fails the whole unit, even if `work` catches it. */
  private failed(error: unknown): unknown {
    const failure = translate(error, this.name);
    if (this.unit.active && this.unit.failure === undefined) this.unit.failure = failure;
    return failure;
  }
}

function guard<R>(collection: string, fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    throw translate(error, collection);
  }
}

function readMeta(db: Db, name: string): CollectionMeta {
  const row = db.prepare(`SELECT array_paths, all_arrays FROM ${META_TABLE} WHERE name = ?`).get(name) as
    | { array_paths: string; all_arrays: number }
    | undefined;
  return new CollectionMeta(name, new Set(row ? (JSON.parse(row.array_paths) as string[]) : []), row?.all_arrays === 1);
}

function loadCatalog(db: Db): Map<string, CollectionMeta> {
  const tables = new Set(
    (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'c\\_%' ESCAPE '\\'`).pluck().all() as string[]).map(
      (t) => t.slice(2),
    ),
  );
  const catalog = new Map<string, CollectionMeta>();
  const rows = db.prepare(`SELECT name, array_paths, all_arrays FROM ${META_TABLE}`).all() as {
    name: string;
    array_paths: string;
    all_arrays: number;
  }[];
  for (const row of rows) {
    if (tables.has(row.name)) {
      catalog.set(row.name, new CollectionMeta(row.name, new Set(JSON.parse(row.array_paths) as string[]), row.all_arrays === 1));
    }
  }
  // A table without its metadata row: assume arrays anywhere rather than miss a match.
  for (const name of tables) if (!catalog.has(name)) catalog.set(name, new CollectionMeta(name, new Set(), true));
  return catalog;
}

/**
 * Holds `<file>.lock` with SQLite's exclusive locking mode: after one write the connection keeps
 * an exclusive OS lock on it until closed, so a second opener (other process, or other connection
 * here) gets SQLITE_BUSY at once.
 */
function acquireLock(lockPath: string, dataDir: string, file: string): Db {
  let lock: Db | undefined;
  try {
    lock = new Database(lockPath, { timeout: 0 });
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)');
    lock.transaction(() => {
      lock!.exec('DELETE FROM holder');
      lock!.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    })();
    return lock;
  } catch (error) {
    lock?.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new ReadStoreUnavailableError(
        `The data folder ${dataDir} is in use by another process: its read store ${basename(file)} is already open ` +
          `(lock ${basename(lockPath)} is held). Stop the other instance or give this one another DATA_DIR.`,
        error,
      );
    }
    throw new ReadStoreUnavailableError(`Cannot lock the read store in ${dataDir}: ${message(error)}`, error);
  }
}

function translate(error: unknown, collection: string): unknown {
  if (error instanceof ReadStoreUsageError || error instanceof ReadStoreUnavailableError || error instanceof ReadStoreDuplicateKeyError) {
    return error;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ReadStoreDuplicateKeyError(`Collection ${collection}: duplicate key (${message(error)}).`, collection, error);
  }
  if (/^SQLITE_(IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|BUSY|LOCKED|PERM)/.test(code)) {
    return new ReadStoreUnavailableError(`The embedded read store failed (${code}): ${message(error)}`, error);
  }
  return error;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

