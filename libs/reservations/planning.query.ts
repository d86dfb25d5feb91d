import { addDays, ACTIVITIES } from '@pf/activities';
import type { CommuneReads } from '@pf/read-store';
import type { ActivityDocument, ChildGroup } from '@pf/activities';
import type { CommuneDocument } from '@pf/communes';
import { ENROLMENTS, type EnrolmentDocument, todayIn } from '@pf/enrolments';
import { FAMILY_CHILDREN, type ChildDocument, type FamilyDocument, childColour } from '@pf/families';
import { dayCapacity, dayRules, eligibility } from './day-availability';
import { PLANNING, PLANNING_PLACES, type BookedStatus, type PlacesDocument, type PlanningDocument } from './planning.projection';
import { hasPlace, type DayCapacity, type DayRules, type Places } from './reservation.decider';
import { ABSENCE_REASON_LABELS } from './reservation.events';

export type PlanningStatus = 'free' | 'unavailable' | BookedStatus | 'billed';

export const PLANNING_STATUS_LABELS: Record<PlanningStatus, string> = {
  free: 'Libre',
  unavailable: 'Indisponible',
  requested: 'Demande en cours',
  reserved: 'Réservé',
  waitlisted: "En liste d'attente",
  cancellation_requested: 'Annulation demandée',
  cancelled: 'Annulé',
  absent_justified: 'Absent (justifié)',
  absent_unjustified: 'Absent (non justifié)',
  present: 'Présent',
  billed: 'Facturé',
};

/** What the parent may do on that day, now. */
export type PlanningAction = 'book' | 'cancel' | 'declare_absence' | 'late_book';

export interface PlanningDay {
  childId: string;
  activityId: string;
  day: string;
  status: PlanningStatus;
  statusLabel: string;
  reasonText?: string;
  actions: PlanningAction[];
  requestId?: string;
  rank?: number;
  /** Booked (or bookable, with `late_book`) through the late-booking activity, at its surcharge. */
  lateBooking?: { activityId: string; name: string };
  /**
   * A free day that is full for this child's group: booking it now puts the child on the waiting
   * list at this rank (« Complet — liste d'attente (rang 1) »), as the booking rules would decide.
   */
  waitingListRank?: number;
}

export const MAX_PLANNING_DAYS = 366;

/**
 * A family's planning over a date range: days with a story from the read model, every other day
 * worked out from the calendar, the enrolments and the deadline rule as they stand at `now`.
 * `reads` are the caller's commune's, where the family was found.
 */
export async function familyPlanning(reads: CommuneReads, family: FamilyDocument, commune: CommuneDocument, from: string, to: string, now: string) {
  const all = await reads.collection<ActivityDocument>(ACTIVITIES).find({}, { sort: { name: 1 } });
  const activities = all.filter((a) => !a.lateBookingOf);
  const lateOf = new Map(all.filter((a) => a.lateBookingOf).map((a) => [a.lateBookingOf!, a]));
  const lateNames = new Map(all.filter((a) => a.lateBookingOf).map((a) => [a._id, a.name]));
  const booked = await reads.collection<PlanningDocument>(PLANNING).find({ familyId: family._id, day: { $gte: from, $lte: to } });
  const enrolments = await reads.collection<EnrolmentDocument>(ENROLMENTS).find({ familyId: family._id });
  const children = await Promise.all(family.children.map(async (c) => (await reads.collection<ChildDocument>(FAMILY_CHILDREN).get(c.childId)) ?? { ...c, familyId: family._id, communeId: family.communeId }));
  const byKey = new Map(booked.map((d) => [d._id, d]));
  const today = todayIn(commune.timeZone, now);
  const days: PlanningDay[] = [];
  /** Days a child could book now, where places are counted: whether each is full is read below. */
  const bookable: Array<{ entry: PlanningDay; group: ChildGroup | null; capacity: DayCapacity }> = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    for (const activity of activities) {
      const rules = dayRules(day, activity, commune, now, lateOf.get(activity._id) ?? null);
      for (const child of children) {
        const doc = byKey.get(`${child.childId}|${activity._id}|${day}`);
        const lateName = doc?.lateActivityId ? lateNames.get(doc.lateActivityId) : undefined;
        if (doc && doc.status !== 'cancelled') {
          days.push(bookedDay(doc, rules, today, lateName));
        } else {
          const allowed = eligibility(day, activity, child, enrolments.filter((e) => e.childId === child.childId && e.activityId === activity._id));
          const free = openDay(child.childId, activity._id, day, rules, allowed.eligibility);
          // A cancelled day says so, and offers what a free day would.
          const entry: PlanningDay = doc ? { ...free, status: 'cancelled', statusLabel: PLANNING_STATUS_LABELS.cancelled, ...(doc.requestId ? { requestId: doc.requestId } : {}) } : free;
          days.push(entry);
          // The service decides manual activities' requests: only automatic ones wait on the list at once.
          if (entry.actions.includes('book') && rules.processing === 'automatic' && limited(rules.capacity)) bookable.push({ entry, group: allowed.group, capacity: rules.capacity });
        }
      }
    }
  }
  await markFullDays(reads, bookable);
  return {
    from,
    to,
    children: family.children.map((c, index) => ({ childId: c.childId, firstName: c.firstName, colour: childColour(index) })),
    activities: activities.map((a) => ({ activityId: a._id, name: a.name, ...(lateOf.get(a._id) ? { lateBooking: { activityId: lateOf.get(a._id)!._id, name: lateOf.get(a._id)!.name } } : {}) })),
    days,
  };
}

