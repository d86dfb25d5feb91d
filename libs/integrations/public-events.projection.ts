import { uuidFromName } from '@pf/domain';
import { projection, type ProjectionDefinition, type ProjectionHandler } from '@pf/projections';
import type { CommuneUnitOfWork, Document } from '@pf/read-store';
import { typeVersion, type PublicEventFacts, type PublicEvents } from './public-event';
import type { IntegratorScope } from './scopes';

export const PUBLIC_EVENTS_PROJECTION = 'public-events';
export const PUBLIC_EVENTS = 'public_events';
export const PUBLIC_EVENT_FACTS = 'public_event_facts';

/**
 * One public event of one commune, with what each scope may see of it: the payload, kept once
 * for every scope that receives it whole, and the reduced views of the others. Its public id is
 * derived from `_id` when read (publicIdOf), not stored.
 */
export interface PublicEventRow extends Document {
  communeId: string;
  position: number;
  /** Order among the public events of one internal event. */
  seq: number;
  type: string;
  version: number;
  typeVersion: string;
  occurredAt: string;
  familyId: string | null;
  /** Scopes that receive this event (a scope absent here receives nothing). */
  scopes: IntegratorScope[];
  /** What the scopes that receive the event whole get. */
  payload: unknown;
  /** The reduced view of each scope that does not receive it whole. */
  views: Partial<Record<IntegratorScope, unknown>>;
}

/** The stable public id of a row's event (same event, same id, on every read and every rebuild). */
export const publicIdOf = (row: Pick<PublicEventRow, '_id'>) => uuidFromName(row._id, 'portail-famille-public-event');

/** What a scope receives of a row (undefined: the scope does not receive it). */
export function viewOf(row: PublicEventRow, scope: IntegratorScope): unknown {
  if (!row.scopes.includes(scope)) return undefined;
  return scope in row.views ? row.views[scope] : row.payload;
}

interface FactDocument extends Document {
  value: unknown;
}

/** Facts are kept per commune (the unit's, the event's): a mapper never reads another commune's facts. */
function factsOf(uow: CommuneUnitOfWork): PublicEventFacts {
  const col = uow.collection<FactDocument>(PUBLIC_EVENT_FACTS);
  return {
    get: async <T>(key: string) => ((await col.get(key))?.value as T | undefined) ?? null,
    set: async <T>(key: string, value: T) => col.upsert({ _id: key, value }),
  };
}

/**
 * The feed integrators read: every internal event mapped to its public events, in position order,
 * one row per public event with each scope's view. It reads only its own collections (the facts
 * mappers keep), so it rebuilds alone; rows are set by id, so a replay changes nothing.
 */
export function publicEventsProjection(events: PublicEvents): ProjectionDefinition {
  const handlers: Record<string, ProjectionHandler> = {};
  for (const internalType of new Set([...Object.keys(events.mappers), ...Object.keys(events.forgetters)])) {
    const mappers = events.mappers[internalType] ?? [];
    const forgetters = events.forgetters[internalType] ?? [];
    handlers[internalType] = async (event, uow) => {
      const facts = factsOf(uow);
      const rows = uow.collection<PublicEventRow>(PUBLIC_EVENTS);
      // Erasure first: the family's earlier public copies go; the event's own public events stay.
      for (const familiesOf of forgetters) {
        for (const familyId of familiesOf(event)) await rows.deleteMany({ familyId });
      }
      const drafts = [];
      for (const mapper of mappers) drafts.push(...(await mapper(event, facts)));
      for (const [seq, draft] of drafts.entries()) {
        const views = await events.views(draft, facts);
        const key = typeVersion(draft.definition) + (draft.key ? `|${draft.key}` : '');
        const reduced: Partial<Record<IntegratorScope, unknown>> = {};
        for (const [scope, view] of Object.entries(views) as Array<[IntegratorScope, unknown]>) if (view !== draft.payload) reduced[scope] = view;
        // Written once, never read back while projecting: appended.
        await rows.append({
          _id: `${event.id}|${key}`,
          communeId: event.metadata.communeId,
          position: event.position,
          seq,
          type: draft.definition.type,
          version: draft.definition.version,
          typeVersion: typeVersion(draft.definition),
          occurredAt: event.metadata.occurredAt,
          familyId: draft.familyId,
          scopes: Object.keys(views) as IntegratorScope[],
          payload: draft.payload,
          views: reduced,
        });
      }
    };
  }
  return projection(
    PUBLIC_EVENTS_PROJECTION,
    // 2: cancellations, absences and pointage published too (rebuilt so their earlier ones are in the feed).
    // 3: the payload kept once for the scopes that receive it whole, the public id derived on read.
    // 4: rows and facts kept per commune (every index starts with the commune).
    // 5: invoices, credit notes, payments and refunds published to accounting (rebuilt so earlier ones are in the feed).
    5,
    [
      { name: PUBLIC_EVENTS, indexes: [{ fields: ['position', 'seq'] }, { fields: ['familyId'] }] },
      { name: PUBLIC_EVENT_FACTS },
    ],
    handlers,
  );
}

export function toEnvelope(row: PublicEventRow, scope: IntegratorScope) {
  return {
    id: publicIdOf(row),
    type: row.type,
    version: row.version,
    position: row.position,
    communeId: row.communeId,
    occurredAt: row.occurredAt,
    data: viewOf(row, scope),
  };
}
