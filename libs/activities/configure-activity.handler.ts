import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { decideConfigureActivity, decideConfigureFacility, evolveActivity, evolveFacility, initialActivityState, initialFacilityState, type ActivityState, type FacilityState } from './activity.decider';
import { activityStream, facilityStream, type ActivityConfiguration, type ActivityEvent, type FacilityConfiguration, type FacilityEvent } from './activity.events';
import { ACTIVITIES, type ActivityDocument } from './activities.projection';

/**
 * Sets an activity's rules in the caller's commune. `mustExist`: a client named the activity, so
 * it changes one the commune already has (ACTIVITY_NOT_FOUND otherwise); without it the id is the
 * server's own (derived from the request by the controller, or the seed's).
 */
export class ConfigureActivityCommand {
  constructor(
    readonly configuration: ActivityConfiguration,
    readonly ctx: CommandContext,
    readonly mustExist = false,
  ) {}
}

@CommandHandler(ConfigureActivityCommand)
export class ConfigureActivityHandler implements ICommandHandler<ConfigureActivityCommand, { position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ configuration, ctx, mustExist }: ConfigureActivityCommand) {
    // Only an activity of the caller's commune can be the one a late booking books for.
    const lateBookingTarget = configuration.lateBookingOf
      ? await this.reads.inCommune(ctx.communeId).collection<ActivityDocument>(ACTIVITIES).get(configuration.lateBookingOf)
      : null;
    const outcome = await this.streams.handle<ActivityState, ActivityEvent>(
      {
        streamId: activityStream(ctx.communeId, configuration.activityId),
        initialState: initialActivityState,
        evolve: evolveActivity,
        decide: (state) => decideConfigureActivity({ ...configuration, communeId: ctx.communeId }, state, { lateBookingTarget, mustExist }),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}

/** Sets a facility of the caller's commune; `mustExist` as for an activity (FACILITY_NOT_FOUND). */
export class ConfigureFacilityCommand {
  constructor(
    readonly configuration: FacilityConfiguration,
    readonly ctx: CommandContext,
    readonly mustExist = false,
  ) {}
}

@CommandHandler(ConfigureFacilityCommand)
export class ConfigureFacilityHandler implements ICommandHandler<ConfigureFacilityCommand, { position: number }> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ configuration, ctx, mustExist }: ConfigureFacilityCommand) {
    const outcome = await this.streams.handle<FacilityState, FacilityEvent>(
      {
        streamId: facilityStream(ctx.communeId, configuration.facilityId),
        initialState: initialFacilityState,
        evolve: evolveFacility,
        decide: (state) => decideConfigureFacility(configuration, state, { mustExist }),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}
