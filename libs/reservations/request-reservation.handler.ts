import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@pf/domain';
import { EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { ACTIVITIES, type ActivityDocument } from '../activities/activities.projection';
import { COMMUNES, type CommuneDocument } from '../communes/communes.projection';
import { FAMILY_CHILDREN, type ChildDocument } from '../families/families.projection';
import type { SessionUser } from '../accounts/session';
import { dayRules } from './day-availability';
import { decideRequestReservation, evolveDay, initialDayState, type DayState } from './reservation.decider';
import { activityDayStream, type RefusalReason, type ReservationEvent } from './reservation.events';

export class RequestReservationCommand {
  constructor(
    readonly input: { childId: string; activityId: string; day: string },
    readonly user: SessionUser,
    readonly ctx: CommandContext & { requestId: string },
  ) {}
}

export interface ReservationOutcome {
  requestId: string;
  status: 'accepted' | 'refused' | 'waitlisted' | 'pending';
  reasonCode?: RefusalReason;
  reasonText?: string;
  rank?: number;
  position: number;
}

/** Load the day's stream → decide with the day's rules → append: the only place that writes bookings. */
@CommandHandler(RequestReservationCommand)
export class RequestReservationHandler implements ICommandHandler<RequestReservationCommand, ReservationOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, user, ctx }: RequestReservationCommand): Promise<ReservationOutcome> {
    const child = await this.reads.collection<ChildDocument>(FAMILY_CHILDREN).get(input.childId);
    const reachable = child && child.communeId === ctx.communeId && (user.role !== 'guardian' || child.familyId === user.familyId);
    if (!child || !reachable) throw notFound('CHILD_NOT_FOUND', 'Enfant introuvable dans votre dossier famille.');
    const activity = await this.reads.collection<ActivityDocument>(ACTIVITIES).get(input.activityId);
    if (!activity || activity.communeId !== ctx.communeId) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(ctx.communeId);
    if (!commune) throw notFound('COMMUNE_NOT_FOUND', 'Commune inconnue.');

    const rules = dayRules(input.day, activity, commune, ctx.now);
    const key = { requestId: ctx.requestId, familyId: child.familyId, ...input };
    const outcome = await this.streams.handle<DayState, ReservationEvent>(
      {
        streamId: activityDayStream(ctx.communeId, input.activityId, input.day),
        initialState: initialDayState,
        evolve: evolveDay,
        decide: (state) => decideRequestReservation(key, state, rules),
      },
      ctx,
    );
    return { requestId: ctx.requestId, ...describeOutcome(outcome.events), position: outcome.position };
  }
}

function describeOutcome(events: ReservationEvent[]): Omit<ReservationOutcome, 'requestId' | 'position'> {
  const decision = events.find((e) => e.type !== 'ReservationRequested');
  switch (decision?.type) {
    case 'ReservationAccepted':
      return { status: 'accepted' };
    case 'ReservationRefused':
      return { status: 'refused', reasonCode: decision.data.reasonCode, reasonText: decision.data.reasonText };
    case 'ReservationWaitlisted':
      return { status: 'waitlisted', rank: decision.data.rank };
    default:
      return { status: 'pending' };
  }
}
