import { uuidFromName } from '@pf/domain';
import { projection, type ProjectionDefinition, type ProjectionHandler } from '@pf/projections';
import type { Document, UnitOfWork } from '@pf/read-store';
import { typeVersion, type PublicEventFacts, type PublicEvents } from './public-event';
import type { IntegratorScope } from './scopes';

export const PUBLIC_EVENTS_PROJECTION = 'public-events';
export const PUBLIC_EVENTS = 'public_events';
export const PUBLIC_EVENT_FACTS = 'public_event_facts';

/** One public event of one commune, with what each scope may see of it. */
export interface PublicEventRow extends Document {
  communeId: string;
  position: number;
  /** Order among the public events of one internal event. */
  seq: number;
  publicId: string;
  type: string;
  version: number;
  typeVersion: string;
  occurredAt: string;
  familyId: string | null;
  /** Scopes that receive this event (a scope absent here receives nothing). */
  scopes: IntegratorScope[];
  views: Partial<Record<IntegratorScope, unknown>>;
}

interface FactDocument extends Document {
  value: unknown;
}

/** Facts are kept per commune: a mapper never reads another commune's facts. */
function factsOf(uow: UnitOfWork, communeId: string): PublicEventFacts {
  const col = uow.collection<FactDocument>(PUBLIC_EVENT_FACTS);
  const id = (key: string) => `${communeId}|${key}`;
  return {
    get: async <T>(key: string) => ((await col.get(id(key)))?.value as T | undefined) ?? null,
    set: async <T>(key: string, value: T) => col.upsert({ _id: id(key), value }),
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
      const facts = factsOf(uow, event.metadata.communeId);
      const rows = uow.collection<PublicEventRow>(PUBLIC_EVENTS);
      // Erasure first: the family's earlier public copies go; the event's own public events stay.
      for (const familiesOf of forgetters) {
        for (const familyId of familiesOf(event)) await rows.deleteMany({ communeId: event.metadata.communeId, familyId });
      }
      const drafts = [];
      for (const mapper of mappers) drafts.push(...(await mapper(event, facts)));
      for (const [seq, draft] of drafts.entries()) {
        const views = await events.views(draft, facts);
        const key = typeVersion(draft.definition) + (draft.key ? `|${draft.key}` : '');
        await rows.upsert({
          _id: `${event.id}|${key}`,
          communeId: event.metadata.communeId,
          position: event.position,
          seq,
          publicId: uuidFromName(`${event.id}|${key}`, 'portail-famille-public-event'),
          type: draft.definition.type,
          version: draft.definition.version,
          typeVersion: typeVersion(draft.definition),
          occurredAt: event.metadata.occurredAt,
          familyId: draft.familyId,
          scopes: Object.keys(views) as IntegratorScope[],
          views,
        });
      }
    };
  }
  return projection(
    PUBLIC_EVENTS_PROJECTION,
    // 2: cancellations, absences and pointage published too (rebuilt so their earlier ones are in the feed).
    2,
    [
      { name: PUBLIC_EVENTS, indexes: [{ fields: ['communeId', 'position'] }, { fields: ['position', 'seq'] }, { fields: ['familyId'] }] },
      { name: PUBLIC_EVENT_FACTS },
    ],
    handlers,
  );
}

export function toEnvelope(row: PublicEventRow, scope: IntegratorScope) {
  return {
    id: row.publicId,
    type: row.type,
    version: row.version,
    position: row.position,
    communeId: row.communeId,
    occurredAt: row.occurredAt,
    data: row.views[scope],
  };
}
