import {
  EventStore,
  EventToAppend,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '@pf/event-store';
import { newId, uuidFromName } from '@pf/domain';
import { CommandContext } from './command-context';
import { DomainEvent, Evolve, fold } from './decider';

export interface LoadedStream<S, E extends DomainEvent> {
  state: S;
  /** Revision of the last event, or 'no_stream'. */
  revision: number | 'no_stream';
  events: RecordedEvent<E['data']>[];
}

export interface StreamDecision<S, E extends DomainEvent> {
  streamId: string;
  initialState: S;
  evolve: Evolve<S, E>;
  /** Pure: the events the command produces given the current state (may be none, may throw a DomainError). */
  decide: (state: S) => E[];
}

export interface StreamOutcome<S, E extends DomainEvent> {
  streamId: string;
  /** The events this command produced (or, for a retried request, produced the first time). */
  events: E[];
  /** State after those events. */
  state: S;
  /** Global position of the last event written (0 when nothing was written). */
  position: number;
  /** True when the request id had already been handled: nothing new was written. */
  replayed: boolean;
}

export type AppendedListener = (streamId: string, events: RecordedEvent[]) => void;

/**
 * The command path's one door to the store: load the stream, fold it, decide, append with the
 * expected revision, retry a bounded number of times on conflict, then tell listeners.
 */
export class EventSourcedStreams {
  /** Commands on one stream queue up in this process, so they do not spend their retries on each other. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly options: { maxAttempts?: number; onAppended?: AppendedListener } = {},
  ) {}

  async load<S, E extends DomainEvent>(streamId: string, initialState: S, evolve: Evolve<S, E>): Promise<LoadedStream<S, E>> {
    const events = (await this.store.readStream(streamId)) as RecordedEvent<E['data']>[];
    const state = fold(initialState, evolve, events.map(asDomainEvent<E>));
    const revision = events.length === 0 ? 'no_stream' : events[events.length - 1].revision;
    return { state, revision, events };
  }

  handle<S, E extends DomainEvent>(decision: StreamDecision<S, E>, ctx: CommandContext): Promise<StreamOutcome<S, E>> {
    const previous = this.queues.get(decision.streamId) ?? Promise.resolve();
    const run = previous.then(
      () => this.decideAndAppend(decision, ctx),
      () => this.decideAndAppend(decision, ctx),
    );
    const settled = run.catch(() => undefined);
    this.queues.set(decision.streamId, settled);
    void settled.then(() => {
      if (this.queues.get(decision.streamId) === settled) this.queues.delete(decision.streamId);
    });
    return run;
  }

  private async decideAndAppend<S, E extends DomainEvent>(decision: StreamDecision<S, E>, ctx: CommandContext): Promise<StreamOutcome<S, E>> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(decision.streamId, decision.initialState, decision.evolve);
      const earlier = ctx.requestId ? loaded.events.filter((e) => e.metadata.requestId === ctx.requestId) : [];
      if (earlier.length > 0) {
        return {
          streamId: decision.streamId,
          events: earlier.map(asDomainEvent<E>),
          state: loaded.state,
          position: earlier[earlier.length - 1].position,
          replayed: true,
        };
      }
      const produced = decision.decide(loaded.state);
      if (produced.length === 0) {
        return { streamId: decision.streamId, events: [], state: loaded.state, position: 0, replayed: false };
      }
      const toAppend = produced.map((event, index) => toStoredEvent(event, index, decision.streamId, ctx));
      try {
        const result = await this.store.append(decision.streamId, toAppend, loaded.revision);
        const firstRevision = result.nextExpectedRevision - toAppend.length + 1;
        const recorded: RecordedEvent[] = toAppend.map((e, i) => ({
          ...e,
          streamId: decision.streamId,
          revision: firstRevision + i,
          position: i === toAppend.length - 1 ? result.position : 0,
          recordedAt: ctx.now,
        }));
        this.options.onAppended?.(decision.streamId, recorded);
        return {
          streamId: decision.streamId,
          events: produced,
          state: fold(loaded.state, decision.evolve, produced),
          position: result.position,
          replayed: result.alreadyAppended,
        };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < maxAttempts) continue;
        throw error;
      }
    }
  }
}

export function asDomainEvent<E extends DomainEvent>(recorded: RecordedEvent): E {
  return { type: recorded.type, data: recorded.data, schemaVersion: recorded.metadata.schemaVersion } as E;
}

function toStoredEvent(event: DomainEvent, index: number, streamId: string, ctx: CommandContext): EventToAppend {
  const id = ctx.requestId ? uuidFromName(`${ctx.requestId}|${streamId}|${index}`) : newId();
  return {
    id,
    type: event.type,
    data: event.data,
    metadata: {
      communeId: ctx.communeId,
      actor: event.actor ?? ctx.actor,
      channel: ctx.channel,
      correlationId: ctx.correlationId ?? ctx.requestId ?? id,
      causationId: ctx.causationId ?? ctx.requestId ?? id,
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      occurredAt: ctx.now,
      schemaVersion: event.schemaVersion ?? 1,
    },
  };
}
