import { projection } from '@pf/projections';
import { deploymentCollection, type CommuneUnitOfWork, type Document } from '@pf/read-store';
import type { AccountEvent, Role } from './account.events';
import type { FamilyErased } from '@pf/families';

/** Deployment-wide: a login e-mail is one account across the deployment; account ids are never chosen by a client. */
export const ACCOUNTS = deploymentCollection('accounts');

export interface AccountDocument extends Document {
  email: string;
  communeId: string;
  role: Role;
  familyId: string | null;
  displayName: string;
  status: 'pending_activation' | 'active';
  /** An e-mail change waiting for confirmation on the new address. */
  pendingEmail: string | null;
}

type Data<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>['data'];

/** An account of the event's commune (account ids are deployment-wide: another commune's is never touched). */
async function update(uow: CommuneUnitOfWork, accountId: string, change: (a: AccountDocument) => AccountDocument) {
  const accounts = uow.collection<AccountDocument>(ACCOUNTS);
  const account = await accounts.get(accountId);
  if (account && account.communeId === uow.communeId) await accounts.upsert(change(account));
}

export const accountsProjection = projection('accounts', 3, [{ name: ACCOUNTS, indexes: [{ fields: ['email'], unique: true }, { fields: ['familyId'] }] }], {
  AccountRegistered: async (event, uow) => {
    const a = event.data as Data<'AccountRegistered'>;
    const existing = await uow.collection<AccountDocument>(ACCOUNTS).get(a.accountId);
    if (existing && existing.communeId !== uow.communeId) return;
    await uow.collection<AccountDocument>(ACCOUNTS).upsert({
      _id: a.accountId,
      email: a.email,
      communeId: a.communeId,
      role: a.role,
      familyId: a.familyId,
      displayName: `${a.firstName} ${a.lastName}`,
      status: a.activated === false ? 'pending_activation' : 'active',
      pendingEmail: null,
    });
  },
  AccountActivated: (event, uow) => update(uow, (event.data as Data<'AccountActivated'>).accountId, (a) => ({ ...a, status: 'active' })),
  EmailChangeRequested: (event, uow) => {
    const d = event.data as Data<'EmailChangeRequested'>;
    return update(uow, d.accountId, (a) => ({ ...a, pendingEmail: d.newEmail }));
  },
  EmailChanged: (event, uow) => {
    const d = event.data as Data<'EmailChanged'>;
    return update(uow, d.accountId, (a) => ({ ...a, email: d.email, pendingEmail: null }));
  },
  AccountClosed: async (event, uow) => {
    const accountId = (event.data as Data<'AccountClosed'>).accountId;
    if ((await uow.collection<AccountDocument>(ACCOUNTS).get(accountId))?.communeId === uow.communeId) await uow.collection(ACCOUNTS).delete(accountId);
  },
  FamilyErased: async (event, uow) => {
    await uow.collection(ACCOUNTS).deleteMany({ communeId: uow.communeId, familyId: (event.data as FamilyErased['data']).familyId });
  },
});
