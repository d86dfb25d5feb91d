import Ajv, { type SchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { RecordedEvent } from '@pf/event-store';
import { INTEGRATOR_SCOPES, type IntegratorScope } from './scopes';

/**
 * Public events are the stable contract integrators read: a `type` such as `reservation.accepted`
 * and a `version`. Internal events may change shape; a public type never does — a change ships as
 * a new version beside the old one, and both are served while the old one is announced deprecated.
 */
/** A JSON Schema (draft 2020-12 subset that ajv validates), written beside the TypeScript type it describes. */
export type JsonSchema = SchemaObject;

export interface Meaning {
  fr: string;
  en: string;
}

/** What one scope receives of a public event when it is not the whole payload. */
export interface ScopeView<P = unknown, V = unknown> {
  schema: JsonSchema;
  example: V;
  /** Pure but for fact look-ups: the same event always gives the same view (rebuilds give the same feed). */
  reduce(payload: P, facts: PublicEventFacts): V | Promise<V>;
}

export interface PublicEventType<P = unknown> {
  /** `<noun>.<past participle>`, lower case, e.g. `reservation.accepted`. */
  type: string;
  version: number;
  meaning: Meaning;
  /** JSON Schema of the payload; the example and every payload emitted are checked against it. */
  schema: JsonSchema;
  example: P;
  /** Per scope: the whole payload, a reduced view, or nothing when the scope is absent. */
  scopes: Partial<Record<IntegratorScope, 'full' | ScopeView<P>>>;
  /** Set when a newer version replaces this one; it is still served until removed with notice. */
  deprecated?: { replacedBy: number; note: Meaning };
}

/** `type@version`, the key integrators pin in filters and webhook subscriptions. */
export const typeVersion = (t: { type: string; version: number }) => `${t.type}@${t.version}`;

/**
 * Facts a mapper keeps to describe later events (a child's birth date for the age, a commune's
 * time zone). They live in the public-events read model, per commune, applied in position order.
 */
export interface PublicEventFacts {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, value: T): Promise<void>;
}

export interface PublicEventDraft {
  definition: PublicEventType;
  payload: unknown;
  /** The family whose data the event carries, so erasing a family can drop its public copies. */
  familyId: string | null;
  /** Tells apart public events of one type made from one internal event (the days of a period decision). */
  key?: string;
}

export function emit<P>(definition: PublicEventType<P>, payload: P, familyId: string | null = null, key?: string): PublicEventDraft {
  return { definition, payload, familyId, ...(key ? { key } : {}) };
}

/** Internal event → public events (none, one, or one per version still served). */
export type PublicEventMapper = (event: RecordedEvent, facts: PublicEventFacts) => PublicEventDraft[] | Promise<PublicEventDraft[]>;

/**
 * What a capability publishes. Each capability exports one of these; the app composes them
 * (apps/api/src/projections.ts), as it does for `RequestSteps`.
 */
export interface PublicEventMappings {
  types: PublicEventType[];
  map: Record<string, PublicEventMapper>;
  /** Internal events after which the public copies of these families' data are dropped (erasure). */
  forget?: Record<string, (event: RecordedEvent) => string[]>;
}

/** The envelope every public event travels in (feed, stream, webhook body). */
export interface PublicEventEnvelope<D = unknown> {
  /** Stable id (same event, same id, on every read and every delivery): deduplicate on it. */
  id: string;
  type: string;
  version: number;
  /** Position in the commune's feed: strictly increasing, with gaps; resume after it. */
  position: number;
  communeId: string;
  occurredAt: string;
  data: D;
}

export const ENVELOPE_SCHEMA = {
  $id: 'https://portail-famille.fr/schemas/public-event-envelope.json',
  type: 'object',
  required: ['id', 'type', 'version', 'position', 'communeId', 'occurredAt', 'data'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', pattern: '^[a-z]+(?:-[a-z]+)*(?:\\.[a-z]+(?:-[a-z]+)*)+$' },
    version: { type: 'integer', minimum: 1 },
    position: { type: 'integer', minimum: 1 },
    communeId: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
    data: { type: 'object' },
  },
} as const;

const TYPE_NAME = new RegExp(ENVELOPE_SCHEMA.properties.type.pattern);

interface CompiledType {
  definition: PublicEventType;
  payload: ValidateFunction;
  views: Map<IntegratorScope, { view: 'full' } | { view: ScopeView; validate: ValidateFunction }>;
}

/** A payload or a view broke its published schema: the contract would be broken, so nothing leaves. */
export class PublicContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublicContractError';
  }
}

