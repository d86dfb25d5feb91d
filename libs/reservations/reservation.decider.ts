import { conflict, invalid } from '@pf/domain';
import type { Actor } from '@pf/event-store';
import type { ChildGroup } from '../activities/activity.events';
import type {
  AbsenceReason,
  BookingFacts,
  CancellationFacts,
  RefusalReason,
  ReservationEvent,
  ReservationKey,
} from './reservation.events';

// ---------------------------------------------------------------------------------------------
// State of one activity day

export interface Booking {
  requestId: string;
  familyId: string;
  status: 'pending' | 'accepted' | 'waitlisted';
  group: ChildGroup | null;
  lateActivityId?: string;
  period?: true;
  /** A cancellation waiting for the service (manual activities). */
  cancellationRequestId?: string;
  absence?: { justified: boolean };
}

export interface DayState {
  /** childId → the booking holding a place, a waiting-list rank, or waiting for the service. */
  bookings: Record<string, Booking>;
  /** Waiting children, first to be promoted first. */
  waiting: string[];
  accepted: number;
  acceptedByGroup: Record<ChildGroup, number>;
  /** childId → pointage. */
  attendance: Record<string, { status: 'present' | 'absent'; expected: boolean }>;
}

export const initialDayState: DayState = { bookings: {}, waiting: [], accepted: 0, acceptedByGroup: { maternelle: 0, elementaire: 0 }, attendance: {} };

const withBooking = (state: DayState, childId: string, booking: Booking | undefined): Record<string, Booking> => {
  const bookings = { ...state.bookings };
  if (booking) bookings[childId] = booking;
  else delete bookings[childId];
  return bookings;
};

const countAccepted = (state: DayState, group: ChildGroup | null, delta: number): Pick<DayState, 'accepted' | 'acceptedByGroup'> => ({
  accepted: state.accepted + delta,
  acceptedByGroup: group ? { ...state.acceptedByGroup, [group]: state.acceptedByGroup[group] + delta } : state.acceptedByGroup,
});

const bookingOf = (facts: BookingFacts, status: Booking['status']): Booking => ({
  requestId: facts.requestId,
  familyId: facts.familyId,
  status,
  group: facts.group,
  ...(facts.lateActivityId ? { lateActivityId: facts.lateActivityId } : {}),
  ...(facts.period ? { period: true as const } : {}),
});

export function evolveDay(state: DayState, event: ReservationEvent): DayState {
  const { childId } = event.data;
  const current = state.bookings[childId];
  switch (event.type) {
    case 'ReservationRequested':
      return current ? state : { ...state, bookings: withBooking(state, childId, bookingOf(event.data, 'pending')) };
    case 'ReservationAccepted':
    case 'ReservationPromoted': {
      if (current?.status === 'accepted') return state;
      const waiting = current?.status === 'waitlisted' ? state.waiting.filter((c) => c !== childId) : state.waiting;
      return { ...state, ...countAccepted(state, event.data.group, 1), waiting, bookings: withBooking(state, childId, bookingOf(event.data, 'accepted')) };
    }
    case 'ReservationWaitlisted':
      if (current && current.status !== 'pending') return state;
      return { ...state, waiting: [...state.waiting, childId], bookings: withBooking(state, childId, bookingOf(event.data, 'waitlisted')) };
    case 'ReservationRefused':
      // Refusing a pending request frees nothing; a refusal of another request leaves the booking alone.
      return current?.requestId === event.data.requestId && current.status === 'pending'
        ? { ...state, bookings: withBooking(state, childId, undefined) }
        : state;
    case 'CancellationRequested':
      return current ? { ...state, bookings: withBooking(state, childId, { ...current, cancellationRequestId: event.data.requestId }) } : state;
    case 'CancellationRefused':
      if (!current?.cancellationRequestId) return state;
      return { ...state, bookings: withBooking(state, childId, { ...current, cancellationRequestId: undefined }) };
    case 'ReservationCancelled': {
      if (!current || current.requestId !== event.data.reservationRequestId) return state;
      const counts = current.status === 'accepted' ? countAccepted(state, current.group, -1) : {};
      return { ...state, ...counts, waiting: state.waiting.filter((c) => c !== childId), bookings: withBooking(state, childId, undefined) };
    }
    case 'AbsenceDeclared':
      return current ? { ...state, bookings: withBooking(state, childId, { ...current, absence: { justified: event.data.justified } }) } : state;
    case 'AttendanceRecorded':
      return { ...state, attendance: { ...state.attendance, [childId]: { status: event.data.status, expected: event.data.expected } } };
  }
}

// ---------------------------------------------------------------------------------------------
// Rules of a day, worked out by the caller from the activity, the calendar and the clock

