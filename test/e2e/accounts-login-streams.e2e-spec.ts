import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoginKeys } from '@pf/accounts';
import { uuidFromName } from '@pf/domain';
import { SqliteEventStore } from '@pf/event-store';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

describe('streams keyed by a login e-mail', () => {
  let portal: RunningPortal;
  const email = `ines.fontaine.${Date.now()}@example.fr`;
  afterAll(() => portal?.close());

  it('name neither the e-mail nor a plain hash of it, for parents and staff alike', async () => {
    portal = await startPortal({ keepData: true });
    const staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    const opened = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', lastName: 'Fontaine', firstName: 'Inès', email },
      children: [{ firstName: 'Noé', lastName: 'Fontaine', birthDate: '2019-03-04' }],
    });
    const password = 'Fontaine-2026';
    const signUp = { requestId: requestId(), subscriberCode: opened.body.subscriberCode, civility: 'Mme', lastName: 'Fontaine', firstName: 'Inès', email, password, passwordConfirmation: password, termsAccepted: true };
    expect((await new ApiClient(portal.baseUrl).post('/api/auth/sign-up', signUp)).status).toBe(201);
    // The same e-mail again, with another request: refused, as before keyed names.
    const again = await new ApiClient(portal.baseUrl).post('/api/auth/sign-up', { ...signUp, requestId: requestId() });
    expect(again.status).toBeGreaterThanOrEqual(400);
    await portal.close();

    // The secret was generated into the data folder (no LOGIN_KEY_SECRET in tests).
    const keys = new LoginKeys(readFileSync(join(portal.dataDir, 'login-key-secret'), 'utf8').trim());
    const store = SqliteEventStore.open({ dataDir: portal.dataDir });
    try {
      const names = [...new Set((await store.readAll({ limit: 100_000 })).map((e) => e.streamId))];
      const guessable = [email, STAFF.email].flatMap((e) => [e, uuidFromName(`login:${e}`), uuidFromName(`account:${e}`)]);
      expect(names.filter((n) => guessable.some((g) => n.includes(g)))).toEqual([]);
      expect(names).toEqual(expect.arrayContaining([`login-${keys.loginKeyFor(email)}`, `login-${keys.loginKeyFor(STAFF.email)}`, `account-${keys.accountIdFor(STAFF.email)}`]));
    } finally {
      await store.close();
    }
  });
});
