import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import type { AccountRegistration, Role } from './account.events';

export const ACCOUNTS = 'accounts';

export interface AccountDocument extends Document {
  email: string;
  communeId: string;
  role: Role;
  familyId: string | null;
  displayName: string;
  passwordHash: string;
}

export const accountsProjection = projection('accounts', 1, [{ name: ACCOUNTS, indexes: [{ fields: ['email'], unique: true }] }], {
  AccountRegistered: async (event, uow) => {
    const a = event.data as AccountRegistration;
    await uow.collection<AccountDocument>(ACCOUNTS).upsert({
      _id: a.accountId,
      email: a.email,
      communeId: a.communeId,
      role: a.role,
      familyId: a.familyId,
      displayName: `${a.firstName} ${a.lastName}`,
      passwordHash: a.passwordHash,
    });
  },
});
