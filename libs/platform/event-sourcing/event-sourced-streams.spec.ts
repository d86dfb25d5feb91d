import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, WrongExpectedRevisionError, type RecordedEvent } from '@pf/event-store';
import type { CommandContext } from './command-context';
import type { DomainEvent } from './decider';
import { EventSourcedStreams } from './event-sourced-streams';

type Counted = DomainEvent<'Counted', { n: number }>;
const evolveCounter = (_: number, e: Counted) => e.data.n;
const counter = (streamId: string, decide: (state: number) => Counted[] = (n) => [{ type: 'Counted', data: { n: n + 1 } }]) => ({
  streamId,
  initialState: 0,
  evolve: evolveCounter,
  decide,
});
const ctx = (requestId?: string): CommandContext => ({
  communeId: 'saint-hilaire-du-bois',
  actor: { kind: 'guardian', id: 'acc-1', name: 'Claire Martin' },
  channel: 'web',
  requestId,
  now: '2026-12-01T08:00:00.000Z',
});

describe('the command path: load, decide, append', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pf-streams-'));
    store = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends what the decider returns, stamped with the full metadata', async () => {
    const streams = new EventSourcedStreams(store);
    const outcome = await streams.handle(counter('counter-1'), ctx('2b3f1c0e-1d2a-4c5b-9e8f-0a1b2c3d4e5f'));
    expect(outcome).toMatchObject({ events: [{ type: 'Counted', data: { n: 1 } }], state: 1, replayed: false });
    const [stored] = await store.readStream('counter-1');
    expect(stored.metadata).toEqual({
      communeId: 'saint-hilaire-du-bois',
      actor: { kind: 'guardian', id: 'acc-1', name: 'Claire Martin' },
      channel: 'web',
      requestId: '2b3f1c0e-1d2a-4c5b-9e8f-0a1b2c3d4e5f',
      correlationId: '2b3f1c0e-1d2a-4c5b-9e8f-0a1b2c3d4e5f',
      causationId: '2b3f1c0e-1d2a-4c5b-9e8f-0a1b2c3d4e5f',
      occurredAt: '2026-12-01T08:00:00.000Z',
      schemaVersion: 1,
    });
    expect(outcome.position).toBe(stored.position);
  });

  it('gives the first outcome back for a retried request id and writes nothing more', async () => {
    const streams = new EventSourcedStreams(store);
    const first = await streams.handle(counter('counter-1'), ctx('req-1'));
    const retry = await streams.handle(counter('counter-1'), ctx('req-1'));
    expect(retry).toMatchObject({ replayed: true, events: first.events, position: first.position });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('derives the same event ids from the same request id, so the store itself refuses a duplicate', async () => {
    const other = mkdtempSync(join(tmpdir(), 'pf-streams-'));
    const second = SqliteEventStore.open({ dataDir: other, synchronous: 'NORMAL' });
    try {
      await new EventSourcedStreams(store).handle(counter('counter-1'), ctx('req-1'));
      await new EventSourcedStreams(second).handle(counter('counter-1'), ctx('req-1'));
      expect((await store.readStream('counter-1'))[0].id).toBe((await second.readStream('counter-1'))[0].id);
    } finally {
      await second.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('queues concurrent commands on one stream in this process, each deciding on the state left by the previous', async () => {
    const streams = new EventSourcedStreams(store, { maxAttempts: 1 });
    await Promise.all(Array.from({ length: 50 }, () => streams.handle(counter('counter-1'), ctx())));
    const events = await store.readStream('counter-1');
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('decides queued commands on the state the appends in flight leave, and commits them together', async () => {
    const appends: number[] = [];
    let inFlight = 0;
    const counting = Object.create(store) as SqliteEventStore;
    counting.append = async (...args: Parameters<SqliteEventStore['append']>) => {
      appends.push(++inFlight);
      try {
        return await store.append(...args);
      } finally {
        inFlight--;
      }
    };
    const streams = new EventSourcedStreams(counting, { maxAttempts: 1 });
    await Promise.all(Array.from({ length: 20 }, () => streams.handle(counter('counter-1'), ctx())));
    const events = await store.readStream('counter-1');
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Each command was decided while the ones before it were still being committed.
    expect(Math.max(...appends)).toBe(20);
  });

  it('a failed append fails only what was decided on it: those decide again on what was stored, the others keep their outcome', async () => {
    const failing = Object.create(store) as SqliteEventStore;
    let calls = 0;
    failing.append = async (...args: Parameters<SqliteEventStore['append']>) => {
      calls++;
      // The second append (n = 2) fails as a disk would; the third, decided on it, must not land as decided.
      if (calls === 2) {
        await Promise.resolve();
        throw new Error('disk I/O error');
      }
      return store.append(...args);
    };
    const streams = new EventSourcedStreams(failing);
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => streams.handle(counter('counter-1'), ctx())));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('disk I/O error');
    const events = await store.readStream('counter-1');
    // Stored without a gap: the commands decided after the failed one decided again on n = 1.
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(outcomes.slice(2).map((o) => (o as PromiseFulfilledResult<{ state: number }>).value.state).sort()).toEqual([2, 3]);
  });

  it('retries when another writer (another process) wrote in between, and decides again on the new state', async () => {
    const first = new EventSourcedStreams(store, { maxAttempts: 20 });
    const second = new EventSourcedStreams(store, { maxAttempts: 20 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? first : second).handle(counter('counter-1'), ctx())));
    const events = await store.readStream('counter-1');
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps going after a failed command on the same stream', async () => {
    const streams = new EventSourcedStreams(store);
    const failing = streams.handle(counter('counter-1', () => { throw new Error('refused'); }), ctx());
    const next = streams.handle(counter('counter-1'), ctx());
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toMatchObject({ state: 1 });
  });

  it('gives up with the typed conflict after its bounded attempts', async () => {
    let attempts = 0;
    const streams = new EventSourcedStreams(store, { maxAttempts: 3 });
    const racing = counter('counter-1', (n) => {
      attempts++;
      // Someone else writes between our read and our append, every time.
      store.append('counter-1', [{ id: `x-${attempts}`.padEnd(36, '0'), type: 'Counted', data: { n: n + 1 }, metadata: { ...ctx(), correlationId: 'c', causationId: 'c', occurredAt: ctx().now, schemaVersion: 1 } }], 'any');
      return [{ type: 'Counted', data: { n: n + 1 } }];
    });
    await expect(streams.handle(racing, ctx())).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(attempts).toBe(3);
  });

  it('writes nothing and tells no one when the decision is empty', async () => {
    const told: RecordedEvent[][] = [];
    const streams = new EventSourcedStreams(store, { onAppended: (_, events) => told.push(events) });
    const outcome = await streams.handle(counter('counter-1', () => []), ctx());
    expect(outcome).toMatchObject({ events: [], position: 0 });
    expect(await store.headPosition()).toBe(0);
    expect(told).toEqual([]);
  });

  it('tells listeners once the events are stored', async () => {
    const told: string[] = [];
    const streams = new EventSourcedStreams(store, {
      onAppended: (streamId, events) => told.push(`${streamId}:${events.map((e) => e.type).join(',')}`),
    });
    await streams.handle(counter('counter-1'), ctx());
    expect(told).toEqual(['counter-1:Counted']);
  });

  it('reads only the events written since its last command, including another writer\'s', async () => {
    const mine = new EventSourcedStreams(store);
    const other = new EventSourcedStreams(store);
    for (let i = 0; i < 5; i++) await mine.handle(counter('counter-1'), ctx());
    await other.handle(counter('counter-1'), ctx());
    const read = jest.spyOn(store, 'readStream');
    const outcome = await mine.handle(counter('counter-1'), ctx());
    expect(outcome.state).toBe(7);
    expect(read).toHaveBeenCalledWith('counter-1', { fromRevision: 5, withCredentials: true });
    expect((await read.mock.results[0].value).length).toBe(1);
  });

  describe('one command on several streams', () => {
    it('decides each stream on its own and appends them all at once', async () => {
      const streams = new EventSourcedStreams(store);
      await streams.handle(counter('day-2'), ctx());
      const outcome = await streams.handleMany([counter('day-1'), counter('day-2'), counter('day-3', () => [])], ctx('req-many'));
      expect(outcome.outcomes.map((o) => o.state)).toEqual([1, 2, 0]);
      expect(outcome.replayed).toBe(false);
      expect(outcome.position).toBe(await store.headPosition());
      expect((await store.readStream('day-2')).map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
      expect(await store.readStream('day-3')).toEqual([]);
    });

    it('gives the first outcome back for a retried request id', async () => {
      const streams = new EventSourcedStreams(store);
      const first = await streams.handleMany([counter('day-1'), counter('day-2')], ctx('req-many'));
      const retry = await streams.handleMany([counter('day-1'), counter('day-2')], ctx('req-many'));
      expect(retry).toMatchObject({ replayed: true, position: first.position });
      const facts = (o: typeof first) => o.outcomes.map((x) => x.events.map(({ type, data }) => ({ type, data })));
      expect(facts(retry)).toEqual(facts(first));
      expect(await store.headPosition()).toBe(2);
    });

    it('writes nothing when one decision refuses', async () => {
      const streams = new EventSourcedStreams(store);
      const refusing = counter('day-2', () => {
        throw new Error('closed');
      });
      await expect(streams.handleMany([counter('day-1'), refusing], ctx())).rejects.toThrow('closed');
      expect(await store.headPosition()).toBe(0);
    });

    it('waits for single-stream commands queued on any of its streams, and they wait for it', async () => {
      const streams = new EventSourcedStreams(store, { maxAttempts: 1 });
      await Promise.all([
        streams.handle(counter('day-1'), ctx()),
        streams.handleMany([counter('day-1'), counter('day-2')], ctx()),
        streams.handle(counter('day-2'), ctx()),
        streams.handleMany([counter('day-2'), counter('day-1')], ctx()),
      ]);
      expect((await store.readStream('day-1')).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
      expect((await store.readStream('day-2')).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    });

    it('decides again on the new state when another process wrote to one of its streams', async () => {
      const mine = new EventSourcedStreams(store, { maxAttempts: 5 });
      const other = new EventSourcedStreams(store, { maxAttempts: 5 });
      await Promise.all([mine.handleMany([counter('day-1'), counter('day-2')], ctx()), other.handle(counter('day-2'), ctx())]);
      expect((await store.readStream('day-2')).map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
    });
  });
});
