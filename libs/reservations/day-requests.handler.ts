import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { conflict, invalid, notFound } from '@pf/domain';
import { EventSourcedStreams, READ_STORE, type CommandContext, type DomainEvent, type StreamDecision } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { decideEnrolmentDecision, evolveEnrolment, initialEnrolmentState, type EnrolmentState, enrolmentStream, ENROLMENTS, type EnrolmentDocument, communeActivity, communeProfile, reachableChild, todayIn } from '@pf/enrolments';
import { dayCapacity, onTime } from './day-availability';
import { describeDeadlineRule } from './deadline-rules';
import { validateDay } from './period';
import { REQUESTS, type RequestDocument } from '@pf/requests';
import { PLANNING, type PlanningDocument } from './planning.projection';
import {
  decideAbsence,
  decideAttendance,
  decideCancellation,
  decideStaffDecision,
  evolveMonth,
  initialMonthState,
  type AttendanceMark,
  type MonthState,
} from './reservation.decider';
import { activityMonthStream, type AbsenceReason, type ActivityMonthEvent, type ReservationEvent } from './reservation.events';

type Ctx = CommandContext & { requestId: string };

/** A decision about one day, on the stream of its activity and month. */
const dayStreamOf = (communeId: string, activityId: string, day: string, decide: (state: MonthState) => ReservationEvent[]): StreamDecision<MonthState, ActivityMonthEvent> => ({
  streamId: activityMonthStream(communeId, activityId, day),
  initialState: initialMonthState,
  evolve: evolveMonth,
  decide,
});

// ---------------------------------------------------------------------------------------------
// Cancellation

export interface DayInput {
  childId: string;
  activityId: string;
  day: string;
}

export class CancelReservationCommand {
  constructor(readonly input: DayInput & { reason?: string | null }, readonly user: SessionUser, readonly ctx: Ctx) {}
}

export interface DayRequestOutcome {
  requestId: string;
  status: 'accepted' | 'refused' | 'pending';
  reasonCode?: string;
  reasonText?: string;
  justified?: boolean;
  position: number;
}

@CommandHandler(CancelReservationCommand)
export class CancelReservationHandler implements ICommandHandler<CancelReservationCommand, DayRequestOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, user, ctx }: CancelReservationCommand): Promise<DayRequestOutcome> {
    validateDay(input.day, 'day');
    const child = await reachableChild(this.reads, input.childId, user, ctx.communeId);
    const activity = await communeActivity(this.reads, input.activityId, ctx.communeId);
    const commune = await communeProfile(this.reads, ctx.communeId);
    const rules = {
      onTime: onTime(activity.deadline, input.day, ctx.now, commune.timeZone, activity.startTime),
      deadlineText: describeDeadlineRule(activity.deadline),
      processing: activity.processing,
      capacity: dayCapacity(activity),
    };
    const request = { requestId: ctx.requestId, ...input, familyId: child.familyId, reason: input.reason?.trim() || null };
    const outcome = await this.streams.handle(
      dayStreamOf(ctx.communeId, input.activityId, input.day, (state) => decideCancellation(request, state, rules)),
      ctx,
    );
    const decision = outcome.events.find((e) => e.type === 'ReservationCancelled' || e.type === 'CancellationRefused');
    const base = { requestId: ctx.requestId, position: outcome.position };
    if (decision?.type === 'ReservationCancelled') return { ...base, status: 'accepted' };
    if (decision?.type === 'CancellationRefused') return { ...base, status: 'refused', reasonCode: decision.data.reasonCode, reasonText: decision.data.reasonText };
    return { ...base, status: 'pending' };
  }
}

// ---------------------------------------------------------------------------------------------
// Absence

export class DeclareAbsenceCommand {
  constructor(readonly input: DayInput & { reason: AbsenceReason; medicalCertificate: boolean }, readonly user: SessionUser, readonly ctx: Ctx) {}
}

