import type { ReadStore } from '@pf/read-store';
import { ENROLMENTS, type EnrolmentDocument } from '@pf/enrolments';
import { NEWS, type NewsDocument } from './news.projection';

/** More published items than a commune shows at once: the rest is old news. */
const SCAN_LIMIT = 500;

/** Activities a family's children are enrolled in (or asked to be) in its commune: they receive that activity's news. */
export async function familyActivityIds(reads: ReadStore, communeId: string, familyId: string): Promise<string[]> {
  const enrolments = await reads.inCommune(communeId).collection<EnrolmentDocument>(ENROLMENTS).find({ familyId, status: { $in: ['accepted', 'pending'] } });
  return [...new Set(enrolments.map((e) => e.activityId))].sort();
}

/** The news a family sees on `today`: published, started, not ended, for the commune or one of its activities. */
export async function currentNewsFor(reads: ReadStore, communeId: string, familyId: string, today: string): Promise<NewsDocument[]> {
  const audiences = ['commune', ...(await familyActivityIds(reads, communeId, familyId))];
  const started = await reads
    .inCommune(communeId)
    .collection<NewsDocument>(NEWS)
    .find(
      { status: 'published', publishFrom: { $lte: today }, audience: { $in: audiences } },
      { sort: { publishFrom: -1, publishedAt: -1 }, limit: SCAN_LIMIT },
    );
  return started.filter((n) => n.publishUntil === null || n.publishUntil >= today);
}
