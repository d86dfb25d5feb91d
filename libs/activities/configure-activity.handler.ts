import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { decideConfigureActivity, evolveActivity, initialActivityState, type ActivityState } from './activity.decider';
import { activityStream, type ActivityConfiguration, type ActivityEvent } from './activity.events';

export class ConfigureActivityCommand {
  constructor(readonly configuration: ActivityConfiguration, readonly ctx: CommandContext) {}
}

@CommandHandler(ConfigureActivityCommand)
export class ConfigureActivityHandler implements ICommandHandler<ConfigureActivityCommand, { position: number }> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ configuration, ctx }: ConfigureActivityCommand) {
    const outcome = await this.streams.handle<ActivityState, ActivityEvent>(
      {
        streamId: activityStream(ctx.communeId, configuration.activityId),
        initialState: initialActivityState,
        evolve: evolveActivity,
        decide: (state) => decideConfigureActivity({ ...configuration, communeId: ctx.communeId }, state),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}
