import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configFromEnv, keyEncryptionKeyFor, loginKeySecretFor } from './config';

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