export interface DayCapacity {
  /** Places all groups together; null: no limit. */
  total: number | null;
  /** Places per group; a group not listed (or null) is limited by the total only. */
  groups: Partial<Record<ChildGroup, number | null>>;
}

export interface DayRules {
  closed: { label: string } | null;
  onTime: boolean;
  /** The deadline rule in words, told to the parent when late (« au plus tard 48 heures avant »). */
  deadlineText: string;
  capacity: DayCapacity;
  processing: 'automatic' | 'manual';
  /** The late-booking activity (« repas non prévu, majoration »), when the activity offers one. */
  late: { activityId: string; name: string; onTime: boolean; deadlineText: string } | null;
}

/** May this child book this activity on that day at all (enrolment, group)? Worked out by the caller. */
export type Eligibility =
  | { ok: true }
  | { ok: false; reasonCode: Extract<RefusalReason, 'NOT_ENROLLED' | 'ENROLMENT_PENDING' | 'NOT_ELIGIBLE'>; reasonText: string };

export interface BookingRequest {
  key: ReservationKey;
  group: ChildGroup | null;
  eligibility: Eligibility;
  /** The parent agreed to a late booking with surcharge if the deadline is past. */
  late: boolean;
  /** One day of a period booking: the request was received once, on the period's stream. */
  period: boolean;
}

export const BOOKING_RULES: Actor = { kind: 'rule', id: 'booking-rules', name: 'Règles de réservation' };

export function hasPlace(state: DayState, capacity: DayCapacity, group: ChildGroup | null): boolean {
  if (capacity.total !== null && state.accepted >= capacity.total) return false;
  const groupCapacity = group ? capacity.groups[group] : null;
  return groupCapacity === null || groupCapacity === undefined || state.acceptedByGroup[group!] < groupCapacity;
}

/**
 * A parent asks for one day. Checked in this order: the day is open, the child may book the
 * activity, the child has no booking yet, the deadline (or the late booking), then the service
 * decides (manual activities) or the places do (accepted, or waiting list when full).
 * A single day records the request then the decision; a day of a period records the decision only.
 */
export function decideBooking(request: BookingRequest, state: DayState, rules: DayRules): ReservationEvent[] {
  const facts: BookingFacts = { ...request.key, group: request.group, ...(request.period ? { period: true as const } : {}) };
  const received: ReservationEvent[] = request.period ? [] : [{ type: 'ReservationRequested', data: facts }];
  const refuse = (reasonCode: RefusalReason, reasonText: string): ReservationEvent[] => [
    ...received,
    { type: 'ReservationRefused', data: { ...facts, reasonCode, reasonText }, actor: BOOKING_RULES },
  ];
  if (rules.closed) return refuse('DAY_CLOSED', `Ce jour n'est pas ouvert à la réservation (${rules.closed.label}).`);
  if (!request.eligibility.ok) return refuse(request.eligibility.reasonCode, request.eligibility.reasonText);
  const current = state.bookings[request.key.childId];
  if (current) {
    const text =
      current.status === 'accepted'
        ? 'Ce jour est déjà réservé pour cet enfant.'
        : current.status === 'waitlisted'
          ? "Cet enfant est déjà en liste d'attente pour ce jour."
          : 'Une demande de réservation est déjà en cours pour ce jour.';
    return refuse('ALREADY_BOOKED', text);
  }
  let booked = facts;
  if (!rules.onTime) {
    const late = rules.late;
    if (!request.late) {
      const hint = late?.onTime ? ` Une réservation tardive reste possible avec majoration (${late.name}).` : '';
      return refuse('PAST_DEADLINE', `Le délai de réservation est dépassé : réservation ${rules.deadlineText}.${hint}`);
    }
    if (!late) return refuse('PAST_DEADLINE', `Le délai de réservation est dépassé (réservation ${rules.deadlineText}) et cette activité ne propose pas de réservation tardive.`);
    if (!late.onTime) return refuse('LATE_BOOKING_CLOSED', `La réservation tardive est close : ${late.name}, réservation ${late.deadlineText}.`);
    booked = { ...facts, lateActivityId: late.activityId };
  }
  // The service decides: the request waits, holding no place yet.
  if (rules.processing === 'manual') return [{ type: 'ReservationRequested', data: booked }];
  const asked: ReservationEvent[] = request.period ? [] : [{ type: 'ReservationRequested', data: booked }];
  if (!hasPlace(state, rules.capacity, request.group)) {
    return [...asked, { type: 'ReservationWaitlisted', data: { ...booked, rank: state.waiting.length + 1 }, actor: BOOKING_RULES }];
  }
  return [...asked, { type: 'ReservationAccepted', data: booked, actor: BOOKING_RULES }];
}

