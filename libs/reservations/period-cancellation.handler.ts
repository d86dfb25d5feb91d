import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { invalid } from '@pf/domain';
import { EventSourcedStreams, READ_STORE, type CommandContext, type DomainEvent, type StreamDecision } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { addDays, isoWeekday } from '@pf/activities';
import { communeActivity, communeProfile, reachableChild } from '@pf/enrolments';
import { dayCapacity, onTime } from './day-availability';
import { describeDeadlineRule } from './deadline-rules';
import { validatePeriod } from './period';
import {
  BOOKING_RULES,
  decidePeriodCancellation,
  evolveMonth,
  initialMonthState,
  type CancellationDayOutcome,
  type MonthState,
  type PeriodCancellationDay,
} from './reservation.decider';
import { activityMonthStream, periodCancellationStream, type ActivityMonthEvent, type PeriodCancellationEvent } from './reservation.events';

export interface PeriodCancellationInput {
  childId: string;
  activityId: string;
  from: string;
  to: string;
  /** ISO weekdays (1 = lundi); default: every day of the period. */
  weekdays?: number[];
  /** The parent's words, optional. */
  reason?: string | null;
}

export interface PeriodCancellationCounts {
  cancelled: number;
  refused: number;
  pending: number;
  kept: number;
}

export interface PeriodCancellationPreview {
  counts: PeriodCancellationCounts;
  /** Each day the child holds in the period, in order, with what the cancellation gives (or would give) and why. */
  days: CancellationDayOutcome[];
}

export interface PeriodCancellationOutcome extends PeriodCancellationPreview {
  requestId: string;
  status: 'accepted' | 'partially_accepted' | 'refused' | 'pending';
  position: number;
}

export class PreviewPeriodCancellationCommand {
  constructor(readonly input: PeriodCancellationInput, readonly user: SessionUser, readonly ctx: CommandContext) {}
}

export class RequestPeriodCancellationCommand {
  constructor(readonly input: PeriodCancellationInput, readonly user: SessionUser, readonly ctx: CommandContext & { requestId: string }) {}
}

const nothingToCancel = () =>
  invalid('NOTHING_TO_CANCEL', "Aucun jour réservé de cet enfant ne peut être annulé sur cette période.", [
    { field: 'from', code: 'NOTHING_TO_CANCEL', message: 'Aucun jour à annuler dans cette période.' },
  ]);

/** Days from `from` to `to` on these weekdays, grouped by month (each month is one stream). */
function monthsOf(from: string, to: string, weekdays: number[]): string[][] {
  const wanted = new Set(weekdays);
  const months = new Map<string, string[]>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!wanted.has(isoWeekday(day))) continue;
    const list = months.get(day.slice(0, 7));
    if (list) list.push(day);
    else months.set(day.slice(0, 7), [day]);
  }
  return [...months.values()];
}

export function countsOfCancellation(days: readonly CancellationDayOutcome[]): PeriodCancellationCounts {
  const counts = { cancelled: 0, refused: 0, pending: 0, kept: 0 };
  for (const d of days) counts[d.status]++;
  return counts;
}

export function periodCancellationStatus(counts: PeriodCancellationCounts): PeriodCancellationOutcome['status'] {
  const asked = counts.cancelled + counts.refused + counts.pending;
  if (counts.cancelled === asked) return 'accepted';
  if (counts.cancelled > 0) return 'partially_accepted';
  if (counts.pending > 0) return 'pending';
  return 'refused';
}

/** What cancelling a period of one child's bookings of one activity needs, looked up once. */
async function planOf(reads: ReadStore, user: SessionUser, ctx: CommandContext, input: PeriodCancellationInput, requestId: string) {
  validatePeriod(input.from, input.to, input.weekdays);
  const child = await reachableChild(reads, input.childId, user, ctx.communeId);
  const activity = await communeActivity(reads, input.activityId, ctx.communeId);
  const commune = await communeProfile(reads, ctx.communeId);
  const weekdays = input.weekdays?.length ? [...new Set(input.weekdays)].sort((a, b) => a - b) : [1, 2, 3, 4, 5, 6, 7];
  const reason = input.reason?.trim() || null;
  const deadlineText = describeDeadlineRule(activity.deadline);
  const capacity = dayCapacity(activity);
  const months = monthsOf(input.from, input.to, weekdays).map((days) =>
    days.map(
      (day): PeriodCancellationDay => ({
        request: { requestId, childId: child.childId, activityId: activity._id, day, familyId: child.familyId, reason, period: true },
        rules: { onTime: onTime(activity.deadline, day, ctx.now, commune.timeZone, activity.startTime), deadlineText, processing: activity.processing, capacity },
      }),
    ),
  );
  return { child, activity, weekdays, reason, months };
}

