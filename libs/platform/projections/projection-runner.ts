import type { EventStore, EventSubscription, RecordedEvent } from '@pf/event-store';
import { deploymentCollection, type Document, type ReadStore } from '@pf/read-store';
import type { ProjectionDefinition } from './projection';

export const CHECKPOINTS = deploymentCollection('projection_checkpoints');

interface Checkpoint extends Document {
  position: number;
  version: number;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  checkpoint: number;
  lag: number;
  state: 'catching-up' | 'live' | 'rebuilding' | 'failing' | 'stopped';
  lastError?: string;
}

export interface RunnerOptions {
  /**
   * Most events applied in one unit of work (default 5000). Catching up, large units write each
   * document once per batch however many events change it; live, a batch holds what is ready.
   */
  batchSize?: number;
  /** Delay before retrying a batch that failed (doubles up to 30 s). */
  retryDelayMs?: number;
  log?: (message: string) => void;
}

/** Told after a batch is committed (live updates to browsers, for instance). */
export type AppliedListener = (projection: string, events: RecordedEvent[]) => void;

/** One projection's loop: subscription → batches → one unit of work per batch with its checkpoint. */
class ProjectionWorker {
  checkpoint = 0;
  /** The checkpoint as stored (behind `checkpoint` while batches this projection has nothing to do with pass). */
  private stored = 0;
  state: ProjectionStatus['state'] = 'stopped';
  lastError?: string;
  private subscription?: EventSubscription;
  private loop?: Promise<void>;
  private stopping = false;
  /** Ends the back-off sleep of a failing batch at once when the worker stops. */
  private interruptRetry?: () => void;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();

  constructor(
    readonly definition: ProjectionDefinition,
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    private readonly options: Required<Omit<RunnerOptions, 'log'>> & Pick<RunnerOptions, 'log'>,
    private readonly listeners: Set<AppliedListener>,
  ) {}

  async start(): Promise<void> {
    await this.prepare();
    this.follow();
  }

  /** Checkpoint loaded (or the model dropped on a version change), collections ready; nothing read yet. */
  async prepare(): Promise<void> {
    const stored = await this.reads.collection<Checkpoint>(CHECKPOINTS).get(this.definition.name);
    if (stored && stored.version !== this.definition.version) {
      this.options.log?.(`projection ${this.definition.name}: version ${stored.version} → ${this.definition.version}, rebuilding`);
      await this.reset();
    } else {
      this.checkpoint = stored?.position ?? 0;
    }
    this.stored = this.checkpoint;
    for (const spec of this.definition.collections) await this.reads.ensureCollection(spec);
    this.stopping = false;
    this.state = 'catching-up';
  }

  /**
   * Catching up alone: runs the batch's unit and returns once its commit is on its way (so the next
   * page's handlers run while SQLite writes this one), with that commit. The unit commits only
   * after `previous` did. A failure before the commit is sent throws here; a failed commit rejects
   * the returned promise and fails the next unit.
   */
  async applyAhead(batch: RecordedEvent[], previous: Promise<void> | undefined): Promise<{ commit: Promise<void> }> {
    let sent!: () => void;
    const onItsWay = new Promise<void>((resolve) => (sent = resolve));
    const committed = this.apply(batch, 'catching-up', { previous, sent });
    committed.catch(() => undefined); // observed by the next unit, or at the end of the walk
    await Promise.race([onItsWay, committed]);
    // Wrapped: a promise returned as such would be awaited through.
    return { commit: committed };
  }

  /** Follows the log on its own subscription from the checkpoint. */
  follow(): void {
    if (this.stopping || this.loop) return;
    this.subscription = this.events.subscribeToAll({ after: this.checkpoint, batchSize: this.options.batchSize });
    this.loop = this.run(this.subscription);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.interruptRetry?.();
    await this.subscription?.close();
    await this.loop;
    this.subscription = undefined;
    this.loop = undefined;
    this.state = 'stopped';
  }

  /** Drop the read model and its checkpoint; the next start replays from position 0. */
  async reset(): Promise<void> {
    for (const spec of this.definition.collections) await this.reads.dropCollection(spec.name);
    await this.reads.unitOfWork((uow) => uow.collection(CHECKPOINTS).delete(this.definition.name));
    this.checkpoint = 0;
    this.stored = 0;
  }

