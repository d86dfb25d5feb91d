import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@pf/domain';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { ACTIVITIES, activitiesProjection, type ActivityDocument } from '@pf/activities';
import { aCanteen } from '@pf/activities/testing';
import { FAMILY_CHILDREN, familiesProjection, type ChildDocument } from '@pf/families';
import { PLANNING, planningKey, planningProjection, statusOf, type PlanningDocument, type PlanningFields } from '@pf/reservations';
import { attendanceStatisticsOf } from './attendance-statistics.query';

/**
 * Two communes whose activity and child carry the same ids (made before ids were namespaced by
 * commune): each commune's statistics count only its own days, ages and slots.
 */
const A = 'saint-hilaire';
const B = 'val-de-loire';
const CANTEEN = 'a7f3c2de-0000-4000-8000-000000000001';
const B_ONLY = 'b7f3c2de-0000-4000-8000-000000000002';
const CHILD = 'a7f3c2de-0000-4000-8000-0000000000c1';
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

const activity = (activityId: string, communeId: string, over: Partial<ActivityDocument> = {}): ActivityDocument => ({ _id: activityId, ...aCanteen({ activityId, communeId }), ...over });
const child = (communeId: string, birthDate: string): ChildDocument => ({ _id: CHILD, childId: CHILD, familyId: 'f1', communeId, firstName: 'Léa', lastName: 'Martin', birthDate }) as ChildDocument;
const present = (communeId: string, day: string): PlanningDocument => {
  const doc: PlanningFields = {
    _id: planningKey({ childId: CHILD, activityId: CANTEEN, day }),
    communeId,
    familyId: 'f1',
    childId: CHILD,
    activityId: CANTEEN,
    day,
    booking: 'accepted',
    requestId: 'r1',
    rank: null,
    group: null,
    lateActivityId: null,
    cancellationRequestId: null,
    absence: null,
    attendance: 'present',
    unexpected: false,
  };
  return { ...doc, status: statusOf(doc) };
};

describe('attendance statistics of one commune', () => {
  let dir: string;
  let reads: ReadStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-statistics-communes-'));
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    for (const spec of [...activitiesProjection.collections, ...familiesProjection.collections, ...planningProjection.collections]) await reads.ensureCollection(spec);
    await reads.unitOfWork(async (uow) => {
      const a = uow.inCommune(A);
      await a.collection(ACTIVITIES).upsert(activity(CANTEEN, A));
      await a.collection(FAMILY_CHILDREN).upsert(child(A, '2018-03-01'));
      for (const day of ['2026-10-05', '2026-10-06']) await a.collection(PLANNING).upsert(present(A, day));
      const b = uow.inCommune(B);
      await b.collection(ACTIVITIES).upsert(activity(CANTEEN, B, { name: 'Cantine du Val', startTime: '12:00', endTime: '13:00' }));
      await b.collection(ACTIVITIES).upsert(activity(B_ONLY, B, { name: 'Garderie du Val' }));
      await b.collection(FAMILY_CHILDREN).upsert(child(B, '2022-03-01'));
      for (const day of ['2026-10-08', '2026-10-09', '2026-10-12']) await b.collection(PLANNING).upsert(present(B, day));
    });
  });
  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts only its own days, with its own activity and its own child’s age, when another commune uses the same ids', async () => {
    const statistics = await attendanceStatisticsOf(reads, { communeId: A, period: OCTOBER, today: '2026-11-03' });
    expect(statistics.activities.map((a) => [a.activityId, a.name])).toEqual([[CANTEEN, 'Restaurant scolaire']]);
    const total = statistics.activities[0]!.byAgeGroup;
    expect(total.six_and_over).toMatchObject({ booked: 2, present: 2, children: 1, presentHours: 3.5 });
    expect(total.under_6).toMatchObject({ booked: 0, present: 0 });
  });

  it("answers 404 to a commune naming another commune's activity", async () => {
    const error = await attendanceStatisticsOf(reads, { communeId: A, period: OCTOBER, activityId: B_ONLY, today: '2026-11-03' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'not_found', code: 'ACTIVITY_NOT_FOUND' });
  });
});
