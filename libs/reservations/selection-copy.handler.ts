import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { invalid } from '@pf/domain';
import { EventSourcedStreams, type CommandContext, type DomainEvent, type StreamDecision } from '@pf/event-sourcing';
import type { SessionUser } from '@pf/identity';
import { addDays, isoWeekday } from '@pf/activities';
import { BookingContextLoader, dayBooking, periodOutcomes, type BookingContext, type DayOutcome } from './booking-context';
import { expandPeriod, validateDay, validatePeriod } from './period';
import { BOOKING_RULES, decidePeriodDays, evolveMonth, initialMonthState, type MonthState } from './reservation.decider';
import {
  activityMonthStream,
  selectionCopyStream,
  type ActivityMonthEvent,
  type RefusalReason,
  type SelectedDay,
  type SelectionCopyEvent,
} from './reservation.events';

/** Days chosen in the model week: a week of 7 days × a handful of activities × the family's children. */
export const MAX_SELECTED_DAYS = 60;

export interface SelectionCopyInput {
  /** Days chosen in one week (Monday to Sunday): each child, activity and day to repeat. */
  selection: SelectedDay[];
  /** The last day a copy may fall on (included). */
  until: string;
  /** Days past their deadline are booked through the activity's late booking, at its surcharge. */
  late?: boolean;
}

export type CopiedDay = DayOutcome & { childId: string; activityId: string };

export interface SelectionCopyPreview {
  counts: { accepted: number; waitlisted: number; refused: number; pending: number; skipped: number };
  /** Every copy, in day order, with what the booking rules give (or would give) and why. */
  days: CopiedDay[];
  /** Copies falling on a day the activity does not run (holidays, closures), and why. */
  skipped: Array<SelectedDay & { label: string }>;
  /** The first and last day copies may fall on. */
  from: string;
  until: string;
  /** Late-booking activities that days marked with `lateActivityId` are (or could be) booked on, by main activity. */
  lateBookings: Array<{ activityId: string; lateActivityId: string; name: string }>;
}

export interface SelectionCopyOutcome extends SelectionCopyPreview {
  requestId: string;
  status: 'accepted' | 'partially_accepted' | 'refused' | 'waitlisted' | 'pending';
  position: number;
}

export class PreviewSelectionCopyCommand {
  constructor(readonly input: SelectionCopyInput, readonly user: SessionUser, readonly ctx: CommandContext) {}
}

export class RequestSelectionCopyCommand {
  constructor(readonly input: SelectionCopyInput, readonly user: SessionUser, readonly ctx: CommandContext & { requestId: string }) {}
}

const problem = (code: string, message: string, field: string) => invalid(code, message, [{ field, code, message }]);

const mondayOf = (day: string) => addDays(day, 1 - isoWeekday(day));

/**
 * Checks the selection as the parent made it: real days of one week (Monday to Sunday), at most
 * MAX_SELECTED_DAYS (each child, activity and day once: checked by groupsOf); copies run from the next Monday to `until`,
 * at most a year.
 */
export function validateSelection(input: SelectionCopyInput): { from: string } {
  if (!Array.isArray(input.selection) || input.selection.length === 0) throw problem('SELECTION_EMPTY', 'Choisissez au moins un jour à recopier.', 'selection');
  if (input.selection.length > MAX_SELECTED_DAYS) throw problem('SELECTION_TOO_LARGE', `Au plus ${MAX_SELECTED_DAYS} jours à recopier à la fois.`, 'selection');
  for (const [i, s] of input.selection.entries()) validateDay(s.day, `selection.${i}.day`);
  const monday = mondayOf(input.selection[0].day);
  if (input.selection.some((s) => mondayOf(s.day) !== monday)) {
    throw problem('SELECTION_NOT_ONE_WEEK', 'Les jours à recopier doivent être pris dans une même semaine (du lundi au dimanche).', 'selection');
  }
  const from = addDays(monday, 7);
  validateDay(input.until, 'until');
  if (input.until < from) throw problem('UNTIL_TOO_EARLY', 'Recopiez au moins jusqu’à la semaine suivante.', 'until');
  validatePeriod(from, input.until, undefined);
  return { from };
}

/** The copies of one child's activity: its weekdays in the model week, from `from` to `until`. */
interface CopyGroup {
  bc: BookingContext;
  days: string[];
  skipped: Array<{ day: string; label: string }>;
}

