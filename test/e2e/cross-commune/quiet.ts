import { join } from 'node:path';
import Database from 'better-sqlite3';
import { communeDigest, sameDigest, type CommuneDigest } from './read-models';

export interface Snapshot {
  head: number;
  digest: CommuneDigest;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function health(baseUrl: string): Promise<{ headPosition: number; maxLag: number; failing: boolean }> {
  const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { headPosition: number; maxLag: number; projections: Array<{ state: string }> };
  return { headPosition: body.headPosition, maxLag: body.maxLag, failing: body.projections.some((p) => p.state === 'failing') };
}

/** Mails of the commune still waiting in the outbox (the sender will change their document soon). */
function mailsWaiting(dataDir: string, communeId: string): number {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'c_mail_outbox'").pluck().get();
    if (!table) return 0;
    return db.prepare(`SELECT count(*) FROM c_mail_outbox WHERE json_extract(doc, '$.communeId') = ? AND json_extract(doc, '$.status') = 'pending'`).pluck().get(communeId) as number;
  } finally {
    db.close();
  }
}

/**
 * Waits until the portal is quiet for the commune: every projection caught up (lag 0), no mail of
 * it waiting to be sent, and the head position and the commune's documents unchanged for
 * `stableMs` (at least two looks in a row) — after one of the commune's own writes, long enough
 * for its webhooks to be delivered and logged. Answers that state: the head position and the
 * digest of the commune's documents.
 */
export async function quiet(baseUrl: string, dataDir: string, communeId: string, stableMs = 0, timeoutMs = 20_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: (Snapshot & { since: number; looks: number }) | null = null;
  let why: string;
  for (;;) {
    const h = await health(baseUrl);
    if (h.failing) throw new Error('a projection is failing (see /api/health)');
    if (h.maxLag !== 0) {
      why = `projection lag ${h.maxLag}`;
      last = null;
    } else if (mailsWaiting(dataDir, communeId) > 0) {
      why = 'mails waiting to be sent';
      last = null;
    } else {
      const snapshot = { head: h.headPosition, digest: communeDigest(dataDir, communeId) };
      if (last && last.head === snapshot.head && sameDigest(last.digest, snapshot.digest)) {
        last.looks += 1;
        if (Date.now() - last.since >= stableMs) return { head: last.head, digest: last.digest };
      } else {
        last = { ...snapshot, since: Date.now(), looks: 1 };
      }
      why = 'head or documents still moving';
    }
    if (Date.now() > deadline) throw new Error(`the portal did not become quiet within ${timeoutMs} ms (${why})`);
    await sleep(80);
  }
}
