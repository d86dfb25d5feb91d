import { conflict, invalid } from '@pf/domain';
import type { AccountEvent, AccountRegistration, LoginEvent, TokenPurpose } from './account.events';

import { normalizeEmail } from './login-keys';

export { normalizeEmail };

export interface IssuedToken {
  purpose: TokenPurpose;
  expiresAt: string;
  used: boolean;
  /** A newer link of the same purpose replaced this one. */
  replaced: boolean;
}

export interface AccountState {
  registered: boolean;
  closed: boolean;
  activated: boolean;
  email: string | null;
  loginKey: string | null;
  passwordHash: string | null;
  tokens: Record<string, IssuedToken>;
  pendingEmail: { email: string; loginKey: string; tokenHash: string } | null;
}

export const initialAccountState: AccountState = {
  registered: false,
  closed: false,
  activated: false,
  email: null,
  loginKey: null,
  passwordHash: null,
  tokens: {},
  pendingEmail: null,
};

const useToken = (tokens: Record<string, IssuedToken>, hash: string | null) =>
  hash && tokens[hash] ? { ...tokens, [hash]: { ...tokens[hash], used: true } } : tokens;

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountRegistered':
      return {
        ...state,
        registered: true,
        activated: event.data.activated ?? true,
        email: event.data.email,
        loginKey: event.data.loginKey ?? null,
        passwordHash: event.data.passwordHash,
      };
    case 'AccountTokenIssued': {
      const tokens = Object.fromEntries(
        Object.entries(state.tokens).map(([h, t]) => [h, t.purpose === event.data.purpose ? { ...t, replaced: true } : t]),
      );
      return { ...state, tokens: { ...tokens, [event.data.tokenHash]: { purpose: event.data.purpose, expiresAt: event.data.expiresAt, used: false, replaced: false } } };
    }
    case 'AccountActivated':
      return { ...state, activated: true, tokens: useToken(state.tokens, event.data.tokenHash) };
    case 'PasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash, tokens: useToken(state.tokens, event.data.tokenHash) };
    case 'EmailChangeRequested': {
      const next = evolveAccount(state, { type: 'AccountTokenIssued', data: { accountId: event.data.accountId, purpose: 'email_change', tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt } });
      return { ...next, pendingEmail: { email: event.data.newEmail, loginKey: event.data.newLoginKey, tokenHash: event.data.tokenHash } };
    }
    case 'EmailChanged':
      return { ...state, email: event.data.email, loginKey: event.data.loginKey, pendingEmail: null, tokens: useToken(state.tokens, event.data.tokenHash) };
    case 'AccountClosed':
      return { ...state, closed: true, tokens: {}, pendingEmail: null };
  }
}

export const EMAIL_TAKEN = 'EMAIL_ALREADY_REGISTERED';

export function decideRegisterAccount(registration: AccountRegistration, state: AccountState): AccountEvent[] {
  if (state.registered) throw conflict(EMAIL_TAKEN, 'Un compte existe déjà avec cette adresse e-mail.');
  return [{ type: 'AccountRegistered', data: { ...registration, email: normalizeEmail(registration.email) } }];
}

// ---- login e-mails -------------------------------------------------------------------------

export interface LoginState {
  holder: string | null;
}
export const initialLoginState: LoginState = { holder: null };

export function evolveLogin(state: LoginState, event: LoginEvent): LoginState {
  switch (event.type) {
    case 'LoginClaimed':
      return { holder: event.data.accountId };
    case 'LoginReleased':
      return state.holder === event.data.accountId ? { holder: null } : state;
  }
}

export function decideClaimLogin(command: { loginKey: string; accountId: string }, state: LoginState): LoginEvent[] {
  if (state.holder === command.accountId) return [];
  if (state.holder) throw conflict(EMAIL_TAKEN, 'Un compte existe déjà avec cette adresse e-mail.');
  return [{ type: 'LoginClaimed', data: command }];
}

export function decideReleaseLogin(command: { loginKey: string; accountId: string }, state: LoginState): LoginEvent[] {
  return state.holder === command.accountId ? [{ type: 'LoginReleased', data: command }] : [];
}

// ---- single-use links ----------------------------------------------------------------------

