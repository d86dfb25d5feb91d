import { DateTime } from 'luxon';
import type { ReadStore } from '@pf/read-store';
import type { ActivityDocument } from '../activities/activities.projection';
import { ACTIVITIES } from '../activities/activities.projection';
import type { CommuneDocument } from '../communes/communes.projection';
import type { FamilyDocument } from '../families/families.projection';
import { childColour } from '../families/family-access';
import { dayRules } from './day-availability';
import { PLANNING, type PlanningDocument } from './planning.projection';

export type PlanningStatus =
  | 'free'
  | 'unavailable'
  | 'requested'
  | 'reserved'
  | 'waitlisted'
  | 'cancellation_requested'
  | 'cancelled'
  | 'absent_justified'
  | 'absent_unjustified'
  | 'present'
  | 'billed';

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
}

export const MAX_PLANNING_DAYS = 366;

/**
 * A family's planning over a date range: booked days from the read model, every other day worked
 * out from the calendar and the deadline rule as they stand at `now`.
 */
export async function familyPlanning(reads: ReadStore, family: FamilyDocument, commune: CommuneDocument, from: string, to: string, now: string) {
  const activities = await reads.collection<ActivityDocument>(ACTIVITIES).find({ communeId: family.communeId }, { sort: { name: 1 } });
  const booked = await reads
    .collection<PlanningDocument>(PLANNING)
    .find({ familyId: family._id, day: { $gte: from, $lte: to } });
  const byKey = new Map(booked.map((d) => [d._id, d]));
  const days: PlanningDay[] = [];
  for (let day = DateTime.fromISO(from, { zone: 'UTC' }); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
    const iso = day.toISODate()!;
    for (const activity of activities) {
      const rules = dayRules(iso, activity, commune, now);
      for (const child of family.children) {
        const doc = byKey.get(`${child.childId}|${activity._id}|${iso}`);
        days.push(doc ? bookedDay(doc) : openDay(child.childId, activity._id, iso, rules));
      }
    }
  }
  return {
    from,
    to,
    children: family.children.map((c, index) => ({ childId: c.childId, firstName: c.firstName, colour: childColour(index) })),
    activities: activities.map((a) => ({ activityId: a._id, name: a.name })),
    days,
  };
}

// Cancelling and declaring an absence arrive with the reservations issue; until then a booked day offers nothing.
function bookedDay(doc: PlanningDocument): PlanningDay {
  const status: PlanningStatus = doc.status;
  return {
    childId: doc.childId,
    activityId: doc.activityId,
    day: doc.day,
    status,
    statusLabel: doc.rank ? `${PLANNING_STATUS_LABELS[status]} (rang ${doc.rank})` : PLANNING_STATUS_LABELS[status],
    actions: [],
    requestId: doc.requestId,
    ...(doc.rank ? { rank: doc.rank } : {}),
  };
}

function openDay(childId: string, activityId: string, day: string, rules: ReturnType<typeof dayRules>): PlanningDay {
  if (rules.closed) {
    return { childId, activityId, day, status: 'unavailable', statusLabel: 'Indisponible', reasonText: `Fermé : ${rules.closed.label}`, actions: [] };
  }
  if (!rules.onTime) {
    return { childId, activityId, day, status: 'unavailable', statusLabel: 'Indisponible', reasonText: `Délai dépassé : réservation ${rules.deadlineText}`, actions: [] };
  }
  return { childId, activityId, day, status: 'free', statusLabel: 'Libre', actions: ['book'] };
}
