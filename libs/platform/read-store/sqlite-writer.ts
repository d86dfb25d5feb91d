/**
 * The embedded read store's writer connection, in a worker thread. A unit of work sends it its
 * writes and its COMMIT and lets the next unit start at once: SQLite writes one unit's pages (and
 * checkpoints the WAL) while the next projection's code runs on the main thread. Requests are
 * handled one after the other, in the order they were sent, so units keep their order.
 *
 * The worker is plain JavaScript given as source (it runs the same under ts-node, jest and the
 * built app); it only runs the SQL it is sent: statements are built on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { ReadStoreUnavailableError } from './read-store.port';

export const META_TABLE = '_pf_collections';

export type WriterStep =
  | { op: 'begin' }
  /** Commits, unless one of the units named in `after` failed: this one read documents they wrote. */
  | { op: 'commit'; after?: number[] }
  | { op: 'rollback' }
  | { op: 'exec'; sql: string }
  /** Runs a statement; answers its number of changes. */
  | { op: 'run'; sql: string; params?: unknown[] }
  /** Answers the first column of every row. */
  | { op: 'column'; sql: string; params?: unknown[] }
  /** Answers the first column of the first row (undefined when none). */
  | { op: 'value'; sql: string; params?: unknown[] }
  /**
   * Upserts or deletes documents by id in one table. Their JSON texts travel as UTF-8 in one buffer,
   * cut by `lengths` in bytes (-1: delete). The buffer's memory is moved to the thread, not copied
   * (the sender can no longer read it); SQLite stores each slice as TEXT.
   */
  | { op: 'write'; table: string; ids: string[]; lengths: number[]; docs: Uint8Array }
  /** Forgets prepared statements (after a table is dropped). */
  | { op: 'forget' };

interface Reply {
  id: number;
  results?: unknown[];
  error?: { message: string; code?: string };
  ready?: boolean;
}

