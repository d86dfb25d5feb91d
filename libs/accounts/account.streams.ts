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

/** The two kinds of streams accounts write, behind the one command path. */
export const onAccount = (streams: EventSourcedStreams, accountId: string, decide: (state: AccountState) => AccountEvent[], ctx: CommandContext) =>
  streams.handle<AccountState, AccountEvent>({ streamId: accountStream(accountId), initialState: initialAccountState, evolve: evolveAccount, decide }, ctx);

export const loadAccount = (streams: EventSourcedStreams, accountId: string) => streams.load(accountStream(accountId), initialAccountState, evolveAccount);

export const claimLogin = (streams: EventSourcedStreams, loginKey: string, accountId: string, ctx: CommandContext) =>
  streams.handle<LoginState, LoginEvent>(
    { streamId: loginStream(loginKey), initialState: initialLoginState, evolve: evolveLogin, decide: (s) => decideClaimLogin({ loginKey, accountId }, s) },
    ctx,
  );

export const releaseLogin = (streams: EventSourcedStreams, loginKey: string, accountId: string, ctx: CommandContext) =>
  streams.handle<LoginState, LoginEvent>(
    { streamId: loginStream(loginKey), initialState: initialLoginState, evolve: evolveLogin, decide: (s) => decideReleaseLogin({ loginKey, accountId }, s) },
    ctx,
  );

export const loadLogin = (streams: EventSourcedStreams, loginKey: string) => streams.load(loginStream(loginKey), initialLoginState, evolveLogin);
