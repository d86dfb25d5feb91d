import type { DomainEvent } from '@pf/event-sourcing';
import type { ChildGroup } from '../activities/activity.events';

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
  }
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
  | AttendanceRecorded;

/** One stream per activity and day: its places are counted in one place, so they cannot be over-booked. */
export const activityDayStream = (communeId: string, activityId: string, day: string) => `activityday-${communeId}.${activityId}.${day}`;

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
