import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import {
  decideAnswerContactMessage,
  decideFollowUpContactMessage,
  decideSendContactMessage,
  evolveContact,
  initialContactState,
  type ContactState,
} from './contact.decider';
import { contactStream, type ContactEvent, type ContactTopic } from './contact.events';

export type ContactAction =
  | { kind: 'send'; topic: ContactTopic; text: string }
  | { kind: 'answer'; text: string }
  | { kind: 'follow_up'; text: string };

export class ContactCommand {
  constructor(
    /** The conversation's id (the request id of the first message). */
    readonly contactId: string,
    readonly familyId: string,
    readonly action: ContactAction,
    readonly ctx: CommandContext,
  ) {}
}

/** Load the conversation → decide → append. */
@CommandHandler(ContactCommand)
export class ContactHandler implements ICommandHandler<ContactCommand, { position: number }> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ contactId, familyId, action, ctx }: ContactCommand): Promise<{ position: number }> {
    const cmd = { requestId: contactId, familyId };
    const outcome = await this.streams.handle<ContactState, ContactEvent>(
      {
        streamId: contactStream(ctx.communeId, contactId),
        initialState: initialContactState,
        evolve: evolveContact,
        decide: (state) =>
          action.kind === 'send'
            ? decideSendContactMessage({ ...cmd, topic: action.topic, text: action.text }, state)
            : action.kind === 'answer'
              ? decideAnswerContactMessage({ ...cmd, text: action.text }, state)
              : decideFollowUpContactMessage({ ...cmd, text: action.text }, state),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}
