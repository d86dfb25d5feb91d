import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { anEvent, events, uniqueStream, withTimeout } from './event-store.contract';
import { DuplicateEventIdError, EventStoreUnavailableError, RecordedEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const REPO_ROOT = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'sqlite-event-store.child.ts');
const CHILD_LIFETIME_MS = 30_000;

jest.setTimeout(60_000);

describe('Embedded event store (SQLite)', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  const stores: SqliteEventStore[] = [];

  const open = (options: Partial<Parameters<typeof SqliteEventStore.open>[0]> = {}) => {
    const store = SqliteEventStore.open({ dataDir, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pf-sqlite-store-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0)) await kill(child);
    for (const store of stores.splice(0)) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A child Node process running the store through ts-node, killed after CHILD_LIFETIME_MS at the latest. */
  function spawnChild(mode: 'writer' | 'holder'): ChildProcess & { lines: string[] } {
    const child = spawn(
      process.execPath,
      ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), CHILD, mode, dataDir],
      { cwd: REPO_ROOT, env: { ...process.env, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
    ) as ChildProcess & { lines: string[] };
    children.push(child);
    const guard = setTimeout(() => child.kill('SIGKILL'), CHILD_LIFETIME_MS);
    child.once('exit', () => clearTimeout(guard));
    child.lines = [];
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop()!;
      child.lines.push(...parts);
      child.emit('lines');
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => {
      if (code) child.emit('lines', new Error(`child ${mode} exited with ${code}: ${stderr}`));
    });
    return child;
  }

  function waitForLines(child: ChildProcess & { lines: string[] }, enough: (lines: string[]) => boolean, ms = 20_000): Promise<void> {
    return withTimeout(
      new Promise<void>((resolvePromise, reject) => {
        const check = (error?: Error) => {
          if (error) return reject(error);
          if (enough(child.lines)) {
            child.off('lines', check);
            resolvePromise();
          }
        };
        child.on('lines', check);
        check();
      }),
      ms,
      'child did not print what was expected',
    );
  }

  describe('crash safety', () => {
    it('keeps every acknowledged append and no partial one when the writer is killed with SIGKILL', async () => {
      const acked = new Map<string, number>();
      for (let round = 0; round < 3; round++) {
        const writer = spawnChild('writer');
        // A different number of acks each round, so the kill lands at different moments.
        await waitForLines(writer, (lines) => lines.filter((l) => l.startsWith('ACK')).length >= 40 + round * 25);
        writer.kill('SIGKILL');
        await exited(writer);
        for (const line of writer.lines) {
          const [tag, stream, revision] = line.split(' ');
          if (tag === 'ACK') acked.set(stream, Math.max(acked.get(stream) ?? -1, Number(revision)));
        }

        const store = SqliteEventStore.open({ dataDir });
        try {
          expect(acked.size).toBeGreaterThan(0);
          for (const [stream, revision] of acked) {
            const read = await store.readStream(stream);
            expect(read.length).toBeGreaterThanOrEqual(revision + 1);
          }
          const all = await readEverything(store);
          const byStream = new Map<string, RecordedEvent[]>();
          for (const e of all) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
          for (const [, stored] of byStream) {
            expect(stored.length % 5).toBe(0);
            expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => i));
            for (let b = 0; b < stored.length; b += 5) {
              const batch = stored.slice(b, b + 5);
              expect(new Set(batch.map((e) => e.metadata.correlationId)).size).toBe(1);
              expect(batch.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
            }
          }
          const positions = all.map((e) => e.position);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          expect(new Set(positions).size).toBe(positions.length);
        } finally {
          await store.close();
        }
      }
    });
  });

  describe('one process per data folder', () => {
    it('refuses to open a folder another process holds, naming the folder, and opens it once that process is killed', async () => {
      const holder = spawnChild('holder');
      await waitForLines(holder, (lines) => lines.includes('READY'));

      let error: unknown;
      try {
        open();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(dataDir);
      expect((error as Error).message).toMatch(/in use by another process/);

      holder.kill('SIGKILL');
      await exited(holder);
      const store = open();
      expect((await store.health()).reachable).toBe(true);
    });

    it('refuses a second open in the same process until the first store is closed', async () => {
      const first = open();
      expect(() => open()).toThrow(EventStoreUnavailableError);
      await first.close();
      const second = open();
      await second.append(uniqueStream(), events(1), 'no_stream');
    });
  });

  describe('durability', () => {
    it('finds its events again after close and reopen, and positions carry on', async () => {
      const stream = uniqueStream();
      const first = open();
      const batch = events(3);
      const appended = await first.append(stream, batch, 'no_stream');
      await first.close();

      const reopened = open();
      const read = await reopened.readStream(stream);
      expect(read.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      expect(read.map((e) => e.metadata)).toEqual(batch.map((e) => e.metadata));
      expect(await reopened.headPosition()).toBe(appended.position);
      const next = await reopened.append(stream, events(1), 2);
      expect(next.position).toBeGreaterThan(appended.position);
      // The retry rule survives a restart too.
      expect(await reopened.append(stream, batch, 'no_stream')).toEqual({ ...appended, alreadyAppended: true });
    });

    it('keeps one file under the data folder, in WAL mode, and reports it as its location', async () => {
      const nested = join(dataDir, 'nested', 'folder');
      const store = open({ dataDir: nested, fileName: 'custom.sqlite' });
      await store.append(uniqueStream(), events(1), 'any');
      expect(existsSync(join(nested, 'custom.sqlite'))).toBe(true);
      expect(existsSync(join(nested, 'custom.sqlite-wal'))).toBe(true);
      expect(await store.health()).toEqual({ adapter: 'embedded', reachable: true, location: join(nested, 'custom.sqlite') });
    });
  });

  describe('appends are all or nothing', () => {
    it('refuses an id already stored in another stream and writes none of the batch', async () => {
      const store = open();
      const elsewhere = anEvent();
      await store.append(uniqueStream(), [elsewhere], 'no_stream');
      const stream = uniqueStream();
      await expect(store.append(stream, [anEvent(), anEvent(), elsewhere], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append(stream, [elsewhere], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('writes none of the batch when one event cannot be stored', async () => {
      const store = open();
      const stream = uniqueStream();
      const unstorable = { ...anEvent(), data: { amount: BigInt(1) } };
      await expect(store.append(stream, [anEvent(), unstorable], 'no_stream')).rejects.toThrow();
      expect(await store.readStream(stream)).toEqual([]);
      expect(await store.headPosition()).toBe(0);
    });

    it('refuses an empty append', async () => {
      const store = open();
      await expect(store.append(uniqueStream(), [], 'any')).rejects.toBeInstanceOf(TypeError);
    });
  });

  describe('subscription', () => {
    it('reads the next page only when the consumer has taken the previous one', async () => {
      const store = open();
      await store.append(uniqueStream(), events(23), 'no_stream');
      const pageReads = jest.spyOn(store as unknown as { readAllSync: () => unknown }, 'readAllSync');
      const subscription = store.subscribeToAll({ batchSize: 5 });
      const iterator = subscription[Symbol.asyncIterator]();
      await iterator.next();
      expect(pageReads).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 4; i++) await iterator.next();
      expect(pageReads).toHaveBeenCalledTimes(1);
      await iterator.next();
      expect(pageReads).toHaveBeenCalledTimes(2);
      await subscription.close();
    });

    it('wakes up on an append at once, without waiting for the poll', async () => {
      const store = open({ subscriptionPollMs: 60_000 });
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      const pending = iterator.next();
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      await store.append(uniqueStream(), events(1), 'no_stream');
      const next = await withTimeout(pending, 1000, 'the append signal did not wake the subscription');
      expect(next.done).toBe(false);
      expect(Date.now() - started).toBeLessThan(500);
      await subscription.close();
    });

    it('ends its subscriptions when the store closes', async () => {
      const store = open();
      const subscription = store.subscribeToAll();
      const pending = subscription[Symbol.asyncIterator]().next();
      await store.close();
      expect((await withTimeout(pending, 1000, 'store.close() left the subscription waiting')).done).toBe(true);
    });
  });
});

async function readEverything(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: 500 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return withTimeout(new Promise<void>((r) => child.once('exit', () => r())), 10_000, 'child did not exit');
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited(child).catch(() => undefined);
}
