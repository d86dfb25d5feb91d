import type { Actor, Channel, RecordedEvent } from '@pf/event-store';
import { projection, type ProjectionDefinition, type ProjectionHandler } from '@pf/projections';
import type { CommuneUnitOfWork, Document } from '@pf/read-store';
import type { ActivityConfiguration } from '@pf/activities';
import type { FamilyFileOpened } from '@pf/families';
import type { FamilyRequestsRead } from './request-inbox.events';
import {
  statusFromOutcomes,
  type OutcomeStatus,
  type RequestKind,
  type RequestNames,
  type RequestStatus,
  type RequestStep,
  type RequestSteps,
  type RequestSubject,
} from './request-steps';

/** The read model « Mes demandes » and the staff queue read. */
export const REQUESTS_PROJECTION = 'requests';
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

export interface MessageEntry {
  eventId: string;
  position: number;
  at: string;
  from: 'family' | 'staff';
  authorName?: string;
  text: string;
}

export interface RequestDocument extends Document {
  communeId: string;
  familyId: string;
  reference: string;
  kind: RequestKind;
  submittedAt: string;
  updatedAt: string;
  description: string;
  childId: string | null;
  activityId: string | null;
  firstDay: string | null;
  lastDay: string | null;
  status: RequestStatus;
  outcomes: Record<string, OutcomeStatus>;
  reasonCode: string | null;
  reasonText: string | null;
  /** The family has not seen the latest decision or message yet. */
  unread: boolean;
  /** The event that last made the request unread: marking as read names it, so a newer one shows again. */
  lastNoticeEventId: string | null;
  messages: MessageEntry[];
  timeline: TimelineEntry[];
}

interface NameDocument extends Document {
  name: string;
}

function entry(event: RecordedEvent, step: RequestStep): TimelineEntry {
  const { kind, name } = step.actor ?? event.metadata.actor;
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
function withEntry<T extends { eventId: string; position: number }>(list: T[], added: T): T[] {
  return [...list.filter((e) => e.eventId !== added.eventId), added].sort((a, b) => a.position - b.position);
}

const names = (uow: CommuneUnitOfWork): RequestNames => {
  const col = uow.collection<NameDocument>(REQUEST_NAMES);
  return {
    child: async (id) => (await col.get(`child:${id}`))?.name ?? 'enfant',
    activity: async (id) => (await col.get(`activity:${id}`))?.name ?? 'activité',
  };
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** The step's subject, completed from the opening event's data by the usual field names. */
export function subjectOf(event: RecordedEvent, opened: RequestSubject): Required<{ [K in keyof RequestSubject]: string | null }> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  return {
    childId: opened.childId ?? text(data.childId) ?? null,
    activityId: opened.activityId ?? text(data.activityId) ?? null,
    firstDay: opened.firstDay ?? text(data.day) ?? text(data.from) ?? null,
    lastDay: opened.lastDay ?? text(data.day) ?? text(data.to) ?? null,
  };
}

async function applyStep(uow: CommuneUnitOfWork, event: RecordedEvent, step: RequestStep): Promise<void> {
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
      ...subjectOf(event, step.opened),
      status: 'pending',
      outcomes: {},
      reasonCode: null,
      reasonText: null,
      unread: false,
      lastNoticeEventId: null,
      messages: [],
      timeline: [],
    };
  }
  const outcomes = step.outcome ? { ...doc.outcomes, [step.outcome.key]: step.outcome.status } : doc.outcomes;
  const decided = Boolean(step.status || step.outcome);
  const { name } = event.metadata.actor;
  await requests.upsert({
    ...doc,
    outcomes,
    status: step.outcome ? statusFromOutcomes(outcomes) : (step.status ?? doc.status),
    // A new decision without a reason clears the previous one's.
    reasonCode: step.reason ? step.reason.code : decided ? null : doc.reasonCode,
    reasonText: step.reason ? step.reason.text : decided ? null : doc.reasonText,
    unread: step.notifiesFamily ? true : doc.unread,
    lastNoticeEventId: step.notifiesFamily ? event.id : doc.lastNoticeEventId,
    updatedAt: event.metadata.occurredAt,
    messages: step.message
      ? withEntry(doc.messages, {
          eventId: event.id,
          position: event.position,
          at: event.metadata.occurredAt,
          from: step.message.from,
          ...(name ? { authorName: name } : {}),
          text: step.message.text,
        })
      : doc.messages,
    timeline: step.silent ? doc.timeline : withEntry(doc.timeline, entry(event, step)),
  });
}

