import { projection, type ProjectionHandler } from '@pf/projections';
import type { CommuneUnitOfWork, Document, UnitOfWork } from '@pf/read-store';
import type { ChildGroup } from '@pf/activities';
import { asDayEvents, type AbsenceReason, type BookingFacts, type ReservationEvent } from './reservation.events';
import { REQUESTS_PROJECTION } from '@pf/requests';

export const PLANNING = 'planning';
/** Per activity and day, the places the bookings hold, so the planning does not count them from every booking of the day. */
export const PLANNING_PLACES = 'planning_places';
export const PLANNING_PROJECTION = 'planning';
/** What a booking's answer and the screens after it read (the planning, « Mes demandes »): a booking waits for these only. */
export const BOOKING_READ_MODELS = [PLANNING_PROJECTION, REQUESTS_PROJECTION] as const;

export type BookedStatus =
  | 'requested'
  | 'reserved'
  | 'waitlisted'
  | 'cancellation_requested'
  | 'cancelled'
  | 'absent_justified'
  | 'absent_unjustified'
  | 'present';

/**
 * One day of one activity for one child that has a story: booked, pending, waiting, cancelled,
 * pointed. Free days have no document (the query works them out from the calendar and the rules).
 */
export interface PlanningDocument extends Document, PlanningFields {
  /** What the parent sees, derived from the other fields. */
  status: BookedStatus;
}

export interface PlanningFields {
  _id: string;
  communeId: string;
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
  /** The booking itself; null for a child pointed present without any booking. */
  booking: 'pending' | 'accepted' | 'waitlisted' | 'cancelled' | null;
  /** The booking request (one id for all the days of a period booking). */
  requestId: string | null;
  rank: number | null;
  group: ChildGroup | null;
  lateActivityId: string | null;
  cancellationRequestId: string | null;
  /**
   * Declared by the family; `certificateDocumentId`: the medical certificate sent with it (a family
   * document), `certificateRefused`: why the service refused it (the day is then billed).
   */
  absence: { reason: AbsenceReason; justified: boolean; certificateDocumentId?: string; certificateRefused?: string } | null;
  attendance: 'present' | 'absent' | null;
  /** Pointed present without a booking. */
  unexpected: boolean;
}

export const planningKey = (k: { childId: string; activityId: string; day: string }) => `${k.childId}|${k.activityId}|${k.day}`;

export function statusOf(doc: Pick<PlanningDocument, 'booking' | 'cancellationRequestId' | 'absence' | 'attendance'>): BookedStatus {
  if (doc.attendance === 'present') return 'present';
  if (doc.attendance === 'absent' || doc.absence) return doc.absence?.justified ? 'absent_justified' : 'absent_unjustified';
  if (doc.cancellationRequestId) return 'cancellation_requested';
  switch (doc.booking) {
    case 'pending':
      return 'requested';
    case 'accepted':
      return 'reserved';
    case 'waitlisted':
      return 'waitlisted';
    default:
      return 'cancelled';
  }
}

/**
 * The places of one activity's day as the booking rules count them: accepted bookings (all and by
 * group) and how many are on the waiting list. Kept by the planning itself from each day's change, so it
 * always agrees with the planning's documents.
 */
export interface PlacesDocument extends Document {
  activityId: string;
  day: string;
  accepted: number;
  acceptedByGroup: Record<ChildGroup, number>;
  /** How many wait for a place (the next one gets this plus one as rank). */
  waiting: number;
}

export const placesKey = (activityId: string, day: string) => `${activityId}|${day}`;

const collection = (uow: CommuneUnitOfWork) => uow.collection<PlanningDocument>(PLANNING);

async function save(uow: CommuneUnitOfWork, doc: PlanningFields, before: PlanningFields | null): Promise<void> {
  await collection(uow).upsert({ ...doc, status: statusOf(doc) });
  await countPlaces(uow, before, doc);
}

async function remove(uow: CommuneUnitOfWork, doc: PlanningDocument): Promise<void> {
  await collection(uow).delete(doc._id);
  await countPlaces(uow, doc, null);
}

type Holding = 'accepted' | 'waitlisted' | null;
const holding = (doc: Pick<PlanningFields, 'booking'> | null): Holding => (doc?.booking === 'accepted' || doc?.booking === 'waitlisted' ? doc.booking : null);

