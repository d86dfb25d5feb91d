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

/** Deciding may need what the store withholds from other readers (a password hash to check, a token to match). */
const WITH_CREDENTIALS = { withCredentials: true } as const;

/** A stream's folded state as last seen, so the next command reads only the newer events. */
interface CachedStream {
  initialState: unknown;
  state: unknown;
  /** Revision of the last folded event; -1 for a stream without events. */
  revision: number;
  requestIds: Set<string>;
}

interface Decidable<S> {
  state: S;
  revision: number | 'no_stream';
  /** Events this request id already produced on the stream (a retried request). */
  earlier: RecordedEvent[];
}

/**
 * What the appends decided on a stream and not committed yet leave it at: the next command on the
 * stream decides on this state instead of waiting for their commit, so commands queued on one
 * stream share a commit (and its fsync). Dropped as soon as one of them fails: the others decided
 * on it fail their expected revision and decide again on what was really stored.
 */
interface Ahead {
  evolve: Function;
  initialState: unknown;
  state: unknown;
  revision: number;
  /** Request ids of the appends in flight (a retry of one waits for it, then reads what it wrote). */
  requestIds: Set<string>;
  inFlight: number;
  /** Settles once every append in flight on the stream has. */
  settled: Promise<void>;
}

/**
 * The command path's one door to the store: load the stream, fold it, decide, append with the
 * expected revision, retry a bounded number of times on conflict, then tell listeners.
 */
export class EventSourcedStreams {
  /**
   * Commands on one stream take turns in this process, so they do not spend their retries on each
   * other. A turn ends once the command's append is sent, not committed: the next one decides on
   * the state that append leaves (`ahead`), and both are committed together.
   */
  private readonly turns = new Map<string, Promise<void>>();
  private readonly ahead = new Map<string, Ahead>();

  /**
   * Folded states by evolve function, then by stream: an evolve is pure, so its fold of a stream
   * up to a revision never changes; only events after that revision are read again.
   */
  private readonly folded = new WeakMap<Function, Map<string, CachedStream>>();

  constructor(
    private readonly store: EventStore,
    private readonly options: { maxAttempts?: number; onAppended?: AppendedListener; cachedStreams?: number } = {},
  ) {}

  private async loadForDecision<S, E extends DomainEvent>(streamId: string, initialState: S, evolve: Evolve<S, E>, requestId?: string): Promise<Decidable<S>> {
    let byStream = this.folded.get(evolve);
    if (!byStream) this.folded.set(evolve, (byStream = new Map()));
    let entry = byStream.get(streamId);
    if (!entry || entry.initialState !== initialState) entry = { initialState, state: initialState, revision: -1, requestIds: new Set() };
    const newer = await this.store.readStream(streamId, { fromRevision: entry.revision + 1, withCredentials: true });
    const state = fold(entry.state as S, evolve, newer.map(asDomainEvent<E>));
    const requestIds = entry.requestIds;
    for (const e of newer) if (e.metadata.requestId) requestIds.add(e.metadata.requestId);
    const revision = newer.length ? newer[newer.length - 1].revision : entry.revision;
    this.remember(byStream, streamId, { initialState, state, revision, requestIds });
    const earlier =
      requestId && requestIds.has(requestId) ? (await this.store.readStream(streamId, WITH_CREDENTIALS)).filter((e) => e.metadata.requestId === requestId) : [];
    return { state, revision: revision < 0 ? 'no_stream' : revision, earlier };
  }

  /** After our own append the new state is known without reading it back. */
  private afterAppend<S, E extends DomainEvent>(streamId: string, initialState: S, evolve: Evolve<S, E>, state: S, revision: number, requestId?: string): void {
    const byStream = this.folded.get(evolve);
    const entry = byStream?.get(streamId);
    if (!byStream || !entry || entry.initialState !== initialState || revision <= entry.revision) return;
    if (requestId) entry.requestIds.add(requestId);
    this.remember(byStream, streamId, { ...entry, state, revision });
  }

  private remember(byStream: Map<string, CachedStream>, streamId: string, entry: CachedStream): void {
    byStream.delete(streamId); // re-insert: Map order is the least recently used first
    byStream.set(streamId, entry);
    const limit = this.options.cachedStreams ?? 20_000;
    while (byStream.size > limit) byStream.delete(byStream.keys().next().value as string);
  }

  async load<S, E extends DomainEvent>(streamId: string, initialState: S, evolve: Evolve<S, E>): Promise<LoadedStream<S, E>> {
    const events = (await this.store.readStream(streamId, WITH_CREDENTIALS)) as RecordedEvent<E['data']>[];
    const state = fold(initialState, evolve, events.map(asDomainEvent<E>));
    const revision = events.length === 0 ? 'no_stream' : events[events.length - 1].revision;
    return { state, revision, events };
  }

