/**
 * The behaviour every ReadStore adapter must show. Run it from a spec with a fresh, empty store
 * per test: describeReadStoreContract('embedded', async () => ({ store, cleanup })).
 */
import { ReadStoreDuplicateKeyError, ReadStoreUsageError } from './read-store.errors';
import type { Document, DocumentStore, DocumentUnitOfWork, Filter, FindOptions } from './read-store.port';

export interface OpenedReadStore {
  store: DocumentStore;
  cleanup(): Promise<void>;
}

interface Child extends Document {
  familyId?: string | null;
  name?: string;
  age?: number | string | boolean | null;
  day?: string;
  tags?: unknown[];
  guardian?: { id?: string; city?: string | null };
  enrolments?: { activityId: string; days?: string[] }[];
}

const children: Child[] = [
  { _id: 'c1', familyId: 'f1', name: 'Ana', age: 4, day: '2026-05-04', tags: ['canteen', 'after-school'], guardian: { id: 'g1', city: 'Lyon' }, enrolments: [{ activityId: 'canteen', days: ['mon', 'tue'] }] },
  { _id: 'c2', familyId: 'f1', name: 'Bob', age: 7, day: '2026-05-11', tags: ['canteen'], guardian: { id: 'g1', city: 'Lyon' }, enrolments: [{ activityId: 'canteen' }, { activityId: 'study', days: ['thu'] }] },
  { _id: 'c3', familyId: 'f2', name: 'Chloé', age: '7', day: '2026-05-18', tags: [], guardian: { id: 'g2', city: null } },
  { _id: 'c4', familyId: 'f2', name: 'Dan', age: true, day: '2026-06-01', tags: [7, null] },
  { _id: 'c5', familyId: null, name: 'Eve', age: null, day: '2026-04-30', guardian: { id: 'g3' } },
  { _id: 'c6', name: 'Fay', age: 11, day: '2026-05-25' },
];

const ids = (docs: Document[]) => docs.map((d) => d._id);
const sortedIds = (docs: Document[]) => ids(docs).sort();
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

