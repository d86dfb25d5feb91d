import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE } from '@pf/event-sourcing';
import type { SessionAccounts, SessionUser } from '@pf/identity';
import type { ReadStore } from '@pf/read-store';
import { ACCOUNTS, type AccountDocument } from './accounts.projection';

export const toSessionUser = (account: AccountDocument): SessionUser => ({
  accountId: account._id,
  role: account.role,
  communeId: account.communeId,
  familyId: account.familyId,
  displayName: account.displayName,
});

/** The identity port: the user behind a session, from the accounts read model (active accounts only). */
@Injectable()
export class AccountsSessionUsers implements SessionAccounts {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async activeUser(accountId: string): Promise<SessionUser | null> {
    const account = await this.reads.collection<AccountDocument>(ACCOUNTS).get(accountId);
    return account && account.status === 'active' ? toSessionUser(account) : null;
  }
}