/** Facts of an existing booking, as its events told them. */
function factsOf(childId: string, activityId: string, day: string, booking: Booking): BookingFacts {
  return {
    requestId: booking.requestId,
    familyId: booking.familyId,
    childId,
    activityId,
    day,
    group: booking.group,
    ...(booking.lateActivityId ? { lateActivityId: booking.lateActivityId } : {}),
    ...(booking.period ? { period: true as const } : {}),
  };
}

/**
 * A place was freed: the first waiting child whose group has a free place gets it, in the same
 * append as the event that freed it. `state` is the day after that event.
 */
export function promotion(state: DayState, capacity: DayCapacity, activityId: string, day: string): ReservationEvent[] {
  const next = state.waiting.find((childId) => hasPlace(state, capacity, state.bookings[childId].group));
  if (!next) return [];
  const facts = factsOf(next, activityId, day, state.bookings[next]);
  return [{ type: 'ReservationPromoted', data: { ...facts, waitlist: state.waiting.filter((c) => c !== next) }, actor: BOOKING_RULES }];
}

// ---------------------------------------------------------------------------------------------
// Cancellation

export interface CancellationRequest {
  requestId: string;
  childId: string;
  activityId: string;
  day: string;
  /** Guardians reach only their own family's bookings. */
  familyId: string | null;
  reason: string | null;
}

export interface CancellationRules {
  /** The booking deadline also closes cancellations: a late cancellation is refused and the day stays billable. */
  onTime: boolean;
  deadlineText: string;
  processing: 'automatic' | 'manual';
  capacity: DayCapacity;
}

const notBooked = () => conflict('RESERVATION_NOT_FOUND', "Aucune réservation de cet enfant n'est à annuler ce jour-là.");

/**
 * A parent cancels a day. A waiting-list place or a request still pending is withdrawn at once; a
 * booked place is released if the deadline allows (the first waiting child is promoted in the same
 * append), refused otherwise; a manual activity leaves it to the service.
 */
export function decideCancellation(request: CancellationRequest, state: DayState, rules: CancellationRules): ReservationEvent[] {
  const booking = state.bookings[request.childId];
  if (!booking || (request.familyId && booking.familyId !== request.familyId)) throw notBooked();
  if (booking.cancellationRequestId) throw conflict('CANCELLATION_PENDING', "Une demande d'annulation de ce jour est déjà en cours.");
  if (state.attendance[request.childId]) throw conflict('ATTENDANCE_TAKEN', "La présence de ce jour est déjà pointée : il ne peut plus être annulé.");
  if (booking.absence) throw conflict('ABSENCE_DECLARED', 'Une absence est déjà déclarée pour ce jour.');
  const facts: CancellationFacts = {
    requestId: request.requestId,
    familyId: booking.familyId,
    childId: request.childId,
    activityId: request.activityId,
    day: request.day,
    reservationRequestId: booking.requestId,
    ...(booking.period ? { reservationPeriod: true as const } : {}),
    reason: request.reason,
  };
  const asked: ReservationEvent = { type: 'CancellationRequested', data: facts };
  if (booking.status === 'accepted' && !rules.onTime) {
    return [
      asked,
      {
        type: 'CancellationRefused',
        data: { ...facts, reasonCode: 'PAST_DEADLINE', reasonText: `Le délai d'annulation est dépassé (annulation ${rules.deadlineText}) : ce jour reste réservé et facturé.` },
        actor: BOOKING_RULES,
      },
    ];
  }
  if (booking.status === 'accepted' && rules.processing === 'manual') return [asked];
  return [asked, ...cancelled(facts, booking, state, rules.capacity, BOOKING_RULES)];
}

function cancelled(facts: CancellationFacts, booking: Booking, state: DayState, capacity: DayCapacity, actor?: Actor, message?: string): ReservationEvent[] {
  const event: ReservationEvent = {
    type: 'ReservationCancelled',
    data: {
      ...facts,
      previousStatus: booking.status,
      waitlist: state.waiting.filter((c) => c !== facts.childId),
      ...(message ? { message } : {}),
    },
    ...(actor ? { actor } : {}),
  };
  if (booking.status !== 'accepted') return [event];
  return [event, ...promotion(evolveDay(state, event), capacity, facts.activityId, facts.day)];
}

// ---------------------------------------------------------------------------------------------
// Absence

export interface AbsenceRequest {
  requestId: string;
  childId: string;
  activityId: string;
  day: string;
  familyId: string | null;
  reason: AbsenceReason;
  medicalCertificate: boolean;
}

