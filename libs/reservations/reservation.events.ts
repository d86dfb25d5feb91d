import type { DomainEvent } from '@pf/event-sourcing';
import type { ChildGroup } from '@pf/activities';

export interface ReservationKey {
  /** The parent's booking request (one id for every day of a period booking). */
  requestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  /** 'YYYY-MM-DD' in the commune's calendar. */
  day: string;
}

/** What a booking of one day says about itself: every decision event carries it whole, so one event tells the day's story. */
export interface BookingFacts extends ReservationKey {
  group: ChildGroup | null;
  /** Booked past the deadline through the late-booking activity (« repas non prévu »), billed with its surcharge. */
  lateActivityId?: string;
  /** One day of a period booking (the request's summary lives on its own stream). */
  period?: true;
}

export type RefusalReason =
  | 'DAY_CLOSED'
  | 'PAST_DEADLINE'
  | 'LATE_BOOKING_CLOSED'
  | 'ALREADY_BOOKED'
  | 'NOT_ENROLLED'
  | 'ENROLMENT_PENDING'
  | 'NOT_ELIGIBLE'
  | 'REFUSED_BY_STAFF';

/** Asked and waiting for the service (manual activities); in an automatic activity, the parent's request as received. */
export type ReservationRequested = DomainEvent<'ReservationRequested', BookingFacts>;
/** `message`: what the service wrote to the family when staff decided. */
export type ReservationAccepted = DomainEvent<'ReservationAccepted', BookingFacts & { message?: string }>;
/** `reasonText` is the French explanation the parent was given, kept as it was said. */
export type ReservationRefused = DomainEvent<'ReservationRefused', BookingFacts & { reasonCode: RefusalReason; reasonText: string }>;
/** The day was full: the child waits, `rank` 1 being the next to get a freed place. */
export type ReservationWaitlisted = DomainEvent<'ReservationWaitlisted', BookingFacts & { rank: number }>;
/** A place was freed and the first waiting child (that fits the free place's group) got it; `waitlist`: who still waits, in order. */
export type ReservationPromoted = DomainEvent<'ReservationPromoted', BookingFacts & { waitlist: string[] }>;

export interface CancellationFacts {
  /** The parent's cancellation request. */
  requestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
  /** The booking request it cancels, and whether that was a period booking. */
  reservationRequestId: string;
  reservationPeriod?: true;
  /** The parent's words, optional (« rendez-vous médical »…). */
  reason: string | null;
  /** One day of a period cancellation (the request's summary lives on its own stream). */
  period?: true;
}

/** A manual activity: the service will decide. */
export type CancellationRequested = DomainEvent<'CancellationRequested', CancellationFacts>;
/** The day is free again; `previousStatus` says what was given up; `waitlist`: who still waits, in order. */
export type ReservationCancelled = DomainEvent<
  'ReservationCancelled',
  CancellationFacts & { previousStatus: 'accepted' | 'waitlisted' | 'pending'; waitlist: string[]; message?: string }
>;
export type CancellationRefused = DomainEvent<'CancellationRefused', CancellationFacts & { reasonCode: 'PAST_DEADLINE' | 'REFUSED_BY_STAFF'; reasonText: string }>;

export type AbsenceReason = 'illness' | 'family' | 'other';
export const ABSENCE_REASON_LABELS: Record<AbsenceReason, string> = { illness: 'maladie', family: 'raison familiale', other: 'autre motif' };

/** Declared by the family on a booked day; illness with a medical certificate is justified (not billed). */
export type AbsenceDeclared = DomainEvent<
  'AbsenceDeclared',
  {
    requestId: string;
    familyId: string;
    childId: string;
    activityId: string;
    day: string;
    reservationRequestId: string;
    reason: AbsenceReason;
    medicalCertificate: boolean;
    justified: boolean;
    /** The medical certificate sent with the declaration: a family document, checked by the service. */
    certificateDocumentId?: string;
  }
>;

/**
 * The service refused the medical certificate of an absence (unreadable, another child, another
 * day…): the absence is no longer justified and the day is billed; `reason` is what the family
 * was told (free text: sealed with the family's key).
 */
