import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PersonalDataErasedError } from './key-store.port';
import { KeyWrapper, parseKeyEncryptionKey } from './key-wrapping';
import { SqliteKeyStore } from './sqlite-key-store';

/** Does any file of the folder (database, WAL, journal) hold these bytes? */
const folderHolds = (dir: string, bytes: Buffer) => readdirSync(dir).some((f) => readFileSync(join(dir, f)).includes(bytes));

describe('the embedded key store, its keys wrapped by the key-encryption key', () => {
  let dir: string;
  const kek = randomBytes(32);
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pf-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps no family key in clear on disk, and gives the same key back after a restart', async () => {
    const store = SqliteKeyStore.open(dir, { keyEncryptionKey: kek });
    const key = Buffer.from(await store.keyFor('family:f1'));
    await store.close();
    expect(folderHolds(dir, key)).toBe(false);

    const reopened = SqliteKeyStore.open(dir, { keyEncryptionKey: kek });
    expect(await reopened.keyFor('family:f1')).toEqual(key);
    await reopened.close();
  });

  it('refuses to open with another key-encryption key, saying so', async () => {
    await (SqliteKeyStore.open(dir, { keyEncryptionKey: kek })).close();
    expect(() => SqliteKeyStore.open(dir, { keyEncryptionKey: randomBytes(32) })).toThrow(/another KEY_ENCRYPTION_KEY/);
  });

  it('still destroys a family key for good on erasure', async () => {
    const store = SqliteKeyStore.open(dir, { keyEncryptionKey: kek });
    await store.keyFor('family:f1');
    await store.destroy('family:f1');
    expect(await store.existingKey('family:f1')).toBeNull();
    await expect(store.keyFor('family:f1')).rejects.toBeInstanceOf(PersonalDataErasedError);
    await store.close();
  });

  it('wraps the keys of a data folder written before wrapping when it opens, and they keep working', async () => {
    // A key store as older versions wrote it: raw 32-byte keys, no wrapped column, no KEK check.
    const legacyKey = randomBytes(32);
    const legacy = new Database(join(dir, 'personal-data-keys.sqlite'));
    legacy.pragma('journal_mode = WAL');
    legacy.exec(`CREATE TABLE subject_keys (subject TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL);
                 CREATE TABLE erased_subjects (subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL);`);
    legacy.prepare('INSERT INTO subject_keys VALUES (?, ?, ?)').run('family:old', legacyKey, '2025-09-01T08:00:00.000Z');
    legacy.prepare('INSERT INTO erased_subjects VALUES (?, ?)').run('family:gone', '2025-10-01T08:00:00.000Z');
    legacy.close();
    expect(folderHolds(dir, legacyKey)).toBe(true);

    const store = SqliteKeyStore.open(dir, { keyEncryptionKey: kek });
    expect(await store.keyFor('family:old')).toEqual(legacyKey);
    expect(await store.isErased('family:gone')).toBe(true);
    await store.close();
    expect(folderHolds(dir, legacyKey)).toBe(false);

    const again = SqliteKeyStore.open(dir, { keyEncryptionKey: kek });
    expect(await again.existingKey('family:old')).toEqual(legacyKey);
    await again.close();
  });
});

describe('the key-encryption key', () => {
  it('is 32 bytes of base64, and anything else is refused with how to make one', () => {
    const value = randomBytes(32).toString('base64');
    expect(parseKeyEncryptionKey(value)).toEqual(Buffer.from(value, 'base64'));
    expect(() => parseKeyEncryptionKey('trop-court')).toThrow(/openssl rand -base64 32/);
    expect(() => parseKeyEncryptionKey(randomBytes(16).toString('base64'))).toThrow(/got 16 bytes/);
  });

  it("binds a wrapped key to its subject: it cannot be moved to another family's row", () => {
    const wrapper = new KeyWrapper(randomBytes(32));
    const wrapped = wrapper.wrap('family:a', randomBytes(32));
    expect(() => wrapper.unwrap('family:b', wrapped)).toThrow();
  });
});