const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { timeout: 5000 });
  // A new file gets 16 KiB pages: read-model documents are 0.5-6 KB, and catching up on 100,000 events
  // costs the writer about 30% less than with 4 KiB pages. An existing file keeps its page size.
  db.pragma('page_size = 16384');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error('could not switch ' + workerData.file + ' to WAL (journal_mode=' + mode + ')');
  // Read models can be rebuilt from the events: NORMAL keeps the file consistent and skips the fsync per commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  db.exec(workerData.metaTable);
  parentPort.postMessage({ id: 0, ready: true });
} catch (error) {
  try { if (db) db.close(); } catch {}
  parentPort.postMessage({ id: 0, ready: false, error: { message: String((error && error.message) || error), code: error && error.code } });
  process.exit(0);
}
const statements = new Map();
const prepare = (sql) => {
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= 2000) statements.clear();
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};
// Units whose writes failed: nothing more of them runs, and units that read from them do not commit.
const failed = new Set();
const fail = (message, code) => Object.assign(new Error(message), { code });
function run(step) {
  switch (step.op) {
    case 'begin': prepare('BEGIN IMMEDIATE').run(); return null;
    case 'commit':
      if (step.after && step.after.some((unit) => failed.has(unit))) {
        throw fail('A unit of work it read documents from failed: nothing of this one is written either.', 'PF_READ_FROM_FAILED_UNIT');
      }
      prepare('COMMIT').run();
      return null;
    case 'rollback': if (db.inTransaction) prepare('ROLLBACK').run(); return null;
    case 'exec': db.exec(step.sql); return null;
    case 'run': return prepare(step.sql).run(...(step.params || [])).changes;
    case 'column': return prepare('/*column*/' + step.sql).pluck().all(...(step.params || []));
    case 'value': return prepare('/*value*/' + step.sql).pluck().get(...(step.params || []));
    case 'write': {
      const upsert = prepare('INSERT INTO ' + step.table + ' (id, doc) VALUES (?, CAST(? AS TEXT)) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
      const remove = prepare('DELETE FROM ' + step.table + ' WHERE id = ?');
      const { ids, lengths, docs } = step;
      for (let i = 0, at = 0; i < ids.length; i++) {
        if (lengths[i] < 0) {
          remove.run(ids[i]);
        } else {
          upsert.run(ids[i], docs.subarray(at, at + lengths[i]));
          at += lengths[i];
        }
      }
      return null;
    }
    case 'forget': statements.clear(); return null;
    default: throw new Error('unknown step ' + step.op);
  }
}
parentPort.on('message', (request) => {
  if (request.close) {
    try { if (db.inTransaction) db.exec('ROLLBACK'); db.close(); } catch {}
    parentPort.postMessage({ id: request.id, results: [] });
    parentPort.close();
    return;
  }
  const { id, unit, steps } = request;
  const results = [];
  try {
    const rollingBack = steps.length === 1 && steps[0].op === 'rollback';
    if (unit && failed.has(unit) && !rollingBack) throw fail('This unit of work already failed: nothing of it is written.', 'PF_UNIT_FAILED');
    for (const step of steps) results.push(run(step));
    parentPort.postMessage({ id, results });
  } catch (error) {
    if (unit) {
      failed.add(unit);
      if (failed.size > 10000) failed.delete(failed.values().next().value);
    }
    try { if (db.inTransaction) db.exec('ROLLBACK'); } catch {}
    parentPort.postMessage({ id, error: { message: String((error && error.message) || error), code: error && error.code } });
  }
});
`;

/** An error the writer reported, with SQLite's code (SQLITE_CONSTRAINT_UNIQUE…) when there is one. */
export class WriterError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'WriterError';
  }
}

export class SqliteWriter {
  private sequence = 0;
  private readonly pending = new Map<number, { resolve: (results: unknown[]) => void; reject: (error: Error) => void }>();
  private dead?: Error;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.error) waiter.reject(new WriterError(reply.error.message, reply.error.code));
      else waiter.resolve(reply.results ?? []);
    });
    const die = (error: Error) => {
      this.dead ??= error;
      for (const waiter of this.pending.values()) waiter.reject(this.dead);
      this.pending.clear();
    };
    worker.on('error', (error) => die(new ReadStoreUnavailableError(`The read store's writer thread failed: ${error.message}`, error)));
    worker.on('exit', (code) => die(new ReadStoreUnavailableError(`The read store's writer thread stopped (exit code ${code}).`)));
  }

  /** Opens the file (WAL, the collections catalog) in a new worker thread. */
  static start(file: string): Promise<SqliteWriter> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        driver: require.resolve('better-sqlite3'),
        metaTable: `CREATE TABLE IF NOT EXISTS ${META_TABLE} (name TEXT PRIMARY KEY, array_paths TEXT NOT NULL DEFAULT '[]', all_arrays INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID`,
      },
    });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      worker.once('error', failed);
      worker.once('message', (reply: Reply) => {
        worker.off('error', failed);
        if (!reply.ready) {
          reject(new WriterError(reply.error?.message ?? 'the writer did not start', reply.error?.code));
          return;
        }
        worker.unref();
        resolve(new SqliteWriter(worker));
      });
    });
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  /** Runs the steps in order (one transaction when they begin and commit one); `unit` ties them to a unit of work (0: none). */
  request(unit: number, steps: WriterStep[]): Promise<unknown[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.sequence;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      // Documents' buffers move to the thread rather than being copied (Node copies a slice of its shared pool instead).
      const transfer = steps.flatMap((step) => (step.op === 'write' ? [step.docs.buffer as ArrayBuffer] : []));
      this.worker.postMessage({ id, unit, steps }, transfer);
    });
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const id = ++this.sequence;
    const closed = new Promise<void>((resolve) => {
      this.pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
    });
    this.worker.ref();
    this.worker.postMessage({ id, close: true });
    await closed;
    await this.worker.terminate();
  }
}
