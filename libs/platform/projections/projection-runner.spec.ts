import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventToAppend } from '@pf/event-store';
import { communeScoped, SqliteReadStore, type CommuneUnitOfWork, type Document, type ReadStore, type UnitOfWork } from '@pf/read-store';
import { projection } from './projection';
import { CHECKPOINTS, ProjectionRunner } from './projection-runner';

interface Tally extends Document {
  count: number;
  lastPosition: number;
}

const C = 'c';

const event = (type: string, data: Record<string, unknown>): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: { communeId: C, actor: { kind: 'system', id: 'test' }, correlationId: 'x', causationId: 'x', occurredAt: '2026-12-01T08:00:00.000Z', schemaVersion: 1 },
});

/** Counts "Booked" events per child by setting, never incrementing blindly: the last position seen guards a replay. */
const tallies = (version = 1, fail?: () => boolean) =>
  projection('tallies', version, [{ name: 'tallies' }], {
    Booked: async (e, uow) => {
      if (fail?.()) throw new Error('read model unavailable');
      const col = uow.collection<Tally>('tallies');
      const id = (e.data as { child: string }).child;
      const current = (await col.get(id)) ?? { _id: id, count: 0, lastPosition: 0 };
      if (current.lastPosition >= e.position) return;
      await col.upsert({ _id: id, count: current.count + 1, lastPosition: e.position });
    },
  });