/**
 * Tells the parent, before confirming, what cancelling the period would give on each day the
 * child holds: freed, kept and billed past the deadline (and why), or left to the service.
 * Decided on the streams as they are now; nothing is written.
 */
@CommandHandler(PreviewPeriodCancellationCommand)
export class PreviewPeriodCancellationHandler implements ICommandHandler<PreviewPeriodCancellationCommand, PeriodCancellationPreview> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, user, ctx }: PreviewPeriodCancellationCommand): Promise<PeriodCancellationPreview> {
    const plan = await planOf(this.reads, user, ctx, input, 'preview');
    const days: CancellationDayOutcome[] = [];
    for (const month of plan.months) {
      const loaded = await this.streams.load(activityMonthStream(ctx.communeId, plan.activity._id, month[0].request.day), initialMonthState, evolveMonth);
      days.push(...decidePeriodCancellation(month, loaded.state).outcomes);
    }
    return { counts: countsOfCancellation(days), days };
  }
}

/**
 * One request cancelling a period: each month's days decided on that month's stream (the same
 * per-day facts as a cancellation of one day, marked as days of a period), then the request's own
 * stream with its summary, all appended at once or not at all.
 */
@CommandHandler(RequestPeriodCancellationCommand)
export class RequestPeriodCancellationHandler implements ICommandHandler<RequestPeriodCancellationCommand, PeriodCancellationOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, user, ctx }: RequestPeriodCancellationCommand): Promise<PeriodCancellationOutcome> {
    const plan = await planOf(this.reads, user, ctx, input, ctx.requestId);
    const decided: CancellationDayOutcome[][] = plan.months.map(() => []);
    const monthDecisions: StreamDecision<MonthState, ActivityMonthEvent>[] = plan.months.map((month, index) => ({
      streamId: activityMonthStream(ctx.communeId, plan.activity._id, month[0].request.day),
      initialState: initialMonthState,
      evolve: evolveMonth,
      decide: (state) => {
        const { events, outcomes } = decidePeriodCancellation(month, state);
        decided[index] = outcomes;
        return events;
      },
    }));
    const base = { requestId: ctx.requestId, familyId: plan.child.familyId, childId: plan.child.childId, activityId: plan.activity._id };
    const summary: StreamDecision<null, PeriodCancellationEvent> = {
      streamId: periodCancellationStream(ctx.communeId, ctx.requestId),
      initialState: null,
      evolve: (state) => state,
      decide: () => {
        const days = decided.flat();
        if (!days.some((d) => d.status !== 'kept')) throw nothingToCancel();
        const refused = days.filter((d) => d.status === 'refused');
        return [
          { type: 'PeriodCancellationRequested', data: { ...base, from: input.from, to: input.to, weekdays: plan.weekdays, days: days.length, reason: plan.reason } },
          {
            type: 'PeriodCancellationDecided',
            data: {
              ...base,
              cancelled: days.filter((d) => d.status === 'cancelled').map((d) => d.day),
              refused: refused.map((d) => ({ day: d.day, reasonCode: 'PAST_DEADLINE' as const })),
              pending: days.filter((d) => d.status === 'pending').map((d) => d.day),
              reasons: refused.length ? { PAST_DEADLINE: refused[0].reasonText! } : {},
            },
            // The parent asked; the booking rules decided every day at once.
            actor: BOOKING_RULES,
          },
        ];
      },
    };
    const result = await this.streams.handleMany([...monthDecisions, summary] as unknown as StreamDecision<unknown, DomainEvent>[], ctx);
    // A retried request gives back what the first one decided, read from its own events.
    const days = result.replayed ? replayedOutcomes(result.outcomes.slice(0, -1).flatMap((o) => o.events as ActivityMonthEvent[]), plan) : decided.flat();
    const counts = countsOfCancellation(days);
    return { requestId: ctx.requestId, status: periodCancellationStatus(counts), counts, days, position: result.position };
  }
}

/** The outcomes of a period cancellation already recorded, from its per-day facts. */
function replayedOutcomes(events: ActivityMonthEvent[], plan: { child: { childId: string } }): CancellationDayOutcome[] {
  const byDay = new Map<string, CancellationDayOutcome>();
  for (const e of events) {
    if (e.type === 'CancellationRequested' && e.data.childId === plan.child.childId) byDay.set(e.data.day, { day: e.data.day, status: 'pending', previousStatus: 'accepted' });
    if (e.type === 'ReservationCancelled' && e.data.childId === plan.child.childId) byDay.set(e.data.day, { day: e.data.day, status: 'cancelled', previousStatus: e.data.previousStatus });
    if (e.type === 'CancellationRefused' && e.data.childId === plan.child.childId) {
      byDay.set(e.data.day, { day: e.data.day, status: 'refused', previousStatus: 'accepted', reasonCode: e.data.reasonCode, reasonText: e.data.reasonText });
    }
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}
