import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Leaves no trace of deleted rows in an embedded SQLite file: VACUUM rewrites every page afresh
 * (freed pages and the free space inside pages held the deleted documents), then the WAL is
 * checkpointed and truncated (its frames held older copies of the pages). Used on the embedded
 * read store after an erasure; other connections keep working (WAL mode) and simply wait.
 */
export function scrubSqliteFile(file: string, busyTimeoutMs = 30_000): void {
  if (!existsSync(file)) return;
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma('secure_delete = ON');
    db.exec('VACUUM');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (result?.busy) throw new Error(`${file}: the WAL could not be truncated (a reader held it)`);
  } finally {
    db.close();
  }
}