/** D-2026-000001: numbered per commune (the unit's) and year in the order requests arrived, so a rebuild gives the same numbers. */
async function nextReference(uow: CommuneUnitOfWork, event: RecordedEvent): Promise<string> {
  const year = event.metadata.occurredAt.slice(0, 4);
  const counters = uow.collection<Document & { last: number }>(REQUEST_COUNTERS);
  const last = (await counters.get(year))?.last ?? 0;
  await counters.upsert({ _id: year, last: last + 1 });
  return `D-${year}-${String(last + 1).padStart(6, '0')}`;
}

/** A guardian read requests: each one whose last notice is the one they saw is no longer unread. */
async function markRead(event: RecordedEvent, uow: CommuneUnitOfWork): Promise<void> {
  const data = event.data as FamilyRequestsRead['data'];
  const requests = uow.collection<RequestDocument>(REQUESTS);
  for (const seen of data.seen) {
    const doc = await requests.get(seen.requestId);
    if (doc && doc.familyId === data.familyId && doc.unread && doc.lastNoticeEventId === seen.noticeEventId) {
      await requests.upsert({ ...doc, unread: false });
    }
  }
}

/**
 * Bump when the document shape changes: the runner then rebuilds the read model. 3: documents,
 * names and counters kept per commune. 4: a period booking's decision is the booking rules', not
 * the parent's, in histories written before its event said so. 5: the outcomes of a request of many
 * days keyed by child, activity and day (a copied selection holds several children and activities).
 */
export const REQUESTS_PROJECTION_VERSION = 5;

/** "Mes demandes" and the staff's request views: every request with its full timeline and thread. */
export function requestsProjection(stepMaps: RequestSteps[]): ProjectionDefinition {
  const handlers: Record<string, ProjectionHandler> = {
    FamilyFileOpened: async (event, uow) => {
      const data = event.data as FamilyFileOpened['data'];
      const col = uow.collection<NameDocument>(REQUEST_NAMES);
      await col.upsert({ _id: `family:${data.familyId}`, name: data.name });
      for (const child of data.children) await col.upsert({ _id: `child:${child.childId}`, name: child.firstName });
    },
    ActivityConfigured: async (event, uow) => {
      const data = event.data as ActivityConfiguration;
      await uow.collection<NameDocument>(REQUEST_NAMES).upsert({ _id: `activity:${data.activityId}`, name: data.name });
    },
    FamilyRequestsRead: markRead,
    // Right to erasure: descriptions and threads hold names and free text, so the family's requests go.
    FamilyErased: async (event, uow) => {
      const { familyId, childIds = [] } = event.data as { familyId: string; childIds?: string[] };
      await uow.collection(REQUESTS).deleteMany({ familyId });
      const col = uow.collection<NameDocument>(REQUEST_NAMES);
      await col.delete(`family:${familyId}`);
      for (const childId of childIds) await col.delete(`child:${childId}`);
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
    REQUESTS_PROJECTION,
    REQUESTS_PROJECTION_VERSION,
    [
      {
        name: REQUESTS,
        indexes: [
          { fields: ['familyId', 'submittedAt'] },
          { fields: ['familyId', 'unread'] },
          { fields: ['status', 'submittedAt'] },
          { fields: ['submittedAt'] },
        ],
      },
      { name: REQUEST_NAMES },
      { name: REQUEST_COUNTERS },
    ],
    handlers,
  );
}
