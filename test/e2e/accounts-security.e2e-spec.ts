import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@pf/domain';
import { createPortal } from '../../apps/api/src/bootstrap';
import { configFromEnv } from '../../apps/api/src/config';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startMailbox, type Mailbox, type ReceivedMail } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';

const clock = new FixedClock('2026-11-02T08:00:00Z');

/** The account id and token a mailed link carries (?compte=…&jeton=…). */
const linkIn = (mail: ReceivedMail, path: string) => {
  const url = new URL(mail.links.find((l) => l.includes(path))!);
  return { accountId: url.searchParams.get('compte')!, token: url.searchParams.get('jeton')! };
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every byte of the data folder's store files, as latin1 text, to search for a string. */
const storeBytes = (dir: string, only = /\.sqlite/) =>
  readdirSync(dir)
    .filter((f) => only.test(f))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');

async function raw(baseUrl: string, path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const response = await fetch(baseUrl + path, { ...init, headers: { accept: '*/*', ...headers } });
  return { status: response.status, headers: response.headers, text: Buffer.from(await response.arrayBuffer()).toString('latin1') };
}

describe('credentials stay in the accounts capability', () => {
  let portal: RunningPortal;
  let mailbox: Mailbox;
  const email = `camille.roux.${Date.now()}@example.fr`;
  const tokens: string[] = [];
  let familyId: string;
  const exports: Array<{ what: string; text: string }> = [];

  beforeAll(async () => {
    mailbox = await startMailbox();
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl, keepData: true });
    const staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    const opened = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', lastName: 'Roux', firstName: 'Camille', email },
      children: [{ firstName: 'Léo', lastName: 'Roux', birthDate: '2019-04-11' }],
    });
    familyId = opened.body.familyId;

    // Every credential an account can hold: a password hash (twice changed) and three kinds of token.
    const parent = new ApiClient(portal.baseUrl);
    const password = 'Premier-Mot-1';
    await parent.post('/api/auth/sign-up', { requestId: requestId(), subscriberCode: opened.body.subscriberCode, civility: 'Mme', lastName: 'Roux', firstName: 'Camille', email, password, passwordConfirmation: password, termsAccepted: true });
    const activation = linkIn(await mailbox.waitFor(email, (m) => m.subject.startsWith('Activez')), '/activer-mon-compte');
    tokens.push(activation.token);
    expect((await parent.post('/api/auth/activation', activation)).status).toBe(200);
    expect((await parent.post('/api/auth/password/forgot', { email })).status).toBe(202);
    const reset = linkIn(await mailbox.waitFor(email, (m) => m.subject.startsWith('Réinitialisation')), '/mot-de-passe/nouveau');
    tokens.push(reset.token);
    expect((await parent.post('/api/auth/password/reset', { ...reset, password: 'Second-Mot-2', passwordConfirmation: 'Second-Mot-2' })).status).toBe(200);
    await parent.signIn(email, 'Second-Mot-2');
    expect((await parent.post('/api/auth/password/change', { currentPassword: 'Second-Mot-2', password: 'Troisieme-Mot-3', passwordConfirmation: 'Troisieme-Mot-3' })).status).toBe(200);
    const newEmail = `c.roux.${Date.now()}@example.org`;
    expect((await parent.post('/api/auth/email/change', { requestId: requestId(), newEmail, password: 'Troisieme-Mot-3' })).status).toBe(202);
    const change = linkIn(await mailbox.waitFor(newEmail, (m) => m.subject.includes('nouvelle adresse')), '/mon-compte/confirmer-email');
    tokens.push(change.token);
    expect((await parent.post('/api/auth/email/confirm', change)).status).toBe(200);

    // What staff, the family and integrators can take away.
    const cookie = { cookie: staff.cookieHeader() };
    for (const path of [`/api/audit/family/${familyId}`, `/api/audit/family/${familyId}/export.csv`, `/api/families/${familyId}/personal-data`, `/api/families/${familyId}/personal-data.pdf`]) {
      const answer = await raw(portal.baseUrl, path, cookie);
      expect([path, answer.status]).toEqual([path, 200]);
      exports.push({ what: path, text: answer.text });
    }
    for (const scope of ['accounting', 'caf-statistics', 'school-software']) {
      const key = (await staff.post('/api/integrations/keys', { requestId: requestId(), label: `Logiciel ${scope}`, scope })).body.key as string;
      const feed = await raw(portal.baseUrl, '/api/integrations/events?after=0&limit=1000', { authorization: `Bearer ${key}` });
      expect([scope, feed.status]).toEqual([scope, 200]);
      exports.push({ what: `feed ${scope}`, text: feed.text });
    }
    for (const mail of mailbox.received) exports.push({ what: `mail ${mail.subject}`, text: `${mail.text}\n${mail.html}` });
    await portal.close();
  });

  afterAll(async () => {
    await mailbox?.close();
    if (portal) rmSync(portal.dataDir, { recursive: true, force: true });
  });

  it('shows no password hash, token or token hash in the audit, the personal-data export, the feeds or the mails', () => {
    expect(exports.length).toBeGreaterThan(8);
    const secrets = ['argon2', ...tokens.map(sha256)];
    for (const { what, text } of exports) {
      for (const secret of secrets) expect([what, text.includes(secret)]).toEqual([what, false]);
      // A link's token is in the one mail that carries it, nowhere else.
      if (!what.startsWith('mail ')) for (const token of tokens) expect([what, text.includes(token)]).toEqual([what, false]);
    }
  });

  it('keeps no password hash, token or token hash in any store file, read models and event log included', () => {
    const bytes = storeBytes(portal.dataDir);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes).not.toContain('argon2');
    for (const token of tokens) expect(bytes).not.toContain(sha256(token));
    // The link itself waits in the mail outbox (read-models.sqlite) until the mail server takes it;
    // the event log never holds it.
    const log = storeBytes(portal.dataDir, /^events\.sqlite/);
    expect(log.length).toBeGreaterThan(10_000);
    for (const token of tokens) expect(log).not.toContain(token);
  });
});