@CommandHandler(DeclareAbsenceCommand)
export class DeclareAbsenceHandler implements ICommandHandler<DeclareAbsenceCommand, DayRequestOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, user, ctx }: DeclareAbsenceCommand): Promise<DayRequestOutcome> {
    validateDay(input.day, 'day');
    const child = await reachableChild(this.reads, input.childId, user, ctx.communeId);
    await communeActivity(this.reads, input.activityId, ctx.communeId);
    const request = { requestId: ctx.requestId, ...input, familyId: child.familyId };
    const outcome = await this.streams.handle(dayStreamOf(ctx.communeId, input.activityId, input.day, (state) => decideAbsence(request, state)), ctx);
    const declared = outcome.events.find((e) => e.type === 'AbsenceDeclared');
    return {
      requestId: ctx.requestId,
      status: 'accepted',
      justified: declared?.type === 'AbsenceDeclared' ? declared.data.justified : undefined,
      position: outcome.position,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Staff decisions, one or many, all or nothing

export interface DecisionTarget {
  /** The parent's request: an enrolment, a booking (every pending day of it, or `day` only) or a cancellation. */
  requestId: string;
  day?: string;
}

export class DecideRequestsCommand {
  constructor(
    readonly input: { decision: 'accept' | 'refuse'; message?: string; targets: DecisionTarget[] },
    readonly ctx: Ctx,
  ) {}
}

export const MAX_DECISIONS = 500;

@CommandHandler(DecideRequestsCommand)
export class DecideRequestsHandler implements ICommandHandler<DecideRequestsCommand, { decided: number; position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, ctx }: DecideRequestsCommand) {
    const message = input.message?.trim() || undefined;
    if (input.decision === 'refuse' && !message) throw invalid('MESSAGE_REQUIRED', 'Indiquez à la famille le motif du refus.');
    const decisions: StreamDecision<unknown, DomainEvent>[] = [];
    // Only the staff's commune's requests: another commune's request id names nothing here.
    const reads = this.reads.inCommune(ctx.communeId);
    const planning = reads.collection<PlanningDocument>(PLANNING);
    for (const target of input.targets) {
      const enrolment = (await reads.collection<EnrolmentDocument>(ENROLMENTS).find({ requestId: target.requestId }, { limit: 1 }))[0];
      if (enrolment && enrolment.status === 'pending') {
        decisions.push({
          streamId: enrolmentStream(ctx.communeId, enrolment),
          initialState: initialEnrolmentState,
          evolve: evolveEnrolment,
          decide: (state: EnrolmentState) => decideEnrolmentDecision(target.requestId, { decision: input.decision, message }, state),
        } as StreamDecision<unknown, DomainEvent>);
        continue;
      }
      const bookings = await planning.find({ requestId: target.requestId, status: 'requested' });
      const cancellations = await planning.find({ cancellationRequestId: target.requestId });
      const days = [...bookings, ...cancellations].filter((d) => !target.day || d.day === target.day);
      if (days.length === 0) {
        // A request id the commune never received (another commune's, or none) names nothing: 404, as any unknown id.
        // « Mes demandes » holds every request the commune received, decided or not.
        const known = enrolment ?? (await reads.collection<RequestDocument>(REQUESTS).get(target.requestId));
        if (!known) throw notFound('REQUEST_NOT_FOUND', 'Demande introuvable.');
        throw conflict('REQUEST_NOT_PENDING', "Cette demande n'est plus en attente de décision.");
      }
      for (const doc of days) {
        const activity = await communeActivity(this.reads, doc.activityId, ctx.communeId);
        decisions.push(
          dayStreamOf(ctx.communeId, doc.activityId, doc.day, (state) =>
            decideStaffDecision({ requestId: target.requestId, childId: doc.childId, decision: input.decision, message }, state, dayCapacity(activity), doc.activityId, doc.day),
          ) as StreamDecision<unknown, DomainEvent>,
        );
      }
    }
    if (decisions.length > MAX_DECISIONS) throw invalid('TOO_MANY_DECISIONS', `Au plus ${MAX_DECISIONS} jours ou demandes par décision groupée.`);
    const result = await this.streams.handleMany(mergedByStream(decisions), ctx);
    return { decided: decisions.length, position: result.position };
  }
}

// ---------------------------------------------------------------------------------------------
// Attendance

export class RecordAttendanceCommand {
  constructor(
    readonly input: { activityId: string; day: string; marks: Array<{ childId: string; status: 'present' | 'absent' }> },
    readonly user: SessionUser,
    readonly ctx: Ctx,
  ) {}
}

@CommandHandler(RecordAttendanceCommand)
export class RecordAttendanceHandler implements ICommandHandler<RecordAttendanceCommand, { recorded: number; position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, user, ctx }: RecordAttendanceCommand) {
    validateDay(input.day, 'day');
    await communeActivity(this.reads, input.activityId, ctx.communeId);
    const commune = await communeProfile(this.reads, ctx.communeId);
    if (new Set(input.marks.map((m) => m.childId)).size !== input.marks.length) {
      throw invalid('DUPLICATE_CHILD', 'Un enfant figure deux fois dans le pointage.');
    }
    const marks: AttendanceMark[] = [];
    for (const mark of input.marks) {
      const child = await reachableChild(this.reads, mark.childId, user, ctx.communeId);
      marks.push({ childId: mark.childId, familyId: child.familyId, status: mark.status });
    }
    const today = todayIn(commune.timeZone, ctx.now);
    const outcome = await this.streams.handle(
      dayStreamOf(ctx.communeId, input.activityId, input.day, (state) => decideAttendance(marks, state, { activityId: input.activityId, day: input.day, today })),
      ctx,
    );
    return { recorded: outcome.events.length, position: outcome.position };
  }
}

/** Several decisions on one stream (two families' requests for the same day) become one: each decides on the state the previous left. */
function mergedByStream(decisions: StreamDecision<unknown, DomainEvent>[]): StreamDecision<unknown, DomainEvent>[] {
  const byStream = new Map<string, StreamDecision<unknown, DomainEvent>[]>();
  for (const d of decisions) byStream.set(d.streamId, [...(byStream.get(d.streamId) ?? []), d]);
  return [...byStream.values()].map((group) =>
    group.length === 1
      ? group[0]
      : {
          ...group[0],
          decide: (state: unknown) => {
            const events: DomainEvent[] = [];
            let current = state;
            for (const d of group) {
              const produced = d.decide(current);
              current = produced.reduce(d.evolve, current);
              events.push(...produced);
            }
            return events;
          },
        },
  );
}