async function groupsOf(contexts: BookingContextLoader, user: SessionUser, communeId: string, input: SelectionCopyInput, from: string): Promise<CopyGroup[]> {
  const weekdays = new Map<string, { childId: string; activityId: string; weekdays: Set<number> }>();
  for (const s of input.selection) {
    const key = `${s.childId}|${s.activityId}`;
    const group = weekdays.get(key) ?? { childId: s.childId, activityId: s.activityId, weekdays: new Set<number>() };
    group.weekdays.add(isoWeekday(s.day));
    weekdays.set(key, group);
  }
  const groups: CopyGroup[] = [];
  for (const g of weekdays.values()) {
    const bc = await contexts.load(user, communeId, g.childId, g.activityId);
    const { days, skipped } = expandPeriod(from, input.until, [...g.weekdays].sort(), bc.activity, bc.commune);
    groups.push({ bc, days, skipped });
  }
  // Once every child and activity is known in the caller's commune (else 404 first).
  const keys = new Set(input.selection.map((s) => `${s.childId}|${s.activityId}|${s.day}`));
  if (keys.size !== input.selection.length) throw problem('SELECTION_DUPLICATE', 'Un même jour est choisi deux fois pour le même enfant et la même activité.', 'selection');
  // One request is one family's: a service agent copying for two families makes two requests.
  if (new Set(groups.map((g) => g.bc.child.familyId)).size > 1) {
    throw problem('SELECTION_FAMILIES', 'Les jours à recopier doivent concerner les enfants d’une même famille.', 'selection');
  }
  return groups;
}

/** Stream by stream (an activity's month), the days of each child to decide there. */
function byStream(groups: CopyGroup[], communeId: string): Map<string, Array<{ group: CopyGroup; days: string[] }>> {
  const streams = new Map<string, Array<{ group: CopyGroup; days: string[] }>>();
  for (const group of groups) {
    const months = new Map<string, string[]>();
    for (const day of group.days) months.set(day.slice(0, 7), [...(months.get(day.slice(0, 7)) ?? []), day]);
    for (const days of months.values()) {
      const id = activityMonthStream(communeId, group.bc.activity.activityId, days[0]);
      streams.set(id, [...(streams.get(id) ?? []), { group, days }]);
    }
  }
  return streams;
}

/** Each child's days on one month stream, decided as days of a period, one after the other on the state the previous left. */
function decideStream(parts: Array<{ group: CopyGroup; days: string[] }>, state: MonthState, options: { requestId: string; now: string; late: boolean }): ActivityMonthEvent[] {
  const events: ActivityMonthEvent[] = [];
  let current = state;
  for (const { group, days } of parts) {
    const decided = decidePeriodDays(
      days.map((day) => dayBooking(group.bc, day, { ...options, period: true })),
      current,
    );
    events.push(...decided);
    current = decided.reduce(evolveMonth, current);
  }
  return events;
}

const byDayThenNames = (a: SelectedDay, b: SelectedDay) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.childId.localeCompare(b.childId) || a.activityId.localeCompare(b.activityId));

function outcomesOf(groups: CopyGroup[], events: ActivityMonthEvent[]): CopiedDay[] {
  const days: CopiedDay[] = [];
  for (const group of groups) {
    const childId = group.bc.child.childId;
    const activityId = group.bc.activity.activityId;
    const own = events.filter((e) => e.data.childId === childId && e.data.activityId === activityId);
    const byDay = periodOutcomes(own);
    for (const day of group.days) {
      const outcome = byDay.get(day);
      if (outcome) days.push({ ...outcome, childId, activityId });
    }
  }
  return days.sort(byDayThenNames);
}

function preview(groups: CopyGroup[], days: CopiedDay[], from: string, until: string, late: boolean): SelectionCopyPreview {
  const counts = { accepted: 0, waitlisted: 0, refused: 0, pending: 0, skipped: 0 };
  for (const d of days) counts[d.status]++;
  const skipped = groups.flatMap((g) => g.skipped.map((s) => ({ childId: g.bc.child.childId, activityId: g.bc.activity.activityId, ...s }))).sort(byDayThenNames);
  counts.skipped = skipped.length;
  const lateBookings = new Map<string, { activityId: string; lateActivityId: string; name: string }>();
  for (const g of groups) {
    const lateUsed = days.some((d) => d.activityId === g.bc.activity.activityId && d.lateActivityId);
    if (g.bc.late && (lateUsed || !late)) lateBookings.set(g.bc.activity.activityId, { activityId: g.bc.activity.activityId, lateActivityId: g.bc.late.activityId, name: g.bc.late.name });
  }
  return { counts, days, skipped, from, until, lateBookings: [...lateBookings.values()] };
}

export function selectionCopyStatus(counts: SelectionCopyPreview['counts']): SelectionCopyOutcome['status'] {
  const decided = counts.accepted + counts.waitlisted + counts.refused + counts.pending;
  if (counts.accepted === decided) return 'accepted';
  if (counts.accepted > 0) return 'partially_accepted';
  if (counts.pending > 0) return 'pending';
  if (counts.waitlisted > 0) return 'waitlisted';
  return 'refused';
}

