import type {
  Actor,
  AppendResult,
  EventStore,
  EventSubscription,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  SubscribeOptions,
} from '@pf/event-store';
import type { KeyStore } from './key-store.port';
import { accountSubject, type PersonalDataPolicies } from './personal-data.policy';
import { isEnvelope, open, seal, SEALED_FIELD, type SealedEnvelope } from './sealing';

/** Actors whose name is a family member's: their name is personal data too. */
const PERSONAL_ACTORS: ReadonlyArray<Actor['kind']> = ['guardian', 'anonymous'];

/**
 * The event store as capabilities see it: on append, each event's personal fields (per its
 * policy) and a parent's name in the metadata go into an envelope sealed with the subject's key;
 * on read and subscription the envelope is opened again, so deciders and projections see clear
 * data. Once a subject's key is destroyed, readers get the policy's redacted data instead.
 * Credentials (a policy's `credentialFields`) are opened only for the command path's reads of a
 * stream (`withCredentials`): projections, feeds, audits and exports never get them.
 */
export class PersonalDataEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: KeyStore,
    private readonly policies: PersonalDataPolicies,
  ) {}

  get adapter() {
    return this.inner.adapter;
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(streamId, await Promise.all(events.map((e) => this.sealEvent(e))), expected);
  }

  /** Atomic multi-stream append (when the adapter offers it), each event sealed as in append. */
  async appendMany(writes: Array<{ streamId: string; events: EventToAppend[]; expected: ExpectedRevision }>): Promise<AppendResult[]> {
    const inner = this.inner as EventStore & { appendMany?: (w: typeof writes) => Promise<AppendResult[]> };
    if (!inner.appendMany) throw new Error(`The ${this.inner.adapter} event store cannot append to several streams at once`);
    const sealed = await Promise.all(writes.map(async (w) => ({ ...w, events: await Promise.all(w.events.map((e) => this.sealEvent(e))) })));
    return inner.appendMany(sealed);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const withCredentials = options?.withCredentials === true;
    return Promise.all((await this.inner.readStream(streamId, options)).map((e) => this.openEvent(e, withCredentials)));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return Promise.all((await this.inner.readAll(options)).map((e) => this.openEvent(e, false)));
  }

  /**
   * Events opened for the subscriptions, by the stored event they were opened from: the embedded
   * store hands the same decoded event to every read model's subscription, so it is opened once,
   * not once per read model. Held only as long as the store holds the event (a weak map); the
   * opened event is the one every subscriber would have got at that moment (an erasure is a later
   * event in the log, which every read model applies after it).
   */
  private readonly opened = new WeakMap<RecordedEvent, Promise<RecordedEvent>>();

  subscribeToAll(options?: SubscribeOptions): EventSubscription {
    const inner = this.inner.subscribeToAll(options);
    const openEvent = (e: RecordedEvent) => {
      let opened = this.opened.get(e);
      if (!opened) {
        opened = this.openEvent(e, false);
        this.opened.set(e, opened);
        // A failed opening (key store unreachable) is not kept: the next subscriber tries again.
        opened.catch(() => this.opened.delete(e));
      }
      return opened;
    };
    return {
      close: () => inner.close(),
      [Symbol.asyncIterator]: () => {
        const iterator = inner[Symbol.asyncIterator]();
        return {
          next: async () => {
            const next = await iterator.next();
            return next.done ? next : { done: false, value: await openEvent(next.value) };
          },
          return: async (value?: unknown) => (iterator.return ? iterator.return(value) : { done: true as const, value: undefined }),
        } as AsyncIterator<RecordedEvent>;
      },
    };
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The event as stored: what a byte search of the store would find. */
  async sealEvent(event: EventToAppend): Promise<EventToAppend> {
    let { data, metadata } = event;
    const policy = this.policies[event.type];
    if (policy && data && typeof data === 'object' && !(SEALED_FIELD in (data as object))) {
      const subject = policy.subject(data);
      const personal = Object.fromEntries(policy.personalFields.filter((f) => f in (data as object)).map((f) => [f, (data as Record<string, unknown>)[f]]));
      data = { ...(policy.redact(data) as object), [SEALED_FIELD]: seal(subject, await this.keys.keyFor(subject), personal) };
    }
    const actor = metadata.actor;
    if (PERSONAL_ACTORS.includes(actor.kind) && actor.name) {
      const subject = accountSubject(actor.id);
      const { name, ...rest } = actor;
      metadata = { ...metadata, actor: { ...rest, [SEALED_FIELD]: seal(subject, await this.keys.keyFor(subject), name) } as Actor };
    }
    return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
  }

  /**
   * The event as capabilities see it: clear while the key lives, redacted once it is destroyed;
   * without its credential fields unless `withCredentials`.
   */
  async openEvent<E extends EventToAppend>(event: E, withCredentials = false): Promise<E> {
    let { data, metadata } = event;
    const policy = this.policies[event.type];
    if (data && typeof data === 'object' && SEALED_FIELD in (data as object)) {
      const { [SEALED_FIELD]: envelope, ...clear } = data as Record<string, unknown>;
      const personal = await this.tryOpen(envelope);
      data = personal ? { ...clear, ...(personal as object) } : policy ? policy.redact(clear) : clear;
    }
    if (!withCredentials && policy?.credentialFields && data && typeof data === 'object') {
      const kept = { ...(data as Record<string, unknown>) };
      for (const field of policy.credentialFields) delete kept[field];
      data = kept as E['data'];
    }
    const actor = metadata?.actor as (Actor & { [SEALED_FIELD]?: SealedEnvelope }) | undefined;
    if (actor && SEALED_FIELD in actor) {
      const { [SEALED_FIELD]: envelope, ...rest } = actor;
      const name = await this.tryOpen(envelope);
      metadata = { ...metadata, actor: typeof name === 'string' ? { ...rest, name } : rest };
    }
    return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
  }

  private async tryOpen(envelope: unknown): Promise<unknown> {
    if (!isEnvelope(envelope)) return null;
    const key = await this.keys.existingKey(envelope.s);
    if (!key) return null;
    return open(envelope, key);
  }
}
