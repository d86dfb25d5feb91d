/**
 * What the family owes for one day of one activity, from what happened that day. The facts come
 * from the reservations capability's events (see billing-days.projection.ts).
 */
export interface DayFacts {
  childId: string;
  /** The activity booked (the canteen), even when booked late through its late-booking activity. */
  activityId: string;
  /** 'YYYY-MM-DD' in the commune's calendar. */
  day: string;
  booking: 'accepted' | 'pending' | 'waitlisted' | 'cancelled' | null;
  /** Booked past the deadline through this late-booking activity (« repas non prévu »): its tariff applies. */
  lateActivityId: string | null;
  /** Declared by the family; justified = illness with a medical certificate. */
  absence: { justified: boolean } | null;
  /** Pointage by staff. */
  attendance: 'present' | 'absent' | null;
  /** The family asked to cancel past the deadline and was refused: the day stays booked. */
  lateCancellation: boolean;
}

export type BilledBasis =
  /** Booked and pointed present. */
  | 'booked_present'
  /** Booked, attendance not taken: a booked day is due. */
  | 'booked'
  /** Booked, absent without justification (declared or pointed absent). */
  | 'booked_absent_unjustified'
  /** Booked, cancellation asked past the deadline (refused): the day is due. */
  | 'late_cancellation'
  /** Pointed present without a booking: billed at the unexpected-presence price. */
  | 'unexpected_presence';

export type NotBilledBasis = 'absent_justified' | 'cancelled' | 'not_booked';

export type DayVerdict = { billed: true; basis: BilledBasis; late: boolean } | { billed: false; basis: NotBilledBasis };

export const BASIS_LABELS: Record<BilledBasis | NotBilledBasis, string> = {
  booked_present: 'réservé et présent',
  booked: 'réservé',
  booked_absent_unjustified: 'absence non justifiée',
  late_cancellation: 'annulation hors délai',
  unexpected_presence: 'présence non réservée',
  absent_justified: 'absence justifiée (non facturée)',
  cancelled: 'annulé dans les délais (non facturé)',
  not_booked: 'non réservé',
};

/**
 * The billing rules, in order:
 * 1. pointed present: billed (at the booked price when booked, else as an unexpected presence);
 * 2. not booked (pending, waiting list, cancelled, refused): not billed;
 * 3. booked with a justified absence (illness with a medical certificate): not billed;
 * 4. booked, absent without justification: billed;
 * 5. booked, cancellation refused past the deadline: billed;
 * 6. booked, attendance not taken: billed.
 */
export function billingVerdict(day: DayFacts): DayVerdict {
  const booked = day.booking === 'accepted';
  const late = booked && day.lateActivityId !== null;
  if (day.attendance === 'present') return booked ? { billed: true, basis: 'booked_present', late } : { billed: true, basis: 'unexpected_presence', late: false };
  if (!booked) return { billed: false, basis: day.booking === 'cancelled' ? 'cancelled' : 'not_booked' };
  if (day.absence?.justified) return { billed: false, basis: 'absent_justified' };
  if (day.lateCancellation) return { billed: true, basis: 'late_cancellation', late };
  if (day.absence || day.attendance === 'absent') return { billed: true, basis: 'booked_absent_unjustified', late };
  return { billed: true, basis: 'booked', late };
}
