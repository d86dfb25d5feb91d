import type { DomainEvent } from '@pf/event-sourcing';
import type { Civility } from '../families/family.events';

/** 'integrator' is another software of the commune, authenticated by an API key (never by a session). */
export type Role = 'guardian' | 'staff' | 'admin' | 'integrator';

export interface AccountRegistration {
  accountId: string;
  communeId: string;
  role: Role;
  /** The family a guardian's account belongs to; null for staff. */
  familyId: string | null;
  email: string;
  civility: Civility;
  firstName: string;
  lastName: string;
  /** argon2id hash, never the password. */
  passwordHash: string;
}

export type AccountRegistered = DomainEvent<'AccountRegistered', AccountRegistration>;
export type AccountEvent = AccountRegistered;

/** One stream per login e-mail, so that two accounts can never share an e-mail (the store arbitrates). */
export const accountStream = (accountId: string) => `account-${accountId}`;
