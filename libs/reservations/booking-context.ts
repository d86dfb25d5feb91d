import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type StreamDecision } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import type { CommuneDocument } from '@pf/communes';
import { ENROLMENTS, type EnrolmentDocument, communeActivity, communeProfile, reachableChild } from '@pf/enrolments';
import type { ChildDocument } from '@pf/families';
import { notFound } from '@pf/domain';
import { dayRules, eligibility } from './day-availability';
import { decideBooking, decidePeriodDays, evolveMonth, initialMonthState, type MonthState, type PeriodDay } from './reservation.decider';
import { activityMonthStream, daysDecidedAsDayEvents, type ActivityMonthEvent, type BookingFacts, type RefusalReason, type ReservationEvent } from './reservation.events';

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
    const reads = this.reads.inCommune(communeId);
    const [late] = await reads.collection<ActivityDocument>(ACTIVITIES).find({ lateBookingOf: activityId }, { limit: 1 });
    const commune = await communeProfile(this.reads, communeId);
    const enrolments =
      activity.enrolment === 'open' ? [] : await reads.collection<EnrolmentDocument>(ENROLMENTS).find({ familyId: child.familyId, childId, activityId });
    return { child, activity, late: late ?? null, commune, enrolments };
  }
}

export interface DayBookingOptions {
  requestId: string;
  now: string;
  late: boolean;
  period: boolean;
}

/** One day of a booking request with that day's rules (calendar, deadline, places, enrolment). */
export function dayBooking(bc: BookingContext, day: string, options: DayBookingOptions): PeriodDay {
  const rules = dayRules(day, bc.activity, bc.commune, options.now, bc.late);
  const { eligibility: allowed, group } = eligibility(day, bc.activity, bc.child, bc.enrolments);
  const key = { requestId: options.requestId, familyId: bc.child.familyId, childId: bc.child.childId, activityId: bc.activity.activityId, day };
  return { request: { key, group, eligibility: allowed, late: options.late, period: options.period }, rules };
}

/** The command path's decision for one day: load the day's month stream, decide with that day's rules. */
export function dayBookingDecision(bc: BookingContext, day: string, options: DayBookingOptions): StreamDecision<MonthState, ActivityMonthEvent> {
  const { request, rules } = dayBooking(bc, day, options);
  return {
    streamId: activityMonthStream(bc.commune.communeId, bc.activity.activityId, day),
    initialState: initialMonthState,
    evolve: evolveMonth,
    decide: (state) => decideBooking(request, state, rules),
  };
}

/** The command path's decision for the days of a period falling in one month (all on that month's stream). */
export function periodMonthDecision(bc: BookingContext, days: string[], options: DayBookingOptions): StreamDecision<MonthState, ActivityMonthEvent> {
  const periodDays = days.map((day) => dayBooking(bc, day, { ...options, period: true }));
  return {
    streamId: activityMonthStream(bc.commune.communeId, bc.activity.activityId, days[0]),
    initialState: initialMonthState,
    evolve: evolveMonth,
    decide: (state) => decidePeriodDays(periodDays, state),
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

/** The events a command wrote on a month stream, told day by day. */
export function dayEventsOf(events: ActivityMonthEvent[]): Map<string, ReservationEvent[]> {
  const byDay = new Map<string, ReservationEvent[]>();
  for (const event of events) {
    for (const dayEvent of event.type === 'ReservationDaysDecided' ? daysDecidedAsDayEvents(event.data) : [event]) {
      const list = byDay.get(dayEvent.data.day);
      if (list) list.push(dayEvent);
      else byDay.set(dayEvent.data.day, [dayEvent]);
    }
  }
  return byDay;
}

/** What the events a period booking wrote on its month streams say to the parent, day by day. */
export function periodOutcomes(events: ActivityMonthEvent[]): Map<string, DayOutcome> {
  const outcomes = new Map<string, DayOutcome>();
  for (const event of events) {
    if (event.type !== 'ReservationDaysDecided') {
      outcomes.set(event.data.day, dayOutcome(event.data.day, [event]));
      continue;
    }
    // Read straight from the decision (no day-by-day facts built): a school year is 140 days.
    const { accepted, waitlisted, refused, pending, late } = event.data;
    const lateDays = late ? new Set(late.days) : null;
    const lateField = (day: string) => (late && lateDays!.has(day) ? { lateActivityId: late.activityId } : {});
    for (const day of accepted) outcomes.set(day, { day, status: 'accepted', ...lateField(day) });
    for (const { day, rank } of waitlisted) outcomes.set(day, { day, status: 'waitlisted', rank, ...lateField(day) });
    for (const { day, reasonCode, reasonText } of refused) outcomes.set(day, { day, status: 'refused', reasonCode, reasonText });
    for (const day of pending) outcomes.set(day, { day, status: 'pending', ...lateField(day) });
  }
  return outcomes;
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
