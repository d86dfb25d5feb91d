import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { decideConfigureActivity, decideConfigureFacility, evolveActivity, evolveFacility, initialActivityState, initialFacilityState, type ActivityState, type FacilityState } from './activity.decider';
import { activityStream, facilityStream, type ActivityConfiguration, type ActivityEvent, type FacilityConfiguration, type FacilityEvent } from './activity.events';
import { ACTIVITIES, type ActivityDocument } from './activities.projection';

export class ConfigureActivityCommand {
  constructor(readonly configuration: ActivityConfiguration, readonly ctx: CommandContext) {}
}

@CommandHandler(ConfigureActivityCommand)
export class ConfigureActivityHandler implements ICommandHandler<ConfigureActivityCommand, { position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ configuration, ctx }: ConfigureActivityCommand) {
    const target = configuration.lateBookingOf ? await this.reads.collection<ActivityDocument>(ACTIVITIES).get(configuration.lateBookingOf) : null;
    const lateBookingTarget = target && target.communeId === ctx.communeId ? target : null;
    const outcome = await this.streams.handle<ActivityState, ActivityEvent>(
      {
        streamId: activityStream(ctx.communeId, configuration.activityId),
        initialState: initialActivityState,
        evolve: evolveActivity,
        decide: (state) => decideConfigureActivity({ ...configuration, communeId: ctx.communeId }, state, { lateBookingTarget }),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}

export class ConfigureFacilityCommand {
  constructor(readonly configuration: FacilityConfiguration, readonly ctx: CommandContext) {}
}

@CommandHandler(ConfigureFacilityCommand)
export class ConfigureFacilityHandler implements ICommandHandler<ConfigureFacilityCommand, { position: number }> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ configuration, ctx }: ConfigureFacilityCommand) {
    const outcome = await this.streams.handle<FacilityState, FacilityEvent>(
      {
        streamId: facilityStream(ctx.communeId, configuration.facilityId),
        initialState: initialFacilityState,
        evolve: evolveFacility,
        decide: (state) => decideConfigureFacility(configuration, state),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}
