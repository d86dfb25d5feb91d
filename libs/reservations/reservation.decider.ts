import { conflict, DomainError, invalid } from '@pf/domain';
import type { Actor } from '@pf/event-store';
import type { ChildGroup } from '@pf/activities';
import { daysDecidedAsDayEvents } from './reservation.events';
import type {
  AbsenceReason,
  ActivityMonthEvent,
  ReservationDaysDecided,
  BookingFacts,
  CancellationFacts,
  RefusalReason,
  ReservationEvent,
  ReservationKey,
} from './reservation.events';

// ---------------------------------------------------------------------------------------------
// State of one activity month: every day's places, waiting list, bookings and pointage

export interface Booking {
  requestId: string;
  familyId: string;
  status: 'pending' | 'accepted' | 'waitlisted';
  group: ChildGroup | null;
  lateActivityId?: string;
  period?: true;
  /** A cancellation waiting for the service (manual activities), and whether it is one day of a period cancellation. */
  cancellationRequestId?: string;
  cancellationPeriod?: true;
  /** The certificate a justified absence rests on, until the service refuses it. */
  absence?: { justified: boolean; certificateDocumentId?: string };
}

/** A day's places: how many are held, by group, and who waits for one (first to be promoted first). */
export interface Places {
  accepted: number;
  acceptedByGroup: Readonly<Record<ChildGroup, number>>;
  waiting: readonly string[];
}

export interface Attendance {
  status: 'present' | 'absent';
  expected: boolean;
}

/**
 * The state of one activity month. Bookings are kept by child then day, so that a period booking
 * (one child, many days) changes one child's entry instead of copying every day's list of
 * children: the state is immutable, and that copy is what a decision pays for.
 */
export interface MonthState {
  /** childId → day → the booking holding a place, a waiting-list rank, or waiting for the service. */
  bookings: Readonly<Record<string, Readonly<Record<string, Booking>>>>;
  /** day → its places (a day nobody booked has none taken). */
  places: Readonly<Record<string, Places>>;
  /** childId → day → pointage. */
  attendance: Readonly<Record<string, Readonly<Record<string, Attendance>>>>;
}

export const initialMonthState: MonthState = { bookings: {}, places: {}, attendance: {} };

const NO_PLACE_TAKEN: Places = { accepted: 0, acceptedByGroup: { maternelle: 0, elementaire: 0 }, waiting: [] };

export const bookingOn = (state: MonthState, childId: string, day: string): Booking | undefined => state.bookings[childId]?.[day];
export const placesOn = (state: MonthState, day: string): Places => state.places[day] ?? NO_PLACE_TAKEN;
export const attendanceOn = (state: MonthState, childId: string, day: string): Attendance | undefined => state.attendance[childId]?.[day];

/** A copy of `record` with `key` set, or removed when `value` is undefined (object literals: V8 copies them fastest). */
function withEntry<V>(record: Readonly<Record<string, V>>, key: string, value: V | undefined): Readonly<Record<string, V>> {
  if (value !== undefined) return { ...record, [key]: value };
  const { [key]: _removed, ...rest } = record;
  return rest;
}

const counted = (places: Places, group: ChildGroup | null, delta: number, waiting = places.waiting): Places => ({
  accepted: places.accepted + delta,
  acceptedByGroup: group ? { ...places.acceptedByGroup, [group]: places.acceptedByGroup[group] + delta } : places.acceptedByGroup,
  waiting,
});

const bookingOf = (facts: BookingFacts, status: Booking['status']): Booking => ({
  requestId: facts.requestId,
  familyId: facts.familyId,
  status,
  group: facts.group,
  ...(facts.lateActivityId ? { lateActivityId: facts.lateActivityId } : {}),
  ...(facts.period ? { period: true as const } : {}),
});

type DayChange = { booking: Booking | undefined; places: Places } | null;

