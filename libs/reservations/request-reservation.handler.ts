import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { invalid } from '@pf/domain';
import { EventSourcedStreams, type CommandContext, type DomainEvent, type StreamDecision } from '@pf/event-sourcing';
import type { SessionUser } from '@pf/identity';
import { periodOf } from '@pf/activities';
import { BookingContextLoader, dayBooking, dayBookingDecision, dayEventsOf, dayOutcome, periodMonthDecision, periodOutcomes, type BookingContext, type DayOutcome } from './booking-context';
import { BOOKING_RULES, decideBooking, evolveMonth, initialMonthState, type MonthState } from './reservation.decider';
import { expandPeriod, validateDay, validatePeriod } from './period';
import { activityMonthStream, periodBookingStream, type ActivityMonthEvent, type PeriodReservationEvent, type RefusalReason } from './reservation.events';

// ---------------------------------------------------------------------------------------------
// One day

export class RequestReservationCommand {
  constructor(
    readonly input: { childId: string; activityId: string; day: string; late?: boolean },
    readonly user: SessionUser,
    readonly ctx: CommandContext & { requestId: string },
  ) {}
}

export type ReservationOutcome = Omit<DayOutcome, 'day'> & { requestId: string; position: number };

/** Load the day's stream → decide with the day's rules → append. */
@CommandHandler(RequestReservationCommand)
export class RequestReservationHandler implements ICommandHandler<RequestReservationCommand, ReservationOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly contexts: BookingContextLoader,
  ) {}

  async execute({ input, user, ctx }: RequestReservationCommand): Promise<ReservationOutcome> {
    validateDay(input.day, 'day');
    const bc = await this.contexts.load(user, ctx.communeId, input.childId, input.activityId);
    const decision = dayBookingDecision(bc, input.day, { requestId: ctx.requestId, now: ctx.now, late: input.late === true, period: false });
    const outcome = await this.streams.handle(decision, ctx);
    const { day: _day, ...result } = dayOutcome(input.day, dayEventsOf(outcome.events).get(input.day) ?? []);
    return { requestId: ctx.requestId, ...result, position: outcome.position };
  }
}

// ---------------------------------------------------------------------------------------------
// A period: one request, each day decided on its own stream, one atomic append

export interface PeriodInput {
  childId: string;
  activityId: string;
  from: string;
  to: string;
  /** ISO weekdays; default: the typical week of the child's enrolment, else every day the activity opens. */
  weekdays?: number[];
  late?: boolean;
}

export class RequestPeriodReservationCommand {
  constructor(readonly input: PeriodInput, readonly user: SessionUser, readonly ctx: CommandContext & { requestId: string }) {}
}

export interface PeriodOutcome {
  requestId: string;
  status: 'accepted' | 'partially_accepted' | 'refused' | 'waitlisted' | 'pending';
  counts: { accepted: number; waitlisted: number; refused: number; pending: number; skipped: number };
  days: DayOutcome[];
  skipped: Array<{ day: string; label: string }>;
  position: number;
}

function weekdaysFor(bc: BookingContext, input: PeriodInput): number[] {
  if (input.weekdays?.length) return [...new Set(input.weekdays)].sort((a, b) => a - b);
  const period = periodOf(bc.activity, input.from) ?? periodOf(bc.activity, input.to);
  const typicalWeek = period && bc.enrolments.find((e) => e.periodId === period.periodId && e.status === 'accepted')?.typicalWeek;
  return typicalWeek?.length ? typicalWeek : [1, 2, 3, 4, 5, 6, 7];
}

export function periodStatus(counts: PeriodOutcome['counts']): PeriodOutcome['status'] {
  const decided = counts.accepted + counts.waitlisted + counts.refused + counts.pending;
  if (counts.accepted === decided) return 'accepted';
  if (counts.accepted > 0) return 'partially_accepted';
  if (counts.pending > 0) return 'pending';
  if (counts.waitlisted > 0) return 'waitlisted';
  return 'refused';
}

function countsOf(days: DayOutcome[], skipped: number): PeriodOutcome['counts'] {
  const counts = { accepted: 0, waitlisted: 0, refused: 0, pending: 0, skipped };
  for (const d of days) counts[d.status]++;
  return counts;
}

/** Days grouped by month, in order: the days of one month are decided on that month's stream. */
function byMonth(days: string[]): string[][] {
  const months = new Map<string, string[]>();
  for (const day of days) {
    const month = day.slice(0, 7);
    const list = months.get(month);
    if (list) list.push(day);
    else months.set(month, [day]);
  }
  return [...months.values()];
}

/**
 * The decisions of a period booking: each month's stream (its days decided one by one), then the
 * request's own stream whose summary is worked out from the days' decisions (`handleMany` decides
 * in this order and appends all or nothing).
 */
