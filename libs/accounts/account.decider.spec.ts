import {
  decideActivate,
  decideClaimLogin,
  decideConfirmEmailChange,
  decideIssueToken,
  decideRegisterAccount,
  decideRequestEmailChange,
  decideResetPassword,
  evolveAccount,
  evolveLogin,
  initialAccountState,
  initialLoginState,
  type AccountState,
} from './account.decider';
import { LoginKeys } from './login-keys';

const keys = new LoginKeys('a-login-key-secret-of-at-least-32-characters');
const loginKeyFor = (email: string) => keys.loginKeyFor(email);
import type { AccountEvent, AccountRegistration } from './account.events';

const registration: AccountRegistration = {
  accountId: 'a1',
  communeId: 'c1',
  role: 'guardian',
  familyId: 'f1',
  email: 'Julie.Dubois@Example.fr',
  civility: 'Mme',
  firstName: 'Julie',
  lastName: 'Dubois',
  passwordHash: '$argon2id$…',
  loginKey: loginKeyFor('julie.dubois@example.fr'),
  activated: false,
};
const given = (...events: AccountEvent[]): AccountState => events.reduce(evolveAccount, initialAccountState);
const registered = () => decideRegisterAccount(registration, initialAccountState);
const issued = (tokenHash: string, purpose: 'activation' | 'password_reset' | 'email_change', expiresAt = '2026-11-03T08:00:00.000Z'): AccountEvent => ({
  type: 'AccountTokenIssued',
  data: { accountId: 'a1', purpose, tokenHash, expiresAt },
});