/** What one fact about one day does to that child's booking and to the day's places (null: nothing). */
function dayChange(current: Booking | undefined, places: Places, event: Exclude<ReservationEvent, { type: 'AttendanceRecorded' }>): DayChange {
  const { childId } = event.data;
  switch (event.type) {
    case 'ReservationRequested':
      return current ? null : { booking: bookingOf(event.data, 'pending'), places };
    case 'ReservationAccepted':
    case 'ReservationPromoted': {
      if (current?.status === 'accepted') return null;
      const waiting = current?.status === 'waitlisted' ? places.waiting.filter((c) => c !== childId) : places.waiting;
      return { booking: bookingOf(event.data, 'accepted'), places: counted(places, event.data.group, 1, waiting) };
    }
    case 'ReservationWaitlisted':
      if (current && current.status !== 'pending') return null;
      return { booking: bookingOf(event.data, 'waitlisted'), places: { ...places, waiting: [...places.waiting, childId] } };
    case 'ReservationRefused':
      // Refusing a pending request frees nothing; a refusal of another request leaves the booking alone.
      return current?.requestId === event.data.requestId && current.status === 'pending' ? { booking: undefined, places } : null;
    case 'CancellationRequested':
      return current
        ? { booking: { ...current, cancellationRequestId: event.data.requestId, ...(event.data.period ? { cancellationPeriod: true as const } : {}) }, places }
        : null;
    case 'CancellationRefused': {
      if (!current?.cancellationRequestId) return null;
      const { cancellationRequestId: _withdrawn, cancellationPeriod: _period, ...booking } = current;
      return { booking, places };
    }
    case 'ReservationCancelled': {
      if (!current || current.requestId !== event.data.reservationRequestId) return null;
      const waiting = places.waiting.filter((c) => c !== childId);
      return { booking: undefined, places: current.status === 'accepted' ? counted(places, current.group, -1, waiting) : { ...places, waiting } };
    }
    case 'AbsenceDeclared': {
      const certificate = event.data.certificateDocumentId ? { certificateDocumentId: event.data.certificateDocumentId } : {};
      return current ? { booking: { ...current, absence: { justified: event.data.justified, ...certificate } }, places } : null;
    }
    case 'AbsenceCertificateRefused':
      return current?.absence?.certificateDocumentId === event.data.documentId
        ? { booking: { ...current, absence: { justified: false, certificateDocumentId: event.data.documentId } }, places }
        : null;
  }
}

/** Day facts applied in order; each child's and each day's entry is copied once per call, not once per fact. */
function withDayEvents(state: MonthState, events: readonly ReservationEvent[]): MonthState {
  const children = new Map<string, Readonly<Record<string, Booking>>>();
  const pointed = new Map<string, Readonly<Record<string, Attendance>>>();
  const days = new Map<string, Places>();
  for (const event of events) {
    const { childId, day } = event.data;
    if (event.type === 'AttendanceRecorded') {
      const record = pointed.get(childId) ?? state.attendance[childId] ?? {};
      pointed.set(childId, withEntry(record, day, { status: event.data.status, expected: event.data.expected }));
      continue;
    }
    const record = children.get(childId) ?? state.bookings[childId] ?? {};
    const places = days.get(day) ?? placesOn(state, day);
    const change = dayChange(record[day], places, event);
    if (!change) continue;
    children.set(childId, withEntry(record, day, change.booking));
    if (change.places !== places) days.set(day, change.places);
  }
  if (children.size === 0 && pointed.size === 0) return state;
  const merged = <V>(base: Readonly<Record<string, V>>, changed: Map<string, V>): Readonly<Record<string, V>> => {
    if (changed.size === 0) return base;
    if (changed.size > 1) return { ...base, ...Object.fromEntries(changed) };
    const [[key, value]] = changed;
    return withEntry(base, key, value);
  };
  return { bookings: merged(state.bookings, children), places: merged(state.places, days), attendance: merged(state.attendance, pointed) };
}

