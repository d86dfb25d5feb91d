/**
 * npm run bench:billing
 *
 * One monthly billing run for a commune of 10,000 families (BENCH_FAMILIES), each with a child
 * booked every school day of October 2026 at the canteen (a few justified absences, unexpected
 * presences and late bookings among them) and a QF recorded for most families, on the embedded
 * stores (SqliteEventStore + SqliteReadStore, synchronous FULL as in production) in a temporary
 * folder. Setup (appending ~240,000 events and building billing's read model from them) is timed
 * apart; the figure that counts is the run: reading the month, pricing every day, and appending
 * every invoice with its number, chunk by chunk (target < 60 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { uuidFromName } from '@pf/domain';
import { SqliteEventStore, type EventToAppend } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore } from '@pf/read-store';
import { activityMonthStream } from '@pf/reservations';
import { billingFactsProjection, BillingRun, familyAccountStream, numberingStream, tariffStream } from '@pf/billing';

const COMMUNE = 'bench-commune';
const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const TARGET_MS = 60_000;
const CANTEEN = uuidFromName('bench:canteen');
const LATE = uuidFromName('bench:canteen-late');
const MONTH = '2026-10';
const DAYS = Array.from({ length: 31 }, (_, i) => `${MONTH}-${String(i + 1).padStart(2, '0')}`).filter((d) => {
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && weekday !== 3;
});

const metadata = (occurredAt: string) => ({
  communeId: COMMUNE,
  actor: { kind: 'system' as const, id: 'bench' },
  correlationId: 'bench',
  causationId: 'bench',
  occurredAt,
  schemaVersion: 1,
  channel: 'system' as const,
});
const ctx = (requestId: string): CommandContext & { requestId: string } => ({
  communeId: COMMUNE,
  actor: { kind: 'staff', id: 'bench-agent', name: 'Agent' },
  channel: 'back-office',
  requestId,
  now: '2026-11-03T08:00:00.000Z',
});

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pf-bench-billing-'));
  const store = SqliteEventStore.open({ dataDir: dir });
  const reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
  try {
    const families = Array.from({ length: FAMILIES }, (_, i) => ({ familyId: uuidFromName(`bench:family:${i}`), childId: uuidFromName(`bench:child:${i}`), i }));
    const setupStart = performance.now();
    const setup = new EventSourcedStreams(store);
    const tariff = (activityId: string, pricing: object) =>
      setup.handle(
        { streamId: tariffStream(COMMUNE, activityId), initialState: null, evolve: (s: null) => s, decide: () => [{ type: 'TariffSet', data: { activityId, periodId: 'annee', from: '2026-09-01', to: '2027-07-03', pricing, unexpectedPresence: { kind: 'price', cents: 600 } } }] },
        ctx(uuidFromName(`bench:tariff:${activityId}`)),
      );
    await tariff(CANTEEN, { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 120 }, { fromQuotient: 501, unitPriceCents: 250 }, { fromQuotient: 801, unitPriceCents: 390 }] });
    await tariff(LATE, { kind: 'surcharge', surcharge: { kind: 'percent', basisPoints: 2500 } });

    // A QF for 9 families out of 10, recorded before the month; one family in 50 sees it change on the 16th.
    const quotients: Array<{ streamId: string; events: EventToAppend[]; expected: 'any' }> = [];
    for (const f of families) {
      if (f.i % 10 === 9) continue;
      const events: EventToAppend[] = [{ id: uuidFromName(`bench:qf:${f.i}`), type: 'FamilyQuotientRecorded', data: { familyId: f.familyId, quotient: { value: 300 + ((f.i * 37) % 1200), updatedOn: '2026-09-01' } }, metadata: metadata('2026-09-01T08:00:00.000Z') }];
      if (f.i % 50 === 0) events.push({ id: uuidFromName(`bench:qf2:${f.i}`), type: 'FamilyQuotientRecorded', data: { familyId: f.familyId, quotient: { value: 1500, updatedOn: '2026-10-16' } }, metadata: metadata('2026-10-16T08:00:00.000Z') });
      quotients.push({ streamId: `family-${COMMUNE}.${f.familyId}`, events, expected: 'any' });
    }
    for (let i = 0; i < quotients.length; i += 1000) await store.appendMany(quotients.slice(i, i + 1000));

    // Every family books every school day; a few absences, unexpected presences and late bookings.
    let events = 0;
    for (const day of DAYS) {
      const dayEvents: EventToAppend[] = [];
      for (const f of families) {
        const requestId = uuidFromName(`bench:booking:${f.i}`);
        const late = (f.i + day.charCodeAt(9)) % 97 === 0;
        dayEvents.push({
          id: uuidFromName(`bench:accepted:${f.i}:${day}`),
          type: 'ReservationAccepted',
          data: { requestId, familyId: f.familyId, childId: f.childId, activityId: CANTEEN, day, group: 'elementaire', ...(late ? { lateActivityId: LATE } : {}) },
          metadata: metadata('2026-09-20T08:00:00.000Z'),
        });
        if ((f.i + day.charCodeAt(9)) % 31 === 0) {
          dayEvents.push({
            id: uuidFromName(`bench:absence:${f.i}:${day}`),
            type: 'AbsenceDeclared',
            data: { requestId: uuidFromName(`bench:absence-request:${f.i}:${day}`), familyId: f.familyId, childId: f.childId, activityId: CANTEEN, day, reservationRequestId: requestId, reason: 'illness', medicalCertificate: f.i % 2 === 0, justified: f.i % 2 === 0 },
            metadata: metadata(`${day}T06:00:00.000Z`),
          });
        }
      }
      // A sibling pointed present without a booking, one family in 40, once a month.
      if (day === DAYS[3]) {
        for (const f of families.filter((x) => x.i % 40 === 0)) {
          dayEvents.push({ id: uuidFromName(`bench:unexpected:${f.i}`), type: 'AttendanceRecorded', data: { familyId: f.familyId, childId: uuidFromName(`bench:sibling:${f.i}`), activityId: CANTEEN, day, status: 'present', expected: false }, metadata: metadata(`${day}T12:00:00.000Z`) });
        }
      }
      for (let i = 0; i < dayEvents.length; i += 5000) await store.append(activityMonthStream(COMMUNE, CANTEEN, day), dayEvents.slice(i, i + 5000), 'any');
      events += dayEvents.length;
    }
    const appendedMs = performance.now() - setupStart;

    const runner = new ProjectionRunner(store, reads, [billingFactsProjection], { batchSize: 2000 });
    const projectionStart = performance.now();
    await runner.start();
    if (!(await runner.waitFor(await store.headPosition(), 30 * 60_000))) throw new Error('billing facts projection did not catch up');
    const projectionMs = performance.now() - projectionStart;
    await runner.stop();

    const streams = new EventSourcedStreams(store);
    const run = new BillingRun(streams, reads);
    const start = performance.now();
    const summary = await run.run(MONTH, ctx(uuidFromName('bench:run')));
    const runMs = performance.now() - start;

    // Checks: one invoice per family, numbers 1..N without gap.
    const allocations = await store.readStream(numberingStream(COMMUNE, 2026));
    const numbered = allocations.reduce((n, e) => n + (e.data as { documentIds: string[] }).documentIds.length, 0);
    const sample = await store.readStream(familyAccountStream(COMMUNE, families[0].familyId));
    if (summary.invoicesIssued !== FAMILIES || numbered !== FAMILIES || sample.length !== 1) throw new Error(`unexpected outcome: ${summary.invoicesIssued} invoices, ${numbered} numbers`);

    const againStart = performance.now();
    const again = await run.run(MONTH, ctx(uuidFromName('bench:run-again')));
    const againMs = performance.now() - againStart;
    if (again.invoicesIssued !== 0) throw new Error('a second run issued invoices');

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`bench:billing — ${FAMILIES} families, ${DAYS.length} school days of ${MONTH}, embedded stores (synchronous FULL)`);
    console.log(`  setup: ${events + quotients.length} events appended in ${s(appendedMs)}; billing read model built in ${s(projectionMs)}`);
    console.log(`  billing run: ${summary.invoicesIssued} invoices (${(summary.totalCents / 100).toFixed(2)} €), numbered FA-2026-000001…${String(FAMILIES).padStart(6, '0')}, in ${s(runMs)} (target < ${TARGET_MS / 1000} s) → ${runMs < TARGET_MS ? 'OK' : 'TOO SLOW'}`);
    console.log(`  same month again: ${again.invoicesIssued} invoices, ${again.familiesAlreadyInvoiced} families already invoiced, in ${s(againMs)}`);
    if (runMs >= TARGET_MS) process.exitCode = 1;
  } finally {
    await reads.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
