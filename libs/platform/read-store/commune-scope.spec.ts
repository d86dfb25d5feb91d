import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { communeScoped, deploymentCollection, type ReadStore } from './commune-scope';
import { ReadStoreUsageError } from './read-store.errors';
import type { Document } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

interface Facility extends Document {
  name: string;
  kind?: string;
}

const A = 'saint-hilaire-du-bois';
const B = 'matrice-sur-loire';
const FACILITIES = 'scope_facilities';
const COMMUNE_LIST = deploymentCollection('scope_communes');

describe('read store kept apart per commune', () => {
  let dir: string;
  let store: ReadStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-scope-'));
    store = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    await store.ensureCollection({ name: FACILITIES, indexes: [{ fields: ['kind'] }] });
    await store.unitOfWork(async (uow) => {
      await uow.inCommune(A).collection<Facility>(FACILITIES).upsert({ _id: 'f1', name: 'Restaurant scolaire', kind: 'canteen' });
      await uow.inCommune(A).collection<Facility>(FACILITIES).upsert({ _id: 'f2', name: 'Accueil périscolaire', kind: 'care' });
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same id in two communes two documents: writing one leaves the other as it was', async () => {
    await store.unitOfWork((uow) => uow.inCommune(B).collection<Facility>(FACILITIES).upsert({ _id: 'f1', name: 'PIRATE', kind: 'canteen' }));
    expect(await store.inCommune(A).collection<Facility>(FACILITIES).get('f1')).toEqual({ _id: 'f1', name: 'Restaurant scolaire', kind: 'canteen', communeId: A });
    expect(await store.inCommune(B).collection<Facility>(FACILITIES).get('f1')).toEqual({ _id: 'f1', name: 'PIRATE', kind: 'canteen', communeId: B });
  });

  it("never finds, counts or deletes another commune's documents", async () => {
    const inB = store.inCommune(B).collection<Facility>(FACILITIES);
    expect(await inB.get('f2')).toBeNull();
    expect(await inB.find({ kind: 'care' })).toEqual([]);
    expect(await inB.find({ _id: { $in: ['f1', 'f2'] } })).toEqual([]);
    expect(await inB.count()).toBe(0);
    expect(await store.unitOfWork((uow) => uow.inCommune(B).collection(FACILITIES).deleteMany({ kind: 'care' }))).toBe(0);
    await store.unitOfWork((uow) => uow.inCommune(B).collection(FACILITIES).delete('f2'));
    expect(await store.inCommune(A).collection(FACILITIES).count()).toBe(2);
  });

  it('answers ids, ranges and sorts in the commune as if it were alone', async () => {
    const inA = store.inCommune(A).collection<Facility>(FACILITIES);
    expect((await inA.find({}, { sort: { _id: -1 } })).map((d) => d._id)).toEqual(['f2', 'f1']);
    expect((await inA.find({ _id: { $gt: 'f1' } })).map((d) => d._id)).toEqual(['f2']);
    expect((await inA.find({ _id: 'f1' })).map((d) => d.name)).toEqual(['Restaurant scolaire']);
    expect((await inA.find({ _id: { $ne: 'f1' } })).map((d) => d._id)).toEqual(['f2']);
  });

  it('refuses a document or a filter that names another commune', async () => {
    await expect(store.unitOfWork((uow) => uow.inCommune(B).collection(FACILITIES).upsert({ _id: 'f9', communeId: A }))).rejects.toBeInstanceOf(ReadStoreUsageError);
    await expect(store.inCommune(B).collection(FACILITIES).find({ communeId: A })).rejects.toBeInstanceOf(ReadStoreUsageError);
  });

  it('refuses to reach a commune collection without a commune', async () => {
    expect(() => store.collection(FACILITIES as never)).toThrow(ReadStoreUsageError);
    await expect(store.unitOfWork(async (uow) => uow.collection(FACILITIES as never))).rejects.toBeInstanceOf(ReadStoreUsageError);
    expect(() => store.inCommune('')).toThrow(ReadStoreUsageError);
    expect(() => store.inCommune('a/b')).toThrow(ReadStoreUsageError);
  });

  it('reaches deployment-wide collections from anywhere, as they are', async () => {
    await store.unitOfWork((uow) => uow.inCommune(A).collection(COMMUNE_LIST).upsert({ _id: A, name: 'Saint-Hilaire-du-Bois' }));
    expect(await store.collection(COMMUNE_LIST).get(A)).toEqual({ _id: A, name: 'Saint-Hilaire-du-Bois' });
    expect(await store.inCommune(B).collection(COMMUNE_LIST).get(A)).toEqual({ _id: A, name: 'Saint-Hilaire-du-Bois' });
  });

  it('reads across communes only when asked, each document saying its commune', async () => {
    await store.unitOfWork((uow) => uow.inCommune(B).collection<Facility>(FACILITIES).upsert({ _id: 'f1', name: 'Cantine', kind: 'canteen' }));
    const canteens = await store.acrossCommunes().collection<Facility>(FACILITIES).find({ kind: 'canteen' }, { sort: { communeId: 1 } });
    expect(canteens.map((d) => [d.communeId, d._id, d.name])).toEqual([
      [B, 'f1', 'Cantine'],
      [A, 'f1', 'Restaurant scolaire'],
    ]);
    await expect(store.acrossCommunes().collection(FACILITIES).find({ _id: 'f1' })).rejects.toBeInstanceOf(ReadStoreUsageError);
  });

  it('starts every index of a commune collection with the commune', () => {
    const plan = (store as ReadStore & { documents: SqliteReadStore }).documents.explainFind(FACILITIES, { communeId: A, kind: 'canteen' }).join(' ');
    expect(plan).toMatch(/USING INDEX/);
  });
});
