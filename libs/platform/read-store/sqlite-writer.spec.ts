import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteWriter } from './sqlite-writer';

describe("the embedded read store's writer thread", () => {
  let dir: string;
  let writer: SqliteWriter;
  const file = () => join(dir, 'read-models.sqlite');
  const rows = () => {
    const db = new Database(file(), { readonly: true });
    try {
      return db.prepare('SELECT id, doc FROM t ORDER BY id').raw().all();
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-writer-'));
    writer = await SqliteWriter.start(file());
    await writer.request(0, [{ op: 'exec', sql: 'CREATE TABLE t (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)' }]);
  });

  afterEach(async () => {
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A write step for these documents (null: delete). */
  const write = (docs: Record<string, string | null>) => ({
    op: 'write' as const,
    table: 't',
    ids: Object.keys(docs),
    lengths: Object.values(docs).map((json) => (json === null ? -1 : Buffer.byteLength(json))),
    // A buffer of its own, as the store makes them (a pooled one would be copied, not moved).
    docs: Uint8Array.from(Buffer.from(Object.values(docs).join(''))),
  });

  it('writes and deletes documents sent as one UTF-8 buffer cut by byte lengths, in the order sent, and takes the buffer over', async () => {
    const first = write({ a: '{"n":"é"}', b: '{"n":"b’s"}', c: '{"n":"c"}' });
    await writer.request(1, [{ op: 'begin' }, first, { op: 'commit' }]);
    // Moved to the thread, not copied: the sender's buffer is now empty.
    expect(first.docs.byteLength).toBe(0);
    expect(rows()).toEqual([
      ['a', '{"n":"é"}'],
      ['b', '{"n":"b’s"}'],
      ['c', '{"n":"c"}'],
    ]);
    await writer.request(2, [{ op: 'begin' }, write({ b: null, a: '{"n":2}' }), { op: 'commit' }]);
    expect(rows()).toEqual([
      ['a', '{"n":2}'],
      ['c', '{"n":"c"}'],
    ]);
  });

  it('rolls back a unit whose write fails, refuses what else it sends, and fails the units that read from it', async () => {
    const failing = writer.request(1, [{ op: 'begin' }, write({ a: '{"n":1}' }), { op: 'run', sql: 'INSERT INTO nowhere VALUES (1)' }]);
    await expect(failing).rejects.toThrow(/no such table/);
    await expect(writer.request(1, [{ op: 'commit' }])).rejects.toMatchObject({ code: 'PF_UNIT_FAILED' });
    await expect(writer.request(2, [{ op: 'begin' }, write({ b: '{"n":2}' }), { op: 'commit', after: [1] }])).rejects.toMatchObject({
      code: 'PF_READ_FROM_FAILED_UNIT',
    });
    // A unit that read only from units that committed commits.
    await writer.request(3, [{ op: 'begin' }, write({ c: '{"n":3}' }), { op: 'commit' }]);
    await writer.request(4, [{ op: 'begin' }, write({ d: '{"n":4}' }), { op: 'commit', after: [3] }]);
    expect(rows()).toEqual([
      ['c', '{"n":3}'],
      ['d', '{"n":4}'],
    ]);
  });
});