describe('account activation by the link sent by mail', () => {
  it('activates the account with the link within 24 hours', () => {
    expect(decideActivate({ accountId: 'a1', tokenHash: 'h1', now: '2026-11-03T07:59:00.000Z' }, given(...registered(), issued('h1', 'activation')))).toEqual([
      { type: 'AccountActivated', data: { accountId: 'a1', tokenHash: 'h1' } },
    ]);
  });

  it('refuses the link once expired, and says so', () => {
    expect(() => decideActivate({ accountId: 'a1', tokenHash: 'h1', now: '2026-11-03T08:00:00.000Z' }, given(...registered(), issued('h1', 'activation')))).toThrow(
      expect.objectContaining({ code: 'TOKEN_EXPIRED' }),
    );
  });

  it('refuses a link used already', () => {
    const state = given(...registered(), issued('h1', 'activation'), { type: 'AccountActivated', data: { accountId: 'a1', tokenHash: 'h1' } });
    expect(() => decideActivate({ accountId: 'a1', tokenHash: 'h1', now: '2026-11-02T09:00:00.000Z' }, state)).toThrow(expect.objectContaining({ code: 'TOKEN_ALREADY_USED' }));
  });

  it('refuses an older link once a new one was asked for', () => {
    const state = given(...registered(), issued('h1', 'activation'), issued('h2', 'activation'));
    expect(() => decideActivate({ accountId: 'a1', tokenHash: 'h1', now: '2026-11-02T09:00:00.000Z' }, state)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
    expect(decideActivate({ accountId: 'a1', tokenHash: 'h2', now: '2026-11-02T09:00:00.000Z' }, state)).toHaveLength(1);
  });

  it('refuses a token that was never issued, or issued for something else', () => {
    const state = given(...registered(), issued('h1', 'password_reset'));
    expect(() => decideActivate({ accountId: 'a1', tokenHash: 'h1', now: '2026-11-02T09:00:00.000Z' }, state)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
    expect(() => decideActivate({ accountId: 'a1', tokenHash: 'zz', now: '2026-11-02T09:00:00.000Z' }, state)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
  });

  it('sends no new activation link to an account already active', () => {
    const state = given(...registered(), issued('h1', 'activation'), { type: 'AccountActivated', data: { accountId: 'a1', tokenHash: 'h1' } });
    expect(decideIssueToken({ accountId: 'a1', purpose: 'activation', tokenHash: 'h2', expiresAt: 'x' }, state)).toEqual([]);
  });
});

describe('forgotten password', () => {
  const active = () => given(...registered(), issued('h1', 'activation'), { type: 'AccountActivated', data: { accountId: 'a1', tokenHash: 'h1' } });

  it('sends no reset link to an account not activated yet', () => {
    expect(decideIssueToken({ accountId: 'a1', purpose: 'password_reset', tokenHash: 'r1', expiresAt: 'x' }, given(...registered()))).toEqual([]);
  });

  it('changes the password with the reset link, once', () => {
    const state = given(...registered(), ...[issued('h1', 'activation'), { type: 'AccountActivated', data: { accountId: 'a1', tokenHash: 'h1' } } as AccountEvent, issued('r1', 'password_reset')]);
    const [changed] = decideResetPassword({ accountId: 'a1', tokenHash: 'r1', passwordHash: 'new', now: '2026-11-02T09:00:00.000Z' }, state);
    expect(changed).toEqual({ type: 'PasswordChanged', data: { accountId: 'a1', passwordHash: 'new', tokenHash: 'r1' } });
    expect(() => decideResetPassword({ accountId: 'a1', tokenHash: 'r1', passwordHash: 'again', now: '2026-11-02T09:00:00.000Z' }, evolveAccount(state, changed))).toThrow(
      expect.objectContaining({ code: 'TOKEN_ALREADY_USED' }),
    );
    expect(active().passwordHash).toBe('$argon2id$…');
  });
});

describe('change of login e-mail', () => {
  it('changes the e-mail only when the link sent to the new address is followed', () => {
    const state = given(...registered());
    const [asked] = decideRequestEmailChange({ accountId: 'a1', newEmail: 'J.Dubois@Example.org', newLoginKey: loginKeyFor('j.dubois@example.org'), tokenHash: 'e1', expiresAt: '2026-11-03T08:00:00.000Z' }, state);
    expect(asked).toMatchObject({ type: 'EmailChangeRequested', data: { newEmail: 'j.dubois@example.org' } });
    const [changed] = decideConfirmEmailChange({ accountId: 'a1', tokenHash: 'e1', now: '2026-11-02T09:00:00.000Z' }, evolveAccount(state, asked));
    expect(changed).toMatchObject({ type: 'EmailChanged', data: { email: 'j.dubois@example.org', previousLoginKey: registration.loginKey } });
  });

  it('refuses to "change" to the same address', () => {
    expect(() =>
      decideRequestEmailChange({ accountId: 'a1', newEmail: 'julie.dubois@example.fr', newLoginKey: registration.loginKey!, tokenHash: 'e1', expiresAt: 'x' }, given(...registered())),
    ).toThrow(expect.objectContaining({ code: 'EMAIL_UNCHANGED' }));
  });
});

describe('one account per login e-mail', () => {
  it('lets one account hold an e-mail, and refuses it to another', () => {
    const claimed = decideClaimLogin({ loginKey: 'k', accountId: 'a1' }, initialLoginState);
    const state = claimed.reduce(evolveLogin, initialLoginState);
    expect(decideClaimLogin({ loginKey: 'k', accountId: 'a1' }, state)).toEqual([]);
    expect(() => decideClaimLogin({ loginKey: 'k', accountId: 'a2' }, state)).toThrow(expect.objectContaining({ code: 'EMAIL_ALREADY_REGISTERED' }));
  });

  it('frees the e-mail once released', () => {
    const state = [...decideClaimLogin({ loginKey: 'k', accountId: 'a1' }, initialLoginState), { type: 'LoginReleased' as const, data: { loginKey: 'k', accountId: 'a1' } }].reduce(evolveLogin, initialLoginState);
    expect(decideClaimLogin({ loginKey: 'k', accountId: 'a2' }, state)).toHaveLength(1);
  });
});
