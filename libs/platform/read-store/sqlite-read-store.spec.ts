import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ReadStoreUsageError } from './read-store.errors';
import { ReadStoreUnavailableError, type DocumentUnitOfWork } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

const repoRoot = resolve(__dirname, '../../..');

describe('embedded read store (SQLite)', () => {
  let dataDir: string;
  const stores: SqliteReadStore[] = [];
  let child: ChildProcess | undefined;

  const open = async () => {
    const store = await SqliteReadStore.open({ dataDir });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pf-read-store-'));
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    child = undefined;
    for (const store of stores.splice(0)) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps one file under the data folder, created if missing', async () => {
    dataDir = join(dataDir, 'nested', 'folder');
    const store = await open();
    expect(existsSync(join(dataDir, 'read-models.sqlite'))).toBe(true);
    expect(await store.health()).toEqual(
      expect.objectContaining({ adapter: 'embedded', reachable: true, location: join(dataDir, 'read-models.sqlite') }),
    );
  });

  it('keeps the documents, indexes and array knowledge across close and reopen', async () => {
    const first = await open();
    await first.ensureCollection({ name: 'requests', indexes: [{ fields: ['familyId', 'createdAt'] }, { fields: ['code'], unique: true }] });
    await first.unitOfWork(async (uow) => {
      await uow.collection('requests').upsert({ _id: 'r1', familyId: 'f1', createdAt: '2026-05-02', code: 'A', tags: ['urgent'] });
      await uow.collection('requests').upsert({ _id: 'r2', familyId: 'f1', createdAt: '2026-05-01', code: 'B' });
    });
    await first.close();

    const second = await open();
    const requests = second.collection('requests');
    expect((await requests.find({ familyId: 'f1' }, { sort: { createdAt: 1 } })).map((d) => d._id)).toEqual(['r2', 'r1']);
    expect((await requests.find({ tags: 'urgent' })).map((d) => d._id)).toEqual(['r1']);
    await expect(second.unitOfWork((uow) => uow.collection('requests').upsert({ _id: 'r3', code: 'A' }))).rejects.toThrow(/duplicate key/);
  });

  it('answers equality and ranges on indexed fields from the index, sorted by it', async () => {
    const store = await open();
    await store.ensureCollection({
      name: 'planning',
      indexes: [{ fields: ['familyId', 'day'] }, { fields: ['activityId', 'day', 'status'] }, { fields: ['child.id'] }],
    });
    const docs = Array.from({ length: 200 }, (_, i) => ({
      _id: `p${i}`,
      familyId: `f${i % 20}`,
      day: `2026-05-${String((i % 28) + 1).padStart(2, '0')}`,
      activityId: `a${i % 3}`,
      status: 'reserved',
      child: { id: `c${i}` },
    }));
    await store.unitOfWork(async (uow) => {
      for (const doc of docs) await uow.collection('planning').upsert(doc);
    });
    const month = store.explainFind('planning', { familyId: 'f1', day: { $gte: '2026-05-01', $lt: '2026-06-01' } }, { sort: { day: 1 } });
    expect(month.join('\n')).toMatch(/SEARCH c_planning USING INDEX ix:planning:familyId,day \(<expr>=\? AND <expr>>\? AND <expr><\?\)/);
    // Sorted by the index; only ties on day are ordered by _id afterwards.
    expect(month.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    const queue = store.explainFind('planning', { activityId: 'a1', day: '2026-05-04', status: { $in: ['reserved', 'waitlisted'] } });
    expect(queue.join('\n')).toMatch(/USING INDEX ix:planning:activityId,day,status/);
    expect(store.explainFind('planning', { 'child.id': 'c3' }).join('\n')).toMatch(/USING INDEX ix:planning:child.id/);
    expect(store.explainFind('planning', { _id: { $in: ['p1', 'p2'] } }).join('\n')).toMatch(/USING INDEX sqlite_autoindex_c_planning_1 \(id=\?\)/);
    const expected = docs
      .filter((d) => d.familyId === 'f1')
      .sort((a, b) => a.day.localeCompare(b.day) || a._id.localeCompare(b._id))
      .map((d) => d._id);
    const found = await store.collection('planning').find({ familyId: 'f1', day: { $gte: '2026-05-01', $lt: '2026-06-01' } }, { sort: { day: 1 } });
    expect(found.map((d) => d._id)).toEqual(expected);
  });

  it('scrubs deleted documents from the file and its WAL in turn with units of work running beside it', async () => {
    const store = await open();
    const marker = 'Zéphyrine-Effacée-7f3a';
    await store.unitOfWork(async (uow) => {
      for (let i = 0; i < 200; i++) await uow.collection('families').upsert({ _id: `f${i}`, name: i === 7 ? marker : `famille ${i}`, pad: 'x'.repeat(500) });
    });
    await store.unitOfWork((uow) => uow.collection('families').delete('f7'));
    const bytes = () => ['read-models.sqlite', 'read-models.sqlite-wal'].map((f) => join(dataDir, f)).filter(existsSync).map((f) => readFileSync(f).toString('utf8')).join('');
    expect(bytes()).toContain(marker);
    // Units keep coming while the scrub runs: it takes its turn, nothing deadlocks.
    const busy = Array.from({ length: 20 }, (_, i) => store.unitOfWork((uow) => uow.collection('families').upsert({ _id: `g${i}`, name: 'autre' })));
    await Promise.all([store.scrubDeletedDocuments(), ...busy]);
    expect(bytes()).not.toContain(marker);
    expect(await store.collection('families').count()).toBe(219);
  });

  it('refuses a second store on the same folder in this process', async () => {
    await open();
    await expect(SqliteReadStore.open({ dataDir })).rejects.toThrow(/in use by another process/);
  });

  it('refuses the folder while another process holds it, and frees it when that process is killed', async () => {
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'testing', 'hold-read-store.child.ts'), dataDir],
      { cwd: repoRoot, env: { ...process.env, TS_NODE_PROJECT: join(repoRoot, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`child did not open the store within 30 s: ${stderr}`)), 30_000);
      child!.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer);
          ready();
        }
      });
      child!.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`child exited with ${code}: ${stderr}`));
      });
    });

    const refused = SqliteReadStore.open({ dataDir });
    await expect(refused).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(refused).rejects.toThrow(`The data folder ${dataDir} is in use by another process`);

    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const store = await open();
    expect(await store.collection('holders').get('child')).toEqual({ _id: 'child', pid: child.pid });
  }, 60_000);

  it('waits for the running unit of work before closing, then refuses to be used', async () => {
    const store = await open();
    let release!: () => void;
    const unit = store.unitOfWork(async (uow) => {
      await uow.collection('a').upsert({ _id: '1' });
      await new Promise<void>((r) => (release = r));
    });
    await new Promise((r) => setImmediate(r));
    const closing = store.close();
    release();
    await unit;
    await closing;
    await expect(store.collection('a').get('1')).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(store.unitOfWork(async () => undefined)).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    expect(await store.health()).toEqual(expect.objectContaining({ reachable: false }));
    const reopened = await open();
    expect(await reopened.collection('a').get('1')).toEqual({ _id: '1' });
  });

  it('creates a new file with 16 KiB pages, and keeps the page size of an existing one', async () => {
    const store = await open();
    await store.unitOfWork((uow) => uow.collection('a').upsert({ _id: '1' }));
    await store.close();
    const pageSize = (file: string) => {
      const db = new Database(join(dataDir, file), { readonly: true });
      try {
        return db.pragma('page_size', { simple: true });
      } finally {
        db.close();
      }
    };
    expect(pageSize('read-models.sqlite')).toBe(16384);
    const older = new Database(join(dataDir, 'older.sqlite'));
    older.pragma('page_size = 4096');
    older.exec('CREATE TABLE t (x)');
    older.close();
    const reopened = await SqliteReadStore.open({ dataDir, fileName: 'older.sqlite' });
    stores.push(reopened);
    await reopened.unitOfWork((uow) => uow.collection('a').upsert({ _id: '1' }));
    expect(await reopened.collection('a').get('1')).toEqual({ _id: '1' });
    expect(pageSize('older.sqlite')).toBe(4096);
  });

  it('reads in units what earlier units committed, through creations, deletions, deleteMany and a drop', async () => {
    const store = await open();
    await store.ensureCollection({ name: 'planning', indexes: [{ fields: ['familyId'] }] });
    const get = (id: string) => store.unitOfWork(async (uow) => uow.collection('planning').get(id));
    const write = (fn: (c: ReturnType<DocumentUnitOfWork['collection']>) => Promise<unknown>) => store.unitOfWork((uow) => fn(uow.collection('planning')));
    expect(await get('p1')).toBeNull();
    await write((c) => c.upsert({ _id: 'p1', familyId: 'f1' }));
    await write((c) => c.upsert({ _id: 'p2', familyId: 'f2' }));
    expect(await get('p1')).toEqual({ _id: 'p1', familyId: 'f1' });
    await write((c) => c.delete('p1'));
    expect(await get('p1')).toBeNull();
    await write((c) => c.upsert({ _id: 'p3', familyId: 'f2' }));
    await write((c) => c.deleteMany({ familyId: 'f2' }));
    expect([await get('p2'), await get('p3')]).toEqual([null, null]);
    await write((c) => c.upsert({ _id: 'p2', familyId: 'f3' }));
    expect(await get('p2')).toEqual({ _id: 'p2', familyId: 'f3' });
    await store.dropCollection('planning');
    expect(await get('p2')).toBeNull();
    await write((c) => c.upsert({ _id: 'p4', familyId: 'f4' }));
    await store.ensureCollection({ name: 'planning' });
    expect(await get('p4')).toEqual({ _id: 'p4', familyId: 'f4' });
    // A store opened on the file finds what the first one committed.
    await store.close();
    const reopened = await open();
    expect(await reopened.unitOfWork(async (uow) => [await uow.collection('planning').get('p4'), await uow.collection('planning').get('p2')])).toEqual([
      { _id: 'p4', familyId: 'f4' },
      null,
    ]);
  });

  it('says it is unreachable, and fails units as unavailable, when its writer thread is gone', async () => {
    const store = await open();
    await store.unitOfWork((uow) => uow.collection('a').upsert({ _id: '1' }));
    await (store.writer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(store.unitOfWork((uow) => uow.collection('a').upsert({ _id: '2' }))).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    expect(await store.health()).toEqual(expect.objectContaining({ reachable: false }));
    expect(await store.collection('a').get('1')).toEqual({ _id: '1' });
  });

  it('lets a unit of one store run a unit of another store inside it', async () => {
    const first = await open();
    const other = await SqliteReadStore.open({ dataDir: join(dataDir, 'other') });
    stores.push(other);
    await first.unitOfWork(async (uow) => {
      await uow.collection('a').upsert({ _id: '1' });
      await other.unitOfWork((inner) => inner.collection('b').upsert({ _id: '2' }));
    });
    expect([await first.collection('a').get('1'), await other.collection('b').get('2')]).toEqual([{ _id: '1' }, { _id: '2' }]);
  });

  it('refuses a file name that would leave the data folder', async () => {
    await expect(SqliteReadStore.open({ dataDir, fileName: '../elsewhere.sqlite' })).rejects.toBeInstanceOf(ReadStoreUsageError);
  });
});