  waitFor(position: number): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ position, resolve }));
  }

  private async run(subscription: EventSubscription): Promise<void> {
    const iterator = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    while (!this.stopping) {
      const batch: RecordedEvent[] = [];
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done) break;
      batch.push(first.value);
      // Take what the store has ready without waiting, so catch-up commits large batches
      // while live following still applies a lone event at once.
      let caughtUp = false;
      while (batch.length < this.options.batchSize) {
        pending = iterator.next();
        const next = await Promise.race([pending, nextTick()]);
        if (next === TICK) {
          caughtUp = true;
          break;
        }
        pending = undefined;
        if ((next as IteratorResult<RecordedEvent>).done) break;
        batch.push((next as IteratorResult<RecordedEvent>).value);
      }
      await this.applyWithRetry(batch, caughtUp);
    }
  }

  private async applyWithRetry(batch: RecordedEvent[], caughtUp: boolean): Promise<void> {
    let delay = this.options.retryDelayMs;
    for (;;) {
      try {
        await this.apply(batch, caughtUp ? 'live' : 'catching-up');
        this.lastError = undefined;
        return;
      } catch (error) {
        // A failing projection stalls rather than skipping events: its lag shows on /api/health.
        this.state = 'failing';
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.log?.(`projection ${this.definition.name} failed at position ${batch[0].position}: ${this.lastError}`);
        if (this.stopping) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.interruptRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.interruptRetry = undefined;
        if (this.stopping) return;
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  /**
   * One unit of work: the batch's events past the checkpoint, then the checkpoint. Throws (nothing
   * written) on failure. `ahead`: the unit commits only once `previous` (the same projection's
   * last unit) did, and `sent` is told when its work is done and its commit on its way.
   */
  async apply(batch: RecordedEvent[], stateAfter: ProjectionStatus['state'], ahead?: { previous?: Promise<void>; sent: () => void }): Promise<void> {
    const { handlers, name, version } = this.definition;
    const last = batch[batch.length - 1].position;
    // A batch with nothing for this read model (most live batches for most read models) moves the
    // checkpoint in memory only: a restart reads those events again and finds nothing to do. It is
    // stored at the latest every CHECKPOINT_STRIDE positions, so a restart never re-reads far.
    const idle = !ahead && !batch.some((event) => event.position > this.checkpoint && handlers[event.type]) && last - this.stored < CHECKPOINT_STRIDE;
    if (!idle) await this.reads.unitOfWork(async (uow) => {
      for (const event of batch) {
        if (event.position <= this.checkpoint) continue;
        const handler = handlers[event.type];
        if (handler) await handler(event, uow.inCommune(event.metadata.communeId));
      }
      if (this.definition.flush) await this.definition.flush(uow);
      // A unit whose predecessor failed fails too: its checkpoint must not pass events never written.
      if (ahead?.previous) await ahead.previous;
      await uow.collection<Checkpoint>(CHECKPOINTS).upsert({ _id: name, position: last, version });
      ahead?.sent();
    });
    if (!idle) this.stored = last;
    this.checkpoint = last;
    this.state = stateAfter;
    for (const waiter of this.waiters) {
      if (waiter.position <= last) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
    for (const listener of this.listeners) {
      try {
        listener(name, batch);
      } catch (error) {
        this.options.log?.(`listener of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** The most positions a read model's stored checkpoint may lag behind while it has nothing to do. */
const CHECKPOINT_STRIDE = 10_000;

/** How many pages a projection may run ahead of the slowest one during the shared catch-up. */
const LOOKAHEAD = 2;

/**
 * Catching up with at most this many read models (a version bump rebuilds one or two), each runs
 * its next page while its last commit is written: the audit index alone went from 23,200 to
 * 29,400–36,700 events/s (`npm run bench:projections`, `BENCH_ONLY=audit`). With more, the others
 * keep the store busy anyway, and the units kept waiting cost more than they save (it was slower
 * with five in a trial).
 */
const PIPELINED_UP_TO = 2;

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const TICK = Symbol('tick');
const nextTick = () => new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));

/** True when `work` settles within `ms`, false otherwise (the timer never outlives the race). */
async function withinTime(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs named projections, each checkpointed with its read model in the same unit of work:
 * catch up from the checkpoint in batches, then follow live.
 */
export class ProjectionRunner {
  private readonly workers: Map<string, ProjectionWorker>;
  private readonly options: Required<Omit<RunnerOptions, 'log'>> & Pick<RunnerOptions, 'log'>;
  private readonly listeners = new Set<AppliedListener>();
  /** The shared catch-up each worker still walks with (its walkers), while it does (see catchUp). */
  private readonly together = new Map<ProjectionWorker, Set<ProjectionWorker>>();
  /** Shared catch-ups still running. */
  private readonly catchUps = new Set<Promise<void>>();
  /** Per worker walking a shared catch-up: resolves once its walk is over (its last unit settled). */
  private readonly walking = new Map<ProjectionWorker, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    definitions: ProjectionDefinition[],
    options: RunnerOptions = {},
  ) {
    const resolved = { batchSize: options.batchSize ?? 5000, retryDelayMs: options.retryDelayMs ?? 200, log: options.log };
    this.options = resolved;
    const names = new Set<string>();
    for (const d of definitions) {
      if (names.has(d.name)) throw new Error(`Two projections are named ${d.name}`);
      names.add(d.name);
    }
    this.workers = new Map(definitions.map((d) => [d.name, new ProjectionWorker(d, events, reads, resolved, this.listeners)]));
  }

  /** Called after each committed batch of each projection; returns the unsubscribe function. */
  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get names(): string[] {
    return [...this.workers.keys()];
  }

  /**
   * Catching up, the projections share one read of the log: each page is read (and decoded) once
   * and applied to every projection still behind, each in its own unit of work with its checkpoint.
   * Reading the log once per projection made catch-up cost grow with the number of read models.
   * Once the head is reached, or for a projection that fails, each follows on its own subscription.
   */
  async start(): Promise<void> {
    await this.reads.ensureCollection({ name: CHECKPOINTS });
    this.stopping = false;
    const workers = [...this.workers.values()];
    for (const worker of workers) await worker.prepare();
    this.catchUp(workers);
  }

  /** Walks the log once for these workers (catchUpTogether); each then follows on its own. */
  private catchUp(workers: ProjectionWorker[]): void {
    const walkers = new Set(workers);
    for (const worker of workers) this.together.set(worker, walkers);
    const running: Promise<void> = this.catchUpTogether(walkers)
      .catch((error: unknown) => {
        this.options.log?.(`shared catch-up stopped: ${error instanceof Error ? error.message : String(error)}; each projection goes on alone`);
      })
      .finally(() => {
        for (const worker of walkers) {
          this.together.delete(worker);
          if (!this.stopping) worker.follow();
        }
        this.catchUps.delete(running);
      });
    this.catchUps.add(running);
  }

  /** A worker leaves the shared catch-up it walks with (it failed, or is rebuilt): it goes on alone. */
  private leave(worker: ProjectionWorker): void {
    this.together.get(worker)?.delete(worker);
    this.together.delete(worker);
  }

  /**
   * Each projection behind walks the same chain of pages (read once, in order, shared), at its own
   * pace: one whose unit is being committed does not hold the others back, so there is always a
   * unit ready to run while the store commits another. A projection never runs more than
   * LOOKAHEAD pages ahead of the slowest, so only a few pages are kept in memory.
   */
  private async catchUpTogether(walkers: Set<ProjectionWorker>): Promise<void> {
    const behind = [...walkers];
    if (behind.length === 0) return;
    const limit = this.options.batchSize;
    const start = Math.min(...behind.map((w) => w.checkpoint));
    const pages: Array<Promise<RecordedEvent[]> | undefined> = [];
    /** Where page i starts, once the page before it is read (kept when that page is forgotten). */
    const starts: number[] = [start];
    const page = (i: number): Promise<RecordedEvent[]> =>
      (pages[i] ??= (starts[i] !== undefined ? Promise.resolve(starts[i]) : page(i - 1).then(() => starts[i])).then(async (after) => {
        if (after === undefined) return []; // the page before was empty: the head
        const events = await this.events.readAll({ after, limit });
        if (events.length > 0) starts[i + 1] = events[events.length - 1].position;
        return events;
      }));
    /** The page each projection still walking is at. */
    const at = new Map(behind.map((worker) => [worker, 0]));
    const slowest = () => Math.min(...at.values());
    let moved = signal();
    const progressed = () => {
      for (let j = slowest() - 1; j >= 0 && pages[j]; j--) pages[j] = undefined;
      moved.resolve();
      moved = signal();
    };
    let broken: unknown;
    /** Nothing of the page was written for it: it retries alone, with back-off, from its checkpoint. */
    const failed = (worker: ProjectionWorker, error: unknown, position: number) => {
      this.leave(worker);
      worker.state = 'failing';
      worker.lastError = error instanceof Error ? error.message : String(error);
      this.options.log?.(`projection ${worker.definition.name} failed at position ${position}: ${worker.lastError}`);
      if (!this.stopping) worker.follow();
    };
    const pipelined = behind.length <= PIPELINED_UP_TO;
    const walk = async (worker: ProjectionWorker) => {
      let over!: () => void;
      const walked = new Promise<void>((resolve) => (over = resolve));
      this.walking.set(worker, walked);
      /** Pipelined: the commit of its last unit, still being written, and where that unit started. */
      let writing: { commit: Promise<void>; from: number } | undefined;
      try {
        for (let i = 0; ; i++) {
          while (i - slowest() >= LOOKAHEAD && !this.stopping && broken === undefined) await moved.promise;
          if (this.stopping || broken !== undefined || !walkers.has(worker)) return;
          const events = await page(i);
          if (events.length === 0) return; // at the head: it follows on its own from here
          if (worker.checkpoint < events[events.length - 1].position) {
            try {
              if (pipelined) writing = { ...(await worker.applyAhead(events, writing?.commit)), from: events[0].position };
              else await worker.apply(events, 'catching-up');
            } catch (error) {
              failed(worker, error, events[0].position);
              return;
            }
          }
          at.set(worker, i + 1);
          progressed();
        }
      } catch (error) {
        // Reading the log failed: every projection stops walking, then each goes on alone.
        broken ??= error;
      } finally {
        if (writing) {
          try {
            await writing.commit;
          } catch (error) {
            if (walkers.has(worker)) failed(worker, error, writing.from);
          }
        }
        at.delete(worker);
        progressed();
        if (this.walking.get(worker) === walked) this.walking.delete(worker);
        over();
      }
    };
    await Promise.all(behind.map(walk));
    if (broken !== undefined) throw broken;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.catchUps]);
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
  }

  /**
   * Drop a read model and replay every event from position 0 (the runner keeps following
   * afterwards). A projection that keeps failing makes it throw after `timeoutMs`, with its last error.
   */
  async rebuild(name: string, timeoutMs = 10 * 60_000): Promise<void> {
    const worker = this.worker(name);
    this.leave(worker);
    // Still walking the startup catch-up: its unit under way settles before the model is dropped.
    await this.walking.get(worker);
    await worker.stop();
    worker.state = 'rebuilding';
    await worker.reset();
    await worker.prepare();
    // Alone on the log, as at start: its next page runs while its last one is written.
    this.catchUp([worker]);
    const head = await this.events.headPosition();
    if (!(await withinTime(worker.waitFor(head), timeoutMs))) {
      throw new Error(
        `Projection ${name} did not catch up within ${timeoutMs} ms (checkpoint ${worker.checkpoint} of ${head})` +
          (worker.lastError ? `: ${worker.lastError}` : ''),
      );
    }
  }

  /**
   * Resolves once the read models named (when none is named, every one a command reads its writes
   * from: all but the 'eventual' ones) have applied the event at
   * `position`: read-your-writes for what the command's answer and the next screen read, without
   * waiting for the others (the audit index, the integrators' feed) to catch up.
   */
  async waitFor(position: number, timeoutMs = 5000, readModels?: readonly string[]): Promise<boolean> {
    const workers = readModels ? readModels.map((name) => this.worker(name)) : [...this.workers.values()].filter((w) => w.definition.consistency !== 'eventual');
    if (position <= 0) return true;
    return withinTime(Promise.all(workers.map((w) => w.waitFor(position))), timeoutMs);
  }

  /** Resolves once these read models have applied every event written so far: what a reader of an 'eventual' read model waits for. */
  async waitForHead(readModels: readonly string[], timeoutMs = 5000): Promise<boolean> {
    return this.waitFor(await this.events.headPosition(), timeoutMs, readModels);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    return [...this.workers.values()].map((w) => ({
      name: w.definition.name,
      version: w.definition.version,
      checkpoint: w.checkpoint,
      lag: Math.max(0, head - w.checkpoint),
      // Nothing left to catch up is live, even before the first event arrives.
      state: w.state === 'catching-up' && head <= w.checkpoint ? 'live' : w.state,
      ...(w.lastError ? { lastError: w.lastError } : {}),
    }));
  }

  private worker(name: string): ProjectionWorker {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`No projection named ${name}`);
    return worker;
  }
}