export function describeReadStoreContract(adapterName: string, open: () => Promise<OpenedReadStore>): void {
  describe(`ReadStore contract: ${adapterName}`, () => {
    let opened: OpenedReadStore;
    let store: DocumentStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened?.cleanup();
    });

    async function seed(): Promise<void> {
      await store.ensureCollection({ name: 'children', indexes: [{ fields: ['familyId', 'day'] }, { fields: ['age'] }] });
      await store.unitOfWork(async (uow) => {
        for (const child of children) await uow.collection<Child>('children').upsert(child);
      });
    }

    const find = (filter?: Filter, options?: FindOptions) => store.collection<Child>('children').find(filter, options);
    const matching = async (filter: Filter) => sortedIds(await find(filter));

    describe('collections', () => {
      it('reports which adapter it is and that it is reachable', async () => {
        const health = await store.health();
        expect(health.adapter).toBe(store.adapter);
        expect(health.reachable).toBe(true);
        expect(health.location).toEqual(expect.any(String));
      });

      it('creates a collection once, however often it is ensured, keeping its documents', async () => {
        await seed();
        await store.ensureCollection({ name: 'children', indexes: [{ fields: ['familyId', 'day'] }, { fields: ['age'] }] });
        await store.ensureCollection({ name: 'children', indexes: [{ fields: ['familyId', 'day'] }, { fields: ['age'] }] });
        expect(await store.collection('children').count()).toBe(children.length);
      });

      it('reads an unknown collection as empty', async () => {
        const unknown = store.collection('never_created');
        expect(await unknown.get('x')).toBeNull();
        expect(await unknown.find({ a: 1 })).toEqual([]);
        expect(await unknown.count()).toBe(0);
      });

      it('creates a collection on its first write, as MongoDB does', async () => {
        await store.unitOfWork((uow) => uow.collection('implicit').upsert({ _id: 'a', v: 1 }));
        expect(await store.collection('implicit').get('a')).toEqual({ _id: 'a', v: 1 });
      });

      it('drops a collection with its documents, and it can be used again afterwards', async () => {
        await seed();
        await store.dropCollection('children');
        expect(await store.collection('children').count()).toBe(0);
        await store.dropCollection('children'); // dropping a missing collection is fine
        await store.ensureCollection({ name: 'children', indexes: [{ fields: ['familyId', 'day'] }] });
        await store.unitOfWork((uow) => uow.collection('children').upsert({ _id: 'n1', familyId: 'f9' }));
        expect(ids(await store.collection('children').find({ familyId: 'f9' }))).toEqual(['n1']);
      });

      it('refuses a second document with the same value under a unique index, and writes nothing of that unit', async () => {
        await store.ensureCollection({ name: 'accounts', indexes: [{ fields: ['email'], unique: true }] });
        await store.unitOfWork((uow) => uow.collection('accounts').upsert({ _id: 'a1', email: 'ana@example.org' }));
        await expect(
          store.unitOfWork(async (uow) => {
            await uow.collection('accounts').upsert({ _id: 'a2', email: 'bob@example.org' });
            await uow.collection('accounts').upsert({ _id: 'a3', email: 'ana@example.org' });
          }),
        ).rejects.toBeInstanceOf(ReadStoreDuplicateKeyError);
        expect(sortedIds(await store.collection('accounts').find())).toEqual(['a1']);
        // Replacing the holder of the value itself is fine.
        await store.unitOfWork((uow) => uow.collection('accounts').upsert({ _id: 'a1', email: 'ana@example.org', v: 2 }));
        expect(await store.collection('accounts').get('a1')).toEqual({ _id: 'a1', email: 'ana@example.org', v: 2 });
      });

      it('enforces a unique index on several fields as a whole', async () => {
        await store.ensureCollection({ name: 'slots', indexes: [{ fields: ['childId', 'day'], unique: true }] });
        await store.unitOfWork(async (uow) => {
          await uow.collection('slots').upsert({ _id: 's1', childId: 'c1', day: '2026-05-04' });
          await uow.collection('slots').upsert({ _id: 's2', childId: 'c1', day: '2026-05-05' });
          await uow.collection('slots').upsert({ _id: 's3', childId: 'c2', day: '2026-05-04' });
        });
        await expect(
          store.unitOfWork((uow) => uow.collection('slots').upsert({ _id: 's4', childId: 'c2', day: '2026-05-04' })),
        ).rejects.toBeInstanceOf(ReadStoreDuplicateKeyError);
      });

      it('fails the whole unit on a duplicate key even when the work swallows the error', async () => {
        await store.ensureCollection({ name: 'accounts', indexes: [{ fields: ['email'], unique: true }] });
        await store.unitOfWork((uow) => uow.collection('accounts').upsert({ _id: 'a1', email: 'x@example.org' }));
        await expect(
          store.unitOfWork(async (uow) => {
            await uow.collection('other').upsert({ _id: 'o1' });
            try {
              await uow.collection('accounts').upsert({ _id: 'a2', email: 'x@example.org' });
            } catch {
              // ignored on purpose
            }
          }),
        ).rejects.toBeInstanceOf(ReadStoreDuplicateKeyError);
        expect(await store.collection('other').get('o1')).toBeNull();
      });
    });

    describe('documents', () => {
      it('inserts, then replaces the whole document with the same _id', async () => {
        await store.ensureCollection({ name: 'families' });
        await store.unitOfWork((uow) => uow.collection('families').upsert({ _id: 'f1', name: 'Martin', city: 'Lyon' }));
        await store.unitOfWork((uow) => uow.collection('families').upsert({ _id: 'f1', name: 'Martin-Durand' }));
        expect(await store.collection('families').get('f1')).toEqual({ _id: 'f1', name: 'Martin-Durand' });
        expect(await store.collection('families').get('f2')).toBeNull();
      });

      it('keeps nested objects, arrays, unicode, booleans, null and numbers as they were', async () => {
        const doc = { _id: 'é/1 ?', text: 'Chloé “ß” 🍽', n: -12.5, big: 2 ** 40, ok: false, nothing: null, nested: { list: [1, 'two', { three: [3] }] } };
        await store.unitOfWork((uow) => uow.collection('misc').upsert(doc));
        expect(await store.collection('misc').get('é/1 ?')).toEqual(doc);
      });

      it('drops undefined fields, as JSON does', async () => {
        await store.unitOfWork((uow) => uow.collection('misc').upsert({ _id: 'u', a: 1, b: undefined }));
        expect(await store.collection('misc').get('u')).toEqual({ _id: 'u', a: 1 });
      });

      it('keeps a document as it was written: what a unit upserts, gets or finds is frozen, and a change builds a new one', async () => {
        type Tagged = Document & { tags: string[]; guardian: { id: string } };
        const doc: Tagged = { _id: 'd', tags: ['a'], guardian: { id: 'g1' } };
        await store.unitOfWork(async (uow) => {
          const misc = uow.collection<Tagged>('misc');
          await misc.upsert(doc);
          expect(() => doc.tags.push('mutated')).toThrow(TypeError);
          const read = (await misc.get('d'))!;
          expect(() => (read.guardian.id = 'g2')).toThrow(TypeError);
          await misc.upsert({ ...read, tags: [...read.tags, 'b'] });
        });
        await store.unitOfWork(async (uow) => {
          const misc = uow.collection<Tagged>('misc');
          for (const read of [(await misc.get('d'))!, ...(await misc.find({ _id: 'd' }))]) {
            expect(Object.isFrozen(read) && Object.isFrozen(read.tags) && Object.isFrozen(read.guardian)).toBe(true);
          }
        });
        const outside = (await store.collection<Tagged>('misc').get('d'))!;
        expect(outside).toEqual({ _id: 'd', tags: ['a', 'b'], guardian: { id: 'g1' } });
        outside.tags.push('a reader may change its own copy');
        expect(await store.collection('misc').get('d')).toEqual({ _id: 'd', tags: ['a', 'b'], guardian: { id: 'g1' } });
      });

      it('finds a document by an array inside a part taken from another document of the unit', async () => {
        type Family = Document & { guardian?: { tags: string[] }; copy?: { tags: string[] } };
        await store.unitOfWork((uow) => uow.collection<Family>('misc').upsert({ _id: 'a', guardian: { tags: ['canteen', 'study'] } }));
        await store.unitOfWork(async (uow) => {
          const misc = uow.collection<Family>('misc');
          await misc.upsert({ _id: 'b', copy: (await misc.get('a'))!.guardian });
          expect((await misc.find({ 'copy.tags': 'study' })).map((d) => d._id)).toEqual(['b']);
        });
        expect((await store.collection('misc').find({ 'copy.tags': 'canteen' })).map((d) => d._id)).toEqual(['b']);
      });

      it('still checks the parts that changed in a document read from the unit, and keeps the others', async () => {
        type Family = Document & { guardian: { id: string; tags: string[] }; note?: unknown };
        await store.unitOfWork((uow) => uow.collection<Family>('misc').upsert({ _id: 'a', guardian: { id: 'g1', tags: ['canteen'] } }));
        const write = (change: (doc: Family) => Family) =>
          store.unitOfWork(async (uow) => {
            const misc = uow.collection<Family>('misc');
            await misc.upsert(change((await misc.get('a'))!));
          });
        await expect(write((doc) => ({ ...doc, note: new Date() }))).rejects.toBeInstanceOf(ReadStoreUsageError);
        await expect(write((doc) => ({ ...doc, guardian: { ...doc.guardian, tags: [...doc.guardian.tags, NaN as unknown as string] } }))).rejects.toBeInstanceOf(
          ReadStoreUsageError,
        );
        await write((doc) => ({ ...doc, guardian: { ...doc.guardian, tags: [...doc.guardian.tags, 'study'] }, note: { at: '2026-05-04' } }));
        expect(await store.collection('misc').get('a')).toEqual({ _id: 'a', guardian: { id: 'g1', tags: ['canteen', 'study'] }, note: { at: '2026-05-04' } });
        expect((await store.collection('misc').find({ 'guardian.tags': 'study' })).map((d) => d._id)).toEqual(['a']);
      });

      it('counts a part taken from another document in the depth limit where it is put', async () => {
        await store.unitOfWork((uow) => uow.collection('misc').upsert({ _id: 'a', guardian: { tags: ['canteen'] } }));
        const nest = store.unitOfWork(async (uow) => {
          let deep: unknown = (await uow.collection<Document & { guardian: unknown }>('misc').get('a'))!.guardian;
          for (let i = 0; i < 64; i++) deep = { level: deep };
          await uow.collection('misc').upsert({ _id: 'deep', nested: deep });
        });
        await expect(nest).rejects.toBeInstanceOf(ReadStoreUsageError);
        expect(await store.collection('misc').get('deep')).toBeNull();
      });

      it('refuses documents that are not plain JSON', async () => {
        const write = (doc: unknown) => store.unitOfWork((uow) => uow.collection('misc').upsert(doc as Document));
        await expect(write({ _id: 'd', at: new Date() })).rejects.toBeInstanceOf(ReadStoreUsageError);
        await expect(write({ _id: 'd', n: NaN })).rejects.toBeInstanceOf(ReadStoreUsageError);
        await expect(write({ _id: 'd', $set: 1 })).rejects.toBeInstanceOf(ReadStoreUsageError);
        await expect(write({ _id: 'd', 'a.b': 1 })).rejects.toBeInstanceOf(ReadStoreUsageError);
        await expect(write({ _id: 42 })).rejects.toBeInstanceOf(ReadStoreUsageError);
        await expect(write({ _id: '' })).rejects.toBeInstanceOf(ReadStoreUsageError);
        expect(await store.collection('misc').count()).toBe(0);
      });

      it('deletes one document by _id, and deleting a missing one is fine', async () => {
        await seed();
        await store.unitOfWork(async (uow) => {
          await uow.collection('children').delete('c1');
          await uow.collection('children').delete('nope');
          await uow.collection('nowhere').delete('nope');
        });
        expect(await store.collection('children').get('c1')).toBeNull();
        expect(await store.collection('children').count()).toBe(children.length - 1);
      });

      it('deletes every document matching a filter and says how many', async () => {
        await seed();
        const deleted = await store.unitOfWork((uow) => uow.collection('children').deleteMany({ familyId: 'f1' }));
        expect(deleted).toBe(2);
        expect(await matching({})).toEqual(['c3', 'c4', 'c5', 'c6']);
        expect(await store.unitOfWork((uow) => uow.collection('nowhere').deleteMany({ a: 1 }))).toBe(0);
      });
    });

    describe('filters', () => {
      beforeEach(seed);

      it('matches a scalar by equality, and several fields all together', async () => {
        expect(await matching({ familyId: 'f1' })).toEqual(['c1', 'c2']);
        expect(await matching({ familyId: 'f1', name: 'Bob' })).toEqual(['c2']);
        expect(await matching({ familyId: 'f1', name: 'Chloé' })).toEqual([]);
        expect(await matching({ _id: 'c3' })).toEqual(['c3']);
      });

      it('never takes a number for the string of it, nor a boolean for a number', async () => {
        expect(await matching({ age: 7 })).toEqual(['c2']);
        expect(await matching({ age: '7' })).toEqual(['c3']);
        expect(await matching({ age: true })).toEqual(['c4']);
        expect(await matching({ age: 1 })).toEqual([]);
        expect(await matching({ age: { $in: [7, 'x'] } })).toEqual(['c2']);
        expect(await matching({ _id: 1 as unknown as string })).toEqual([]);
      });

      it('takes null as null or missing, as MongoDB does', async () => {
        expect(await matching({ familyId: null })).toEqual(['c5', 'c6']);
        expect(await matching({ familyId: { $eq: null } })).toEqual(['c5', 'c6']);
        expect(await matching({ familyId: { $ne: null } })).toEqual(['c1', 'c2', 'c3', 'c4']);
        expect(await matching({ 'guardian.city': null })).toEqual(['c3', 'c4', 'c5', 'c6']);
        expect(await matching({ age: { $in: [null, 4] } })).toEqual(['c1', 'c5']);
      });

      it('supports $eq, and $ne which also keeps documents without the field', async () => {
        expect(await matching({ name: { $eq: 'Ana' } })).toEqual(['c1']);
        expect(await matching({ familyId: { $ne: 'f1' } })).toEqual(['c3', 'c4', 'c5', 'c6']);
        expect(await matching({ age: { $ne: 7 } })).toEqual(['c1', 'c3', 'c4', 'c5', 'c6']);
      });

      it('supports $in, and an empty $in matches nothing', async () => {
        expect(await matching({ name: { $in: ['Ana', 'Dan', 'Zoé'] } })).toEqual(['c1', 'c4']);
        expect(await matching({ name: { $in: [] } })).toEqual([]);
        expect(await matching({ age: { $in: [true, false] } })).toEqual(['c4']);
      });

      it('compares numbers with numbers only, with $gt $gte $lt $lte', async () => {
        expect(await matching({ age: { $gt: 4 } })).toEqual(['c2', 'c6']);
        expect(await matching({ age: { $gte: 4 } })).toEqual(['c1', 'c2', 'c6']);
        expect(await matching({ age: { $lt: 7 } })).toEqual(['c1']);
        expect(await matching({ age: { $lte: 7 } })).toEqual(['c1', 'c2']);
        expect(await matching({ age: { $gt: 4, $lt: 11 } })).toEqual(['c2']);
        expect(await matching({ age: { $gt: -1.5 } })).toEqual(['c1', 'c2', 'c6']);
      });

      it('compares strings with strings only, so ISO days make date ranges', async () => {
        expect(await matching({ day: { $gte: '2026-05-01', $lt: '2026-06-01' } })).toEqual(['c1', 'c2', 'c3', 'c6']);
        expect(await matching({ familyId: 'f1', day: { $gt: '2026-05-04' } })).toEqual(['c2']);
        expect(await matching({ age: { $lt: 'z' } })).toEqual(['c3']);
        expect(await matching({ age: { $gte: '' } })).toEqual(['c3']);
      });

      it('follows dotted paths into nested objects', async () => {
        expect(await matching({ 'guardian.id': 'g1' })).toEqual(['c1', 'c2']);
        expect(await matching({ 'guardian.city': 'Lyon', 'guardian.id': { $ne: 'g2' } })).toEqual(['c1', 'c2']);
        expect(await matching({ 'guardian.id': { $in: ['g2', 'g3'] } })).toEqual(['c3', 'c5']);
        expect(await matching({ 'guardian.nothing.deeper': 'x' })).toEqual([]);
      });

      it('matches an array field when one of its elements matches', async () => {
        expect(await matching({ tags: 'canteen' })).toEqual(['c1', 'c2']);
        expect(await matching({ tags: 'after-school' })).toEqual(['c1']);
        expect(await matching({ tags: { $in: ['after-school', 7] } })).toEqual(['c1', 'c4']);
        expect(await matching({ tags: { $gt: 5 } })).toEqual(['c4']);
        expect(await matching({ tags: '7' })).toEqual([]);
        expect(await matching({ tags: { $ne: 'canteen' } })).toEqual(['c3', 'c4', 'c5', 'c6']);
        expect(await matching({ tags: null })).toEqual(['c4', 'c5', 'c6']);
      });

      it('follows dotted paths through arrays of objects', async () => {
        expect(await matching({ 'enrolments.activityId': 'study' })).toEqual(['c2']);
        expect(await matching({ 'enrolments.activityId': 'canteen' })).toEqual(['c1', 'c2']);
        expect(await matching({ 'enrolments.days': 'thu' })).toEqual(['c2']);
        expect(await matching({ 'enrolments.days': { $in: ['mon', 'thu'] } })).toEqual(['c1', 'c2']);
        expect(await matching({ 'enrolments.activityId': { $ne: 'study' } })).toEqual(['c1', 'c3', 'c4', 'c5', 'c6']);
      });

      it('counts the documents a filter matches', async () => {
        expect(await store.collection('children').count()).toBe(6);
        expect(await store.collection('children').count({ familyId: 'f2' })).toBe(2);
        expect(await store.collection('children').count({ tags: 'canteen', age: { $gte: 5 } })).toBe(1);
      });

      it('refuses operators and paths outside the language instead of passing them through', async () => {
        const bad: unknown[] = [
          { $where: 'true' },
          { name: { $regex: '.*' } },
          { name: { $exists: true } },
          { "name') OR 1=1 --": 'x' },
          { 'a..b': 1 },
          { 'tags.0': 'canteen' },
          { name: undefined },
          { name: { first: 'Ana' } },
          { name: ['Ana'] },
          { name: { $in: 'Ana' } },
          { age: { $gt: null } },
          { name: {} },
        ];
        for (const filter of bad) {
          await expect(find(filter as Filter)).rejects.toBeInstanceOf(ReadStoreUsageError);
        }
        await expect(find({}, { sort: { "day'": 1 } })).rejects.toBeInstanceOf(ReadStoreUsageError);
        await expect(find({}, { limit: -1 })).rejects.toBeInstanceOf(ReadStoreUsageError);
        expect(() => store.collection("x'; DROP TABLE y; --")).toThrow(ReadStoreUsageError);
      });
    });

    describe('sorting and paging', () => {
      beforeEach(seed);

      it('sorts ascending and descending, on several keys', async () => {
        expect(ids(await find({}, { sort: { day: 1 } }))).toEqual(['c5', 'c1', 'c2', 'c3', 'c6', 'c4']);
        expect(ids(await find({}, { sort: { day: -1 } }))).toEqual(['c4', 'c6', 'c3', 'c2', 'c1', 'c5']);
        expect(ids(await find({ familyId: { $in: ['f1', 'f2'] } }, { sort: { familyId: -1, day: 1 } }))).toEqual(['c3', 'c4', 'c1', 'c2']);
        expect(ids(await find({ 'guardian.id': { $ne: null } }, { sort: { 'guardian.id': 1, name: -1 } }))).toEqual(['c2', 'c1', 'c3', 'c5']);
      });

      it('puts missing and null first when ascending, last when descending', async () => {
        expect(ids(await find({}, { sort: { familyId: 1, _id: 1 } }))).toEqual(['c5', 'c6', 'c1', 'c2', 'c3', 'c4']);
        expect(ids(await find({}, { sort: { familyId: -1, _id: 1 } }))).toEqual(['c3', 'c4', 'c1', 'c2', 'c5', 'c6']);
      });

      it('breaks ties by _id so pages are stable', async () => {
        expect(ids(await find({}, { sort: { familyId: 1 } }))).toEqual(['c5', 'c6', 'c1', 'c2', 'c3', 'c4']);
      });

      it('skips and limits after sorting', async () => {
        expect(ids(await find({}, { sort: { day: 1 }, skip: 1, limit: 2 }))).toEqual(['c1', 'c2']);
        expect(ids(await find({}, { sort: { day: 1 }, skip: 4 }))).toEqual(['c6', 'c4']);
        expect(ids(await find({}, { sort: { day: 1 }, limit: 1 }))).toEqual(['c5']);
        expect(await find({}, { sort: { day: 1 }, skip: 10 })).toEqual([]);
        expect(await find({}, { limit: 0 })).toEqual([]);
        expect(await find({}, { limit: 100 })).toHaveLength(6);
      });

      it('serves a family planning over a month, sorted by day', async () => {
        const planning = await find({ familyId: 'f1', day: { $gte: '2026-05-01', $lte: '2026-05-31' } }, { sort: { day: -1 } });
        expect(ids(planning)).toEqual(['c2', 'c1']);
        expect(planning[0]).toEqual(children[1]);
      });
    });

    describe('units of work', () => {
      it('commits every write of the unit together and returns what the work returns', async () => {
        const result = await store.unitOfWork(async (uow) => {
          await uow.collection('a').upsert({ _id: '1' });
          await uow.collection('b').upsert({ _id: '2' });
          await uow.collection('checkpoints').upsert({ _id: 'p', position: 42 });
          return 'done';
        });
        expect(result).toBe('done');
        expect(await store.collection('a').get('1')).toEqual({ _id: '1' });
        expect(await store.collection('b').get('2')).toEqual({ _id: '2' });
        expect(await store.collection('checkpoints').get('p')).toEqual({ _id: 'p', position: 42 });
      });

      it('writes nothing at all when the work throws', async () => {
        await seed();
        const failure = new Error('projection bug');
        await expect(
          store.unitOfWork(async (uow) => {
            await uow.collection('children').upsert({ _id: 'c1', name: 'changed' });
            await uow.collection('children').delete('c2');
            await uow.collection('children').deleteMany({ familyId: 'f2' });
            await uow.collection('brand_new').upsert({ _id: 'x' });
            await uow.collection('checkpoints').upsert({ _id: 'p', position: 43 });
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.collection('children').get('c1')).toEqual(children[0]);
        expect(await store.collection('children').count()).toBe(children.length);
        expect(await store.collection('brand_new').count()).toBe(0);
        expect(await store.collection('checkpoints').get('p')).toBeNull();
        // The store is still usable after a rollback.
        await store.unitOfWork((uow) => uow.collection('brand_new').upsert({ _id: 'y' }));
        expect(ids(await store.collection('brand_new').find())).toEqual(['y']);
      });

      it('lets the unit read its own writes with get, find and count', async () => {
        await seed();
        await store.unitOfWork(async (uow) => {
          const c = uow.collection<Child>('children');
          await c.upsert({ _id: 'c7', familyId: 'f1', name: 'Gus', day: '2026-05-05', tags: ['canteen'] });
          await c.upsert({ ...children[0], familyId: 'f3' });
          await c.delete('c2');
          expect(await c.get('c7')).toMatchObject({ name: 'Gus' });
          expect(await c.get('c2')).toBeNull();
          expect(ids(await c.find({ familyId: 'f1' }, { sort: { day: 1 } }))).toEqual(['c7']);
          expect(await c.count({ tags: 'canteen' })).toBe(2);
          expect(await c.count()).toBe(children.length);
          await c.upsert({ _id: 'c8', familyId: 'f1' });
          expect(await c.deleteMany({ familyId: 'f1' })).toBe(2);
          expect(await c.count({ familyId: 'f1' })).toBe(0);
          await c.upsert({ _id: 'c9', familyId: 'f1' });
          expect(await c.get('c9')).toEqual({ _id: 'c9', familyId: 'f1' });
        });
        expect(sortedIds(await find({ familyId: { $in: ['f1', 'f3'] } }))).toEqual(['c1', 'c9']);
      });

      it('shows outside readers only committed data, without making them wait for the unit', async () => {
        await seed();
        const wrote = deferred();
        const finish = deferred();
        const unit = store.unitOfWork(async (uow) => {
          await uow.collection('children').upsert({ _id: 'c7', familyId: 'f1' });
          await uow.collection('children').delete('c1');
          await uow.collection('children').get('c7'); // make sure the writes reached the database
          await uow.collection('children').count();
          wrote.resolve();
          await finish.promise;
        });
        await wrote.promise;
        const outside = store.collection('children');
        let timer: NodeJS.Timeout | undefined;
        const during = await Promise.race([
          Promise.all([outside.get('c7'), outside.get('c1'), outside.count({ familyId: 'f1' })]),
          new Promise<'blocked'>((r) => (timer = setTimeout(() => r('blocked'), 2000))),
        ]);
        clearTimeout(timer);
        expect(during).toEqual([null, children[0], 2]);
        finish.resolve();
        await unit;
        expect(await outside.get('c7')).toEqual({ _id: 'c7', familyId: 'f1' });
        expect(await outside.get('c1')).toBeNull();
      });

      it('runs concurrent units one after the other, and applies both', async () => {
        await store.ensureCollection({ name: 'counters' });
        await store.unitOfWork((uow) => uow.collection('counters').upsert({ _id: 'n', value: 0 }));
        const log: string[] = [];
        const increment = (who: string) =>
          store.unitOfWork(async (uow) => {
            log.push(`${who} starts`);
            const counter = (await uow.collection<Document & { value: number }>('counters').get('n'))!;
            await new Promise((r) => setTimeout(r, 20));
            await uow.collection('counters').upsert({ _id: 'n', value: counter.value + 1 });
            await uow.collection('counters').upsert({ _id: who });
            log.push(`${who} ends`);
          });
        await Promise.all([increment('A'), increment('B'), increment('C')]);
        expect(await store.collection('counters').get('n')).toEqual({ _id: 'n', value: 3 });
        expect(await store.collection('counters').count()).toBe(4);
        expect(log).toEqual(['A starts', 'A ends', 'B starts', 'B ends', 'C starts', 'C ends']);
      });

      it('appends documents it will not read back with the meaning of upsert: the unit still reads them, later writes win, a failure writes nothing', async () => {
        await seed();
        await store.unitOfWork(async (uow) => {
          const log = uow.collection('entries');
          await log.append({ _id: 'e1', familyId: 'f1', position: 1, tags: ['a'] });
          await log.append({ _id: 'e2', familyId: 'f2', position: 2 });
          await log.append({ _id: 'e3', familyId: 'f1', position: 3 });
          expect(await log.get('e1')).toEqual({ _id: 'e1', familyId: 'f1', position: 1, tags: ['a'] });
          expect(ids(await log.find({ familyId: 'f1' }, { sort: { position: 1 } }))).toEqual(['e1', 'e3']);
          expect(await log.count({ tags: 'a' })).toBe(1);
          // Upsert then append, append then upsert, append then delete: the last write wins.
          await log.append({ _id: 'e2', familyId: 'f2', position: 20 });
          await log.upsert({ _id: 'e3', familyId: 'f3', position: 3 });
          await log.append({ _id: 'e4', position: 4 });
          await log.delete('e4');
          await log.append({ _id: 'e5', position: 5 });
          await log.upsert({ _id: 'e5', position: 50 });
          await uow.collection('children').append({ ...children[0], name: 'appended over' });
        });
        const entries = store.collection('entries');
        expect(await entries.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'e1', familyId: 'f1', position: 1, tags: ['a'] },
          { _id: 'e2', familyId: 'f2', position: 20 },
          { _id: 'e3', familyId: 'f3', position: 3 },
          { _id: 'e5', position: 50 },
        ]);
        expect(await store.collection('children').get(children[0]._id)).toEqual({ ...children[0], name: 'appended over' });
        expect(await entries.count({ tags: 'a' })).toBe(1);
        await expect(
          store.unitOfWork(async (uow) => {
            await uow.collection('entries').append({ _id: 'e6' });
            throw new Error('projection bug');
          }),
        ).rejects.toThrow('projection bug');
        await expect(store.unitOfWork((uow) => uow.collection('entries').append({ _id: 'bad', at: new Date() as unknown as string }))).rejects.toBeInstanceOf(ReadStoreUsageError);
        expect(await entries.count()).toBe(4);
      });

      it('lets a unit that starts while another commits read what that one appended', async () => {
        for (let round = 0; round < 20; round++) {
          const first = store.unitOfWork((uow) => uow.collection('entries').append({ _id: `e${round}`, round }));
          const second = store.unitOfWork(async (uow) => {
            const seen = await uow.collection('entries').get(`e${round}`);
            await uow.collection('copies').upsert({ _id: `c${round}`, seen });
          });
          await Promise.all([first, second]);
          expect(await store.collection('copies').get(`c${round}`)).toEqual({ _id: `c${round}`, seen: { _id: `e${round}`, round } });
        }
      });

      it('refuses a unit of work started inside another (it would wait forever)', async () => {
        await expect(
          store.unitOfWork(async () => {
            await store.unitOfWork(async () => undefined);
          }),
        ).rejects.toBeInstanceOf(ReadStoreUsageError);
        const later = () => new Promise((resolve) => setTimeout(resolve, 1));
        const deep = async (levels: number, then: () => Promise<unknown>): Promise<unknown> => (levels === 0 ? then() : (await later(), deep(levels - 1, then)));
        const nested: Array<() => Promise<unknown>> = [
          () =>
            store.unitOfWork(async (uow) => {
              await uow.collection('a').upsert({ _id: '1' });
              await later();
              await store.unitOfWork(async () => undefined);
            }),
          () => store.unitOfWork(async () => deep(30, () => store.unitOfWork(async () => undefined))),
          () => store.unitOfWork(async () => Promise.all([later(), later().then(() => store.unitOfWork(async () => undefined))])),
          () => store.unitOfWork(async () => store.ensureCollection({ name: 'b' })),
          () => store.unitOfWork(async () => store.dropCollection('b')),
        ];
        for (const attempt of nested) await expect(attempt()).rejects.toBeInstanceOf(ReadStoreUsageError);
        // One after the other, or side by side, units are fine.
        await store.unitOfWork(async () => undefined);
        await Promise.all([store.unitOfWork(async () => later()), store.unitOfWork(async (uow) => uow.collection('a').upsert({ _id: '2' }))]);
        expect(await store.collection('a').get('2')).toEqual({ _id: '2' });
      });

      it('refuses writes through a unit that has already finished', async () => {
        let kept: DocumentUnitOfWork | undefined;
        await store.unitOfWork(async (uow) => {
          kept = uow;
        });
        await expect(kept!.collection('late').upsert({ _id: 'x' })).rejects.toBeInstanceOf(ReadStoreUsageError);
        expect(await store.collection('late').count()).toBe(0);
      });
    });
  });
}
