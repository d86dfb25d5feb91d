import type { ReadStore } from '@pf/read-store';
import { PUBLIC_EVENTS, toEnvelope, type PublicEventRow } from './public-events.projection';
import type { PublicEventEnvelope } from './public-event';
import type { IntegratorScope } from './scopes';

export const FEED_MAX_LIMIT = 1000;

export interface FeedQuery {
  communeId: string;
  scope: IntegratorScope;
  /** type@version to return. */
  typeVersions: string[];
  /** Strictly after this position… */
  after: number;
  /** …or, when set, at that very position after this seq (webhook cursors; the feed API resumes after whole positions). */
  afterSeq?: number | null;
  limit: number;
}

export interface FeedPage {
  items: Array<PublicEventEnvelope & { seq: number }>;
  hasMore: boolean;
}

/**
 * One commune's public events a scope may see, in position order. A page never splits the public
 * events of one position, so resuming after the last position of a page misses nothing.
 */
export async function readFeed(reads: ReadStore, q: FeedQuery): Promise<FeedPage> {
  const rows = reads.inCommune(q.communeId).collection<PublicEventRow>(PUBLIC_EVENTS);
  const base = { scopes: q.scope, typeVersion: { $in: q.typeVersions } };
  const sort = { position: 1 as const, seq: 1 as const };
  const found: PublicEventRow[] = [];
  if (q.afterSeq !== undefined && q.afterSeq !== null) {
    found.push(...(await rows.find({ ...base, position: q.after, seq: { $gt: q.afterSeq } }, { sort, limit: q.limit + 1 })));
  }
  if (found.length <= q.limit) {
    found.push(...(await rows.find({ ...base, position: { $gt: q.after } }, { sort, limit: q.limit + 1 - found.length })));
  }
  let hasMore = found.length > q.limit;
  let page = found.slice(0, q.limit);
  if (hasMore && found[q.limit].position === page[page.length - 1].position) {
    // Complete the last position rather than cut it in two.
    const last = page[page.length - 1];
    const rest = await rows.find({ ...base, position: last.position, seq: { $gt: last.seq } }, { sort });
    page = [...page, ...rest];
    const beyond = await rows.find({ ...base, position: { $gt: last.position } }, { limit: 1 });
    hasMore = beyond.length > 0;
  }
  return { items: page.map((row) => ({ ...toEnvelope(row, q.scope), seq: row.seq })), hasMore };
}

/** The one public event right after a cursor (position, seq), or null: what a webhook delivers next. */
export async function nextFeedEvent(reads: ReadStore, q: Omit<FeedQuery, 'limit'>): Promise<(PublicEventEnvelope & { seq: number }) | null> {
  const rows = reads.inCommune(q.communeId).collection<PublicEventRow>(PUBLIC_EVENTS);
  const base = { scopes: q.scope, typeVersion: { $in: q.typeVersions } };
  const sort = { position: 1 as const, seq: 1 as const };
  let [row] = q.afterSeq === undefined || q.afterSeq === null ? [] : await rows.find({ ...base, position: q.after, seq: { $gt: q.afterSeq } }, { sort, limit: 1 });
  if (!row) [row] = await rows.find({ ...base, position: { $gt: q.after } }, { sort, limit: 1 });
  return row ? { ...toEnvelope(row, q.scope), seq: row.seq } : null;
}