/** What copying the selection would give on each day, decided on the streams as they are now; nothing is written. */
@CommandHandler(PreviewSelectionCopyCommand)
export class PreviewSelectionCopyHandler implements ICommandHandler<PreviewSelectionCopyCommand, SelectionCopyPreview> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly contexts: BookingContextLoader,
  ) {}

  async execute({ input, user, ctx }: PreviewSelectionCopyCommand): Promise<SelectionCopyPreview> {
    const { from } = validateSelection(input);
    const groups = await groupsOf(this.contexts, user, ctx.communeId, input, from);
    const events: ActivityMonthEvent[] = [];
    for (const [streamId, parts] of byStream(groups, ctx.communeId)) {
      const month = await this.streams.load(streamId, initialMonthState, evolveMonth);
      events.push(...decideStream(parts, month.state, { requestId: 'preview', now: ctx.now, late: input.late === true }));
    }
    return preview(groups, outcomesOf(groups, events), from, input.until, input.late === true);
  }
}

/**
 * « Recopier la sélection »: one request copying the chosen days to each following week until
 * `until`. Each copy is decided by the booking rules as a day of a period booking, on its own
 * month stream; the request's own stream keeps what was asked and the summary, all appended at
 * once or not at all.
 */
@CommandHandler(RequestSelectionCopyCommand)
export class RequestSelectionCopyHandler implements ICommandHandler<RequestSelectionCopyCommand, SelectionCopyOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly contexts: BookingContextLoader,
  ) {}

  async execute({ input, user, ctx }: RequestSelectionCopyCommand): Promise<SelectionCopyOutcome> {
    const { from } = validateSelection(input);
    const groups = await groupsOf(this.contexts, user, ctx.communeId, input, from);
    const late = input.late === true;
    const totalDays = groups.reduce((n, g) => n + g.days.length, 0);
    if (totalDays === 0) {
      throw invalid('NO_DAY_TO_BOOK', "Les activités choisies n'ouvrent aucun jour à recopier sur cette période.", [
        { field: 'until', code: 'NO_DAY_TO_BOOK', message: 'Aucun jour ouvert à recopier jusqu’à cette date.' },
      ]);
    }
    const streams = [...byStream(groups, ctx.communeId)];
    const decided: ActivityMonthEvent[][] = [];
    const monthDecisions: StreamDecision<MonthState, ActivityMonthEvent>[] = streams.map(([streamId, parts]) => ({
      streamId,
      initialState: initialMonthState,
      evolve: evolveMonth,
      decide: (state) => {
        const events = decideStream(parts, state, { requestId: ctx.requestId, now: ctx.now, late });
        decided.push(events);
        return events;
      },
    }));
    const familyId = groups[0].bc.child.familyId;
    const summary: StreamDecision<null, SelectionCopyEvent> = {
      streamId: selectionCopyStream(ctx.communeId, ctx.requestId),
      initialState: null,
      evolve: (state) => state,
      decide: () => {
        if (decided.length !== streams.length) throw new Error('The copy summary must be decided after each of its months');
        const days = outcomesOf(groups, decided.flat());
        const ref = (d: CopiedDay): SelectedDay => ({ childId: d.childId, activityId: d.activityId, day: d.day });
        const reasons: Partial<Record<RefusalReason, string>> = {};
        for (const d of days) if (d.reasonCode && !reasons[d.reasonCode]) reasons[d.reasonCode] = d.reasonText;
        const lateActivityIds = late ? groups.flatMap((g) => (g.bc.late ? [g.bc.late.activityId] : [])) : [];
        return [
          {
            type: 'SelectionCopyRequested',
            data: {
              requestId: ctx.requestId,
              familyId,
              selection: [...input.selection].map((s) => ({ childId: s.childId, activityId: s.activityId, day: s.day })).sort(byDayThenNames),
              from,
              until: input.until,
              ...(lateActivityIds.length ? { lateActivityIds } : {}),
              days: totalDays,
              skipped: groups.reduce((n, g) => n + g.skipped.length, 0),
            },
          },
          {
            type: 'SelectionCopyDecided',
            data: {
              requestId: ctx.requestId,
              familyId,
              accepted: days.filter((d) => d.status === 'accepted').map(ref),
              waitlisted: days.filter((d) => d.status === 'waitlisted').map(ref),
              refused: days.filter((d) => d.status === 'refused').map((d) => ({ ...ref(d), reasonCode: d.reasonCode! })),
              pending: days.filter((d) => d.status === 'pending').map(ref),
              reasons,
            },
            actor: BOOKING_RULES,
          },
        ];
      },
    };
    const result = await this.streams.handleMany([...monthDecisions, summary] as unknown as StreamDecision<unknown, DomainEvent>[], ctx);
    const days = outcomesOf(groups, result.outcomes.slice(0, -1).flatMap((o) => o.events as ActivityMonthEvent[]));
    const answer = preview(groups, days, from, input.until, late);
    return { requestId: ctx.requestId, status: selectionCopyStatus(answer.counts), ...answer, position: result.position };
  }
}
