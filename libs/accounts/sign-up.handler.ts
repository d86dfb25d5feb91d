import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, invalid } from '@pf/domain';
import { EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import {
  decideLinkGuardianAccount,
  evolveFamily,
  familyStream,
  initialFamilyState,
  normalizeSubscriberCode,
  refusedMessage,
  SUBSCRIBER_CODES,
  SUBSCRIBER_CODE_REFUSED,
  type FamilyEvent,
  type FamilyState,
  type SubscriberCodeDocument,
} from '@pf/families';
import type { Civility } from '../families/family.events';
import { accountIdFor, decideRegisterAccount, EMAIL_TAKEN, evolveAccount, initialAccountState, normalizeEmail } from './account.decider';
import { accountStream, type AccountEvent } from './account.events';
import { hashPassword } from './password-hasher';
import { passwordProblems } from './password-policy';

export interface SignUpInput {
  subscriberCode: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
  password: string;
  passwordConfirmation: string;
}

export class SignUpCommand {
  constructor(readonly input: SignUpInput, readonly ctx: Omit<CommandContext, 'communeId'>) {}
}

export interface SignUpResult {
  accountId: string;
  communeId: string;
  position: number;
}

/**
 * A parent signs up with the code abonné from the town-hall letter: the code links the new account
 * to the family file. A wrong code and a taken e-mail get the same answer.
 */
@CommandHandler(SignUpCommand)
export class SignUpHandler implements ICommandHandler<SignUpCommand, SignUpResult> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, ctx }: SignUpCommand): Promise<SignUpResult> {
    const problems = passwordProblems(input.password, input.passwordConfirmation);
    if (problems.length) throw invalid('PASSWORD_REJECTED', problems[0].message, problems);
    const email = normalizeEmail(input.email);
    const accountId = accountIdFor(email);

    const existing = await this.streams.load(accountStream(accountId), initialAccountState, evolveAccount);
    const earlier = existing.events.find((e) => ctx.requestId && e.metadata.requestId === ctx.requestId);
    if (earlier) return { accountId, communeId: earlier.metadata.communeId, position: earlier.position };
    if (existing.state.registered) throw refused();

    const subscriberCode = normalizeSubscriberCode(input.subscriberCode);
    const code = await this.reads.collection<SubscriberCodeDocument>(SUBSCRIBER_CODES).get(subscriberCode);
    if (!code) throw refused();
    const context: CommandContext = { ...ctx, communeId: code.communeId, actor: { kind: 'anonymous', id: accountId } };

    const link = await this.streams
      .handle<FamilyState, FamilyEvent>(
        {
          streamId: familyStream(code.communeId, code.familyId),
          initialState: initialFamilyState,
          evolve: evolveFamily,
          decide: (state) => decideLinkGuardianAccount({ familyId: code.familyId, accountId, subscriberCode, email }, state),
        },
        context,
      )
      .catch((error: unknown) => {
        throw error instanceof DomainError && error.code === SUBSCRIBER_CODE_REFUSED ? refused() : error;
      });
    const linked = link.events.find((e) => e.type === 'GuardianAccountLinked');

    try {
      const passwordHash = await hashPassword(input.password);
      const registered = await this.streams.handle<{ registered: boolean }, AccountEvent>(
        {
          streamId: accountStream(accountId),
          initialState: initialAccountState,
          evolve: evolveAccount,
          decide: (state) =>
            decideRegisterAccount(
              {
                accountId,
                communeId: code.communeId,
                role: 'guardian',
                familyId: code.familyId,
                email,
                civility: input.civility,
                firstName: input.firstName.trim(),
                lastName: input.lastName.trim(),
                passwordHash,
              },
              state,
            ),
        },
        context,
      );
      return { accountId, communeId: code.communeId, position: registered.position };
    } catch (error) {
      if (error instanceof DomainError && error.code === EMAIL_TAKEN && linked?.type === 'GuardianAccountLinked') {
        // Someone took the e-mail between our check and our write: give the code back.
        await this.streams.handle<FamilyState, FamilyEvent>(
          {
            streamId: familyStream(code.communeId, code.familyId),
            initialState: initialFamilyState,
            evolve: evolveFamily,
            decide: () => [{ type: 'GuardianAccountUnlinked', data: { ...linked.data, reason: EMAIL_TAKEN } }],
          },
          { ...context, requestId: undefined, causationId: ctx.requestId },
        );
        throw refused();
      }
      throw error;
    }
  }
}

/** One answer for a wrong code, a used code and a taken e-mail: an attacker learns nothing. */
const refused = () => invalid('SIGN_UP_REFUSED', refusedMessage);
