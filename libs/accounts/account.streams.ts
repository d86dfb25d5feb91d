import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import {
  decideClaimLogin,
  decideReleaseLogin,
  evolveAccount,
  evolveLogin,
  initialAccountState,
  initialLoginState,
  type AccountState,
  type LoginState,
} from './account.decider';
import { accountStream, loginStream, type AccountEvent, type LoginEvent } from './account.events';
import type { LoginKeys } from './login-keys';

/** The two kinds of streams accounts write, behind the one command path. */
export const onAccount = (streams: EventSourcedStreams, accountId: string, decide: (state: AccountState) => AccountEvent[], ctx: CommandContext) =>
  streams.handle<AccountState, AccountEvent>({ streamId: accountStream(accountId), initialState: initialAccountState, evolve: evolveAccount, decide }, ctx);

export const loadAccount = (streams: EventSourcedStreams, accountId: string) => streams.load(accountStream(accountId), initialAccountState, evolveAccount);

/** Who holds this e-mail: its keyed login stream, or the unkeyed one of an e-mail claimed before keyed names. */
export async function loginHolder(streams: EventSourcedStreams, keys: LoginKeys, email: string): Promise<string | null> {
  const keyed = await loadLogin(streams, keys.loginKeyFor(email));
  if (keyed.state.holder) return keyed.state.holder;
  return (await loadLogin(streams, keys.legacyLoginKeyFor(email))).state.holder;
}

/**
 * Reserves the e-mail for the account on its keyed login stream (the store arbitrates races). An
 * older, unkeyed stream is never written again, so a holder found there cannot change but by a
 * release: checking it first keeps e-mails claimed before keyed names unique.
 */
export async function claimLogin(streams: EventSourcedStreams, keys: LoginKeys, email: string, accountId: string, ctx: CommandContext): Promise<void> {
  const legacy = await loadLogin(streams, keys.legacyLoginKeyFor(email));
  if (legacy.state.holder && legacy.state.holder !== accountId) decideClaimLogin({ loginKey: keys.legacyLoginKeyFor(email), accountId }, legacy.state);
  const loginKey = keys.loginKeyFor(email);
  await streams.handle<LoginState, LoginEvent>(
    { streamId: loginStream(loginKey), initialState: initialLoginState, evolve: evolveLogin, decide: (s) => decideClaimLogin({ loginKey, accountId }, s) },
    ctx,
  );
}

export const releaseLogin = (streams: EventSourcedStreams, loginKey: string, accountId: string, ctx: CommandContext) =>
  streams.handle<LoginState, LoginEvent>(
    { streamId: loginStream(loginKey), initialState: initialLoginState, evolve: evolveLogin, decide: (s) => decideReleaseLogin({ loginKey, accountId }, s) },
    ctx,
  );

export const loadLogin = (streams: EventSourcedStreams, loginKey: string) => streams.load(loginStream(loginKey), initialLoginState, evolveLogin);
