import { accountSubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { AccountEvent } from './account.events';

type Data<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>['data'];
const policy = <T extends AccountEvent['type']>(p: PersonalDataPolicy<Data<T>>) => p;

/** Personal data of accounts' events, sealed with the account's key (destroyed with its family). */
export const accountPersonalData: PersonalDataPolicies = {
  AccountRegistered: policy<'AccountRegistered'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['email', 'firstName', 'lastName', 'passwordHash'],
    credentialFields: ['passwordHash'],
    redact: (d) => ({ ...d, email: '', firstName: '', lastName: '', passwordHash: '' }),
  }),
  AccountTokenIssued: policy<'AccountTokenIssued'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['tokenHash'],
    credentialFields: ['tokenHash'],
    redact: (d) => ({ ...d, tokenHash: '' }),
  }),
  AccountActivated: policy<'AccountActivated'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['tokenHash'],
    credentialFields: ['tokenHash'],
    redact: (d) => ({ ...d, tokenHash: null }),
  }),
  PasswordChanged: policy<'PasswordChanged'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['passwordHash', 'tokenHash'],
    credentialFields: ['passwordHash', 'tokenHash'],
    redact: (d) => ({ ...d, passwordHash: '', tokenHash: null }),
  }),
  EmailChangeRequested: policy<'EmailChangeRequested'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['newEmail', 'tokenHash'],
    credentialFields: ['tokenHash'],
    redact: (d) => ({ ...d, newEmail: '', tokenHash: '' }),
  }),
  EmailChanged: policy<'EmailChanged'>({
    subject: (d) => accountSubject(d.accountId),
    personalFields: ['email', 'tokenHash'],
    credentialFields: ['tokenHash'],
    redact: (d) => ({ ...d, email: '', tokenHash: '' }),
  }),
};
