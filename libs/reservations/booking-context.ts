import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type StreamDecision } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '../accounts/session';
import { ACTIVITIES, type ActivityDocument } from '../activities/activities.projection';
import type { CommuneDocument } from '../communes/communes.projection';
import { ENROLMENTS, type EnrolmentDocument } from '../enrolments/enrolments.projection';
import { communeActivity, communeProfile, reachableChild } from '../enrolments/lookups';
import type { ChildDocument } from '../families/families.projection';
import { notFound } from '@pf/domain';
import { dayRules, eligibility } from './day-availability';
import { decideBooking, evolveDay, initialDayState, type DayState } from './reservation.decider';
import { activityDayStream, type BookingFacts, type RefusalReason, type ReservationEvent } from './reservation.events';

/** What deciding a booking of one child in one activity needs, looked up once for all the days of a request. */
export interface BookingContext {
  child: ChildDocument;
  activity: ActivityDocument;
  /** The late-booking activity attached to it, if any. */
  late: ActivityDocument | null;
  commune: CommuneDocument;
  enrolments: EnrolmentDocument[];
}

@Injectable()
export class BookingContextLoader {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async load(user: Pick<SessionUser, 'role' | 'familyId'>, communeId: string, childId: string, activityId: string): Promise<BookingContext> {
    const child = await reachableChild(this.reads, childId, user, communeId);
    const activity = await communeActivity(this.reads, activityId, communeId);
    // A late-booking activity is booked through its main one.
    if (activity.lateBookingOf) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
    const [late] = await this.reads.collection<ActivityDocument>(ACTIVITIES).find({ lateBookingOf: activityId, communeId }, { limit: 1 });
    const commune = await communeProfile(this.reads, communeId);
    const enrolments =
      activity.enrolment === 'open' ? [] : await this.reads.collection<EnrolmentDocument>(ENROLMENTS).find({ familyId: child.familyId, childId, activityId });
    return { child, activity, late: late ?? null, commune, enrolments };
  }
}

export interface DayBookingOptions {
  requestId: string;
  now: string;
  late: boolean;
  period: boolean;
}

/** The command path's decision for one day: load the day's stream, decide with that day's rules. */
export function dayBookingDecision(bc: BookingContext, day: string, options: DayBookingOptions): StreamDecision<DayState, ReservationEvent> {
  const rules = dayRules(day, bc.activity, bc.commune, options.now, bc.late);
  const { eligibility: allowed, group } = eligibility(day, bc.activity, bc.child, bc.enrolments);
  const key = { requestId: options.requestId, familyId: bc.child.familyId, childId: bc.child.childId, activityId: bc.activity.activityId, day };
  return {
    streamId: activityDayStream(bc.commune.communeId, bc.activity.activityId, day),
    initialState: initialDayState,
    evolve: evolveDay,
    decide: (state) => decideBooking({ key, group, eligibility: allowed, late: options.late, period: options.period }, state, rules),
  };
}

export interface DayOutcome {
  day: string;
  status: 'accepted' | 'refused' | 'waitlisted' | 'pending';
  reasonCode?: RefusalReason;
  reasonText?: string;
  rank?: number;
  /** Booked through the late-booking activity (surcharge). */
  lateActivityId?: string;
}

/** What a day's events say to the parent. */
export function dayOutcome(day: string, events: ReservationEvent[]): DayOutcome {
  const decision = [...events].reverse().find((e) => e.type !== 'ReservationRequested') ?? events[events.length - 1];
  const late = (decision?.data as BookingFacts | undefined)?.lateActivityId;
  const lateField = late ? { lateActivityId: late } : {};
  switch (decision?.type) {
    case 'ReservationAccepted':
    case 'ReservationPromoted':
      return { day, status: 'accepted', ...lateField };
    case 'ReservationRefused':
      return { day, status: 'refused', reasonCode: decision.data.reasonCode, reasonText: decision.data.reasonText };
    case 'ReservationWaitlisted':
      return { day, status: 'waitlisted', rank: decision.data.rank, ...lateField };
    default:
      return { day, status: 'pending', ...lateField };
  }
}
