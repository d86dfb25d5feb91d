import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configFromEnv, keyEncryptionKeyFor, loginKeySecretFor, productionProblems } from './config';

describe('the portal configuration', () => {
  it('serves the built client from the repository by default, as npm start expects', () => {
    const { clientDir } = configFromEnv({});
    expect(clientDir).toBe(resolve('angular-client/dist/browser'));
    // `npm test` builds the client before jest runs.
    expect(existsSync(join(clientDir, 'index.html'))).toBe(true);
  });

  it('keeps its data in ./data unless told otherwise', () => {
    expect(configFromEnv({}).dataDir).toBe(resolve('data'));
    expect(configFromEnv({ DATA_DIR: '/srv/portail' }).dataDir).toBe('/srv/portail');
  });
});

describe('the secrets of the portal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pf-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the key-encryption key once into the data folder, readable by its owner only, when none is configured', () => {
    const config = configFromEnv({ DATA_DIR: dir });
    const kek = keyEncryptionKeyFor(config);
    expect(kek).toHaveLength(32);
    expect(statSync(join(dir, 'key-encryption-key')).mode & 0o777).toBe(0o600);
    expect(keyEncryptionKeyFor(configFromEnv({ DATA_DIR: dir }))).toEqual(kek);
    expect(loginKeySecretFor(config)).toBe(loginKeySecretFor(configFromEnv({ DATA_DIR: dir })));
    expect(statSync(join(dir, 'login-key-secret')).mode & 0o777).toBe(0o600);
  });

  it('takes KEY_ENCRYPTION_KEY and LOGIN_KEY_SECRET from the environment, and writes nothing then', () => {
    const value = randomBytes(32).toString('base64');
    const config = configFromEnv({ DATA_DIR: dir, KEY_ENCRYPTION_KEY: value, LOGIN_KEY_SECRET: 'x'.repeat(40) });
    expect(keyEncryptionKeyFor(config)).toEqual(Buffer.from(value, 'base64'));
    expect(loginKeySecretFor(config)).toBe('x'.repeat(40));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('requires both in production instead of generating them', () => {
    const config = configFromEnv({ DATA_DIR: dir, NODE_ENV: 'production' });
    expect(() => keyEncryptionKeyFor(config)).toThrow(/KEY_ENCRYPTION_KEY is required in production/);
    expect(() => loginKeySecretFor(config)).toThrow(/LOGIN_KEY_SECRET is required in production/);
    expect(() => keyEncryptionKeyFor(configFromEnv({ DATA_DIR: dir, NODE_ENV: 'production', KEY_ENCRYPTION_KEY: 'abc' }))).toThrow(/32 random bytes/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('production safety', () => {
  const production = { NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.fr:587', PUBLIC_URL: 'https://famille.example.fr' };

  it('refuses to start without a mail server, so no password-reset link ever lands in the local mail catcher', () => {
    expect(productionProblems(configFromEnv({ ...production, SMTP_URL: '' }))).toEqual([expect.stringContaining('SMTP_URL is required')]);
  });

  it('refuses to start without the public address that links in mails and payment returns lead to', () => {
    expect(productionProblems(configFromEnv({ ...production, PUBLIC_URL: '' }))).toEqual([expect.stringContaining('PUBLIC_URL is required')]);
  });

  it('starts with both, and asks nothing of a developer machine', () => {
    expect(productionProblems(configFromEnv(production))).toEqual([]);
    expect(productionProblems(configFromEnv({}))).toEqual([]);
  });

  it('sends cookies over HTTPS only in production, unless told otherwise for plain-HTTP local use', () => {
    expect(configFromEnv(production).secureCookies).toBe(true);
    expect(configFromEnv({ ...production, COOKIE_SECURE: 'false' }).secureCookies).toBe(false);
    expect(configFromEnv({}).secureCookies).toBe(false);
  });

  it('believes no X-Forwarded-For unless TRUST_PROXY says which proxy to believe', () => {
    expect(configFromEnv({}).trustProxy).toBe(false);
    expect(configFromEnv({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });
});
