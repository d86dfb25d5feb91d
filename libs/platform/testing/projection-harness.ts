import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type Actor, type Channel, type RecordedEvent } from '@pf/event-store';
import { ProjectionRunner, type ProjectionDefinition } from '@pf/projections';
import { communeScoped, SqliteReadStore, type Document, type Filter, type FindOptions, type ReadStore } from '@pf/read-store';

/** An event as a test states it: type, data, and who / when / from where when it matters. */
export interface GivenEvent {
  type: string;
  data: unknown;
  stream?: string;
  communeId?: string;
  actor?: Actor;
  channel?: Channel;
  at?: string;
  id?: string;
}

export const PARENT: Actor = { kind: 'guardian', id: 'account-claire', name: 'Claire Martin' };
export const AGENT: Actor = { kind: 'staff', id: 'account-agent', name: 'Agent Enfance' };
/** The commune of every given event that names none, and of every read unless told. */
export const HARNESS_COMMUNE = 'saint-hilaire';

export const RULES: Actor = { kind: 'rule', id: 'booking-rules', name: 'Règles de réservation' };

/**
 * Projections fed with events only: the events go through a real embedded event store and the
 * real runner into a real embedded read store, in a temporary folder.
 */
export class ProjectionHarness {
  private constructor(
    private readonly dir: string,
    readonly events: SqliteEventStore,
    readonly reads: ReadStore,
    /** The embedded store under `reads`, for what only it answers (query plans). */
    readonly documents: SqliteReadStore,
    private readonly runner: ProjectionRunner,
  ) {}

  static async start(definitions: ProjectionDefinition[]): Promise<ProjectionHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'pf-projection-spec-'));
    const events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    const documents = await SqliteReadStore.open({ dataDir: dir });
    const reads = communeScoped(documents);
    const runner = new ProjectionRunner(events, reads, definitions, { retryDelayMs: 10 });
    await runner.start();
    return new ProjectionHarness(dir, events, reads, documents, runner);
  }

  /** Appends the events in order (one append each) and waits until every projection applied them. */
  async given(...given: GivenEvent[]): Promise<RecordedEvent[]> {
    const recorded: RecordedEvent[] = [];
    for (const e of given) {
      const id = e.id ?? randomUUID();
      const communeId = e.communeId ?? HARNESS_COMMUNE;
      const stream = e.stream ?? `test-${communeId}.${id}`;
      const result = await this.events.append(
        stream,
        [
          {
            id,
            type: e.type,
            data: e.data,
            metadata: {
              communeId,
              actor: e.actor ?? PARENT,
              channel: e.channel ?? 'web',
              correlationId: id,
              causationId: id,
              occurredAt: e.at ?? '2026-12-01T08:00:00.000Z',
              schemaVersion: 1,
            },
          },
        ],
        'any',
      );
      if (!(await this.runner.waitFor(result.position, 10_000))) throw new Error('projections did not catch up');
      recorded.push((await this.events.readAll({ after: result.position - 1, limit: 1 }))[0]);
    }
    return recorded;
  }

  /** Waits until every projection applied `position` (for events a handler appended itself). */
  async waitFor(position: number): Promise<void> {
    if (!(await this.runner.waitFor(position, 5000))) throw new Error(`position ${position} not projected in time`);
  }

  find<T extends Document>(collection: string, filter: Filter = {}, options: FindOptions = { sort: { _id: 1 } }, communeId = HARNESS_COMMUNE): Promise<T[]> {
    return this.reads.inCommune(communeId).collection<T>(collection).find(filter, options);
  }

  get<T extends Document>(collection: string, id: string, communeId = HARNESS_COMMUNE): Promise<T | null> {
    return this.reads.inCommune(communeId).collection<T>(collection).get(id);
  }

  /** Every document of the given collections, for "rebuilt equals live" comparisons. */
  async snapshot(collections: string[]): Promise<string> {
    const out: Record<string, unknown> = {};
    for (const name of collections) out[name] = await this.find(name);
    return JSON.stringify(out);
  }

  async rebuild(name: string): Promise<void> {
    await this.runner.rebuild(name);
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    await this.reads.close();
    await this.events.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
