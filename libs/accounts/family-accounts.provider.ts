import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { FamilyAccounts } from '@pf/families';
import type { ReadStore } from '@pf/read-store';
import { AccountService } from './account.service';
import { ACCOUNTS, type AccountDocument } from './accounts.projection';

/** The families port: a family's accounts, for its personal-data export and its erasure. */
@Injectable()
export class AccountsOfFamilies implements FamilyAccounts {
  constructor(
    private readonly accounts: AccountService,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  ofFamily(communeId: string, familyId: string): Promise<AccountDocument[]> {
    return this.reads.collection<AccountDocument>(ACCOUNTS).find({ communeId, familyId });
  }

  close(accountIds: string[], ctx: CommandContext): Promise<number> {
    return this.accounts.closeAccounts(accountIds, ctx);
  }
}