/**
 * The days' places a unit of work changed, kept mutable until the batch ends (flushPlaces), so a
 * day changed by many events of a batch is written once. Per unit and commune, as billing facts do.
 */
const changedPlaces = new WeakMap<CommuneUnitOfWork, Map<string, PlacesDocument>>();
const communesWithPlaces = new Set<string>();

/** A day's places after one child's document changed from `before` to `after` (from what it held and holds: replaying changes nothing). */
async function countPlaces(uow: CommuneUnitOfWork, before: PlanningFields | null, after: PlanningFields | null): Promise<void> {
  const doc = after ?? before;
  if (!doc) return;
  const [was, is] = [holding(before), holding(after)];
  const [groupWas, groupIs] = [before?.group ?? null, after?.group ?? null];
  if (was === is && (is !== 'accepted' || groupWas === groupIs)) return;
  let changed = changedPlaces.get(uow);
  if (!changed) {
    changedPlaces.set(uow, (changed = new Map()));
    communesWithPlaces.add(uow.communeId);
  }
  const key = placesKey(doc.activityId, doc.day);
  let places = changed.get(key);
  if (!places) {
    const stored = await uow.collection<PlacesDocument>(PLANNING_PLACES).get(key);
    places = stored
      ? { ...stored, acceptedByGroup: { ...stored.acceptedByGroup } }
      : { _id: key, activityId: doc.activityId, day: doc.day, accepted: 0, acceptedByGroup: { maternelle: 0, elementaire: 0 }, waiting: 0 };
    changed.set(key, places);
  }
  if (was === 'accepted') {
    places.accepted--;
    if (groupWas) places.acceptedByGroup[groupWas]--;
  }
  if (was === 'waitlisted') places.waiting--;
  if (is === 'accepted') {
    places.accepted++;
    if (groupIs) places.acceptedByGroup[groupIs]++;
  }
  if (is === 'waitlisted') places.waiting++;
}

/** Writes the days' places the batch changed, each once, in its commune. */
async function flushPlaces(uow: UnitOfWork): Promise<void> {
  for (const communeId of communesWithPlaces) {
    const commune = uow.inCommune(communeId);
    const changed = changedPlaces.get(commune);
    if (!changed) continue;
    changedPlaces.delete(commune);
    const places = commune.collection<PlacesDocument>(PLANNING_PLACES);
    for (const doc of changed.values()) await places.upsert(doc);
  }
}

async function setBooking(uow: CommuneUnitOfWork, communeId: string, facts: BookingFacts, booking: PlanningDocument['booking'], rank: number | null = null) {
  const current = await collection(uow).get(planningKey(facts));
  await save(uow, {
    _id: planningKey(facts),
    communeId,
    familyId: facts.familyId,
    childId: facts.childId,
    activityId: facts.activityId,
    day: facts.day,
    booking,
    requestId: facts.requestId,
    rank,
    group: facts.group,
    lateActivityId: facts.lateActivityId ?? null,
    cancellationRequestId: null,
    absence: null,
    attendance: current?.attendance ?? null,
    unexpected: current?.unexpected ?? false,
  }, current);
}

async function update(uow: CommuneUnitOfWork, id: string, change: (doc: PlanningDocument) => PlanningFields | null) {
  const current = await collection(uow).get(id);
  if (!current) return;
  const changed = change(current);
  if (changed) await save(uow, changed, current);
}

/** The waiting list after a change, as the event states it: ranks are set, never counted. */
async function setRanks(uow: CommuneUnitOfWork, activityId: string, day: string, waitlist: string[]) {
  for (const [index, childId] of waitlist.entries()) {
    await update(uow, planningKey({ childId, activityId, day }), (doc) => (doc.booking === 'waitlisted' ? { ...doc, rank: index + 1 } : null));
  }
}

type Data<T extends ReservationEvent['type']> = Extract<ReservationEvent, { type: T }>['data'];