export function evolveMonth(state: MonthState, event: ActivityMonthEvent): MonthState {
  return withDayEvents(state, event.type === 'ReservationDaysDecided' ? daysDecidedAsDayEvents(event.data) : [event]);
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

export function hasPlace(places: Places, capacity: DayCapacity, group: ChildGroup | null): boolean {
  if (capacity.total !== null && places.accepted >= capacity.total) return false;
  const groupCapacity = group ? capacity.groups[group] : null;
  return groupCapacity === null || groupCapacity === undefined || places.acceptedByGroup[group!] < groupCapacity;
}

/**
 * A parent asks for one day. Checked in this order: the day is open, the child may book the
 * activity, the child has no booking yet, the deadline (or the late booking), then the service
 * decides (manual activities) or the places do (accepted, or waiting list when full).
 * A single day records the request then the decision; a day of a period records the decision only.
 */
export function decideBooking(request: BookingRequest, state: MonthState, rules: DayRules): ReservationEvent[] {
  const facts: BookingFacts = { ...request.key, group: request.group, ...(request.period ? { period: true as const } : {}) };
  const received: ReservationEvent[] = request.period ? [] : [{ type: 'ReservationRequested', data: facts }];
  const refuse = (reasonCode: RefusalReason, reasonText: string): ReservationEvent[] => [
    ...received,
    { type: 'ReservationRefused', data: { ...facts, reasonCode, reasonText }, actor: BOOKING_RULES },
  ];
  if (rules.closed) return refuse('DAY_CLOSED', `Ce jour n'est pas ouvert à la réservation (${rules.closed.label}).`);
  if (!request.eligibility.ok) return refuse(request.eligibility.reasonCode, request.eligibility.reasonText);
  const current = bookingOn(state, request.key.childId, request.key.day);
  const places = placesOn(state, request.key.day);
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
  if (!hasPlace(places, rules.capacity, request.group)) {
    return [...asked, { type: 'ReservationWaitlisted', data: { ...booked, rank: places.waiting.length + 1 }, actor: BOOKING_RULES }];
  }
  return [...asked, { type: 'ReservationAccepted', data: booked, actor: BOOKING_RULES }];
}

/** One day of a period booking, with that day's rules. */
export interface PeriodDay {
  request: BookingRequest;
  rules: DayRules;
}

/**
 * The days of one period request falling in one month: each day decided by `decideBooking` as
 * one day of a period, the outcomes recorded together as one `ReservationDaysDecided`.
 */
export function decidePeriodDays(days: PeriodDay[], state: MonthState): ActivityMonthEvent[] {
  if (days.length === 0) return [];
  const { requestId, familyId, childId, activityId } = days[0].request.key;
  const decided: ReservationDaysDecided['data'] = {
    requestId,
    familyId,
    childId,
    activityId,
    group: days[0].request.group,
    accepted: [],
    waitlisted: [],
    refused: [],
    pending: [],
  };
  const late: string[] = [];
  let lateActivityId: string | undefined;
  for (const { request, rules } of days) {
    const key = request.key;
    if (key.requestId !== requestId || key.childId !== childId || key.activityId !== activityId || !request.period) {
      throw new Error('decidePeriodDays decides the days of one period request');
    }
    for (const event of decideBooking(request, state, rules)) {
      if (event.type !== 'ReservationRefused' && 'lateActivityId' in event.data && event.data.lateActivityId) {
        late.push(key.day);
        lateActivityId = event.data.lateActivityId;
      }
      if (event.type === 'ReservationAccepted') decided.accepted.push(key.day);
      else if (event.type === 'ReservationWaitlisted') decided.waitlisted.push({ day: key.day, rank: event.data.rank });
      else if (event.type === 'ReservationRefused') decided.refused.push({ day: key.day, reasonCode: event.data.reasonCode, reasonText: event.data.reasonText });
      else if (event.type === 'ReservationRequested') decided.pending.push(key.day);
    }
  }
  if (lateActivityId) decided.late = { activityId: lateActivityId, days: late };
  return [{ type: 'ReservationDaysDecided', data: decided, actor: BOOKING_RULES }];
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
export function promotion(state: MonthState, capacity: DayCapacity, activityId: string, day: string): ReservationEvent[] {
  const places = placesOn(state, day);
  const next = places.waiting.find((childId) => hasPlace(places, capacity, bookingOn(state, childId, day)!.group));
  if (!next) return [];
  const facts = factsOf(next, activityId, day, bookingOn(state, next, day)!);
  return [{ type: 'ReservationPromoted', data: { ...facts, waitlist: places.waiting.filter((c) => c !== next) }, actor: BOOKING_RULES }];
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
  /** One day of a period cancellation: the request was received once, on the period's stream. */
  period?: boolean;
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
export function decideCancellation(request: CancellationRequest, state: MonthState, rules: CancellationRules): ReservationEvent[] {
  const booking = bookingOn(state, request.childId, request.day);
  if (!booking || (request.familyId && booking.familyId !== request.familyId)) throw notBooked();
  if (booking.cancellationRequestId) throw conflict('CANCELLATION_PENDING', "Une demande d'annulation de ce jour est déjà en cours.");
  if (attendanceOn(state, request.childId, request.day)) throw conflict('ATTENDANCE_TAKEN', "La présence de ce jour est déjà pointée : il ne peut plus être annulé.");
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
    ...(request.period ? { period: true as const } : {}),
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

/** What a period cancellation gives, or would give, on one booked day. */
export interface CancellationDayOutcome {
  day: string;
  /** cancelled: freed; refused: kept (and billed), past the deadline; pending: the service decides; kept: nothing asked, and why. */
  status: 'cancelled' | 'refused' | 'pending' | 'kept';
  /** What the day was: a booking, a waiting-list place, a request still waiting. */
  previousStatus: Booking['status'];
  reasonCode?: string;
  reasonText?: string;
  /** Booked through the late-booking activity (its price is the one given up). */
  lateActivityId?: string;
}

/** One day of a period cancellation, with that day's rules. */
export interface PeriodCancellationDay {
  request: CancellationRequest & { period: true };
  rules: CancellationRules;
}

/**
 * The days of one period cancellation falling in one month: each day the child holds (booked,
 * waiting or asked) is decided by `decideCancellation`, as that day alone would be, on the state
 * the days before it left. A day that cannot be cancelled at all (absence declared, attendance
 * taken, a cancellation already waiting) is kept and says why, with nothing written for it; days
 * the child does not hold are not part of the request.
 */
export function decidePeriodCancellation(days: readonly PeriodCancellationDay[], state: MonthState): { events: ReservationEvent[]; outcomes: CancellationDayOutcome[] } {
  const events: ReservationEvent[] = [];
  const outcomes: CancellationDayOutcome[] = [];
  let current = state;
  for (const { request, rules } of days) {
    const booking = bookingOn(current, request.childId, request.day);
    if (!booking || (request.familyId && booking.familyId !== request.familyId)) continue;
    const base = { day: request.day, previousStatus: booking.status, ...(booking.lateActivityId ? { lateActivityId: booking.lateActivityId } : {}) };
    let produced: ReservationEvent[];
    try {
      produced = decideCancellation(request, current, rules);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ ...base, status: 'kept', reasonCode: error.code, reasonText: error.message });
      continue;
    }
    const refused = produced.find((e) => e.type === 'CancellationRefused');
    if (refused?.type === 'CancellationRefused') outcomes.push({ ...base, status: 'refused', reasonCode: refused.data.reasonCode, reasonText: refused.data.reasonText });
    else if (produced.some((e) => e.type === 'ReservationCancelled')) outcomes.push({ ...base, status: 'cancelled' });
    else outcomes.push({ ...base, status: 'pending' });
    events.push(...produced);
    current = produced.reduce(evolveMonth, current);
  }
  return { events, outcomes };
}

function cancelled(facts: CancellationFacts, booking: Booking, state: MonthState, capacity: DayCapacity, actor?: Actor, message?: string): ReservationEvent[] {
  const event: ReservationEvent = {
    type: 'ReservationCancelled',
    data: {
      ...facts,
      previousStatus: booking.status,
      waitlist: placesOn(state, facts.day).waiting.filter((c) => c !== facts.childId),
      ...(message ? { message } : {}),
    },
    ...(actor ? { actor } : {}),
  };
  if (booking.status !== 'accepted') return [event];
  return [event, ...promotion(evolveMonth(state, event), capacity, facts.activityId, facts.day)];
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
  /** The certificate sent with it (a family document), for an illness. */
  certificateDocumentId?: string;
}

/** A family declares an absence on a booked day; illness with a medical certificate is justified. The place stays held. */
export function decideAbsence(request: AbsenceRequest, state: MonthState): ReservationEvent[] {
  const booking = bookingOn(state, request.childId, request.day);
  if (!booking || booking.status !== 'accepted' || (request.familyId && booking.familyId !== request.familyId)) {
    throw conflict('RESERVATION_NOT_FOUND', "Aucune réservation de cet enfant ce jour-là : il n'y a pas d'absence à déclarer.");
  }
  if (booking.absence) throw conflict('ABSENCE_ALREADY_DECLARED', 'Une absence est déjà déclarée pour ce jour.');
  if (attendanceOn(state, request.childId, request.day)?.status === 'present') throw conflict('ALREADY_PRESENT', "L'enfant a été pointé présent ce jour-là.");
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
        ...(request.certificateDocumentId ? { certificateDocumentId: request.certificateDocumentId } : {}),
      },
    },
  ];
}