describe('sign-in limits', () => {
  let portal: RunningPortal;
  afterEach(() => portal?.close());

  const attempt = (forwardedFor: string, email = 'claire.martin@example.fr') =>
    fetch(`${portal.baseUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ email, password: 'Pas-le-bon-1' }),
    });

  it('counts attempts per client address whatever X-Forwarded-For says, and tells when to try again', async () => {
    portal = await startPortal({ clock });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(`203.0.113.${i}`)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const stopped = await attempt('198.51.100.7');
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stopped.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
  });

  it('behind a trusted proxy, limits one account tried from many addresses', async () => {
    portal = await startPortal({ clock, config: { trustProxy: 'loopback' } });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt(`203.0.113.${i}`)).status);
    expect(statuses).toEqual(Array(30).fill(401));
    const stopped = await attempt('198.51.100.7');
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from those addresses is not held back.
    expect((await attempt('198.51.100.8', 'thomas.bernard@example.fr')).status).toBe(401);
  });
});

describe('"mot de passe oublié" tells nothing of who has an account', () => {
  let portal: RunningPortal;
  beforeAll(async () => (portal = await startPortal({ clock })));
  afterAll(() => portal?.close());

  it('answers before it even looks the e-mail up, the same for a known and an unknown one', async () => {
    const { AccountService } = await import('@pf/accounts');
    const accounts = portal.app.get(AccountService);
    // The look-up ends only once both answers came: an answer that waited for it would never come.
    let release!: (value: null) => void;
    const lookUp = jest.spyOn(accounts, 'findByEmail').mockReturnValue(new Promise((resolve) => (release = resolve)));
    try {
      const client = new ApiClient(portal.baseUrl);
      for (const email of ['claire.martin@example.fr', 'personne@example.fr']) {
        const answer = await client.post('/api/auth/password/forgot', { email });
        expect(answer).toMatchObject({ status: 202, body: { message: expect.stringContaining('Si un compte correspond') } });
      }
      expect(lookUp).toHaveBeenCalledTimes(2);
    } finally {
      release(null);
      lookUp.mockRestore();
    }
  });
});

describe('production', () => {
  const secrets = { KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LOGIN_KEY_SECRET: randomBytes(48).toString('base64url'), SESSION_SECRET: randomBytes(48).toString('base64url') };
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pf-production-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const productionConfig = (env: Record<string, string>) =>
    configFromEnv({ NODE_ENV: 'production', DATA_DIR: dir, ...secrets, ...env }, { port: 0, host: '127.0.0.1', clientDir: join(__dirname, '../../angular-client/dist/browser'), mailCatcherPort: 0 });

  it('refuses to start without a mail server, opening nothing', async () => {
    await expect(createPortal(productionConfig({ PUBLIC_URL: 'https://famille.example.fr' }), { logger: false })).rejects.toThrow(/SMTP_URL is required/);
    expect(existsSync(join(dir, 'events.sqlite'))).toBe(false);
  });

  it('refuses to start without its public address', async () => {
    await expect(createPortal(productionConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }), { logger: false })).rejects.toThrow(/PUBLIC_URL is required/);
  });

  it('serves no mail catcher page and sends its cookies over HTTPS only', async () => {
    const mailbox = await startMailbox();
    const portal = await startPortal({ clock, dataDir: dir, smtpUrl: mailbox.smtpUrl, config: { production: true, publicUrl: 'https://famille.example.fr', secureCookies: true, keyEncryptionKey: secrets.KEY_ENCRYPTION_KEY, loginKeySecret: secrets.LOGIN_KEY_SECRET, seedDemo: true } });
    try {
      const page = await raw(portal.baseUrl, '/dev/mails');
      expect(page.text).not.toContain('Collecteur de courriels');
      const health = await fetch(`${portal.baseUrl}/api/health`);
      expect(health.headers.getSetCookie().find((c) => c.startsWith('pf_csrf='))).toMatch(/;\s*Secure/i);
      const signIn = await fetch(`${portal.baseUrl}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: STAFF.email, password: STAFF.password }),
      });
      expect(signIn.status).toBe(200);
      expect(signIn.headers.getSetCookie().find((c) => c.startsWith('pf_session='))).toMatch(/;\s*Secure/i);
    } finally {
      await portal.close();
      await mailbox.close();
    }
  });
});
