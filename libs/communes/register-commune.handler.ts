import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { decideRegisterCommune, evolveCommune, initialCommuneState, type CommuneState } from './commune.decider';
import { communeStream, type CommuneEvent, type CommuneProfile } from './commune.events';

export class RegisterCommuneCommand {
  constructor(readonly profile: CommuneProfile, readonly ctx: CommandContext) {}
}

@CommandHandler(RegisterCommuneCommand)
export class RegisterCommuneHandler implements ICommandHandler<RegisterCommuneCommand, { position: number }> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ profile, ctx }: RegisterCommuneCommand) {
    const outcome = await this.streams.handle<CommuneState, CommuneEvent>(
      {
        streamId: communeStream(profile.communeId),
        initialState: initialCommuneState,
        evolve: evolveCommune,
        decide: (state) => decideRegisterCommune(profile, state),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}
