import { DateTime } from 'luxon';
import type { Actor, Channel, RecordedEvent } from '@pf/event-store';
import { projection } from '@pf/projections';
import type { Document, UnitOfWork } from '@pf/read-store';
import type { ActivityConfiguration } from '../activities/activity.events';
import type { FamilyFileOpened } from '../families/family.events';
import type { ReservationEvent, ReservationKey } from '../reservations/reservation.events';

export const REQUESTS = 'requests';
/** The names this projection needs to describe a request, kept by itself so a rebuild needs no other read model. */
export const REQUEST_NAMES = 'request_names';
export const REQUEST_COUNTERS = 'request_counters';

export type RequestStatus = 'pending' | 'accepted' | 'refused' | 'waitlisted' | 'cancelled';

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: 'En cours',
  accepted: 'Acceptée',
  refused: 'Refusée',
  waitlisted: "En liste d'attente",
  cancelled: 'Annulée',
};

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
  kind: 'reservation';
  submittedAt: string;
  updatedAt: string;
  description: string;
  status: RequestStatus;
  reasonText: string | null;
  /** The family has not seen the latest decision yet. */
  unread: boolean;
  timeline: TimelineEntry[];
}

interface NameDocument extends Document {
  name: string;
}

const WEEKDAYS = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const frenchDay = (day: string) => {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  return `${WEEKDAYS[d.weekday]} ${d.toFormat('dd/MM/yyyy')}`;
};

function entry(event: RecordedEvent, label: string, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  const { kind, name } = event.metadata.actor;
  return {
    eventId: event.id,
    position: event.position,
    at: event.metadata.occurredAt,
    type: event.type,
    label,
    actor: name ? { kind, name } : { kind },
    ...(event.metadata.channel ? { channel: event.metadata.channel } : {}),
    ...extra,
  };
}

/** Appends the entry once: an event applied again replaces its own entry instead of adding one. */
function withEntry(doc: RequestDocument, added: TimelineEntry): TimelineEntry[] {
  return [...doc.timeline.filter((e) => e.eventId !== added.eventId), added].sort((a, b) => a.position - b.position);
}

async function decide(uow: UnitOfWork, event: RecordedEvent, status: RequestStatus, label: string, reason?: { code: string; text: string }) {
  const requests = uow.collection<RequestDocument>(REQUESTS);
  const doc = await requests.get((event.data as ReservationKey).requestId);
  if (!doc) return;
  await requests.upsert({
    ...doc,
    status,
    reasonText: reason?.text ?? null,
    unread: true,
    updatedAt: event.metadata.occurredAt,
    timeline: withEntry(doc, entry(event, label, reason ? { reasonCode: reason.code, reasonText: reason.text } : {})),
  });
}

type Data<T extends ReservationEvent['type']> = Extract<ReservationEvent, { type: T }>['data'];

export const requestsProjection = projection(
  'requests',
  1,
  [
    { name: REQUESTS, indexes: [{ fields: ['familyId', 'submittedAt'] }, { fields: ['communeId', 'status'] }] },
    { name: REQUEST_NAMES },
    { name: REQUEST_COUNTERS },
  ],
  {
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
    ReservationRequested: async (event, uow) => {
      const data = event.data as Data<'ReservationRequested'>;
      const requests = uow.collection<RequestDocument>(REQUESTS);
      const existing = await requests.get(data.requestId);
      const names = uow.collection<NameDocument>(REQUEST_NAMES);
      const child = (await names.get(`child:${data.childId}`))?.name ?? 'enfant';
      const activity = (await names.get(`activity:${data.activityId}`))?.name ?? 'activité';
      const reference = existing?.reference ?? (await nextReference(uow, event));
      const base: RequestDocument = existing ?? {
        _id: data.requestId,
        communeId: event.metadata.communeId,
        familyId: data.familyId,
        reference,
        kind: 'reservation',
        submittedAt: event.metadata.occurredAt,
        updatedAt: event.metadata.occurredAt,
        description: `Réservation ${activity} — ${child} — ${frenchDay(data.day)}`,
        status: 'pending',
        reasonText: null,
        unread: false,
        timeline: [],
      };
      await requests.upsert({ ...base, timeline: withEntry(base, entry(event, 'Demande de réservation reçue')) });
    },
    ReservationAccepted: (event, uow) => decide(uow, event, 'accepted', 'Réservation acceptée'),
    ReservationRefused: (event, uow) => {
      const data = event.data as Data<'ReservationRefused'>;
      return decide(uow, event, 'refused', 'Réservation refusée', { code: data.reasonCode, text: data.reasonText });
    },
    ReservationWaitlisted: (event, uow) => {
      const data = event.data as Data<'ReservationWaitlisted'>;
      return decide(uow, event, 'waitlisted', `Placée en liste d'attente (rang ${data.rank})`);
    },
  },
);

/** D-2026-000001: numbered per commune and year in the order requests arrived, so a rebuild gives the same numbers. */
async function nextReference(uow: UnitOfWork, event: RecordedEvent): Promise<string> {
  const year = event.metadata.occurredAt.slice(0, 4);
  const counters = uow.collection<Document & { last: number }>(REQUEST_COUNTERS);
  const id = `${event.metadata.communeId}:${year}`;
  const last = (await counters.get(id))?.last ?? 0;
  await counters.upsert({ _id: id, last: last + 1 });
  return `D-${year}-${String(last + 1).padStart(6, '0')}`;
}