export interface CertificateRefusal {
  /** The absence declaration the certificate came with. */
  absenceRequestId: string;
  documentId: string;
  childId: string;
  activityId: string;
  day: string;
  /** What the family is told. */
  reason: string;
}

/**
 * The service refuses the medical certificate sent with an absence: the absence stays declared but
 * is no longer justified, so the day is billed. Nothing happens if that certificate no longer
 * justifies the day (refused already, or the booking was replaced since).
 */
export function decideCertificateRefusal(refusal: CertificateRefusal, state: MonthState): ReservationEvent[] {
  const booking = bookingOn(state, refusal.childId, refusal.day);
  if (!booking?.absence || booking.absence.certificateDocumentId !== refusal.documentId || !booking.absence.justified) return [];
  return [
    {
      type: 'AbsenceCertificateRefused',
      data: {
        requestId: refusal.absenceRequestId,
        familyId: booking.familyId,
        childId: refusal.childId,
        activityId: refusal.activityId,
        day: refusal.day,
        documentId: refusal.documentId,
        reason: refusal.reason,
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
export function decideStaffDecision(decision: StaffDayDecision, state: MonthState, capacity: DayCapacity, activityId: string, day: string): ReservationEvent[] {
  const booking = bookingOn(state, decision.childId, day);
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
      ...(booking.cancellationPeriod ? { period: true as const } : {}),
    };
    if (decision.decision === 'refuse') return [{ type: 'CancellationRefused', data: { ...facts, reasonCode: 'REFUSED_BY_STAFF', reasonText: message! } }];
    return cancelled(facts, booking, state, capacity, undefined, message);
  }
  if (!booking || booking.requestId !== decision.requestId || booking.status !== 'pending') {
    throw conflict('REQUEST_NOT_PENDING', "Cette demande n'est plus en attente de décision.");
  }
  const facts = factsOf(decision.childId, activityId, day, booking);
  if (decision.decision === 'refuse') return [{ type: 'ReservationRefused', data: { ...facts, reasonCode: 'REFUSED_BY_STAFF', reasonText: message! } }];
  const places = placesOn(state, day);
  if (!hasPlace(places, capacity, booking.group)) return [{ type: 'ReservationWaitlisted', data: { ...facts, rank: places.waiting.length + 1 } }];
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
export function decideAttendance(marks: AttendanceMark[], state: MonthState, context: { activityId: string; day: string; today: string }): ReservationEvent[] {
  if (context.day > context.today) throw invalid('ATTENDANCE_TOO_EARLY', "La présence se pointe le jour même ou après, pas à l'avance.");
  const events: ReservationEvent[] = [];
  for (const mark of marks) {
    const booking = bookingOn(state, mark.childId, context.day);
    const expected = booking?.status === 'accepted';
    if (!expected && mark.status === 'absent') {
      throw conflict('RESERVATION_NOT_FOUND', "Un enfant sans réservation ce jour-là ne peut pas être pointé absent.");
    }
    const current = attendanceOn(state, mark.childId, context.day);
    if (current?.status === mark.status) continue;
    events.push({
      type: 'AttendanceRecorded',
      data: { familyId: booking?.familyId ?? mark.familyId, childId: mark.childId, activityId: context.activityId, day: context.day, status: mark.status, expected },
    });
  }
  return events;
}