const limited = (capacity: DayCapacity) => capacity.total !== null || Object.values(capacity.groups).some((c) => c !== null && c !== undefined);

/**
 * The places of each day of an activity in the caller's commune, as the booking rules count them
 * (accepted bookings, by group, and the waiting list), from the planning's count of each day.
 */
export async function placesByDay(reads: CommuneReads, activityId: string, days: readonly string[]): Promise<Map<string, DayPlaces>> {
  const places = new Map<string, DayPlaces>();
  if (days.length === 0) return places;
  const sorted = [...days].sort();
  const docs = await reads.collection<PlacesDocument>(PLANNING_PLACES).find({ activityId, day: { $gte: sorted[0], $lte: sorted[sorted.length - 1] } });
  for (const doc of docs) places.set(doc.day, { accepted: doc.accepted, acceptedByGroup: doc.acceptedByGroup, waiting: doc.waiting });
  return places;
}

/** A day's places as counted by the planning: the waiting list by its length. */
export type DayPlaces = Omit<Places, 'waiting'> & { waiting: number };

const NO_PLACE_TAKEN: DayPlaces = { accepted: 0, acceptedByGroup: { maternelle: 0, elementaire: 0 }, waiting: 0 };

/** A bookable day with no place left for the child's group says so before the parent asks, with the rank the request would get. */
async function markFullDays(reads: CommuneReads, bookable: Array<{ entry: PlanningDay; group: ChildGroup | null; capacity: DayCapacity }>): Promise<void> {
  const byActivity = new Map<string, typeof bookable>();
  for (const b of bookable) byActivity.set(b.entry.activityId, [...(byActivity.get(b.entry.activityId) ?? []), b]);
  for (const [activityId, entries] of byActivity) {
    const places = await placesByDay(reads, activityId, [...new Set(entries.map((b) => b.entry.day))]);
    for (const { entry, group, capacity } of entries) {
      const day = places.get(entry.day) ?? NO_PLACE_TAKEN;
      if (hasPlace({ ...day, waiting: [] }, capacity, group)) continue;
      const rank = day.waiting + 1;
      Object.assign(entry, { statusLabel: `Complet — liste d'attente (rang ${rank})`, waitingListRank: rank });
    }
  }
}

function bookedDay(doc: PlanningDocument, rules: DayRules, today: string, lateName: string | undefined): PlanningDay {
  const actions: PlanningAction[] = [];
  if (doc.status === 'reserved' && rules.onTime) actions.push('cancel');
  if (doc.status === 'requested' || doc.status === 'waitlisted') actions.push('cancel');
  if (doc.status === 'reserved' && doc.day >= addDays(today, -30)) actions.push('declare_absence');
  const label = PLANNING_STATUS_LABELS[doc.status];
  return {
    childId: doc.childId,
    activityId: doc.activityId,
    day: doc.day,
    status: doc.status,
    statusLabel: doc.rank ? `${label} (rang ${doc.rank})` : label,
    ...(doc.absence ? { reasonText: absenceText(doc.absence) } : {}),
    ...(doc.status === 'reserved' && !rules.onTime ? { reasonText: `Annulation impossible : délai dépassé (annulation ${rules.deadlineText})` } : {}),
    actions,
    ...(doc.requestId ? { requestId: doc.requestId } : {}),
    ...(doc.rank ? { rank: doc.rank } : {}),
    ...(doc.lateActivityId ? { lateBooking: { activityId: doc.lateActivityId, name: lateName ?? 'réservation tardive' } } : {}),
  };
}

/** « Absence : maladie, certificat médical envoyé »; a refused certificate says why, and that the day is billed. */
export function absenceText(absence: NonNullable<PlanningDocument['absence']>): string {
  const reason = `Absence : ${ABSENCE_REASON_LABELS[absence.reason]}`;
  if (absence.certificateRefused) return `${reason} — certificat médical refusé par le service : ${absence.certificateRefused} (jour facturé)`;
  return absence.certificateDocumentId ? `${reason}, certificat médical envoyé` : reason;
}

