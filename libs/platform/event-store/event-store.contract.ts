import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  EventMetadata,
  EventStore,
  EventStoreUnavailableError,
  EventToAppend,
  RecordedEvent,
  WrongExpectedRevisionError,
} from './event-store.port';

export interface OpenedStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

/** A stream name no other test (or other run on a shared server) uses. */
export function uniqueStream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

export function metadataFor(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    communeId: 'commune-contract',
    actor: { kind: 'guardian', id: 'guardian-1', name: 'Camille Martin' },
    correlationId: 'corr-1',
    causationId: 'cause-1',
    requestId: 'req-1',
    occurredAt: '2026-05-17T11:00:00.000Z',
    schemaVersion: 1,
    channel: 'web',
    ...overrides,
  };
}

export function anEvent(type = 'ReservationRequested', data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data: { day: '2026-05-19', ...data }, metadata: metadataFor() };
}

export function events(count: number, type = 'ReservationRequested'): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => anEvent(type, { n: i }));
}

/**
 * The behaviour every EventStore adapter must show. `open` gives a store per test; on a shared
 * server the store is not empty, so every test works on its own streams and on positions it saw.
 */
export function describeEventStoreContract(adapterName: string, open: () => Promise<OpenedStore>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let opened: OpenedStore;
    let store: EventStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened?.cleanup();
    });

    const expectConflict = async (promise: Promise<unknown>, streamId: string, actual: number | 'no_stream') => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId, actual });
    };

    describe('appending and reading a stream', () => {
      it('gives back the appended events in order, with revisions, positions and the metadata untouched', async () => {
        const stream = uniqueStream();
        const batch = events(3);
        const result = await store.append(stream, batch, 'no_stream');
        expect(result).toMatchObject({ streamId: stream, nextExpectedRevision: 2, alreadyAppended: false });
        expect(result.position).toBeGreaterThan(0);

        const read = await store.readStream(stream);
        expect(read.map((e) => [e.id, e.type, e.revision, e.streamId])).toEqual(
          batch.map((e, i) => [e.id, e.type, i, stream]),
        );
        expect(read.map((e) => e.data)).toEqual(batch.map((e) => e.data));
        expect(read.map((e) => e.metadata)).toEqual(batch.map((e) => e.metadata));
        expectStrictlyIncreasing(read.map((e) => e.position));
        expect(read[0].position).toBeGreaterThan(0);
        expect(read[2].position).toBe(result.position);
        for (const e of read) expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(uniqueStream('missing'))).toEqual([]);
      });

      it('reads a stream from a revision and with a limit', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(5), 'no_stream');
        const read = await store.readStream(stream, { fromRevision: 2, limit: 2 });
        expect(read.map((e) => e.revision)).toEqual([2, 3]);
        expect((await store.readStream(stream, { fromRevision: 3 })).map((e) => e.revision)).toEqual([3, 4]);
      });

      it('appends to an existing stream after its last revision', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(2), 'no_stream');
        const result = await store.append(stream, events(3), 1);
        expect(result.nextExpectedRevision).toBe(4);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      });
    });

    describe('expected revision', () => {
      it("'no_stream' creates a stream and refuses an existing one, writing nothing", async () => {
        const stream = uniqueStream();
        await store.append(stream, events(1), 'no_stream');
        await expectConflict(store.append(stream, events(1), 'no_stream'), stream, 0);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it("'stream_exists' refuses a missing stream and accepts an existing one", async () => {
        const stream = uniqueStream();
        await expectConflict(store.append(stream, events(1), 'stream_exists'), stream, 'no_stream');
        expect(await store.readStream(stream)).toEqual([]);
        await store.append(stream, events(1), 'any');
        const result = await store.append(stream, events(2), 'stream_exists');
        expect(result.nextExpectedRevision).toBe(2);
      });

      it("'any' writes whether the stream exists or not", async () => {
        const stream = uniqueStream();
        expect((await store.append(stream, events(1), 'any')).nextExpectedRevision).toBe(0);
        expect((await store.append(stream, events(1), 'any')).nextExpectedRevision).toBe(1);
      });

      it('an exact revision must be the revision of the last event', async () => {
        const stream = uniqueStream();
        await expectConflict(store.append(stream, events(1), 0), stream, 'no_stream');
        await store.append(stream, events(3), 'no_stream');
        await expectConflict(store.append(stream, events(1), 1), stream, 2);
        await expectConflict(store.append(stream, events(1), 7), stream, 2);
        expect(await store.readStream(stream)).toHaveLength(3);
        const result = await store.append(stream, events(1), 2);
        expect(result.nextExpectedRevision).toBe(3);
      });

      it('the conflict error says which stream, what was expected and what was found', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(2), 'no_stream');
        const error = await store.append(stream, events(1), 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 0, actual: 1 });
      });

      it('of two writers appending at the same revision, exactly one wins and the other gets a conflict', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(1), 'no_stream');
        const first = events(2, 'First');
        const second = events(2, 'Second');
        const outcomes = await Promise.allSettled([store.append(stream, first, 0), store.append(stream, second, 0)]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
        const types = (await store.readStream(stream)).slice(1).map((e) => e.type);
        expect(types).toHaveLength(2);
        expect(new Set(types).size).toBe(1);
      });

      it('of many writers racing on a new stream with no_stream, exactly one creates it', async () => {
        const stream = uniqueStream();
        const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => store.append(stream, events(1), 'no_stream')));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('idempotent appends by event id', () => {
      it('appending the same events again writes nothing and returns the first result', async () => {
        const stream = uniqueStream();
        const batch = events(2);
        const first = await store.append(stream, batch, 'no_stream');
        for (const expected of ['no_stream', 'any', 'stream_exists', 0, 1] as const) {
          expect(await store.append(stream, batch, expected)).toEqual({ ...first, alreadyAppended: true });
        }
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('recognises a retried batch even after the stream moved on', async () => {
        const stream = uniqueStream();
        const batch = events(2);
        const first = await store.append(stream, batch, 'no_stream');
        await store.append(stream, events(3), 1);
        expect(await store.append(stream, batch, 'no_stream')).toEqual({ ...first, alreadyAppended: true });
        expect(await store.append(stream, batch, 'any')).toEqual({ ...first, alreadyAppended: true });
        expect(await store.append(stream, batch, 4)).toEqual({ ...first, alreadyAppended: true });
        expect(await store.readStream(stream)).toHaveLength(5);
      });

      it('refuses a batch that reuses only some of the stored ids, writing nothing', async () => {
        const stream = uniqueStream();
        const batch = events(2);
        await store.append(stream, batch, 'no_stream');
        const mixed = [batch[0], anEvent()];
        await expect(store.append(stream, mixed, 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(store.append(stream, mixed, 1)).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(store.append(stream, [anEvent(), batch[1]], 1)).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses stored ids given in another order', async () => {
        const stream = uniqueStream();
        const batch = events(2);
        await store.append(stream, batch, 'no_stream');
        await expect(store.append(stream, [batch[1], batch[0]], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses the same id twice in one batch', async () => {
        const stream = uniqueStream();
        const e = anEvent();
        await expect(store.append(stream, [e, e], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('reading all streams', () => {
      it('pages through every event after a position, in strictly increasing positions', async () => {
        const start = await store.headPosition();
        const streams = [uniqueStream('all-a'), uniqueStream('all-b'), uniqueStream('all-c')];
        const appended: string[] = [];
        for (let round = 0; round < 3; round++) {
          for (const stream of streams) {
            const batch = events(round + 1);
            await store.append(stream, batch, 'any');
            appended.push(...batch.map((e) => e.id));
          }
        }
        const seen: RecordedEvent[] = [];
        let after = start;
        let pages = 0;
        for (;;) {
          const page = await store.readAll({ after, limit: 4 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(4);
          expect(page[0].position).toBeGreaterThan(after);
          seen.push(...page);
          after = page[page.length - 1].position;
          pages++;
        }
        expectStrictlyIncreasing(seen.map((e) => e.position));
        const ours = seen.filter((e) => streams.includes(e.streamId));
        expect(ours.map((e) => e.id)).toEqual(appended);
        expect(pages).toBeGreaterThanOrEqual(Math.ceil(appended.length / 4));
      });

      it('never shows system events and starts strictly after the given position', async () => {
        const stream = uniqueStream();
        const result = await store.append(stream, events(3), 'no_stream');
        const read = await store.readStream(stream);
        const afterFirst = await store.readAll({ after: read[0].position, limit: 10 });
        expect(afterFirst[0].id).toBe(read[1].id);
        for (const e of afterFirst) expect(e.streamId.startsWith('$') || e.type.startsWith('$')).toBe(false);
        expect(await store.readAll({ after: result.position, limit: 10 })).not.toContainEqual(
          expect.objectContaining({ streamId: stream }),
        );
      });

      it('knows the head position: the last event appended', async () => {
        const before = await store.headPosition();
        expect(before).toBeGreaterThanOrEqual(0);
        const result = await store.append(uniqueStream(), events(2), 'any');
        const head = await store.headPosition();
        expect(head).toBeGreaterThanOrEqual(result.position);
        expect(head).toBeGreaterThan(before);
      });
    });

    describe('subscribing to all events', () => {
      it('delivers past events then live ones in order, and close() ends the iteration', async () => {
        const stream = uniqueStream('sub');
        const start = await store.headPosition();
        const past = events(3);
        await store.append(stream, past, 'no_stream');

        const subscription = store.subscribeToAll({ after: start, batchSize: 2 });
        const received: RecordedEvent[] = [];
        const live = events(2);
        const consumed = (async () => {
          for await (const e of subscription) {
            if (e.streamId !== stream) continue;
            received.push(e);
            if (received.length === 3) await store.append(stream, live, 2);
            if (received.length === 5) await subscription.close();
          }
        })();
        await withTimeout(consumed, 15_000, 'subscription did not deliver 5 events');
        expect(received.map((e) => e.id)).toEqual([...past, ...live].map((e) => e.id));
        expect(received.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expectStrictlyIncreasing(received.map((e) => e.position));
      });

      it('starts strictly after the given position', async () => {
        const stream = uniqueStream('sub');
        await store.append(stream, events(3), 'no_stream');
        const read = await store.readStream(stream);
        const subscription = store.subscribeToAll({ after: read[1].position });
        const iterator = subscription[Symbol.asyncIterator]();
        let next = await withTimeout(iterator.next(), 10_000, 'no event');
        while (!next.done && next.value.streamId !== stream) next = await withTimeout(iterator.next(), 10_000, 'no event');
        expect(next.done).toBe(false);
        expect((next.value as RecordedEvent).id).toBe(read[2].id);
        await subscription.close();
      });

      it('close() promptly ends an iteration waiting for new events', async () => {
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const started = Date.now();
        await subscription.close();
        const result = await withTimeout(pending, 2000, 'close() did not end the pending iteration');
        expect(result.done).toBe(true);
        expect(Date.now() - started).toBeLessThan(2000);
      });
    });

    describe('appending to several streams at once', () => {
      it('writes every stream, and the position it returns covers every event written', async () => {
        const [a, b, c] = [uniqueStream('many'), uniqueStream('many'), uniqueStream('many')];
        await store.append(b, events(1), 'no_stream');
        const results = await store.appendMany([
          { streamId: a, events: events(2), expected: 'no_stream' },
          { streamId: b, events: events(1), expected: 0 },
          { streamId: c, events: events(3), expected: 'any' },
        ]);
        expect(results.map((r) => [r.streamId, r.nextExpectedRevision, r.alreadyAppended])).toEqual([
          [a, 1, false],
          [b, 1, false],
          [c, 2, false],
        ]);
        const written = [...(await store.readStream(a)), ...(await store.readStream(b)).slice(1), ...(await store.readStream(c))];
        expect(written).toHaveLength(6);
        const highest = Math.max(...results.map((r) => r.position));
        for (const e of written) expect(e.position).toBeLessThanOrEqual(highest);
        expect(written[0].metadata).toEqual(metadataFor());
      });

      it('writes nothing anywhere when one expected revision is wrong', async () => {
        const [a, b] = [uniqueStream('many'), uniqueStream('many')];
        await store.append(b, events(2), 'no_stream');
        await expectConflict(
          store.appendMany([
            { streamId: a, events: events(1), expected: 'no_stream' },
            { streamId: b, events: events(1), expected: 0 },
          ]),
          b,
          1,
        );
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.readStream(b)).toHaveLength(2);
      });

      it('a failing call leaves the calls made at the same moment alone: each is all or nothing by itself', async () => {
        const [a, b, c, d] = [uniqueStream('many'), uniqueStream('many'), uniqueStream('many'), uniqueStream('many')];
        await store.append(b, events(1), 'no_stream');
        // Fired together, without awaiting in between: an embedded store may commit them as one group.
        const outcomes = await Promise.allSettled([
          store.appendMany([{ streamId: a, events: events(2), expected: 'no_stream' }]),
          store.appendMany([
            { streamId: c, events: events(1), expected: 'no_stream' },
            { streamId: b, events: events(1), expected: 5 },
          ]),
          store.append(d, events(1), 'no_stream'),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(a)).toHaveLength(2);
        expect(await store.readStream(b)).toHaveLength(1);
        expect(await store.readStream(c)).toEqual([]);
        expect(await store.readStream(d)).toHaveLength(1);
      });

      it('treats the very same writes sent again as already done', async () => {
        const writes = [
          { streamId: uniqueStream('many'), events: events(2), expected: 'no_stream' as const },
          { streamId: uniqueStream('many'), events: events(1), expected: 'no_stream' as const },
        ];
        const first = await store.appendMany(writes);
        const again = await store.appendMany(writes);
        expect(again.map((r) => [r.streamId, r.nextExpectedRevision, r.alreadyAppended])).toEqual(
          first.map((r) => [r.streamId, r.nextExpectedRevision, true]),
        );
        expect(await store.readStream(writes[0].streamId)).toHaveLength(2);
      });

      it('refuses the same stream twice in one call', async () => {
        const stream = uniqueStream('many');
        await expect(
          store.appendMany([
            { streamId: stream, events: events(1), expected: 'any' },
            { streamId: stream, events: events(1), expected: 'any' },
          ]),
        ).rejects.toBeInstanceOf(TypeError);
      });
    });

    it('refuses work once closed, with EventStoreUnavailableError', async () => {
      await store.close();
      await expect(store.append(uniqueStream(), events(1), 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect((await store.health()).reachable).toBe(false);
    });

    it('reports itself healthy while open', async () => {
      const health = await store.health();
      expect(health).toMatchObject({ adapter: store.adapter, reachable: true });
      expect(health.location).toBeTruthy();
    });
  });
}

export function expectStrictlyIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} (after ${ms} ms)`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
