import type { DomainEvent } from '@pf/event-sourcing';
import type { Role } from '@pf/identity';
import type { Civility } from '@pf/families';

export type { Role };

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
  /** The login stream that reserves the e-mail (an id derived from it, not the e-mail). */
  loginKey?: string;
  /** A guardian's account waits for the e-mail link; staff accounts are active at once. */
  activated?: boolean;
}

/** Single-use links sent by mail: only the SHA-256 of the token is kept. */
export type TokenPurpose = 'activation' | 'password_reset' | 'email_change';

export type AccountRegistered = DomainEvent<'AccountRegistered', AccountRegistration>;
export type AccountTokenIssued = DomainEvent<'AccountTokenIssued', { accountId: string; purpose: TokenPurpose; tokenHash: string; expiresAt: string }>;
export type AccountActivated = DomainEvent<'AccountActivated', { accountId: string; tokenHash: string | null }>;
export type PasswordChanged = DomainEvent<'PasswordChanged', { accountId: string; passwordHash: string; tokenHash: string | null }>;
export type EmailChangeRequested = DomainEvent<
  'EmailChangeRequested',
  { accountId: string; newEmail: string; newLoginKey: string; tokenHash: string; expiresAt: string }
>;
export type EmailChanged = DomainEvent<'EmailChanged', { accountId: string; email: string; loginKey: string; previousLoginKey: string | null; tokenHash: string }>;
/** The account is closed for good (its family was erased). */
export type AccountClosed = DomainEvent<'AccountClosed', { accountId: string; reason: 'FAMILY_ERASED' }>;

export type AccountEvent = AccountRegistered | AccountTokenIssued | AccountActivated | PasswordChanged | EmailChangeRequested | EmailChanged | AccountClosed;

/** Who holds a login e-mail. One stream per e-mail (named by a hash of it): the store arbitrates races. */
export type LoginClaimed = DomainEvent<'LoginClaimed', { loginKey: string; accountId: string }>;
export type LoginReleased = DomainEvent<'LoginReleased', { loginKey: string; accountId: string }>;
export type LoginEvent = LoginClaimed | LoginReleased;

export const accountStream = (accountId: string) => `account-${accountId}`;
export const loginStream = (loginKey: string) => `login-${loginKey}`;
