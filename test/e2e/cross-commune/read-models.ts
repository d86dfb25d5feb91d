import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** One commune's documents in the embedded read store: `table/id` → hash of the stored JSON. */
export type CommuneDigest = Map<string, string>;

/**
 * Reads `read-models.sqlite` read-only (the running portal writes it; WAL lets a reader in) and
 * hashes every row whose JSON `communeId` is the commune's, across all tables — commune collections
 * and deployment-wide ones alike (an outbox mail, a session or a checkpoint naming the commune).
 * Opened per digest: erasure may rewrite the file.
 */
export function communeDigest(dataDir: string, communeId: string): CommuneDigest {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const digest: CommuneDigest = new Map();
    for (const table of tables.sort()) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name);
      if (!columns.includes('doc') || !columns.includes('id')) continue;
      const rows = db.prepare(`SELECT id, doc FROM "${table}" WHERE json_valid(doc) AND json_extract(doc, '$.communeId') = ? ORDER BY id`).all(communeId) as Array<{ id: string; doc: string }>;
      for (const row of rows) digest.set(`${table}/${row.id}`, createHash('sha256').update(row.doc).digest('hex'));
    }
    return digest;
  } finally {
    db.close();
  }
}

/** What changed between two digests, as `table/id (added|removed|changed)`. */
export function digestChanges(before: CommuneDigest, after: CommuneDigest): string[] {
  const changes: string[] = [];
  for (const [key, hash] of after) {
    if (!before.has(key)) changes.push(`${key} (added)`);
    else if (before.get(key) !== hash) changes.push(`${key} (changed)`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`${key} (removed)`);
  return changes.sort();
}

export const sameDigest = (a: CommuneDigest, b: CommuneDigest) => a.size === b.size && digestChanges(a, b).length === 0;
