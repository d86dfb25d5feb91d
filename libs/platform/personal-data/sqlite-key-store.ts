import { randomBytes } from 'node:crypto';
import { privateFile, privateFolder } from '@pf/event-store';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PersonalDataErasedError, type KeyStore } from './key-store.port';
import { KeyEncryptionKeyMismatchError, KeyWrapper } from './key-wrapping';

export interface SqliteKeyStoreOptions {
  /** The master key-encryption key (32 bytes): keys are stored wrapped by it. */
  keyEncryptionKey: Buffer;
  fileName?: string;
}

/**
 * The embedded key store: a SQLite file under DATA_DIR, each subject's key wrapped by the
 * key-encryption key. `secure_delete` overwrites a destroyed key with zeros in the database pages,
 * and the WAL is checkpointed and truncated right after, so no copy of the key survives in any file.
 * A file written before keys were wrapped is migrated when opened (keys wrapped in place, old
 * pages rewritten).
 */
export class SqliteKeyStore implements KeyStore {
  readonly adapter = 'embedded' as const;
  private readonly cache = new Map<string, Buffer>();

  static open(dataDir: string, options: SqliteKeyStoreOptions): SqliteKeyStore {
    const dir = resolve(dataDir);
    privateFolder(dir);
    const file = join(dir, options.fileName ?? 'personal-data-keys.sqlite');
    privateFile(file);
    const db = new Database(file, { timeout: 5000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (subject TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL, wrapped INTEGER NOT NULL DEFAULT 0);
               CREATE TABLE IF NOT EXISTS erased_subjects (subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
               CREATE TABLE IF NOT EXISTS key_store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`);
      const columns = db.prepare('PRAGMA table_info(subject_keys)').all() as Array<{ name: string }>;
      // Files from before key wrapping: every key in them is in clear (wrapped = 0).
      if (!columns.some((c) => c.name === 'wrapped')) db.exec('ALTER TABLE subject_keys ADD COLUMN wrapped INTEGER NOT NULL DEFAULT 0');
      const wrapper = new KeyWrapper(options.keyEncryptionKey);
      const check = db.prepare("SELECT value FROM key_store_meta WHERE name = 'kek_check'").get() as { value: string } | undefined;
      if (check && check.value !== wrapper.fingerprint()) throw new KeyEncryptionKeyMismatchError(file);
      const store = new SqliteKeyStore(db, wrapper);
      store.migrate(check === undefined);
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private constructor(private readonly db: Database.Database, private readonly wrapper: KeyWrapper) {}

  /** Wraps the keys stored in clear by older versions, then rewrites the file so no clear copy is left. */
  private migrate(firstOpenWithKek: boolean): void {
    const clear = this.db.prepare('SELECT subject, key FROM subject_keys WHERE wrapped = 0').all() as Array<{ subject: string; key: Buffer }>;
    this.db.transaction(() => {
      const update = this.db.prepare('UPDATE subject_keys SET key = ?, wrapped = 1 WHERE subject = ?');
      for (const row of clear) update.run(this.wrapper.wrap(row.subject, row.key), row.subject);
      if (firstOpenWithKek) this.db.prepare("INSERT INTO key_store_meta (name, value) VALUES ('kek_check', ?)").run(this.wrapper.fingerprint());
    })();
    for (const row of clear) row.key.fill(0);
    if (clear.length) {
      this.db.exec('VACUUM');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

  async keyFor(subject: string): Promise<Buffer> {
    const existing = await this.existingKey(subject);
    if (existing) return existing;
    if (await this.isErased(subject)) throw new PersonalDataErasedError(subject);
    const key = randomBytes(32);
    this.db
      .prepare('INSERT OR IGNORE INTO subject_keys (subject, key, created_at, wrapped) VALUES (?, ?, ?, 1)')
      .run(subject, this.wrapper.wrap(subject, key), new Date().toISOString());
    key.fill(0);
    return (await this.existingKey(subject))!;
  }

  async existingKey(subject: string): Promise<Buffer | null> {
    const cached = this.cache.get(subject);
    if (cached) return cached;
    const row = this.db.prepare('SELECT key FROM subject_keys WHERE subject = ? AND wrapped = 1').get(subject) as { key: Buffer } | undefined;
    if (!row) return null;
    const key = this.wrapper.unwrap(subject, row.key);
    this.cache.set(subject, key);
    return key;
  }

  async destroy(subject: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM subject_keys WHERE subject = ?').run(subject);
      this.db.prepare('INSERT OR IGNORE INTO erased_subjects (subject, erased_at) VALUES (?, ?)').run(subject, new Date().toISOString());
    })();
    const cached = this.cache.get(subject);
    cached?.fill(0);
    this.cache.delete(subject);
    // Copy the WAL into the database (where secure_delete zeroed the key) and empty the WAL file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async isErased(subject: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM erased_subjects WHERE subject = ?').get(subject) !== undefined;
  }

  async close(): Promise<void> {
    for (const key of this.cache.values()) key.fill(0);
    this.cache.clear();
    if (this.db.open) this.db.close();
  }
}