export const TOKEN_INVALID = 'TOKEN_INVALID';
export const TOKEN_EXPIRED = 'TOKEN_EXPIRED';
export const TOKEN_USED = 'TOKEN_ALREADY_USED';

/** Checks a link: issued for this purpose, newest of its kind, unused, not expired. */
export function checkToken(state: AccountState, tokenHash: string, purpose: TokenPurpose, now: string): void {
  const token = state.closed ? undefined : state.tokens[tokenHash];
  if (!token || token.purpose !== purpose) throw invalid(TOKEN_INVALID, "Ce lien n'est pas valide. Demandez-en un nouveau.");
  if (token.used) throw conflict(TOKEN_USED, 'Ce lien a déjà servi. Demandez-en un nouveau si besoin.');
  if (token.replaced) throw invalid(TOKEN_INVALID, 'Un lien plus récent vous a été envoyé : utilisez le dernier reçu.');
  if (Date.parse(token.expiresAt) <= Date.parse(now)) throw invalid(TOKEN_EXPIRED, 'Ce lien a expiré. Demandez-en un nouveau.');
}

export function decideIssueToken(command: { accountId: string; purpose: TokenPurpose; tokenHash: string; expiresAt: string }, state: AccountState): AccountEvent[] {
  if (!state.registered || state.closed) return [];
  if (command.purpose === 'activation' && state.activated) return [];
  if (command.purpose === 'password_reset' && !state.activated) return [];
  return [{ type: 'AccountTokenIssued', data: command }];
}

export function decideActivate(command: { accountId: string; tokenHash: string; now: string }, state: AccountState): AccountEvent[] {
  if (state.activated && state.tokens[command.tokenHash]?.used) throw conflict(TOKEN_USED, 'Votre compte est déjà activé : connectez-vous.');
  checkToken(state, command.tokenHash, 'activation', command.now);
  return [{ type: 'AccountActivated', data: { accountId: command.accountId, tokenHash: command.tokenHash } }];
}

export function decideResetPassword(command: { accountId: string; tokenHash: string; passwordHash: string; now: string }, state: AccountState): AccountEvent[] {
  checkToken(state, command.tokenHash, 'password_reset', command.now);
  return [{ type: 'PasswordChanged', data: { accountId: command.accountId, passwordHash: command.passwordHash, tokenHash: command.tokenHash } }];
}

export function decideChangePassword(command: { accountId: string; passwordHash: string }, state: AccountState): AccountEvent[] {
  if (!state.registered || state.closed) throw invalid('ACCOUNT_CLOSED', 'Ce compte est fermé.');
  return [{ type: 'PasswordChanged', data: { accountId: command.accountId, passwordHash: command.passwordHash, tokenHash: null } }];
}

export function decideRequestEmailChange(
  command: { accountId: string; newEmail: string; newLoginKey: string; tokenHash: string; expiresAt: string },
  state: AccountState,
): AccountEvent[] {
  if (!state.registered || state.closed) throw invalid('ACCOUNT_CLOSED', 'Ce compte est fermé.');
  if (state.loginKey === command.newLoginKey || state.email === normalizeEmail(command.newEmail)) {
    throw invalid('EMAIL_UNCHANGED', "C'est déjà l'adresse e-mail de votre compte.");
  }
  return [{ type: 'EmailChangeRequested', data: { ...command, newEmail: normalizeEmail(command.newEmail) } }];
}

export function decideConfirmEmailChange(command: { accountId: string; tokenHash: string; now: string }, state: AccountState): AccountEvent[] {
  checkToken(state, command.tokenHash, 'email_change', command.now);
  const pending = state.pendingEmail;
  if (!pending || pending.tokenHash !== command.tokenHash) throw invalid(TOKEN_INVALID, "Ce lien n'est pas valide. Demandez-en un nouveau.");
  return [
    {
      type: 'EmailChanged',
      data: { accountId: command.accountId, email: pending.email, loginKey: pending.loginKey, previousLoginKey: state.loginKey, tokenHash: command.tokenHash },
    },
  ];
}

export function decideCloseAccount(command: { accountId: string }, state: AccountState): AccountEvent[] {
  if (!state.registered || state.closed) return [];
  return [{ type: 'AccountClosed', data: { accountId: command.accountId, reason: 'FAMILY_ERASED' } }];
}