export type AbsenceCertificateRefused = DomainEvent<
  'AbsenceCertificateRefused',
  { requestId: string; familyId: string; childId: string; activityId: string; day: string; documentId: string; reason: string }
>;

/** Pointage by staff; `expected: false` is a presence without booking (billable, shown to staff). */
export type AttendanceRecorded = DomainEvent<
  'AttendanceRecorded',
  { familyId: string; childId: string; activityId: string; day: string; status: 'present' | 'absent'; expected: boolean }
>;

export type ReservationEvent =
  | ReservationRequested
  | ReservationAccepted
  | ReservationRefused
  | ReservationWaitlisted
  | ReservationPromoted
  | CancellationRequested
  | ReservationCancelled
  | CancellationRefused
  | AbsenceDeclared
  | AbsenceCertificateRefused
  | AttendanceRecorded;

/**
 * The days of one period request that fall in one month, decided by the booking rules when the
 * request was received: one fact per month stream instead of one per day (a school year is ten
 * such events, not 140). Each day is decided on its own, exactly as a single day would be; the
 * outcome lists say what the parent got on each day.
 */
export type ReservationDaysDecided = DomainEvent<
  'ReservationDaysDecided',
  {
    requestId: string;
    familyId: string;
    childId: string;
    activityId: string;
    group: ChildGroup | null;
    /** Days held (accepted, waitlisted or pending) past the deadline through the late-booking activity (surcharge). */
    late?: { activityId: string; days: string[] };
    /** Days in order, by outcome. */
    accepted: string[];
    waitlisted: Array<{ day: string; rank: number }>;
    refused: Array<{ day: string; reasonCode: RefusalReason; reasonText: string }>;
    /** Manual activities: waiting for the service's decision. */
    pending: string[];
  }
>;

/** A month stream's events: every fact about one day, and the period decisions covering several days. */
export type ActivityMonthEvent = ReservationEvent | ReservationDaysDecided;

/**
 * The day-by-day facts a `ReservationDaysDecided` stands for, as a single-day booking of a period
 * would have recorded them: what the planning, the billing and integrators read day by day.
 */
export function daysDecidedAsDayEvents(data: ReservationDaysDecided['data']): ReservationEvent[] {
  const { requestId, familyId, childId, activityId, group } = data;
  const lateDays = new Set(data.late?.days ?? []);
  const facts = (day: string): BookingFacts => ({
    requestId,
    familyId,
    childId,
    activityId,
    day,
    group,
    ...(data.late && lateDays.has(day) ? { lateActivityId: data.late.activityId } : {}),
    period: true,
  });
  const events: Array<{ day: string; event: ReservationEvent }> = [
    ...data.accepted.map((day) => ({ day, event: { type: 'ReservationAccepted', data: facts(day) } as ReservationEvent })),
    ...data.waitlisted.map(({ day, rank }) => ({ day, event: { type: 'ReservationWaitlisted', data: { ...facts(day), rank } } as ReservationEvent })),
    ...data.refused.map(({ day, reasonCode, reasonText }) => ({
      day,
      event: { type: 'ReservationRefused', data: { ...facts(day), reasonCode, reasonText } } as ReservationEvent,
    })),
    ...data.pending.map((day) => ({ day, event: { type: 'ReservationRequested', data: facts(day) } as ReservationEvent })),
  ];
  return events.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)).map((e) => e.event);
}

/**
 * One stream per activity and month: every day's places are counted in one place, so they cannot
 * be over-booked, and a period booking writes one event per month rather than one per day.
 */
export const activityMonthStream = (communeId: string, activityId: string, day: string) =>
  `activitymonth-${communeId}.${activityId}.${day.slice(0, 7)}`;

export interface PeriodSpan {
  from: string;
  to: string;
  weekdays: number[];
}

/** A period booking as asked: one request, each of its days decided on the day's own stream. */
export type PeriodReservationRequested = DomainEvent<
  'PeriodReservationRequested',
  { requestId: string; familyId: string; childId: string; activityId: string; lateActivityId?: string; days: number; skipped: number } & PeriodSpan
