import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { activityMonthStream } from '@pf/reservations';
import { billingFactsProjection } from './billing-facts.projection';
import { BillingRun, monthlyInvoiceId } from './billing-run';
import { planMonthlyInvoice } from './family-account.decider';
import { appendNumbered } from './numbering';
import { familyAccountStream, numberingStream, tariffStream, type DocumentNumbersAllocated, type InvoiceFacts } from './billing.events';

/**
 * The real command path on the embedded store: two EventSourcedStreams stand for two API
 * processes sharing one store, so two runs of the same month race both in-process and across
 * "processes" (optimistic concurrency on the numbering stream, plans made again).
 */
const COMMUNE = 'saint-hilaire-du-bois';
const FAMILIES = Array.from({ length: 45 }, (_, i) => `family-${String(i).padStart(3, '0')}`);
const DAYS = ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06'];

const ctx = (requestId: string): CommandContext & { requestId: string } => ({
  communeId: COMMUNE,
  actor: { kind: 'staff', id: 'agent-1', name: 'Agent' },
  channel: 'back-office',
  requestId,
  now: '2026-11-03T09:00:00.000Z',
});

describe('two billing runs of one commune and month at once', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: ReadStore;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-billing-run-'));
    store = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    runner = new ProjectionRunner(store, reads, [billingFactsProjection], { batchSize: 1000 });
    await runner.start();
    const setup = new EventSourcedStreams(store);
    await setup.handle(
      {
        streamId: tariffStream(COMMUNE, 'canteen'),
        initialState: null,
        evolve: (s: null) => s,
        decide: () => [{ type: 'TariffSet', data: { activityId: 'canteen', periodId: 'annee', from: '2026-09-01', to: '2027-07-03', pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 325 }] }, unexpectedPresence: null } }],
      },
      ctx('tariff'),
    );
    for (const day of DAYS) {
      await store.append(
        activityMonthStream(COMMUNE, 'canteen', day),
        FAMILIES.map((familyId, i) => ({
          id: `00000000-0000-4000-8000-${String(i).padStart(6, '0')}${day.replace(/-/g, '').slice(2)}`,
          type: 'ReservationAccepted',
          data: { requestId: `req-${familyId}`, familyId, childId: `child-${familyId}`, activityId: 'canteen', day, group: 'elementaire' },
          metadata: { ...ctx(`setup-${day}`), correlationId: 'setup', causationId: 'setup', occurredAt: '2026-09-01T08:00:00.000Z', schemaVersion: 1 },
        })),
        'any',
      );
    }
    await runner.waitFor(await store.headPosition(), 20_000);
  });

  afterEach(async () => {
    await runner.stop();
    await reads.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues one invoice per family, numbered 1 to 45 with no gap and no duplicate', async () => {
    const processes = [new EventSourcedStreams(store, { maxAttempts: 50 }), new EventSourcedStreams(store, { maxAttempts: 50 })];
    const runs = [new BillingRun(processes[0], reads, { chunk: 7 }), new BillingRun(processes[1], reads, { chunk: 4 })];

    const [first, second] = await Promise.all([
      runs[0].run('2026-10', ctx('7d1f8c52-5a7e-4b1e-9a55-0c8f1a7d3e01')),
      runs[1].run('2026-10', ctx('7d1f8c52-5a7e-4b1e-9a55-0c8f1a7d3e02')),
    ]);
    expect(first.invoicesIssued + second.invoicesIssued).toBe(FAMILIES.length);

    const invoices: InvoiceFacts[] = [];
    for (const familyId of FAMILIES) {
      const events = await store.readStream(familyAccountStream(COMMUNE, familyId));
      expect(events.map((e) => e.type)).toEqual(['InvoiceIssued']);
      invoices.push(events[0].data as InvoiceFacts);
    }
    const numbers = invoices.map((i) => i.number).sort();
    expect(numbers).toEqual(Array.from({ length: FAMILIES.length }, (_, i) => `FA-2026-${String(i + 1).padStart(6, '0')}`));
    expect(invoices.every((i) => i.totalCents === DAYS.length * 325)).toBe(true);

    // The numbering stream says the same: contiguous allocations, each number given once.
    const allocations = (await store.readStream(numberingStream(COMMUNE, 2026))) as RecordedEvent<DocumentNumbersAllocated['data']>[];
    const allocated = allocations.flatMap((a) => a.data.documentIds.map((id, i) => ({ id, n: a.data.first + i })));
    expect(allocated.map((a) => a.n)).toEqual(Array.from({ length: FAMILIES.length }, (_, i) => i + 1));
    expect(new Set(allocated.map((a) => a.id)).size).toBe(FAMILIES.length);
  });

  it('issues nothing new when the month is run again, and gives a retried run its first answer', async () => {
    const streams = new EventSourcedStreams(store);
    const run = new BillingRun(streams, reads);
    const first = await run.run('2026-10', ctx('5b0a7e61-2f4c-4d2b-8e1a-9c3d5f7a1b01'));
    const head = await store.headPosition();
    const again = await run.run('2026-10', ctx('5b0a7e61-2f4c-4d2b-8e1a-9c3d5f7a1b02'));
    expect(again).toMatchObject({ invoicesIssued: 0, totalCents: 0, familiesAlreadyInvoiced: FAMILIES.length });
    const retried = await run.run('2026-10', ctx('5b0a7e61-2f4c-4d2b-8e1a-9c3d5f7a1b01'));
    expect(retried).toMatchObject({ invoicesIssued: first.invoicesIssued, invoiceIds: first.invoiceIds });
    // Only the second run's summary was written.
    expect(await store.headPosition()).toBe(head + 1);
  });

  it('keeps numbers gapless when two processes plan the same families in opposite orders, each issuing part of them', async () => {
    const processes = [new EventSourcedStreams(store, { maxAttempts: 50 }), new EventSourcedStreams(store, { maxAttempts: 50 })];
    const planner = (familyId: string) => ({
      familyId,
      plan: (state: Parameters<typeof planMonthlyInvoice>[0]) =>
        planMonthlyInvoice(state, { invoiceId: monthlyInvoiceId(COMMUNE, familyId, '2026-10'), familyId, month: '2026-10', issuedOn: '2026-11-03', dueOn: '2026-12-03', lines: [{ childId: 'c', activityId: 'canteen', kind: 'booked', quotient: null, unitPriceCents: 325, days: ['2026-10-01'], quantity: 1, amountCents: 325 }], totalCents: 325 }),
    });
    const chunks = (ids: string[], size: number) => Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
    const issuedBy = [0, 0];
    const race = async (p: number, ids: string[]) => {
      for (const chunk of chunks(ids, 5)) {
        const outcome = await appendNumbered(processes[p], ctx(`race-${p}`), 2026, chunk.map(planner));
        issuedBy[p] += [...outcome.events.values()].filter((e) => e.length > 0).length;
      }
    };
    await Promise.all([race(0, FAMILIES), race(1, [...FAMILIES].reverse())]);

    expect(issuedBy[0] + issuedBy[1]).toBe(FAMILIES.length);
    expect(issuedBy[0]).toBeGreaterThan(0);
    expect(issuedBy[1]).toBeGreaterThan(0);
    const numbers: string[] = [];
    for (const familyId of FAMILIES) {
      const events = await store.readStream(familyAccountStream(COMMUNE, familyId));
      expect(events).toHaveLength(1);
      numbers.push((events[0].data as InvoiceFacts).number);
    }
    expect(numbers.sort()).toEqual(Array.from({ length: FAMILIES.length }, (_, i) => `FA-2026-${String(i + 1).padStart(6, '0')}`));
  });
});