describe('the projection runner', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: ReadStore;
  let runner: ProjectionRunner | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-projections-'));
    events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const book = (child: string, n = 1) =>
    events.append(`day-${child}`, Array.from({ length: n }, () => event('Booked', { child })), 'any');
  const docs = async () => reads.inCommune(C).collection<Tally>('tallies').find({}, { sort: { _id: 1 } });

  it('catches up on past events in batches, then follows new ones live', async () => {
    await book('emma', 1200);
    runner = new ProjectionRunner(events, reads, [tallies()], { batchSize: 500 });
    await runner.start();
    expect(await runner.waitFor(await events.headPosition())).toBe(true);
    expect(await docs()).toEqual([{ _id: 'emma', count: 1200, lastPosition: 1200, communeId: C }]);
    const live = await book('hugo');
    expect(await runner.waitFor(live.position)).toBe(true);
    expect((await reads.inCommune(C).collection<Tally>('tallies').get('hugo'))?.count).toBe(1);
  });

  it('commits nothing for a batch it has nothing to do with, stores its checkpoint at least every 10,000 positions, and resumes right', async () => {
    let units = 0;
    const counting = new Proxy(reads, {
      get: (target, prop) => (prop === 'unitOfWork' ? (work: (uow: UnitOfWork) => Promise<unknown>) => (units++, target.unitOfWork(work)) : Reflect.get(target, prop)),
    });
    const other = projection('other', 1, [{ name: 'others' }], { Cancelled: async (_e, uow) => uow.collection('others').upsert({ _id: 'last', at: 1 }) });
    runner = new ProjectionRunner(events, counting, [other], { batchSize: 500 });
    await runner.start();
    await book('emma', 3);
    expect(await runner.waitFor(3)).toBe(true);
    expect(units).toBe(0);
    expect((await runner.status())[0]).toMatchObject({ checkpoint: 3, lag: 0 });
    await book('hugo', 10_001);
    expect(await runner.waitFor(10_004, 20_000)).toBe(true);
    expect(units).toBeGreaterThanOrEqual(1);
    expect((await reads.collection<Document & { position: number }>(CHECKPOINTS).get('other'))!.position).toBeGreaterThan(3);
    await runner.stop();
    runner = new ProjectionRunner(events, reads, [other, tallies()], { batchSize: 500 });
    await runner.start();
    expect(await runner.waitFor(10_004, 20_000)).toBe(true);
    expect((await runner.status()).map((p) => p.checkpoint)).toEqual([10_004, 10_004]);
  });

  it('waits only for the read models named, however far behind the others are', async () => {
    await book('emma');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = projection('slow', 1, [{ name: 'slow_tallies' }], { Booked: () => gate });
    runner = new ProjectionRunner(events, reads, [tallies(), slow], { batchSize: 500 });
    try {
      await runner.start();
      expect(await runner.waitFor(1, 3000, ['tallies'])).toBe(true);
      expect(await runner.waitFor(1, 200)).toBe(false);
      await expect(runner.waitFor(1, 200, ['nothing'])).rejects.toThrow(/No projection named nothing/);
    } finally {
      release();
    }
    expect(await runner.waitFor(1)).toBe(true);
  });

  it('keeps its checkpoint with the read model and resumes from it after a restart', async () => {
    await book('emma', 3);
    runner = new ProjectionRunner(events, reads, [tallies()]);
    await runner.start();
    await runner.waitFor(3);
    await runner.stop();
    expect(await reads.collection(CHECKPOINTS).get('tallies')).toEqual({ _id: 'tallies', position: 3, version: 1 });
    await book('emma', 2);
    runner = new ProjectionRunner(events, reads, [tallies()]);
    await runner.start();
    await runner.waitFor(5);
    expect((await reads.inCommune(C).collection<Tally>('tallies').get('emma'))?.count).toBe(5);
  });

  it('reports its lag as head position minus checkpoint', async () => {
    await book('emma', 4);
    runner = new ProjectionRunner(events, reads, [tallies()]);
    const before = await runner.status();
    expect(before[0]).toMatchObject({ name: 'tallies', checkpoint: 0, lag: 4 });
    await runner.start();
    await runner.waitFor(4);
    expect((await runner.status())[0]).toMatchObject({ checkpoint: 4, lag: 0, state: 'live' });
  });

  it('rebuilds a read model from position 0 into the very same documents', async () => {
    await book('emma', 7);
    await book('hugo', 3);
    runner = new ProjectionRunner(events, reads, [tallies()]);
    await runner.start();
    await runner.waitFor(10);
    const live = await docs();
    await runner.rebuild('tallies');
    expect(await docs()).toEqual(live);
  });

  it('rebuilds by itself when the projection version changes', async () => {
    await book('emma', 2);
    runner = new ProjectionRunner(events, reads, [tallies(1)]);
    await runner.start();
    await runner.waitFor(2);
    await runner.stop();
    // Tamper with the model: a version bump must throw it away rather than build on it.
    await reads.unitOfWork((uow) => uow.inCommune(C).collection<Tally>('tallies').upsert({ _id: 'stale', count: 99, lastPosition: 0 }));
    runner = new ProjectionRunner(events, reads, [tallies(2)]);
    await runner.start();
    await runner.waitFor(2);
    expect(await docs()).toEqual([{ _id: 'emma', count: 2, lastPosition: 2, communeId: C }]);
  });

  it('stalls on a failing handler, writes nothing of the batch, and resumes without losing an event', async () => {
    await book('emma', 3);
    let failures = 2;
    runner = new ProjectionRunner(events, reads, [tallies(1, () => failures-- > 0)], { retryDelayMs: 10 });
    await runner.start();
    expect(await runner.waitFor(3, 5000)).toBe(true);
    expect(await docs()).toEqual([{ _id: 'emma', count: 3, lastPosition: 3, communeId: C }]);
  });

  it('flushes what a projection gathered once per batch, in the batch\'s unit: a failed flush writes nothing and is retried', async () => {
    await book('emma', 1200);
    let flushes = 0;
    let failFlush = true;
    const gathered = new WeakMap<CommuneUnitOfWork, number>();
    const gathering = projection(
      'gathering',
      1,
      [{ name: 'gathered' }],
      {
        Booked: async (_e, uow) => {
          gathered.set(uow, (gathered.get(uow) ?? 0) + 1);
        },
      },
      async (uow) => {
        flushes++;
        // The same commune's view of the unit the handlers were given.
        const inCommune = uow.inCommune(C);
        const col = inCommune.collection<Tally>('gathered');
        const current = (await col.get('all')) ?? { _id: 'all', count: 0, lastPosition: 0 };
        await col.upsert({ ...current, count: current.count + (gathered.get(inCommune) ?? 0) });
        if (failFlush) {
          failFlush = false;
          throw new Error('read model unavailable');
        }
      },
    );
    runner = new ProjectionRunner(events, reads, [gathering], { batchSize: 500, retryDelayMs: 10 });
    await runner.start();
    expect(await runner.waitFor(1200)).toBe(true);
    // Three batches of 500, 500 and 200 events, the first flushed twice (it failed once, nothing of it kept).
    expect(flushes).toBe(4);
    expect((await reads.inCommune(C).collection<Tally>('gathered').get('all'))?.count).toBe(1200);
  });

  it('tells listeners about each committed batch, after its documents are readable', async () => {
    runner = new ProjectionRunner(events, reads, [tallies()]);
    const seen: Array<{ projection: string; count: number | undefined }> = [];
    runner.onApplied((name, batch) => {
      void reads.inCommune(C).collection<Tally>('tallies').get('emma').then((doc) => seen.push({ projection: name, count: doc?.count }));
      expect(batch.length).toBeGreaterThan(0);
    });
    await runner.start();
    const appended = await book('emma', 2);
    await runner.waitFor(appended.position);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.at(-1)).toEqual({ projection: 'tallies', count: 2 });
  });

  it('reads the log once for all its projections when catching up, then each follows on its own', async () => {
    await book('emma', 1200);
    let pagesRead = 0;
    const counted = Object.create(events) as SqliteEventStore;
    counted.readAll = async (options) => {
      pagesRead++;
      return events.readAll(options);
    };
    const others = ['a', 'b', 'c'].map((suffix) => ({ ...tallies(), name: `tallies-${suffix}`, collections: [{ name: `tallies_${suffix}` }] }));
    runner = new ProjectionRunner(counted, reads, [tallies(), ...others], { batchSize: 500 });
    await runner.start();
    expect(await runner.waitFor(1200)).toBe(true);
    // 3 pages of 500 and an empty one: the same whatever the number of projections.
    expect(pagesRead).toBe(4);
    expect(await docs()).toEqual([{ _id: 'emma', count: 1200, lastPosition: 1200, communeId: C }]);
    const live = await book('hugo');
    expect(await runner.waitFor(live.position)).toBe(true);
    expect((await runner.status()).every((p) => p.checkpoint === live.position)).toBe(true);
  });

  it('reads each page of the log once, however far behind a lone projection is', async () => {
    await book('emma', 2600);
    const pages: number[] = [];
    const counted = Object.create(events) as SqliteEventStore;
    counted.readAll = async (options) => {
      pages.push(options?.after ?? 0);
      return events.readAll(options);
    };
    runner = new ProjectionRunner(counted, reads, [tallies()], { batchSize: 500 });
    await runner.start();
    expect(await runner.waitFor(2600)).toBe(true);
    expect(pages).toEqual([0, 500, 1000, 1500, 2000, 2500, 2600]);
  });

  it('lets the others go on while the batch of one projection is being committed, at most two pages ahead of it', async () => {
    await book('emma', 1500);
    // A store whose commits of the 'slow' projection take until released (its documents are written, its unit not yet done).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowUnits = new WeakSet<CommuneUnitOfWork>();
    const slowCommits = Object.create(reads) as ReadStore;
    slowCommits.unitOfWork = async (work) => {
      let unit: UnitOfWork | undefined;
      const result = await reads.unitOfWork((uow) => work((unit = uow)));
      if (slowUnits.has(unit!.inCommune(C))) await gate;
      return result;
    };
    const slow = projection('slow', 1, [{ name: 'slow_tallies' }], {
      Booked: async (e, uow) => {
        slowUnits.add(uow);
        await uow.collection('slow_tallies').upsert({ _id: 'last', position: e.position });
      },
    });
    runner = new ProjectionRunner(events, slowCommits, [tallies(), slow], { batchSize: 500 });
    const checkpoints = async () => Object.fromEntries((await runner!.status()).map((p) => [p.name, p.checkpoint]));
    try {
      await runner.start();
      expect(await runner.waitFor(1000, 3000)).toBe(false);
      expect(await checkpoints()).toEqual({ tallies: 1000, slow: 0 });
    } finally {
      release();
    }
    expect(await runner.waitFor(1500)).toBe(true);
    expect(await checkpoints()).toEqual({ tallies: 1500, slow: 1500 });
    expect(await reads.inCommune(C).collection('slow_tallies').get('last')).toEqual({ _id: 'last', position: 1500, communeId: C });
  });

  it('catching up alone, runs its next page while the last one is written, and never commits past a batch whose commit failed', async () => {
    await book('emma', 1200);
    let units = 0;
    let overlapped = false;
    let writing = false;
    // The second unit fails at its commit, once its work is done (as a full disk would).
    const flaky = new Proxy(reads, {
      get(target, prop) {
        if (prop === 'unitOfWork') {
          return (work: (uow: UnitOfWork) => Promise<unknown>) => {
            if (writing) overlapped = true;
            const unit = ++units;
            return target.unitOfWork(async (uow) => {
              const result = await work(uow);
              writing = true;
              await new Promise((resolve) => setTimeout(resolve, 20));
              writing = false;
              if (unit === 2) throw new Error('disk full');
              return result;
            });
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    runner = new ProjectionRunner(events, flaky, [tallies()], { batchSize: 500, retryDelayMs: 10 });
    await runner.start();
    expect(await runner.waitFor(1200)).toBe(true);
    expect(await docs()).toEqual([{ _id: 'emma', count: 1200, lastPosition: 1200, communeId: C }]);
    expect(await reads.collection(CHECKPOINTS).get('tallies')).toMatchObject({ position: 1200 });
    expect(overlapped).toBe(true);
  });

  it('lets the others catch up while a failing projection retries alone', async () => {
    await book('emma', 3);
    let failures = 3;
    const failing = { ...tallies(1, () => failures-- > 0), name: 'failing', collections: [{ name: 'failing_tallies' }] };
    runner = new ProjectionRunner(events, reads, [tallies(), failing], { retryDelayMs: 10 });
    await runner.start();
    expect(await runner.waitFor(3, 5000)).toBe(true);
    expect(await docs()).toEqual([{ _id: 'emma', count: 3, lastPosition: 3, communeId: C }]);
  });

  it('rebuilds a read model asked for while it is still catching up at start', async () => {
    await book('emma', 3000);
    runner = new ProjectionRunner(events, reads, [tallies()], { batchSize: 250 });
    await runner.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await runner.rebuild('tallies');
    expect(await docs()).toEqual([{ _id: 'emma', count: 3000, lastPosition: 3000, communeId: C }]);
  });

  it('gives up a rebuild whose projection keeps failing, and says why', async () => {
    await book('emma', 2);
    runner = new ProjectionRunner(events, reads, [tallies(1, () => true)], { retryDelayMs: 10 });
    await expect(runner.rebuild('tallies', 300)).rejects.toThrow(/did not catch up within 300 ms .*read model unavailable/);
  });

  it('refuses two projections with the same name', () => {
    expect(() => new ProjectionRunner(events, reads, [tallies(), tallies()])).toThrow(/Two projections/);
  });

  it('answers false when the read models do not catch up in time', async () => {
    runner = new ProjectionRunner(events, reads, [tallies()]);
    await runner.start();
    expect(await runner.waitFor(1_000_000, 50)).toBe(false);
  });
});
