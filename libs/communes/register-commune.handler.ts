import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { decideRegisterCommune, evolveCommune, initialCommuneState, type CommuneState } from './commune.decider';
import { communeStream, type CommuneEvent, type CommuneProfile } from './commune.events';
import { COMMUNES, type CommuneDocument } from './communes.projection';

export class RegisterCommuneCommand {
  constructor(readonly profile: CommuneProfile, readonly ctx: CommandContext) {}
}

/**
 * Registers a commune (the operator's or the seed's command, no HTTP route). Its id is its
 * stream's, so a second registration of the same id is refused by the stream; its subscriber-code
 * prefix is checked against the registered communes (registrations are rare and one at a time).
 */
@CommandHandler(RegisterCommuneCommand)
export class RegisterCommuneHandler implements ICommandHandler<RegisterCommuneCommand, { position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ profile, ctx }: RegisterCommuneCommand) {
    const holders = await this.reads.collection<CommuneDocument>(COMMUNES).find({ subscriberCodePrefix: profile.subscriberCodePrefix });
    const holder = holders.find((c) => c.communeId !== profile.communeId);
    const outcome = await this.streams.handle<CommuneState, CommuneEvent>(
      {
        streamId: communeStream(profile.communeId),
        initialState: initialCommuneState,
        evolve: evolveCommune,
        decide: (state) => decideRegisterCommune(profile, state, { prefixHeldBy: holder?.communeId ?? null }),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}