  handle<S, E extends DomainEvent>(decision: StreamDecision<S, E>, ctx: CommandContext): Promise<StreamOutcome<S, E>> {
    return this.withRetries([decision.streamId], (sent) => this.decideAndAppend(decision, ctx, sent));
  }

  /**
   * One command deciding on several streams (e.g. a period booking over many days): every stream
   * is loaded and decided on its own, and everything is appended in one atomic multi-stream
   * append, retried as a whole on conflict. A retried request id gives back the first outcome.
   */
  handleMany<S, E extends DomainEvent>(decisions: StreamDecision<S, E>[], ctx: CommandContext): Promise<ManyOutcome<S, E>>;
  /** Streams of different states in one command (e.g. a period's days and the request's own stream), their states seen as unknown. */
  handleMany(decisions: StreamDecision<unknown, DomainEvent>[], ctx: CommandContext): Promise<ManyOutcome<unknown, DomainEvent>>;
  handleMany<S, E extends DomainEvent>(decisions: StreamDecision<S, E>[], ctx: CommandContext): Promise<ManyOutcome<S, E>> {
    return this.withRetries(
      decisions.map((d) => d.streamId),
      (sent) => this.decideAndAppendMany(decisions, ctx, sent),
    );
  }

  /** One attempt per turn; a conflict (another writer, or an append this one decided after that failed) takes a new turn. */
  private async withRetries<T>(streamIds: string[], attempt: (sent: () => void) => Promise<T>): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let n = 1; ; n++) {
      try {
        return await this.inTurn(streamIds, attempt);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && n < maxAttempts) continue;
        throw error;
      }
    }
  }

  /**
   * Runs `work` once every command that took a turn on any of these streams in this process before
   * it has sent its append (or finished); `work` calls `sent` once its own append is sent.
   */
  private inTurn<T>(streamIds: string[], work: (sent: () => void) => Promise<T>): Promise<T> {
    const previous = Promise.all(streamIds.map((id) => this.turns.get(id) ?? Promise.resolve()));
    let sent!: () => void;
    const turn = new Promise<void>((resolve) => (sent = resolve));
    const run = previous.then(
      () => work(sent),
      () => work(sent),
    );
    run.then(sent, sent);
    for (const id of streamIds) this.turns.set(id, turn);
    void turn.then(() => {
      for (const id of streamIds) if (this.turns.get(id) === turn) this.turns.delete(id);
    });
    return run;
  }

  /**
   * The state to decide on: what appends in flight leave the stream at, else the stream as stored.
   * Appends in flight by another decider, or by this very request id (a retry), are waited for.
   */
  private async decidable<S, E extends DomainEvent>(streamId: string, initialState: S, evolve: Evolve<S, E>, requestId?: string): Promise<Decidable<S>> {
    for (;;) {
      const ahead = this.ahead.get(streamId);
      if (!ahead) return this.loadForDecision(streamId, initialState, evolve, requestId);
      if (ahead.evolve === evolve && ahead.initialState === initialState && !(requestId && ahead.requestIds.has(requestId))) {
        return { state: ahead.state as S, revision: ahead.revision, earlier: [] };
      }
      await ahead.settled;
    }
  }

  /** Records an append sent on a stream (its state after), and follows it until it settles. */
  private sending<S, E extends DomainEvent>(
    decision: Pick<StreamDecision<S, E>, 'streamId' | 'initialState' | 'evolve'>,
    state: S,
    revision: number,
    requestId: string | undefined,
    commit: Promise<unknown>,
  ): void {
    const { streamId } = decision;
    let ahead = this.ahead.get(streamId);
    const done = commit.then(
      () => undefined,
      () => undefined,
    );
    if (ahead && ahead.evolve === decision.evolve && ahead.initialState === decision.initialState) {
      ahead.state = state;
      ahead.revision = revision;
      ahead.inFlight++;
      ahead.settled = Promise.all([ahead.settled, done]).then(() => undefined);
    } else {
      ahead = { evolve: decision.evolve, initialState: decision.initialState, state, revision, requestIds: new Set(), inFlight: 1, settled: done };
      this.ahead.set(streamId, ahead);
    }
    if (requestId) ahead.requestIds.add(requestId);
    const entry = ahead;
    commit.then(
      () => {
        if (--entry.inFlight === 0 && this.ahead.get(streamId) === entry) this.ahead.delete(streamId);
      },
      () => {
        entry.inFlight--;
        // What was decided on it must not be decided on again: the next command reads the store.
        if (this.ahead.get(streamId) === entry) this.ahead.delete(streamId);
      },
    );
  }

  private async decideAndAppendMany<S, E extends DomainEvent>(decisions: StreamDecision<S, E>[], ctx: CommandContext, sent: () => void): Promise<ManyOutcome<S, E>> {
    {
      const loaded: Decidable<S>[] = [];
      for (const d of decisions) loaded.push(await this.decidable(d.streamId, d.initialState, d.evolve, ctx.requestId));
      const earlier = loaded.map((l) => l.earlier);
      if (earlier.some((e) => e.length > 0)) {
        return {
          outcomes: decisions.map((d, i) => ({
            streamId: d.streamId,
            events: earlier[i].map(asDomainEvent<E>),
            state: loaded[i].state,
            position: earlier[i].at(-1)?.position ?? 0,
            replayed: true,
          })),
          position: Math.max(0, ...earlier.flat().map((e) => e.position)),
          replayed: true,
        };
      }
      const produced = decisions.map((d, i) => d.decide(loaded[i].state));
      const after = decisions.map((d, i) => (produced[i].length ? fold(loaded[i].state, d.evolve, produced[i]) : loaded[i].state));
      const writes = decisions
        .map((d, i) => ({
          streamId: d.streamId,
          events: produced[i].map((event, index) => toStoredEvent(event, index, d.streamId, ctx)),
          expected: loaded[i].revision,
        }))
        .filter((w) => w.events.length > 0);
      const outcomes = (results: Map<string, number>): StreamOutcome<S, E>[] =>
        decisions.map((d, i) => ({
          streamId: d.streamId,
          events: produced[i],
          state: after[i],
          position: results.get(d.streamId) ?? 0,
          replayed: false,
        }));
      if (writes.length === 0) return { outcomes: outcomes(new Map()), position: 0, replayed: false };
      const appending = this.store.appendMany(writes);
      for (const w of writes) {
        const at = decisions.findIndex((d) => d.streamId === w.streamId);
        const base = loaded[at].revision;
        this.sending(decisions[at], after[at], (base === 'no_stream' ? -1 : base) + w.events.length, ctx.requestId, appending);
      }
      sent();
      const results = await appending;
      for (const [i, w] of writes.entries()) {
        const at = decisions.findIndex((d) => d.streamId === w.streamId);
        const d = decisions[at];
        this.afterAppend(d.streamId, d.initialState, d.evolve, after[at], results[i].nextExpectedRevision, ctx.requestId);
        this.options.onAppended?.(w.streamId, recordedFrom(w.events, w.streamId, results[i].nextExpectedRevision, results[i].position, ctx.now));
      }
      return {
        outcomes: outcomes(new Map(results.map((r) => [r.streamId, r.position]))),
        position: Math.max(...results.map((r) => r.position)),
        replayed: results.every((r) => r.alreadyAppended),
      };
    }
  }

  private async decideAndAppend<S, E extends DomainEvent>(decision: StreamDecision<S, E>, ctx: CommandContext, sent: () => void): Promise<StreamOutcome<S, E>> {
    {
      const loaded = await this.decidable(decision.streamId, decision.initialState, decision.evolve, ctx.requestId);
      const earlier = loaded.earlier;
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
      const state = fold(loaded.state, decision.evolve, produced);
      const appending = this.store.append(decision.streamId, toAppend, loaded.revision);
      this.sending(decision, state, (loaded.revision === 'no_stream' ? -1 : loaded.revision) + toAppend.length, ctx.requestId, appending);
      sent();
      const result = await appending;
      this.afterAppend(decision.streamId, decision.initialState, decision.evolve, state, result.nextExpectedRevision, ctx.requestId);
      this.options.onAppended?.(decision.streamId, recordedFrom(toAppend, decision.streamId, result.nextExpectedRevision, result.position, ctx.now));
      return {
        streamId: decision.streamId,
        events: produced,
        state,
        position: result.position,
        replayed: result.alreadyAppended,
      };
    }
  }
}

export interface ManyOutcome<S, E extends DomainEvent> {
  /** One per decision, in the order given. */
  outcomes: StreamOutcome<S, E>[];
  /** Highest position written (0 when nothing was written). */
  position: number;
  replayed: boolean;
}

/** What was appended, as the store recorded it (only the last event's position is known here). */
function recordedFrom(events: EventToAppend[], streamId: string, lastRevision: number, lastPosition: number, now: string): RecordedEvent[] {
  const firstRevision = lastRevision - events.length + 1;
  return events.map((e, i) => ({
    ...e,
    streamId,
    revision: firstRevision + i,
    position: i === events.length - 1 ? lastPosition : 0,
    recordedAt: now,
  }));
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
