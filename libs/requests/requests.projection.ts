import type { Actor, Channel, RecordedEvent } from '@pf/event-store';
import { projection, type ProjectionDefinition, type ProjectionHandler } from '@pf/projections';
import type { Document, UnitOfWork } from '@pf/read-store';
import type { ActivityConfiguration } from '../activities/activity.events';
import type { FamilyFileOpened } from '../families/family.events';
import {
  statusFromOutcomes,
  type OutcomeStatus,
  type RequestKind,
  type RequestNames,
  type RequestStatus,
  type RequestStep,
  type RequestSteps,
} from './request-steps';

export const REQUESTS = 'requests';
/** The names this projection needs to describe a request, kept by itself so a rebuild needs no other read model. */
export const REQUEST_NAMES = 'request_names';
export const REQUEST_COUNTERS = 'request_counters';

export interface TimelineEntry {
  eventId: string;
  position: number;
  at: string;
  type: string;
  label: string;
  actor: { kind: Actor['kind']; name?: string };
  channel?: Channel;
  reasonCode?: string;
  reasonText?: string;
}

export interface RequestDocument extends Document {
  communeId: string;
  familyId: string;
  reference: string;
  kind: RequestKind;
  submittedAt: string;
  updatedAt: string;
  description: string;
  status: RequestStatus;
  outcomes: Record<string, OutcomeStatus>;
  reasonText: string | null;
  /** The family has not seen the latest decision yet. */
  unread: boolean;
  timeline: TimelineEntry[];
}

interface NameDocument extends Document {
  name: string;
}

function entry(event: RecordedEvent, step: RequestStep): TimelineEntry {
  const { kind, name } = event.metadata.actor;
  return {
    eventId: event.id,
    position: event.position,
    at: event.metadata.occurredAt,
    type: event.type,
    label: step.label,
    actor: name ? { kind, name } : { kind },
    ...(event.metadata.channel ? { channel: event.metadata.channel } : {}),
    ...(step.reason ? { reasonCode: step.reason.code, reasonText: step.reason.text } : {}),
  };
}

/** Adds the entry once: an event applied again replaces its own entry instead of adding one. */
function withEntry(timeline: TimelineEntry[], added: TimelineEntry): TimelineEntry[] {
  return [...timeline.filter((e) => e.eventId !== added.eventId), added].sort((a, b) => a.position - b.position);
}

const names = (uow: UnitOfWork): RequestNames => {
  const col = uow.collection<NameDocument>(REQUEST_NAMES);
  return {
    child: async (id) => (await col.get(`child:${id}`))?.name ?? 'enfant',
    activity: async (id) => (await col.get(`activity:${id}`))?.name ?? 'activité',
  };
};

async function applyStep(uow: UnitOfWork, event: RecordedEvent, step: RequestStep): Promise<void> {
  const requests = uow.collection<RequestDocument>(REQUESTS);
  let doc = await requests.get(step.requestId);
  if (!doc) {
    if (!step.opened) return;
    doc = {
      _id: step.requestId,
      communeId: event.metadata.communeId,
      familyId: step.familyId,
      reference: await nextReference(uow, event),
      kind: step.opened.kind,
      submittedAt: event.metadata.occurredAt,
      updatedAt: event.metadata.occurredAt,
      description: step.opened.description,
      status: 'pending',
      outcomes: {},
      reasonText: null,
      unread: false,
      timeline: [],
    };
  }
  const outcomes = step.outcome ? { ...doc.outcomes, [step.outcome.key]: step.outcome.status } : doc.outcomes;
  await requests.upsert({
    ...doc,
    outcomes,
    status: step.outcome ? statusFromOutcomes(outcomes) : (step.status ?? doc.status),
    reasonText: step.reason ? step.reason.text : step.status ? null : doc.reasonText,
    unread: step.notifiesFamily ? true : doc.unread,
    updatedAt: event.metadata.occurredAt,
    timeline: step.silent ? doc.timeline : withEntry(doc.timeline, entry(event, step)),
  });
}

/** D-2026-000001: numbered per commune and year in the order requests arrived, so a rebuild gives the same numbers. */
async function nextReference(uow: UnitOfWork, event: RecordedEvent): Promise<string> {
  const year = event.metadata.occurredAt.slice(0, 4);
  const counters = uow.collection<Document & { last: number }>(REQUEST_COUNTERS);
  const id = `${event.metadata.communeId}:${year}`;
  const last = (await counters.get(id))?.last ?? 0;
  await counters.upsert({ _id: id, last: last + 1 });
  return `D-${year}-${String(last + 1).padStart(6, '0')}`;
}

/** "Mes demandes" and the staff's request views: every request with its full timeline. */
export function requestsProjection(stepMaps: RequestSteps[]): ProjectionDefinition {
  const handlers: Record<string, ProjectionHandler> = {
    FamilyFileOpened: async (event, uow) => {
      const data = event.data as FamilyFileOpened['data'];
      for (const child of data.children) {
        await uow.collection<NameDocument>(REQUEST_NAMES).upsert({ _id: `child:${child.childId}`, name: child.firstName });
      }
    },
    ActivityConfigured: async (event, uow) => {
      const data = event.data as ActivityConfiguration;
      await uow.collection<NameDocument>(REQUEST_NAMES).upsert({ _id: `activity:${data.activityId}`, name: data.name });
    },
  };
  for (const steps of stepMaps) {
    for (const [type, mapper] of Object.entries(steps)) {
      const before = handlers[type];
      handlers[type] = async (event, uow) => {
        await before?.(event, uow);
        for (const step of await mapper(event, names(uow))) await applyStep(uow, event, step);
      };
    }
  }
  return projection(
    'requests',
    1,
    [
      { name: REQUESTS, indexes: [{ fields: ['familyId', 'submittedAt'] }, { fields: ['communeId', 'status'] }] },
      { name: REQUEST_NAMES },
      { name: REQUEST_COUNTERS },
    ],
    handlers,
  );
}
