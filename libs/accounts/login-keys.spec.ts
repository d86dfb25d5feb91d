import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidFromName } from '@pf/domain';
import { SqliteEventStore } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { loginStream, type LoginEvent } from './account.events';
import { claimLogin, loginHolder } from './account.streams';
import { LoginKeys } from './login-keys';
import { RegisterStaffAccountCommand, RegisterStaffAccountHandler } from './register-staff.handler';

const SECRET = 'a-login-key-secret-of-at-least-32-characters';
const email = 'Julie.Dubois@Example.fr';

describe('the names of the streams that reserve a login e-mail', () => {
  const keys = new LoginKeys(SECRET);

  it('carry neither the e-mail nor a hash anyone could compute from it', () => {
    const key = keys.loginKeyFor(email);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(loginStream(key)).not.toMatch(/julie|dubois|example/i);
    expect(key).not.toBe(uuidFromName('login:julie.dubois@example.fr'));
    expect(key).not.toBe(new LoginKeys('another-secret-of-at-least-32-characters!').loginKeyFor(email));
    expect(keys.accountIdFor(email)).not.toBe(uuidFromName('account:julie.dubois@example.fr'));
  });

  it('are the same for the same e-mail however it is typed', () => {
    expect(keys.loginKeyFor('  JULIE.dubois@example.FR ')).toBe(keys.loginKeyFor(email));
  });

  it('need a secret of at least 32 characters', () => {
    expect(() => new LoginKeys('court')).toThrow(/32/);
  });
});

describe('an e-mail stays unique across the change of stream names', () => {
  let dir: string;
  let store: SqliteEventStore;
  let streams: EventSourcedStreams;
  const keys = new LoginKeys(SECRET);
  const ctx: CommandContext = { communeId: 'saint-hilaire-du-bois', actor: { kind: 'system', id: 'test' }, channel: 'system', now: '2026-11-02T08:00:00.000Z' };
  /** What older versions wrote: the e-mail claimed on its unkeyed stream. */
  const claimedBefore = async (accountId: string) => {
    const loginKey = keys.legacyLoginKeyFor(email);
    await streams.handle<null, LoginEvent>({ streamId: loginStream(loginKey), initialState: null, evolve: (s) => s, decide: () => [{ type: 'LoginClaimed', data: { loginKey, accountId } }] }, ctx);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pf-login-'));
    store = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    streams = new EventSourcedStreams(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to another account an e-mail claimed before the keyed names, and lets its holder keep it', async () => {
    await claimedBefore('account-ancien');
    expect(await loginHolder(streams, keys, email)).toBe('account-ancien');
    await expect(claimLogin(streams, keys, email, 'account-nouveau', ctx)).rejects.toMatchObject({ code: 'EMAIL_ALREADY_REGISTERED' });
    await claimLogin(streams, keys, email, 'account-ancien', ctx);
    const names = (await store.readAll({ limit: 100 })).map((e) => e.streamId);
    expect(names).toContain(`login-${keys.loginKeyFor(email)}`);
  });

  it('gives a freshly claimed e-mail to one account only', async () => {
    await claimLogin(streams, keys, email, 'account-1', ctx);
    await expect(claimLogin(streams, keys, 'julie.dubois@example.fr', 'account-2', ctx)).rejects.toMatchObject({ code: 'EMAIL_ALREADY_REGISTERED' });
  });

  it('keeps a staff account opened before the keyed names: registering it again changes nothing', async () => {
    await claimedBefore(keys.legacyAccountIdFor(email));
    const handler = new RegisterStaffAccountHandler(streams, keys);
    const input = { role: 'staff' as const, civility: 'Mme' as const, firstName: 'Julie', lastName: 'Dubois', email, password: 'Enfance-2026' };
    const again = await handler.execute(new RegisterStaffAccountCommand(input, ctx));
    expect(again.accountId).toBe(keys.legacyAccountIdFor(email));
    expect((await store.readAll({ limit: 100 })).map((e) => e.type)).toEqual(['LoginClaimed']);
  });
});
