import { conflict, uuidFromName } from '@pf/domain';
import type { AccountEvent, AccountRegistration } from './account.events';

export interface AccountState {
  registered: boolean;
}

export const initialAccountState: AccountState = { registered: false };

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountRegistered':
      return { registered: true };
  }
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** The account id follows from the login e-mail: the e-mail's stream is the uniqueness check. */
export const accountIdFor = (email: string) => uuidFromName(`account:${normalizeEmail(email)}`);

export const EMAIL_TAKEN = 'EMAIL_ALREADY_REGISTERED';

export function decideRegisterAccount(registration: AccountRegistration, state: AccountState): AccountEvent[] {
  if (state.registered) throw conflict(EMAIL_TAKEN, 'Un compte existe déjà avec cette adresse e-mail.');
  return [{ type: 'AccountRegistered', data: { ...registration, email: normalizeEmail(registration.email) } }];
}
