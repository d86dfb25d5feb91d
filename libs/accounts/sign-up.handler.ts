import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, invalid, newId, uuidFromName } from '@pf/domain';
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
import type { Civility } from '@pf/families';
import { decideRegisterAccount, EMAIL_TAKEN, normalizeEmail } from './account.decider';
import type { AccountEvent } from './account.events';
import { claimLogin, loginHolder, onAccount } from './account.streams';
import { LoginKeys } from './login-keys';
import { hashPassword } from './password-hasher';
import { passwordProblems } from './password-policy';
import { ACTIVATION_TTL_MS, newToken, plus } from './tokens';

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
  constructor(
    readonly input: SignUpInput,
    readonly ctx: Omit<CommandContext, 'communeId'>,
    /** Only for the demo seed: the account is active at once, no mail. */
    readonly options: { preActivated?: boolean } = {},
  ) {}
}

export interface SignUpResult {
  accountId: string;
  communeId: string;
  position: number;
  /** The activation link's token, to be mailed (null when replayed or pre-activated). */
  activation: { token: string; tokenHash: string; expiresAt: string } | null;
  email: string;
  displayName: string;
}

/**
 * A parent signs up with the code abonné from the town-hall letter: the code links the new account
 * to the family file; the account waits for its activation link. A wrong code, a used code and a
 * taken e-mail all get the same answer.
 */
@CommandHandler(SignUpCommand)
export class SignUpHandler implements ICommandHandler<SignUpCommand, SignUpResult> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly keys: LoginKeys,
  ) {}

  async execute({ input, ctx, options }: SignUpCommand): Promise<SignUpResult> {
    const problems = passwordProblems(input.password, input.passwordConfirmation);
    if (problems.length) throw invalid('PASSWORD_REJECTED', problems[0].message, problems);
    const email = normalizeEmail(input.email);
    const loginKey = this.keys.loginKeyFor(email);
    const subscriberCode = normalizeSubscriberCode(input.subscriberCode);
    const code = await this.reads.collection<SubscriberCodeDocument>(SUBSCRIBER_CODES).get(subscriberCode);
    if (!code) throw refused();
    // Account ids are deployment-wide: derived from the commune and the keyed login (a secret HMAC
    // of the e-mail) as well as the request id, no client can make another person's account id.
    const accountId = ctx.requestId ? uuidFromName(`${code.communeId}|${loginKey}|${ctx.requestId}|account`) : newId();

    const holder = await loginHolder(this.streams, this.keys, email);
    if (holder && holder !== accountId) throw refused();
    const context: CommandContext = { ...ctx, communeId: code.communeId, actor: { kind: 'anonymous', id: accountId } };
    const family = (decide: (s: FamilyState) => FamilyEvent[], c: CommandContext) =>
      this.streams.handle<FamilyState, FamilyEvent>(
        { streamId: familyStream(code.communeId, code.familyId), initialState: initialFamilyState, evolve: evolveFamily, decide },
        c,
      );

    const link = await family((s) => decideLinkGuardianAccount({ familyId: code.familyId, accountId, subscriberCode, email }, s), context).catch(
      (error: unknown) => {
        throw error instanceof DomainError && error.code === SUBSCRIBER_CODE_REFUSED ? refused() : error;
      },
    );
    const linked = link.events.find((e) => e.type === 'GuardianAccountLinked');

    try {
      await claimLogin(this.streams, this.keys, email, accountId, context);
    } catch (error) {
      if (error instanceof DomainError && error.code === EMAIL_TAKEN && linked?.type === 'GuardianAccountLinked') {
        // Someone took the e-mail between our check and our claim: give the code back.
        await family(() => [{ type: 'GuardianAccountUnlinked', data: { ...linked.data, reason: EMAIL_TAKEN } }], {
          ...context,
          requestId: undefined,
          causationId: ctx.requestId,
        });
        throw refused();
      }
      throw error;
    }

    const passwordHash = await hashPassword(input.password);
    const activation = options.preActivated ? null : { ...newToken(), expiresAt: plus(ctx.now, ACTIVATION_TTL_MS) };
    const firstName = input.firstName.trim();
    const lastName = input.lastName.trim();
    const registered = await onAccount(
      this.streams,
      accountId,
      (state): AccountEvent[] => [
        ...decideRegisterAccount(
          {
            accountId,
            communeId: code.communeId,
            role: 'guardian',
            familyId: code.familyId,
            email,
            civility: input.civility,
            firstName,
            lastName,
            passwordHash,
            loginKey,
            activated: activation === null,
          },
          state,
        ),
        ...(activation
          ? [{ type: 'AccountTokenIssued' as const, data: { accountId, purpose: 'activation' as const, tokenHash: activation.tokenHash, expiresAt: activation.expiresAt } }]
          : []),
      ],
      context,
    );
    return {
      accountId,
      communeId: code.communeId,
      position: registered.position,
      activation: registered.replayed ? null : activation,
      email,
      displayName: `${firstName} ${lastName}`,
    };
  }
}

/** One answer for a wrong code, a used code and a taken e-mail: an attacker learns nothing. */
const refused = () => invalid('SIGN_UP_REFUSED', refusedMessage);