>;
/** The summary of the days' outcomes, written in the same atomic append as the days. */
export type PeriodReservationDecided = DomainEvent<
  'PeriodReservationDecided',
  {
    requestId: string;
    familyId: string;
    childId: string;
    activityId: string;
    /** Days, by outcome, as decided in the same append. */
    accepted: string[];
    waitlisted: string[];
    refused: Array<{ day: string; reasonCode: RefusalReason }>;
    pending: string[];
    /** The French explanation given for each refusal reason. */
    reasons: Partial<Record<RefusalReason, string>>;
  }
>;
export type PeriodReservationEvent = PeriodReservationRequested | PeriodReservationDecided;

export const periodBookingStream = (communeId: string, requestId: string) => `periodbooking-${communeId}.${requestId}`;

/**
 * A stored `ReservationDaysDecided` as the day-by-day facts it stands for, each with the stored
 * event's id, position and metadata: read models that follow days handle them one by one.
 */
export function asDayEvents<E extends { type: string; data: unknown }>(event: E): E[] {
  if (event.type !== 'ReservationDaysDecided') return [event];
  return daysDecidedAsDayEvents(event.data as ReservationDaysDecided['data']).map((day) => ({ ...event, type: day.type, data: day.data }));
}

// ---------------------------------------------------------------------------------------------
// Cancelling a period: one request, each booked day decided on its own (per-day facts on the month streams)

/** A period cancellation as asked: the child's bookings of the activity from `from` to `to` on these weekdays. */
export type PeriodCancellationRequested = DomainEvent<
  'PeriodCancellationRequested',
  { requestId: string; familyId: string; childId: string; activityId: string; from: string; to: string; weekdays: number[]; days: number; reason: string | null }
>;
/** The days' outcomes, written in the same atomic append as the days' own facts. */
export type PeriodCancellationDecided = DomainEvent<
  'PeriodCancellationDecided',
  {
    requestId: string;
    familyId: string;
    childId: string;
    activityId: string;
    /** Days freed (a booking, a waiting-list place or a pending request given up). */
    cancelled: string[];
    /** Days kept (and billed) because the cancellation came past the deadline. */
    refused: Array<{ day: string; reasonCode: 'PAST_DEADLINE' }>;
    /** Manual activities: waiting for the service's decision. */
    pending: string[];
    /** The French explanation given for each refusal reason. */
    reasons: Partial<Record<'PAST_DEADLINE', string>>;
  }
>;
export type PeriodCancellationEvent = PeriodCancellationRequested | PeriodCancellationDecided;

export const periodCancellationStream = (communeId: string, requestId: string) => `periodcancellation-${communeId}.${requestId}`;

// ---------------------------------------------------------------------------------------------
// Copying a week's selection to the following weeks (« recopier la sélection »)

/** One chosen day of the model week, or one day of a copy: a child, an activity, a day. */
export interface SelectedDay {
  childId: string;
  activityId: string;
  day: string;
}

/**
 * A family copies days chosen in one week (its children, activities and weekdays) to each
 * following week until `until`: one request, each copied day decided by the booking rules on its
 * own month stream (`ReservationDaysDecided`, one per child, activity and month).
 */
export type SelectionCopyRequested = DomainEvent<
  'SelectionCopyRequested',
  {
    requestId: string;
    familyId: string;
    /** The model week's days, as chosen. */
    selection: SelectedDay[];
    /** First and last day copies may fall on (the Monday after the model week, and `until`). */
    from: string;
    until: string;
    /** Late-booking activities the family agreed to for days past their deadline. */
    lateActivityIds?: string[];
    days: number;
    skipped: number;
  }
>;
export type SelectionCopyDecided = DomainEvent<
  'SelectionCopyDecided',
  {
    requestId: string;
    familyId: string;
    accepted: SelectedDay[];
    waitlisted: SelectedDay[];
    refused: Array<SelectedDay & { reasonCode: RefusalReason }>;
    pending: SelectedDay[];
    reasons: Partial<Record<RefusalReason, string>>;
  }
>;
export type SelectionCopyEvent = SelectionCopyRequested | SelectionCopyDecided;

export const selectionCopyStream = (communeId: string, requestId: string) => `selectioncopy-${communeId}.${requestId}`;
