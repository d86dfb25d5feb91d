/**
 * The embedded read store: one SQLite file (WAL) under the data folder, a table per collection
 * holding JSON documents, declared indexes as expression indexes on json_extract.
 *
 * Two connections: the writer runs units of work as real SQLite transactions (so get/find/count
 * inside a unit see its own writes, indexes included); the reader serves `collection()` and, in
 * WAL, reads the last committed snapshot without ever waiting for the writer. Units are serialized
 * by a mutex because the writer holds one transaction at a time while callers are async.
 *
 * Another process must not write the same file: an exclusive SQLite lock on a small side database
 * (`<file>.lock`) is held while the store is open. It is an OS file lock, so it vanishes when the
 * holder dies, even by SIGKILL.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { StoreHealth } from '@pf/event-store';
import { Mutex } from './mutex';
import { ReadStoreDuplicateKeyError, ReadStoreUsageError } from './read-store.errors';
import {
  type CollectionSpec,
  type Document,
  type Filter,
  type FindOptions,
  type ReadCollection,
  type ReadStore,
  ReadStoreUnavailableError,
  type UnitOfWork,
  type WriteCollection,
} from './read-store.port';
import {
  checkCollectionName,
  checkCollectionSpec,
  checkDocument,
  checkId,
  normalizeFilter,
  normalizeFindOptions,
} from './read-store.validation';
import { type ArrayPaths, compileOrderBy, compileWhere, fieldExpr } from './sqlite-query';
import { sealDocument, sealStored } from './sealed-documents';

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
const META_TABLE = '_pf_collections';

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

export class SqliteReadStore implements ReadStore {
  readonly adapter = 'embedded' as const;
  private readonly writerSql: StatementCache;
  private readonly readerSql: StatementCache;
  private readonly mutex = new Mutex();
  /** The unit of work the current async context runs in, to refuse re-entry (it would deadlock). */
  private readonly currentUnit = new AsyncLocalStorage<SqliteUnitOfWork>();
  private readonly readers = new Map<string, SqliteReadCollection>();
  private closed = false;

  private constructor(
    readonly location: string,
    private readonly lock: Db,
    private readonly writer: Db,
    private readonly reader: Db,
    /** Collections whose table exists in committed data. */
    private readonly committed: Map<string, CollectionMeta>,
  ) {
    this.writerSql = new StatementCache(writer);
    this.readerSql = new StatementCache(reader);
  }

  static async open(opts: SqliteReadStoreOptions): Promise<SqliteReadStore> {
    const dataDir = resolve(opts.dataDir);
    const fileName = opts.fileName ?? 'read-models.sqlite';
    if (basename(fileName) !== fileName || fileName.length === 0) {
      throw new ReadStoreUsageError(`fileName must be a plain file name, got ${JSON.stringify(fileName)}.`);
    }
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw new ReadStoreUnavailableError(`Cannot create the data folder ${dataDir}: ${message(error)}`, error);
    }
    const file = join(dataDir, fileName);
    const lock = acquireLock(`${file}.lock`, dataDir, file);
    let writer: Db | undefined;
    let reader: Db | undefined;
    try {
      writer = new Database(file, { timeout: 5000 });
      const mode = writer.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not switch ${file} to WAL (journal_mode=${String(mode)})`);
      // Read models can be rebuilt from the events: NORMAL keeps the file consistent and skips the fsync per commit.
      writer.pragma('synchronous = NORMAL');
      writer.pragma('cache_size = -32000');
      writer.pragma('temp_store = MEMORY');
      writer.exec(
        `CREATE TABLE IF NOT EXISTS ${META_TABLE} (name TEXT PRIMARY KEY, array_paths TEXT NOT NULL DEFAULT '[]', all_arrays INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID`,
      );
      const committed = loadCatalog(writer);
      reader = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
      reader.pragma('cache_size = -16000');
      return new SqliteReadStore(file, lock, writer, reader, committed);
    } catch (error) {
      reader?.close();
      writer?.close();
      lock.close();
      if (error instanceof ReadStoreUnavailableError) throw error;
      throw new ReadStoreUnavailableError(`Cannot open the read store ${file}: ${message(error)}`, error);
    }
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const { name, indexes } = checkCollectionSpec(spec);
    await this.exclusive('ensureCollection', () => {
      const table = tableName(name);
      this.writer.transaction(() => {
        createTable(this.writer, name);
        for (const index of indexes) {
          const indexName = `"ix:${name}:${index.fields.join(',')}${index.unique ? ':unique' : ''}"`;
          const columns = index.fields.map((f) => fieldExpr(f.split('.'))).join(', ');
          this.writer.exec(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${indexName} ON ${table} (${columns})`);
        }
      })();
      if (!this.committed.has(name)) this.committed.set(name, readMeta(this.writer, name));
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

  async unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R> {
    this.refuseInsideUnit('unitOfWork');
    const release = await this.mutex.acquire();
    try {
      this.assertOpen();
      const unit = new SqliteUnitOfWork(this);
      guard('', () => this.writerSql.get('BEGIN IMMEDIATE').run());
      try {
        const result = await this.currentUnit.run(unit, () => work(unit));
        if (unit.failure === undefined) unit.flush();
        if (unit.failure !== undefined) throw unit.failure;
        unit.active = false;
        guard('', () => this.writerSql.get('COMMIT').run());
        for (const [name, meta] of unit.created) this.committed.set(name, meta);
        return result;
      } catch (error) {
        unit.active = false;
        try {
          if (this.writer.inTransaction) this.writerSql.get('ROLLBACK').run();
        } catch {
          // The original error says more; SQLite rolls back by itself when it cannot.
        }
        throw error;
      }
    } finally {
      release();
    }
  }

  async dropCollection(name: string): Promise<void> {
    checkCollectionName(name);
    await this.exclusive('dropCollection', () => {
      this.writer.transaction(() => {
        this.writer.exec(`DROP TABLE IF EXISTS ${tableName(name)}`);
        this.writer.prepare(`DELETE FROM ${META_TABLE} WHERE name = ?`).run(name);
      })();
      this.committed.delete(name);
      // Cached statements may name the dropped table.
      this.writerSql.clear();
      this.readerSql.clear();
    });
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { adapter: 'embedded', reachable: false, location: this.location, detail: 'closed' };
    try {
      this.readerSql.get('SELECT 1').get();
      return { adapter: 'embedded', reachable: true, location: this.location, detail: `${this.committed.size} collections` };
    } catch (error) {
      return { adapter: 'embedded', reachable: false, location: this.location, detail: message(error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.refuseInsideUnit('close');
    // Let the running unit of work finish first.
    await this.mutex.run(async () => {
      if (this.closed) return;
      this.closed = true;
      this.reader.close();
      this.writer.close();
      this.lock.close(); // releases the folder for another process
    });
  }

  /** The query plan SQLite chooses for a find (to check that indexes are used). */
  explainFind(name: string, filter?: Filter, options?: FindOptions): string[] {
    this.assertOpen();
    const meta = this.committed.get(checkCollectionName(name));
    if (!meta) return [];
    const { sql, params } = buildFind(meta, filter, options);
    return this.reader
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => (row as { detail: string }).detail);
  }

  // ---- internals used by the collections ----

  /** @internal */
  readSide(): { sql: StatementCache; meta(name: string): CollectionMeta | undefined } {
    this.assertOpen();
    return { sql: this.readerSql, meta: (name) => this.committed.get(name) };
  }

  /** @internal */
  writeSide(unit: SqliteUnitOfWork): WriteSide {
    this.assertOpen();
    if (!unit.active) throw new ReadStoreUsageError('This unit of work is finished: its collections can no longer be used.');
    return (unit.side ??= {
      sql: this.writerSql,
      meta: (name) => unit.created.get(name) ?? this.committed.get(name),
      create: (name) => {
        // MongoDB creates a collection on first write: do the same, inside the unit's transaction.
        createTable(this.writer, name);
        const meta = readMeta(this.writer, name);
        unit.created.set(name, meta);
        return meta;
      },
    });
  }

  /** @internal Records newly seen array paths, in the unit's transaction. */
  rememberArrays(meta: CollectionMeta, paths: string[]): void {
    for (const path of paths) meta.arrays.add(path);
    if (meta.arrays.size > MAX_ARRAY_PATHS) meta.allArrays = true;
    // The in-memory set may get ahead of a rolled-back unit: harmless, only more cautious SQL.
    this.writerSql
      .get(`UPDATE ${META_TABLE} SET array_paths = ?, all_arrays = ? WHERE name = ?`)
      .run(JSON.stringify([...meta.arrays]), meta.allArrays ? 1 : 0, meta.name);
  }

  private assertOpen(): void {
    if (this.closed) throw new ReadStoreUnavailableError(`The read store ${this.location} is closed.`);
  }

  private refuseInsideUnit(operation: string): void {
    if (this.currentUnit.getStore()?.active) {
      throw new ReadStoreUsageError(`${operation} was called inside a unit of work: it would wait for that unit forever.`);
    }
  }

  private async exclusive(operation: string, fn: () => void): Promise<void> {
    this.refuseInsideUnit(operation);
    await this.mutex.run(async () => {
      this.assertOpen();
      try {
        fn();
      } catch (error) {
        throw translate(error, '');
      }
    });
  }
}

interface WriteSide {
  sql: StatementCache;
  meta(name: string): CollectionMeta | undefined;
  create(name: string): CollectionMeta;
}

class SqliteUnitOfWork implements UnitOfWork {
  active = true;
  side?: WriteSide;
  /** The first write that failed: the unit will not commit, even if `work` swallowed the error. */
  failure: unknown = undefined;
  readonly created = new Map<string, CollectionMeta>();
  private readonly collections = new Map<string, SqliteWriteCollection>();

  constructor(readonly store: SqliteReadStore) {}

  /** Writes what the unit's collections still hold in memory (before COMMIT). */
  flush(): void {
    for (const collection of this.collections.values()) collection.flush();
  }

  collection<T extends Document = Document>(name: string): WriteCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteWriteCollection(this, checkCollectionName(name));
      this.collections.set(name, collection);
    }
    return collection as unknown as WriteCollection<T>;
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
  const filters = normalizeFilter(filter);
  if (!meta) return 0;
  const where = compileWhere(filters, meta);
  const text = `SELECT count(*) FROM ${meta.table}` + (where.sql ? ` WHERE ${where.sql}` : '');
  return sql.get(text).pluck().get(...where.params) as number;
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

/**
 * A unit keeps the documents it reads and writes in memory, by id, as sealed (frozen) objects: a
 * get of a document already seen returns it without SQL nor parsing, and a projection that changes
 * one document many times in a batch (a request opened then decided, a family's month) writes it
 * to SQLite once, as JSON, at commit or before a find / count / deleteMany on the same collection.
 * Collections with a unique index write through, so a duplicate key still fails on the upsert that
 * causes it.
 */
class SqliteWriteCollection implements WriteCollection {
  /** id → sealed document (null: absent or deleted); `dirty` when not yet written to SQL. */
  private readonly cache = new Map<string, { doc: Document | null; dirty: boolean }>();
  private dirty = 0;
  private writeThrough?: boolean;

  constructor(
    private readonly unit: SqliteUnitOfWork,
    private readonly name: string,
  ) {}

  async get(id: string): Promise<Document | null> {
    const side = this.unit.store.writeSide(this.unit);
    return guard(this.name, () => {
      checkId(id);
      let entry = this.cache.get(id);
      if (!entry) {
        const meta = side.meta(this.name);
        const json = meta ? (side.sql.get(`SELECT doc FROM ${meta.table} WHERE id = ?`).pluck().get(id) as string | undefined) : undefined;
        entry = { doc: json === undefined ? null : sealStored(JSON.parse(json) as Document), dirty: false };
        this.cache.set(id, entry);
      }
      return entry.doc;
    });
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Document[]> {
    const side = this.unit.store.writeSide(this.unit);
    this.flush();
    const found = guard(this.name, () => runFind(side.sql, side.meta(this.name), filter, options));
    // The unit's copy of a document is the one handed out, so a later get returns the same object.
    return found.map((doc) => {
      const cached = this.cache.get(doc._id);
      if (cached?.doc) return cached.doc;
      const sealed = sealStored(doc);
      this.cache.set(sealed._id, { doc: sealed, dirty: false });
      return sealed;
    });
  }

  async count(filter?: Filter): Promise<number> {
    const side = this.unit.store.writeSide(this.unit);
    this.flush();
    return guard(this.name, () => runCount(side.sql, side.meta(this.name), filter));
  }

  async upsert(doc: Document): Promise<void> {
    this.write(() => {
      const side = this.unit.store.writeSide(this.unit);
      const meta = side.meta(this.name) ?? side.create(this.name);
      let fresh: string[] | undefined;
      const sealed = sealDocument(doc, (path) => {
        if (!meta.has(path)) (fresh ??= []).push(path);
      });
      if (fresh) this.unit.store.rememberArrays(meta, fresh);
      if (this.writesThrough(side, meta)) {
        side.sql.get(`INSERT INTO ${meta.table} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`).run(sealed._id, JSON.stringify(sealed));
        this.remember(sealed._id, sealed, false);
      } else {
        this.remember(sealed._id, sealed, true);
      }
    });
  }

  async delete(id: string): Promise<void> {
    this.write(() => {
      const side = this.unit.store.writeSide(this.unit);
      checkId(id);
      const meta = side.meta(this.name);
      if (!meta) return;
      if (this.writesThrough(side, meta)) {
        side.sql.get(`DELETE FROM ${meta.table} WHERE id = ?`).run(id);
        this.remember(id, null, false);
      } else {
        this.remember(id, null, true);
      }
    });
  }

  async deleteMany(filter: Filter): Promise<number> {
    this.flush();
    return this.write(() => {
      const side = this.unit.store.writeSide(this.unit);
      const filters = normalizeFilter(filter);
      const meta = side.meta(this.name);
      if (!meta) return 0;
      const where = compileWhere(filters, meta);
      const text = `DELETE FROM ${meta.table}` + (where.sql ? ` WHERE ${where.sql}` : '');
      const changes = side.sql.get(text).run(...where.params).changes;
      this.cache.clear();
      return changes;
    });
  }

  /** Writes the documents changed in memory to SQL, in the unit's transaction. */
  flush(): void {
    if (this.dirty === 0) return;
    this.write(() => {
      const side = this.unit.store.writeSide(this.unit);
      const meta = side.meta(this.name) ?? side.create(this.name);
      const upsert = side.sql.get(`INSERT INTO ${meta.table} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`);
      const remove = side.sql.get(`DELETE FROM ${meta.table} WHERE id = ?`);
      for (const [id, entry] of this.cache) {
        if (!entry.dirty) continue;
        if (entry.doc === null) remove.run(id);
        else upsert.run(id, JSON.stringify(entry.doc));
        entry.dirty = false;
      }
      this.dirty = 0;
    });
  }

  private remember(id: string, doc: Document | null, dirty: boolean): void {
    const previous = this.cache.get(id);
    if (dirty && !previous?.dirty) this.dirty++;
    if (!dirty && previous?.dirty) this.dirty--;
    if (previous) {
      previous.doc = doc;
      previous.dirty = dirty;
    } else {
      this.cache.set(id, { doc, dirty });
    }
  }

  private writesThrough(side: WriteSide, meta: CollectionMeta): boolean {
    this.writeThrough ??=
      (side.sql
        .get(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql LIKE 'CREATE UNIQUE INDEX%'`)
        .pluck()
        .get(meta.table.slice(1, -1)) as number) > 0;
    return this.writeThrough;
  }

  private write<R>(fn: () => R): R {
    try {
      return fn();
    } catch (error) {
      const failure = translate(error, this.name);
      if (this.unit.active && this.unit.failure === undefined) this.unit.failure = failure;
      throw failure;
    }
  }
}

function guard<R>(collection: string, fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    throw translate(error, collection);
  }
}

function createTable(db: Db, name: string): void {
  // A rowid table: measured 3-4× cheaper commits than WITHOUT ROWID for ~500 scattered upserts
  // of ~300-byte documents (fewer pages dirtied in the table and in the indexes).
  db.exec(`CREATE TABLE IF NOT EXISTS ${tableName(name)} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
  db.prepare(`INSERT OR IGNORE INTO ${META_TABLE} (name) VALUES (?)`).run(name);
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