function openDay(childId: string, activityId: string, day: string, rules: DayRules, allowed: ReturnType<typeof eligibility>['eligibility']): PlanningDay {
  const unavailable = (reasonText: string, actions: PlanningAction[] = [], extra: Partial<PlanningDay> = {}): PlanningDay => ({
    childId,
    activityId,
    day,
    status: 'unavailable',
    statusLabel: PLANNING_STATUS_LABELS.unavailable,
    reasonText,
    actions,
    ...extra,
  });
  if (rules.closed) return unavailable(`Fermé : ${rules.closed.label}`);
  if (!allowed.ok) return unavailable(allowed.reasonText);
  if (!rules.onTime) {
    if (rules.late?.onTime) {
      return unavailable(`Délai dépassé : réservation tardive possible avec majoration (${rules.late.name})`, ['late_book'], {
        lateBooking: { activityId: rules.late.activityId, name: rules.late.name },
      });
    }
    return unavailable(`Délai dépassé : réservation ${rules.deadlineText}`);
  }
  return { childId, activityId, day, status: 'free', statusLabel: PLANNING_STATUS_LABELS.free, actions: ['book'] };
}

// ---------------------------------------------------------------------------------------------
// Staff views, straight from the planning read model of the staff's commune

/** Places per day of an activity: capacity, booked (by group), waiting list, pending requests, attendance. */
export async function occupancy(reads: CommuneReads, activity: ActivityDocument, from: string, to: string) {
  const docs = await reads.collection<PlanningDocument>(PLANNING).find({ activityId: activity._id, day: { $gte: from, $lte: to } });
  const capacity = dayCapacity(activity);
  const days = new Map<string, { day: string; booked: number; byGroup: { maternelle: number; elementaire: number }; waiting: number; pending: number; present: number; absent: number; unexpected: number }>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    days.set(day, { day, booked: 0, byGroup: { maternelle: 0, elementaire: 0 }, waiting: 0, pending: 0, present: 0, absent: 0, unexpected: 0 });
  }
  for (const doc of docs) {
    const d = days.get(doc.day)!;
    if (doc.booking === 'accepted') {
      d.booked++;
      if (doc.group) d.byGroup[doc.group]++;
    }
    if (doc.booking === 'waitlisted') d.waiting++;
    if (doc.booking === 'pending' || doc.cancellationRequestId) d.pending++;
    if (doc.attendance === 'present') d.present++;
    if (doc.attendance === 'absent') d.absent++;
    if (doc.unexpected) d.unexpected++;
  }
  return {
    activityId: activity._id,
    name: activity.name,
    capacity: { total: capacity.total, groups: activity.groups },
    days: [...days.values()].map((d) => ({ ...d, free: capacity.total === null ? null : Math.max(0, capacity.total - d.booked) })),
  };
}

/** Requests of manual activities waiting for the service, oldest day first. */
export async function pendingRequests(reads: CommuneReads, limit = 500) {
  const docs = await reads.collection<PlanningDocument>(PLANNING).find({ status: { $in: ['requested', 'cancellation_requested'] } }, { sort: { day: 1, activityId: 1 }, limit });
  const enrolments = await reads.collection<EnrolmentDocument>(ENROLMENTS).find({ status: 'pending' }, { sort: { requestedAt: 1 }, limit });
  return {
    reservations: docs.map((d) => ({
      kind: d.cancellationRequestId ? ('cancellation' as const) : ('reservation' as const),
      requestId: d.cancellationRequestId ?? d.requestId,
      familyId: d.familyId,
      childId: d.childId,
      activityId: d.activityId,
      day: d.day,
      group: d.group,
      late: d.lateActivityId !== null,
    })),
    enrolments: enrolments.map(({ _id: _i, communeId: _c, ...e }) => e),
  };
}

/** The day's register: every child expected (booked) or pointed, with names for the staff. */
export async function attendanceSheet(reads: CommuneReads, activity: ActivityDocument, day: string) {
  const docs = await reads.collection<PlanningDocument>(PLANNING).find({ activityId: activity._id, day });
  const rows = docs.filter((d) => d.booking === 'accepted' || d.attendance !== null);
  const children = reads.collection<ChildDocument>(FAMILY_CHILDREN);
  const items = await Promise.all(
    rows.map(async (d) => {
      const child = await children.get(d.childId);
      return {
        childId: d.childId,
        familyId: d.familyId,
        firstName: child?.firstName ?? '',
        lastName: child?.lastName ?? '',
        group: d.group,
        expected: d.booking === 'accepted',
        attendance: d.attendance,
        absence: d.absence,
        lateBooking: d.lateActivityId !== null,
      };
    }),
  );
  items.sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));
  return { activityId: activity._id, name: activity.name, day, items };
}
