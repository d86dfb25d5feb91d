import type { DomainEvent } from '@pf/event-sourcing';

export interface ReservationKey {
  requestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  /** 'YYYY-MM-DD' in the commune's calendar. */
  day: string;
}

export type RefusalReason = 'DAY_CLOSED' | 'PAST_DEADLINE' | 'ALREADY_BOOKED';

export type ReservationRequested = DomainEvent<'ReservationRequested', ReservationKey>;
export type ReservationAccepted = DomainEvent<'ReservationAccepted', ReservationKey>;
/** `reasonText` is the French explanation the parent was given, kept as it was said. */
export type ReservationRefused = DomainEvent<'ReservationRefused', ReservationKey & { reasonCode: RefusalReason; reasonText: string }>;
/** The day was full: the child waits, `rank` 1 being the next to get a freed place. */
export type ReservationWaitlisted = DomainEvent<'ReservationWaitlisted', ReservationKey & { rank: number }>;

export type ReservationEvent = ReservationRequested | ReservationAccepted | ReservationRefused | ReservationWaitlisted;

/** One stream per activity and day: its places are counted in one place, so they cannot be over-booked. */
export const activityDayStream = (communeId: string, activityId: string, day: string) => `activityday-${communeId}.${activityId}.${day}`;