/**
 * Every capability's public events, composed: checks that each type@version is declared once,
 * that every example matches its schema, and validates what the mappers produce.
 */
export class PublicEvents {
  readonly types: PublicEventType[];
  readonly mappers: Record<string, PublicEventMapper[]> = {};
  readonly forgetters: Record<string, Array<(event: RecordedEvent) => string[]>> = {};
  private readonly compiled = new Map<string, CompiledType>();

  constructor(mappings: PublicEventMappings[]) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    this.types = mappings.flatMap((m) => m.types).sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
    for (const definition of this.types) {
      const key = typeVersion(definition);
      if (this.compiled.has(key)) throw new Error(`Public event ${key} is declared twice`);
      if (!TYPE_NAME.test(definition.type)) throw new Error(`Public event type ${definition.type} must look like noun.past-participle`);
      if (!Number.isInteger(definition.version) || definition.version < 1) throw new Error(`Public event ${key}: version must be an integer ≥ 1`);
      const payload = ajv.compile(definition.schema);
      check(payload, definition.example, `example of ${key}`);
      const views: CompiledType['views'] = new Map();
      for (const scope of Object.keys(definition.scopes) as IntegratorScope[]) {
        if (!INTEGRATOR_SCOPES.includes(scope)) throw new Error(`Public event ${key}: unknown scope ${scope}`);
        const view = definition.scopes[scope]!;
        if (view === 'full') {
          views.set(scope, { view: 'full' });
        } else {
          const validate = ajv.compile(view.schema);
          check(validate, view.example, `${scope} example of ${key}`);
          views.set(scope, { view, validate });
        }
      }
      this.compiled.set(key, { definition, payload, views });
    }
    for (const { map, forget } of mappings) {
      for (const [internalType, mapper] of Object.entries(map)) (this.mappers[internalType] ??= []).push(mapper);
      for (const [internalType, familiesOf] of Object.entries(forget ?? {})) (this.forgetters[internalType] ??= []).push(familiesOf);
    }
  }

  find(type: string, version: number): PublicEventType | undefined {
    return this.compiled.get(`${type}@${version}`)?.definition;
  }

  /** The newest version of each type. */
  latest(): PublicEventType[] {
    const newest = new Map<string, PublicEventType>();
    for (const t of this.types) if ((newest.get(t.type)?.version ?? 0) < t.version) newest.set(t.type, t);
    return [...newest.values()];
  }

  /** type@version that a scope receives. */
  visibleTo(scope: IntegratorScope): string[] {
    return this.types.filter((t) => t.scopes[scope]).map(typeVersion);
  }

  /**
   * Resolves filter entries (`type` → its newest version, `type@version` as is) for a scope;
   * unknown entries and entries outside the scope are returned apart.
   */
  resolve(entries: string[], scope: IntegratorScope): { typeVersions: string[]; unknown: string[]; outOfScope: string[] } {
    const result = { typeVersions: [] as string[], unknown: [] as string[], outOfScope: [] as string[] };
    const latest = new Map(this.latest().map((t) => [t.type, t]));
    for (const entry of entries) {
      const [type, version] = entry.split('@');
      const definition = version === undefined ? latest.get(type) : /^\d+$/.test(version) ? this.find(type, Number(version)) : undefined;
      if (!definition) result.unknown.push(entry);
      else if (!definition.scopes[scope]) result.outOfScope.push(entry);
      else if (!result.typeVersions.includes(typeVersion(definition))) result.typeVersions.push(typeVersion(definition));
    }
    return result;
  }

  /** The payload checked against its schema, and each scope's view of it, checked too. */
  async views(draft: PublicEventDraft, facts: PublicEventFacts): Promise<Partial<Record<IntegratorScope, unknown>>> {
    const key = typeVersion(draft.definition);
    const compiled = this.compiled.get(key);
    if (!compiled || compiled.definition !== draft.definition) throw new PublicContractError(`Public event ${key} is emitted but not declared`);
    check(compiled.payload, draft.payload, key);
    const out: Partial<Record<IntegratorScope, unknown>> = {};
    for (const [scope, entry] of compiled.views) {
      if (entry.view === 'full') {
        out[scope] = draft.payload;
      } else {
        const view = await entry.view.reduce(draft.payload, facts);
        check(entry.validate, view, `${scope} view of ${key}`);
        out[scope] = view;
      }
    }
    return out;
  }
}

function check(validate: ValidateFunction, value: unknown, what: string): void {
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
  throw new PublicContractError(`${what} does not match its schema: ${problems}`);
}

export const composePublicEvents = (mappings: PublicEventMappings[]) => new PublicEvents(mappings);
