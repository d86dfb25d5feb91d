import { accountSubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { AccountEvent } from './account.events';

type Data<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>['data'];
const policy = <T extends AccountEvent['type']>(p: PersonalDataPolicy<Data<T>>) => p;

/** Personal data of accounts' events, sealed with the account's key (destroyed with its family). */
export const accountPersonalData: PersonalDataPolicies = {
  AccountRegistered: policy<'AccountRegistered'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['email', 'firstName', 'lastName', 'passwordHash'],
    redact: (d) => ({ ...d, email: '', firstName: '', lastName: '', passwordHash: '' }),
  }),
  PasswordChanged: policy<'PasswordChanged'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['passwordHash'],
    redact: (d) => ({ ...d, passwordHash: '' }),
  }),
  EmailChangeRequested: policy<'EmailChangeRequested'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['newEmail'],
    redact: (d) => ({ ...d, newEmail: '' }),
  }),
  EmailChanged: policy<'EmailChanged'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['email'],
    redact: (d) => ({ ...d, email: '' }),
  }),
};
