import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@pf/domain';
import { EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { childGroupOn } from '@pf/activities';
import { decideRequestEnrolment, evolveEnrolment, initialEnrolmentState, type EnrolmentState } from './enrolment.decider';
import { enrolmentStream, type EnrolmentEvent, type EnrolmentFacts } from './enrolment.events';
import { communeActivity, communeProfile, reachableChild, todayIn } from './lookups';

export interface EnrolmentInput {
  childId: string;
  activityId: string;
  periodId: string;
  typicalWeek?: number[] | null;
}

export class RequestEnrolmentCommand {
  constructor(readonly input: EnrolmentInput, readonly user: SessionUser, readonly ctx: CommandContext & { requestId: string }) {}
}

export interface EnrolmentOutcome {
  requestId: string;
  status: 'accepted' | 'refused' | 'pending';
  reasonCode?: string;
  reasonText?: string;
  position: number;
}

@CommandHandler(RequestEnrolmentCommand)
export class RequestEnrolmentHandler implements ICommandHandler<RequestEnrolmentCommand, EnrolmentOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, user, ctx }: RequestEnrolmentCommand): Promise<EnrolmentOutcome> {
    const child = await reachableChild(this.reads, input.childId, user, ctx.communeId);
    const activity = await communeActivity(this.reads, input.activityId, ctx.communeId);
    if (activity.lateBookingOf) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
    const period = activity.periods.find((p) => p.periodId === input.periodId);
    if (!period) throw notFound('PERIOD_NOT_FOUND', "Cette période n'existe pas pour cette activité.");
    const commune = await communeProfile(this.reads, ctx.communeId);

    const facts: EnrolmentFacts = {
      requestId: ctx.requestId,
      familyId: child.familyId,
      childId: child.childId,
      activityId: activity.activityId,
      periodId: period.periodId,
      periodLabel: period.label,
      group: childGroupOn(child.birthDate, period.from),
      typicalWeek: input.typicalWeek?.length ? [...new Set(input.typicalWeek)].sort((a, b) => a - b) : null,
    };
    const rules = {
      policy: activity.enrolment,
      groups: activity.groups.map((g) => g.group),
      openWeekdays: period.openWeekdays,
      periodOver: period.to < todayIn(commune.timeZone, ctx.now),
    };
    const outcome = await this.streams.handle<EnrolmentState, EnrolmentEvent>(
      {
        streamId: enrolmentStream(ctx.communeId, facts),
        initialState: initialEnrolmentState,
        evolve: evolveEnrolment,
        decide: (state) => decideRequestEnrolment(facts, state, rules),
      },
      ctx,
    );
    const decision = outcome.events.find((e) => e.type !== 'EnrolmentRequested');
    const base = { requestId: ctx.requestId, position: outcome.position };
    if (decision?.type === 'EnrolmentAccepted') return { ...base, status: 'accepted' };
    if (decision?.type === 'EnrolmentRefused') return { ...base, status: 'refused', reasonCode: decision.data.reasonCode, reasonText: decision.data.reasonText };
    return { ...base, status: 'pending' };
  }
}
