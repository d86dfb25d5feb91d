/**
 * npm run bench:statistics
 *
 * The CAF report's attendance statistics over a whole school year (1 September 2026 – 31 August
 * 2027) for a commune of 1,000 children (BENCH_CHILDREN), every one at the canteen four days a
 * week and one in three at evening care twice a week (some absences, unexpected presences, a few
 * children without a birth date), on the embedded read store (SqliteReadStore) in a temporary
 * folder. The read models are written directly (the statistics read them, they do not build
 * them); the figure that counts is the query: every activity, month by month, birth dates and the
 * tally, as GET /api/statistics/attendance answers it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { uuidFromName } from '@pf/domain';
import { communeScoped, SqliteReadStore } from '@pf/read-store';
import { activitiesProjection, ACTIVITIES, addDays, isoWeekday } from '@pf/activities';
import { familiesProjection, FAMILY_CHILDREN } from '@pf/families';
import { PLANNING, planningKey, planningProjection, statusOf, type PlanningFields } from '@pf/reservations';
import { attendanceStatisticsOf } from '@pf/statistics';

const COMMUNE = 'bench-commune';
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 1_000);
const FROM = '2026-09-01';
const TO = '2027-08-31';
const TODAY = '2027-09-01';
const CANTEEN = uuidFromName('bench:statistics:canteen');
const EVENING = uuidFromName('bench:statistics:evening');
const RUNS = 3;

function schoolDays(): string[] {
  const days: string[] = [];
  for (let day = FROM; day <= '2027-07-03'; day = addDays(day, 1)) if (isoWeekday(day) <= 5 && isoWeekday(day) !== 3) days.push(day);
  return days;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pf-bench-statistics-'));
  const reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
  try {
    for (const spec of [...activitiesProjection.collections, ...familiesProjection.collections, ...planningProjection.collections]) await reads.ensureCollection(spec);
    const setupStart = performance.now();
    const activity = (activityId: string, name: string, startTime: string, endTime: string) => ({
      _id: activityId,
      activityId,
      communeId: COMMUNE,
      facilityId: 'bench-facility',
      facilityName: 'Équipement',
      name,
      kind: 'canteen',
      startTime,
      endTime,
      lateBookingOf: null,
    });
    await reads.unitOfWork(async (uow) => {
      const commune = uow.inCommune(COMMUNE);
      await commune.collection(ACTIVITIES).upsert(activity(CANTEEN, 'Restaurant scolaire', '11:45', '13:30'));
      await commune.collection(ACTIVITIES).upsert(activity(EVENING, 'Garderie du soir', '16:30', '18:45'));
    });
    const days = schoolDays();
    let documents = 0;
    for (let i = 0; i < CHILDREN; i++) {
      const childId = uuidFromName(`bench:statistics:child:${i}`);
      const familyId = uuidFromName(`bench:statistics:family:${Math.floor(i / 2)}`);
      // Born between 2015 and 2023: some turn 6 during the year; one in fifty has no birth date on file.
      const birthDate = i % 50 === 0 ? '' : `${2015 + (i % 9)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      await reads.unitOfWork(async (unit) => {
        const uow = unit.inCommune(COMMUNE);
        await uow.collection(FAMILY_CHILDREN).upsert({ _id: childId, childId, familyId, communeId: COMMUNE, firstName: 'Enfant', lastName: 'Bench', birthDate });
        for (const [d, day] of days.entries()) {
          for (const activityId of i % 3 === 0 && d % 2 === 0 ? [CANTEEN, EVENING] : [CANTEEN]) {
            const pick = (i + d) % 40;
            const doc: PlanningFields = {
              _id: planningKey({ childId, activityId, day }),
              communeId: COMMUNE,
              familyId,
              childId,
              activityId,
              day,
              booking: pick === 0 ? null : 'accepted',
              requestId: pick === 0 ? null : uuidFromName(`bench:statistics:request:${i}`),
              rank: null,
              group: null,
              lateActivityId: null,
              cancellationRequestId: null,
              absence: pick === 1 ? { reason: 'illness', justified: true } : pick === 2 ? { reason: 'family', justified: false } : null,
              attendance: pick === 1 || pick === 2 ? null : pick === 3 ? 'absent' : 'present',
              unexpected: pick === 0,
            };
            await uow.collection(PLANNING).upsert({ ...doc, status: statusOf(doc) });
            documents += 1;
          }
        }
      });
    }
    const setupMs = performance.now() - setupStart;
    console.log(`setup: ${CHILDREN} children, ${documents} planning documents written in ${(setupMs / 1000).toFixed(1)} s`);

    const timings: number[] = [];
    let result: Awaited<ReturnType<typeof attendanceStatisticsOf>> | null = null;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      result = await attendanceStatisticsOf(reads, { communeId: COMMUNE, period: { from: FROM, to: TO }, today: TODAY });
      timings.push(performance.now() - start);
    }
    const total = result!.total.total;
    console.log(`school-year statistics (2 activities × 12 months, ${documents} days): ${timings.map((t) => `${Math.round(t)} ms`).join(', ')} (${RUNS} runs)`);
    console.log(`  ${Math.round(documents / (Math.min(...timings) / 1000)).toLocaleString('en')} planning days per second (best run)`);
    console.log(`  check: booked ${total.booked}, present ${total.present}, billed ${total.billed}, children ${total.children}, hours realised ${total.presentHours}`);
    const month = performance.now();
    await attendanceStatisticsOf(reads, { communeId: COMMUNE, period: { from: '2026-10-01', to: '2026-10-31' }, today: TODAY });
    console.log(`one month (October 2026): ${Math.round(performance.now() - month)} ms`);
  } finally {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
