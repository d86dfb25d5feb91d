import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { invalid } from '@pf/domain';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import type { Civility } from '@pf/families';
import { decideRegisterAccount, normalizeEmail } from './account.decider';
import type { Role } from './account.events';
import { claimLogin, loginHolder, onAccount } from './account.streams';
import { LoginKeys } from './login-keys';
import { hashPassword } from './password-hasher';
import { passwordProblems } from './password-policy';

export interface StaffAccountInput {
  role: Extract<Role, 'staff' | 'admin'>;
  civility: Civility;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
}

/** Opens a staff or admin account for a commune (first-run command, seed, or an admin). Active at once. */
export class RegisterStaffAccountCommand {
  constructor(readonly input: StaffAccountInput, readonly ctx: CommandContext) {}
}

@CommandHandler(RegisterStaffAccountCommand)
export class RegisterStaffAccountHandler implements ICommandHandler<RegisterStaffAccountCommand, { accountId: string; position: number }> {
  constructor(private readonly streams: EventSourcedStreams, private readonly keys: LoginKeys) {}

  async execute({ input, ctx }: RegisterStaffAccountCommand) {
    const problems = passwordProblems(input.password);
    if (problems.length) throw invalid('PASSWORD_REJECTED', problems[0].message, problems);
    const email = normalizeEmail(input.email);
    // Staff accounts keep the id derived from their first e-mail (one per e-mail and commune set-up).
    const accountId = this.keys.accountIdFor(email);
    const loginKey = this.keys.loginKeyFor(email);
    // Opened before ids were keyed: the same account, already there (running again changes nothing).
    const holder = await loginHolder(this.streams, this.keys, email);
    if (holder && holder === this.keys.legacyAccountIdFor(email)) return { accountId: holder, position: 0 };
    await claimLogin(this.streams, this.keys, email, accountId, ctx);
    const passwordHash = await hashPassword(input.password);
    const outcome = await onAccount(
      this.streams,
      accountId,
      (state) =>
        decideRegisterAccount(
          { accountId, communeId: ctx.communeId, role: input.role, familyId: null, email, civility: input.civility, firstName: input.firstName, lastName: input.lastName, passwordHash, loginKey, activated: true },
          state,
        ),
      ctx,
    );
    return { accountId, position: outcome.position };
  }
}