const dayHandlers: Record<ReservationEvent['type'], ProjectionHandler> = {
  ReservationRequested: async (event, uow) => {
    const data = event.data as Data<'ReservationRequested'>;
    const current = await collection(uow).get(planningKey(data));
    // A new request never hides a day already held by an earlier one.
    if (!current || current.booking === null || current.booking === 'cancelled' || current.requestId === data.requestId) {
      await setBooking(uow, event.metadata.communeId, data, 'pending');
    }
  },
  ReservationAccepted: (event, uow) => setBooking(uow, event.metadata.communeId, event.data as Data<'ReservationAccepted'>, 'accepted'),
  ReservationWaitlisted: (event, uow) => {
    const data = event.data as Data<'ReservationWaitlisted'>;
    return setBooking(uow, event.metadata.communeId, data, 'waitlisted', data.rank);
  },
  ReservationPromoted: async (event, uow) => {
    const data = event.data as Data<'ReservationPromoted'>;
    await setBooking(uow, event.metadata.communeId, data, 'accepted');
    await setRanks(uow, data.activityId, data.day, data.waitlist);
  },
  ReservationRefused: async (event, uow) => {
    const data = event.data as Data<'ReservationRefused'>;
    const current = await collection(uow).get(planningKey(data));
    if (!current || current.requestId !== data.requestId || current.booking !== 'pending') return;
    if (current.attendance) await save(uow, { ...current, booking: null, requestId: null }, current);
    else await remove(uow, current);
  },
  CancellationRequested: (event, uow) => {
    const data = event.data as Data<'CancellationRequested'>;
    return update(uow, planningKey(data), (doc) => (doc.requestId === data.reservationRequestId ? { ...doc, cancellationRequestId: data.requestId } : null));
  },
  CancellationRefused: (event, uow) => {
    const data = event.data as Data<'CancellationRefused'>;
    return update(uow, planningKey(data), (doc) => (doc.cancellationRequestId === data.requestId ? { ...doc, cancellationRequestId: null } : null));
  },
  ReservationCancelled: async (event, uow) => {
    const data = event.data as Data<'ReservationCancelled'>;
    await update(uow, planningKey(data), (doc) =>
      doc.requestId === data.reservationRequestId ? { ...doc, booking: 'cancelled', rank: null, cancellationRequestId: null } : null,
    );
    await setRanks(uow, data.activityId, data.day, data.waitlist);
  },
  AbsenceDeclared: (event, uow) => {
    const data = event.data as Data<'AbsenceDeclared'>;
    const certificate = data.certificateDocumentId ? { certificateDocumentId: data.certificateDocumentId } : {};
    return update(uow, planningKey(data), (doc) => ({ ...doc, absence: { reason: data.reason, justified: data.justified, ...certificate } }));
  },
  AbsenceCertificateRefused: (event, uow) => {
    const data = event.data as Data<'AbsenceCertificateRefused'>;
    return update(uow, planningKey(data), (doc) =>
      doc.absence?.certificateDocumentId === data.documentId ? { ...doc, absence: { ...doc.absence, justified: false, certificateRefused: data.reason } } : null,
    );
  },
  AttendanceRecorded: async (event, uow) => {
    const data = event.data as Data<'AttendanceRecorded'>;
    const current = await collection(uow).get(planningKey(data));
    await save(uow, {
      _id: planningKey(data),
      communeId: event.metadata.communeId,
      familyId: data.familyId,
      childId: data.childId,
      activityId: data.activityId,
      day: data.day,
      booking: current?.booking ?? null,
      requestId: current?.requestId ?? null,
      rank: current?.rank ?? null,
      group: current?.group ?? null,
      lateActivityId: current?.lateActivityId ?? null,
      cancellationRequestId: current?.cancellationRequestId ?? null,
      absence: current?.absence ?? null,
      attendance: data.status,
      unexpected: !data.expected,
    }, current);
  },
};

// v3: each commune's days kept apart (keyed by commune and day). v4: the places of each day (planning_places).
export const planningProjection = projection(
  PLANNING_PROJECTION,
  4,
  [
    {
      name: PLANNING,
      indexes: [{ fields: ['familyId', 'day'] }, { fields: ['activityId', 'day'] }, { fields: ['communeId', 'status'] }, { fields: ['requestId'] }, { fields: ['cancellationRequestId'] }],
    },
    { name: PLANNING_PLACES, indexes: [{ fields: ['activityId', 'day'] }] },
  ],
  {
    ...dayHandlers,
    // A period's days decided together: each day as a day of a period booking.
    ReservationDaysDecided: async (event, uow) => {
      for (const day of asDayEvents(event)) await dayHandlers[day.type as ReservationEvent['type']](day, uow);
    },
  },
  flushPlaces,
);