/** A family declares an absence on a booked day; illness with a medical certificate is justified. The place stays held. */
export function decideAbsence(request: AbsenceRequest, state: DayState): ReservationEvent[] {
  const booking = state.bookings[request.childId];
  if (!booking || booking.status !== 'accepted' || (request.familyId && booking.familyId !== request.familyId)) {
    throw conflict('RESERVATION_NOT_FOUND', "Aucune réservation de cet enfant ce jour-là : il n'y a pas d'absence à déclarer.");
  }
  if (booking.absence) throw conflict('ABSENCE_ALREADY_DECLARED', 'Une absence est déjà déclarée pour ce jour.');
  if (state.attendance[request.childId]?.status === 'present') throw conflict('ALREADY_PRESENT', "L'enfant a été pointé présent ce jour-là.");
  return [
    {
      type: 'AbsenceDeclared',
      data: {
        requestId: request.requestId,
        familyId: booking.familyId,
        childId: request.childId,
        activityId: request.activityId,
        day: request.day,
        reservationRequestId: booking.requestId,
        reason: request.reason,
        medicalCertificate: request.medicalCertificate,
        justified: request.reason === 'illness' && request.medicalCertificate,
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Staff decisions

export interface StaffDayDecision {
  /** The parent's request (booking or cancellation) being decided. */
  requestId: string;
  childId: string;
  decision: 'accept' | 'refuse';
  message?: string;
}

/**
 * The service decides a pending request of a manual activity: a booking is accepted (or
 * waiting-listed when the day is full), a cancellation releases the place (promoting the first
 * waiting child); a refusal needs a message to the family.
 */
export function decideStaffDecision(decision: StaffDayDecision, state: DayState, capacity: DayCapacity, activityId: string, day: string): ReservationEvent[] {
  const booking = state.bookings[decision.childId];
  const message = decision.message?.trim() || undefined;
  if (decision.decision === 'refuse' && !message) throw invalid('MESSAGE_REQUIRED', 'Indiquez à la famille le motif du refus.');
  if (booking?.cancellationRequestId === decision.requestId) {
    const facts: CancellationFacts = {
      requestId: decision.requestId,
      familyId: booking.familyId,
      childId: decision.childId,
      activityId,
      day,
      reservationRequestId: booking.requestId,
      ...(booking.period ? { reservationPeriod: true as const } : {}),
      reason: null,
    };
    if (decision.decision === 'refuse') return [{ type: 'CancellationRefused', data: { ...facts, reasonCode: 'REFUSED_BY_STAFF', reasonText: message! } }];
    return cancelled(facts, booking, state, capacity, undefined, message);
  }
  if (!booking || booking.requestId !== decision.requestId || booking.status !== 'pending') {
    throw conflict('REQUEST_NOT_PENDING', "Cette demande n'est plus en attente de décision.");
  }
  const facts = factsOf(decision.childId, activityId, day, booking);
  if (decision.decision === 'refuse') return [{ type: 'ReservationRefused', data: { ...facts, reasonCode: 'REFUSED_BY_STAFF', reasonText: message! } }];
  if (!hasPlace(state, capacity, booking.group)) return [{ type: 'ReservationWaitlisted', data: { ...facts, rank: state.waiting.length + 1 } }];
  return [{ type: 'ReservationAccepted', data: { ...facts, ...(message ? { message } : {}) } }];
}

// ---------------------------------------------------------------------------------------------
// Attendance (pointage)

export interface AttendanceMark {
  childId: string;
  /** Needed for a child without a booking (unexpected presence). */
  familyId: string;
  status: 'present' | 'absent';
}

/**
 * Staff take the register of a day, on that day or later: a booked child present or absent, or a
 * child present without a booking (unexpected presence). Marking again the same status writes nothing.
 */
export function decideAttendance(marks: AttendanceMark[], state: DayState, context: { activityId: string; day: string; today: string }): ReservationEvent[] {
  if (context.day > context.today) throw invalid('ATTENDANCE_TOO_EARLY', "La présence se pointe le jour même ou après, pas à l'avance.");
  const events: ReservationEvent[] = [];
  for (const mark of marks) {
    const booking = state.bookings[mark.childId];
    const expected = booking?.status === 'accepted';
    if (!expected && mark.status === 'absent') {
      throw conflict('RESERVATION_NOT_FOUND', "Un enfant sans réservation ce jour-là ne peut pas être pointé absent.");
    }
    const current = state.attendance[mark.childId];
    if (current?.status === mark.status) continue;
    events.push({
      type: 'AttendanceRecorded',
      data: { familyId: booking?.familyId ?? mark.familyId, childId: mark.childId, activityId: context.activityId, day: context.day, status: mark.status, expected },
    });
  }
  return events;
}