export function periodDecisions(bc: BookingContext, days: string[], skipped: number, input: PeriodInput & { weekdays: number[] }, ctx: { requestId: string; now: string }) {
  const decided: ActivityMonthEvent[][] = [];
  const months = byMonth(days);
  const monthDecisions = months.map((monthDays) => {
    const decision = periodMonthDecision(bc, monthDays, { requestId: ctx.requestId, now: ctx.now, late: input.late === true, period: true });
    return {
      ...decision,
      decide: (state: MonthState) => {
        const events = decision.decide(state);
        decided.push(events);
        return events;
      },
    };
  });
  const summary: StreamDecision<null, PeriodReservationEvent> = {
    streamId: periodBookingStream(bc.commune.communeId, ctx.requestId),
    initialState: null,
    evolve: (state) => state,
    decide: () => {
      if (decided.length !== months.length) throw new Error('The period summary must be decided after each of its months');
      const byDay = periodOutcomes(decided.flat());
      const outcomes = days.map((day) => byDay.get(day)!);
      const base = { requestId: ctx.requestId, familyId: bc.child.familyId, childId: bc.child.childId, activityId: bc.activity.activityId };
      const reasons: Partial<Record<RefusalReason, string>> = {};
      for (const o of outcomes) if (o.reasonCode && !reasons[o.reasonCode]) reasons[o.reasonCode] = o.reasonText;
      return [
        {
          type: 'PeriodReservationRequested',
          data: { ...base, from: input.from, to: input.to, weekdays: input.weekdays, ...(input.late && bc.late ? { lateActivityId: bc.late.activityId } : {}), days: days.length, skipped },
        },
        {
          type: 'PeriodReservationDecided',
          data: {
            ...base,
            accepted: outcomes.filter((o) => o.status === 'accepted').map((o) => o.day),
            waitlisted: outcomes.filter((o) => o.status === 'waitlisted').map((o) => o.day),
            refused: outcomes.filter((o) => o.status === 'refused').map((o) => ({ day: o.day, reasonCode: o.reasonCode! })),
            pending: outcomes.filter((o) => o.status === 'pending').map((o) => o.day),
            reasons,
          },
          // The parent asked; the booking rules decided every day at once, as for a single day.
          actor: BOOKING_RULES,
        },
      ];
    },
  };
  return [...monthDecisions, summary] as unknown as StreamDecision<unknown, DomainEvent>[];
}

@CommandHandler(RequestPeriodReservationCommand)
export class RequestPeriodReservationHandler implements ICommandHandler<RequestPeriodReservationCommand, PeriodOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly contexts: BookingContextLoader,
  ) {}

  async execute({ input, user, ctx }: RequestPeriodReservationCommand): Promise<PeriodOutcome> {
    validatePeriod(input.from, input.to, input.weekdays);
    const bc = await this.contexts.load(user, ctx.communeId, input.childId, input.activityId);
    const weekdays = weekdaysFor(bc, input);
    const { days, skipped } = expandPeriod(input.from, input.to, weekdays, bc.activity, bc.commune);
    if (days.length === 0) {
      throw invalid('NO_DAY_TO_BOOK', "L'activité n'ouvre aucun des jours demandés sur cette période.", [
        { field: 'from', code: 'NO_DAY_TO_BOOK', message: 'Aucun jour ouvert dans cette période.' },
      ]);
    }
    const result = await this.streams.handleMany(periodDecisions(bc, days, skipped.length, { ...input, weekdays }, ctx), ctx);
    // The months' outcomes, then the request's summary (last).
    const byDay = periodOutcomes(result.outcomes.slice(0, -1).flatMap((o) => o.events as ActivityMonthEvent[]));
    const outcomes = days.map((day) => byDay.get(day)!);
    const counts = countsOf(outcomes, skipped.length);
    return { requestId: ctx.requestId, status: periodStatus(counts), counts, days: outcomes, skipped, position: result.position };
  }
}

// ---------------------------------------------------------------------------------------------
// Preview: what would happen, decided on the current state, nothing written

export class PreviewReservationCommand {
  constructor(readonly input: PeriodInput, readonly user: SessionUser, readonly ctx: CommandContext) {}
}

export interface PreviewOutcome {
  counts: PeriodOutcome['counts'];
  days: DayOutcome[];
  skipped: Array<{ day: string; label: string }>;
  /** The late-booking activity that days marked with `lateActivityId` would be booked on (its tariff applies). */
  lateBooking: { activityId: string; name: string } | null;
}

/**
 * Tells the parent, before confirming, each day's would-be outcome and why (past deadline, late
 * booking with surcharge, waiting list…). Decided on the streams as they are now: a booking made
 * meanwhile by someone else may change the real outcome.
 */
@CommandHandler(PreviewReservationCommand)
export class PreviewReservationHandler implements ICommandHandler<PreviewReservationCommand, PreviewOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly contexts: BookingContextLoader,
  ) {}

  async execute({ input, user, ctx }: PreviewReservationCommand): Promise<PreviewOutcome> {
    validatePeriod(input.from, input.to, input.weekdays);
    const bc = await this.contexts.load(user, ctx.communeId, input.childId, input.activityId);
    const single = input.from === input.to && !input.weekdays;
    const { days, skipped } = single ? { days: [input.from], skipped: [] } : expandPeriod(input.from, input.to, weekdaysFor(bc, input), bc.activity, bc.commune);
    const outcomes: DayOutcome[] = [];
    for (const monthDays of byMonth(days)) {
      const month = await this.streams.load(activityMonthStream(bc.commune.communeId, bc.activity.activityId, monthDays[0]), initialMonthState, evolveMonth);
      for (const day of monthDays) {
        const { request, rules } = dayBooking(bc, day, { requestId: 'preview', now: ctx.now, late: input.late === true, period: !single });
        outcomes.push(dayOutcome(day, decideBooking(request, month.state, rules)));
      }
    }
    const lateUsed = outcomes.some((o) => o.lateActivityId);
    return {
      counts: countsOf(outcomes, skipped.length),
      days: outcomes,
      skipped,
      lateBooking: bc.late && (lateUsed || !input.late) ? { activityId: bc.late.activityId, name: bc.late.name } : null,
    };
  }
}
