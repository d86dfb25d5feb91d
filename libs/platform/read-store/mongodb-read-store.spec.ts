import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMongoFilter, toMongoSort } from './mongodb-query';
import { MongoReadStore } from './mongodb-read-store';
import { createReadStore } from './read-store.factory';
import { ReadStoreUsageError } from './read-store.errors';
import { ReadStoreUnavailableError } from './read-store.port';
import { normalizeFilter, normalizeFindOptions } from './read-store.validation';
import { SqliteReadStore } from './sqlite-read-store';

const UNREACHABLE = 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=2000';

describe('MongoDB read store without a server', () => {
  it('fails to connect with ReadStoreUnavailableError within a few seconds, never hanging', async () => {
    const started = Date.now();
    const attempt = MongoReadStore.connect({ url: UNREACHABLE });
    await expect(attempt).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(attempt).rejects.toThrow(/MongoDB read store at mongodb:\/\/127\.0\.0\.1:1\/.* is unreachable/);
    expect(Date.now() - started).toBeLessThan(8000);
  }, 15_000);

  it('reports health reachable:false and fails reads clearly when started lazily', async () => {
    const store = await MongoReadStore.connect({ url: UNREACHABLE, dbName: 'pf_test', lazy: true });
    try {
      const started = Date.now();
      const health = await store.health();
      expect(health).toEqual(expect.objectContaining({ adapter: 'mongodb', reachable: false }));
      expect(health.location).toContain('pf_test');
      await expect(store.collection('planning').find({ familyId: 'f1' })).rejects.toBeInstanceOf(ReadStoreUnavailableError);
      await expect(store.unitOfWork((uow) => uow.collection('planning').upsert({ _id: 'x' }))).rejects.toBeInstanceOf(
        ReadStoreUnavailableError,
      );
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      await store.close();
    }
    expect(await store.health()).toEqual(expect.objectContaining({ reachable: false, detail: 'closed' }));
  }, 20_000);

  it('never shows the password of the URL', async () => {
    const store = await MongoReadStore.connect({ url: 'mongodb://reader:s3cret@127.0.0.1:1/portail?serverSelectionTimeoutMS=500', lazy: true });
    try {
      expect(store.location).toBe('mongodb://***@127.0.0.1:1/portail?serverSelectionTimeoutMS=500 (database portail)');
      const health = await store.health();
      expect(JSON.stringify(health)).not.toContain('s3cret');
    } finally {
      await store.close();
    }
  }, 10_000);

  it('reports a malformed URL as unavailable', async () => {
    await expect(MongoReadStore.connect({ url: 'not-a-mongo-url' })).rejects.toBeInstanceOf(ReadStoreUnavailableError);
  });
});

describe('the filter language mapped to MongoDB', () => {
  it('maps every operator of the port, and only those', () => {
    expect(
      toMongoFilter(
        normalizeFilter({
          familyId: 'f1',
          'child.id': null,
          day: { $gte: '2026-05-01', $lt: '2026-06-01' },
          status: { $in: ['reserved', 'waitlisted'] },
          age: { $gt: 3, $lte: 11, $ne: 7 },
          closed: { $eq: false },
        }),
      ),
    ).toEqual({
      familyId: { $eq: 'f1' },
      'child.id': { $eq: null },
      day: { $gte: '2026-05-01', $lt: '2026-06-01' },
      status: { $in: ['reserved', 'waitlisted'] },
      age: { $gt: 3, $lte: 11, $ne: 7 },
      closed: { $eq: false },
    });
  });

  it('refuses what MongoDB would run but the port does not allow', () => {
    for (const filter of [{ $where: 'sleep(1000)' }, { name: { $regex: '^A' } }, { name: { $expr: {} } }, { 'a.$b': 1 }]) {
      expect(() => normalizeFilter(filter as never)).toThrow(ReadStoreUsageError);
    }
  });

  it('sorts with _id last to break ties', () => {
    expect(toMongoSort(normalizeFindOptions({ sort: { familyId: -1, day: 1 } }).sort)).toEqual([
      ['familyId', -1],
      ['day', 1],
      ['_id', 1],
    ]);
    expect(toMongoSort(normalizeFindOptions({ sort: { _id: -1 } }).sort)).toEqual([['_id', -1]]);
    expect(toMongoSort([])).toEqual([]);
  });
});

describe('createReadStore', () => {
  it('opens the embedded store when no MongoDB URL is configured', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pf-read-store-'));
    try {
      const store = await createReadStore({ mongoUrl: '  ', dataDir });
      expect(store.documents).toBeInstanceOf(SqliteReadStore);
      expect(store.adapter).toBe('embedded');
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('uses MongoDB when a URL is configured, and says so clearly when it cannot be reached', async () => {
    await expect(createReadStore({ mongoUrl: UNREACHABLE, dataDir: tmpdir() })).rejects.toBeInstanceOf(ReadStoreUnavailableError);
  }, 15_000);
});
