import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PersonalDataErasedError, type KeyStore } from './key-store.port';

/**
 * The embedded key store: a SQLite file under DATA_DIR. `secure_delete` overwrites a destroyed key
 * with zeros in the database pages, and the WAL is checkpointed and truncated right after, so no
 * copy of the key survives in any file.
 */
export class SqliteKeyStore implements KeyStore {
  readonly adapter = 'embedded' as const;
  private readonly cache = new Map<string, Buffer>();

  static open(dataDir: string, fileName = 'personal-data-keys.sqlite'): SqliteKeyStore {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    const db = new Database(join(dir, fileName), { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (subject TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS erased_subjects (subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL);`);
    return new SqliteKeyStore(db);
  }

  private constructor(private readonly db: Database.Database) {}

  async keyFor(subject: string): Promise<Buffer> {
    const existing = await this.existingKey(subject);
    if (existing) return existing;
    if (await this.isErased(subject)) throw new PersonalDataErasedError(subject);
    this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?)').run(subject, randomBytes(32), new Date().toISOString());
    return (await this.existingKey(subject))!;
  }

  async existingKey(subject: string): Promise<Buffer | null> {
    const cached = this.cache.get(subject);
    if (cached) return cached;
    const row = this.db.prepare('SELECT key FROM subject_keys WHERE subject = ?').get(subject) as { key: Buffer } | undefined;
    if (!row) return null;
    this.cache.set(subject, row.key);
    return row.key;
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
