import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError, invalid, type Clock } from '@pf/domain';
import { CLOCK, EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import { MailOutbox, PortalLinks } from '@pf/mail';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import {
  decideActivate,
  decideChangePassword,
  decideCloseAccount,
  decideConfirmEmailChange,
  decideIssueToken,
  decideRequestEmailChange,
  decideResetPassword,
  EMAIL_TAKEN,
  normalizeEmail,
} from './account.decider';
import { LoginKeys } from './login-keys';
import { ACCOUNT_LINKS, activationMail, emailChangedMail, emailChangeMail, passwordChangedMail, passwordResetMail, type Recipient } from './account-mails';
import { claimLogin, loadAccount, onAccount, releaseLogin } from './account.streams';
import { ACCOUNTS, type AccountDocument } from './accounts.projection';
import { contextFor, SessionStore } from '@pf/identity';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password-hasher';
import { passwordProblems } from './password-policy';
import type { SessionUser } from '@pf/identity';
import { ACTIVATION_TTL_MS, EMAIL_CHANGE_TTL_MS, hashToken, newToken, PASSWORD_RESET_TTL_MS, plus } from './tokens';

/**
 * The account's life after sign-up: activation, sign-in checks, forgotten and changed passwords,
 * change of e-mail, closing. Each write goes load → decide → append through EventSourcedStreams;
 * mails go through the outbox.
 */
@Injectable()
export class AccountService implements OnModuleDestroy {
  readonly sessions: SessionStore;
  private readonly logger = new Logger('AccountService');
  /** Work done after the answer was sent (see inBackground), awaited before the stores close. */
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly projections: ProjectionRunner,
    private readonly outbox: MailOutbox,
    private readonly links: PortalLinks,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: LoginKeys,
  ) {
    this.sessions = new SessionStore(reads);
  }

  async onModuleInit(): Promise<void> {
    await this.sessions.init();
  }

  /** Work under way may end before the stores close, for a few seconds at most. */
  async onModuleDestroy(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)));
    await Promise.race([Promise.all(this.background), bounded]);
    clearTimeout(timer);
  }

  findByEmail(email: string): Promise<AccountDocument | null> {
    return this.reads
      .collection<AccountDocument>(ACCOUNTS)
      .find({ email: normalizeEmail(email) }, { limit: 1 })
      .then((found) => found[0] ?? null);
  }

  /** The account if the password is right (the same work, hence the same time, for an unknown e-mail). */
  async checkCredentials(email: string, password: string): Promise<AccountDocument | null> {
    const account = await this.findByEmail(email);
    const valid = await this.passwordMatches(account?._id ?? NO_ACCOUNT, password);
    return account && valid ? account : null;
  }

  /**
   * The password hash lives in the account's own stream only: no read model, export or feed holds
   * one (the event store hands credentials to stream readers alone).
   */
  private async passwordMatches(accountId: string, password: string): Promise<boolean> {
    const { state } = await loadAccount(this.streams, accountId);
    return (await verifyPassword(state.passwordHash || DUMMY_HASH, password)) && !!state.passwordHash;
  }

  async mailActivation(account: Recipient, activation: { token: string; tokenHash: string; expiresAt: string }) {
    await this.outbox.enqueue(
      activationMail(account, this.links.url(ACCOUNT_LINKS.activation(account.accountId, activation.token)), activation.expiresAt, activation.tokenHash),
    );
  }

  /**
   * Work whose length would tell whether an account exists (a forgotten password, a new activation
   * link): the answer goes at once, the same for any e-mail, and the work follows it.
   */
  private inBackground(what: string, work: () => Promise<void>): void {
    const running: Promise<void> = work()
      .catch((error: unknown) => this.logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.background.delete(running));
    this.background.add(running);
  }

  /** "Send me a new link": silent whatever the e-mail, so nobody learns which accounts exist. */
  resendActivation(email: string): void {
    this.inBackground('a new activation link', () => this.sendNewActivation(email));
  }

  private async sendNewActivation(email: string): Promise<void> {
    const account = await this.findByEmail(email);
    if (!account || account.status !== 'pending_activation') return;
    const now = this.clock.now();
    const token = { ...newToken(), expiresAt: plus(now, ACTIVATION_TTL_MS) };
    const outcome = await onAccount(
      this.streams,
      account._id,
      (s) => decideIssueToken({ accountId: account._id, purpose: 'activation', tokenHash: token.tokenHash, expiresAt: token.expiresAt }, s),
      this.anonymous(account, now),
    );
    if (outcome.events.length) await this.mailActivation(recipientOf(account), token);
  }

  async activate(accountId: string, token: string): Promise<void> {
    const now = this.clock.now();
    const outcome = await onAccount(this.streams, accountId, (s) => decideActivate({ accountId, tokenHash: hashToken(token), now }, s), {
      communeId: await this.communeOf(accountId),
      actor: { kind: 'anonymous', id: accountId },
      channel: 'web',
      now,
    });
    await this.projections.waitFor(outcome.position);
  }

  /** "Mot de passe oublié": silent whatever the e-mail, and as quick. */
  forgotPassword(email: string): void {
    this.inBackground('a password reset link', () => this.sendPasswordReset(email));
  }

  private async sendPasswordReset(email: string): Promise<void> {
    const account = await this.findByEmail(email);
    if (!account || account.status !== 'active') return;
    const now = this.clock.now();
    const token = { ...newToken(), expiresAt: plus(now, PASSWORD_RESET_TTL_MS) };
    const outcome = await onAccount(
      this.streams,
      account._id,
      (s) => decideIssueToken({ accountId: account._id, purpose: 'password_reset', tokenHash: token.tokenHash, expiresAt: token.expiresAt }, s),
      this.anonymous(account, now),
    );
    if (!outcome.events.length) return;
    await this.outbox.enqueue(
      passwordResetMail(
        recipientOf(account),
        this.links.url(ACCOUNT_LINKS.passwordReset(account._id, token.token)),
        token.expiresAt,
        token.tokenHash,
      ),
    );
  }

  async resetPassword(accountId: string, token: string, password: string, confirmation: string): Promise<void> {
    const problems = passwordProblems(password, confirmation);
    if (problems.length) throw invalid('PASSWORD_REJECTED', problems[0].message, problems);
    const now = this.clock.now();
    const tokenHash = hashToken(token);
    // Check the link before spending time on the hash (and so a bad link changes nothing).
    const loaded = await loadAccount(this.streams, accountId);
    decideResetPassword({ accountId, tokenHash, passwordHash: '', now }, loaded.state);
    const passwordHash = await hashPassword(password);
    const outcome = await onAccount(this.streams, accountId, (s) => decideResetPassword({ accountId, tokenHash, passwordHash, now }, s), {
      communeId: await this.communeOf(accountId),
      actor: { kind: 'anonymous', id: accountId },
      channel: 'web',
      now,
    });
    await this.projections.waitFor(outcome.position);
    await this.sessions.revokeAll(accountId);
    await this.mailPasswordChanged(accountId, now, outcome.position ? String(outcome.position) : undefined);
  }

  private async mailPasswordChanged(accountId: string, at: string, changeId: string | undefined): Promise<void> {
    const account = await this.reads.collection<AccountDocument>(ACCOUNTS).get(accountId);
    if (account && changeId) await this.outbox.enqueue(passwordChangedMail(recipientOf(account), at, changeId));
  }

  async changePassword(user: SessionUser, current: string, password: string, confirmation: string, requestId?: string): Promise<void> {
    if (!(await this.passwordMatches(user.accountId, current))) {
      throw invalid('CURRENT_PASSWORD_WRONG', 'Le mot de passe actuel est incorrect.', [
        { field: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG', message: 'Le mot de passe actuel est incorrect.' },
      ]);
    }
    const problems = passwordProblems(password, confirmation);
    if (problems.length) throw invalid('PASSWORD_REJECTED', problems[0].message, problems);
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    const outcome = await onAccount(this.streams, user.accountId, (s) => decideChangePassword({ accountId: user.accountId, passwordHash }, s), contextFor(user, now, requestId));
    await this.projections.waitFor(outcome.position);
    await this.sessions.revokeAll(user.accountId, user.sessionId);
    await this.mailPasswordChanged(user.accountId, now, outcome.position ? String(outcome.position) : undefined);
  }

  /** The new address receives a link; the login changes only once it is followed. */
  async requestEmailChange(user: SessionUser, newEmail: string, password: string, requestId?: string): Promise<void> {
    const account = await this.reads.collection<AccountDocument>(ACCOUNTS).get(user.accountId);
    if (!account || !(await this.passwordMatches(user.accountId, password))) {
      throw invalid('CURRENT_PASSWORD_WRONG', 'Le mot de passe est incorrect.', [
        { field: 'password', code: 'CURRENT_PASSWORD_WRONG', message: 'Le mot de passe est incorrect.' },
      ]);
    }
    const now = this.clock.now();
    const email = normalizeEmail(newEmail);
    const token = { ...newToken(), expiresAt: plus(now, EMAIL_CHANGE_TTL_MS) };
    const outcome = await onAccount(
      this.streams,
      user.accountId,
      (s) => decideRequestEmailChange({ accountId: user.accountId, newEmail: email, newLoginKey: this.keys.loginKeyFor(email), tokenHash: token.tokenHash, expiresAt: token.expiresAt }, s),
      contextFor(user, now, requestId),
    );
    await this.projections.waitFor(outcome.position);
    if (outcome.replayed) return;
    await this.outbox.enqueue(
      emailChangeMail(
        recipientOf(account),
        email,
        this.links.url(ACCOUNT_LINKS.emailChange(user.accountId, token.token)),
        token.expiresAt,
        token.tokenHash,
      ),
    );
  }

  async confirmEmailChange(accountId: string, token: string): Promise<void> {
    const now = this.clock.now();
    const tokenHash = hashToken(token);
    const loaded = await loadAccount(this.streams, accountId);
    const [changed] = decideConfirmEmailChange({ accountId, tokenHash, now }, loaded.state);
    if (changed.type !== 'EmailChanged') return;
    const ctx: CommandContext = { communeId: await this.communeOf(accountId), actor: { kind: 'anonymous', id: accountId }, channel: 'web', now };
    try {
      await claimLogin(this.streams, this.keys, changed.data.email, accountId, ctx);
    } catch (error) {
      if (error instanceof DomainError && error.code === EMAIL_TAKEN) {
        throw invalid('EMAIL_UNAVAILABLE', 'Cette adresse e-mail ne peut pas être utilisée. Choisissez-en une autre.');
      }
      throw error;
    }
    const account = await this.reads.collection<AccountDocument>(ACCOUNTS).get(accountId);
    const outcome = await onAccount(this.streams, accountId, (s) => decideConfirmEmailChange({ accountId, tokenHash, now }, s), ctx);
    await this.releaseLogins(loaded.state.loginKey, loaded.state.email, accountId, ctx);
    await this.projections.waitFor(outcome.position);
    // The address that was the login until now is told, so a stolen session cannot take the account quietly.
    if (account && loaded.state.email && outcome.position) {
      await this.outbox.enqueue(emailChangedMail({ ...recipientOf(account), email: loaded.state.email }, changed.data.email, now, String(outcome.position)));
    }
  }

  /** The family was erased: its accounts close, their e-mails become free, their sessions end. */
  async closeAccounts(accountIds: string[], ctx: CommandContext): Promise<number> {
    let position = 0;
    for (const accountId of accountIds) {
      const loaded = await loadAccount(this.streams, accountId);
      const loginKey = loaded.state.loginKey;
      const outcome = await onAccount(this.streams, accountId, (s) => decideCloseAccount({ accountId }, s), { ...ctx, requestId: ctx.requestId && `${ctx.requestId}|${accountId}` });
      await this.releaseLogins(loginKey, loaded.state.email, accountId, { ...ctx, requestId: ctx.requestId && `${ctx.requestId}|login|${accountId}` });
      await this.sessions.revokeAll(accountId);
      position = Math.max(position, outcome.position);
    }
    return position;
  }

  /**
   * Frees the e-mail the account held: the login stream its events name and, if that was an
   * unkeyed one from before, the keyed stream too (a release by a non-holder changes nothing).
   */
  private async releaseLogins(loginKey: string | null, email: string | null, accountId: string, ctx: CommandContext): Promise<void> {
    const keys = new Set([loginKey, email && this.keys.loginKeyFor(email)].filter((k): k is string => !!k));
    let n = 0;
    for (const key of keys) await releaseLogin(this.streams, key, accountId, { ...ctx, requestId: ctx.requestId && `${ctx.requestId}|release|${n++}` });
  }

  private anonymous(account: AccountDocument, now: string): CommandContext {
    return { communeId: account.communeId, actor: { kind: 'anonymous', id: account._id }, channel: 'web', now };
  }

  /** The commune stamped on the account's first event (links carry only the account id). */
  private async communeOf(accountId: string): Promise<string> {
    const loaded = await loadAccount(this.streams, accountId);
    if (!loaded.state.registered) throw invalid('TOKEN_INVALID', "Ce lien n'est pas valide. Demandez-en un nouveau.");
    return loaded.events[0].metadata.communeId;
  }
}

/** No account has this id: checking a password against it costs what a real check costs. */
const NO_ACCOUNT = '00000000-0000-4000-8000-000000000000';

const recipientOf = (account: AccountDocument): Recipient => ({ communeId: account.communeId, accountId: account._id, email: account.email, displayName: account.displayName });
