import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, refusalOf } from '@pf/domain';
import { SqliteEventStore, type EventToAppend } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { activityMonthStream } from '@pf/reservations';
import { BILLING_DAYS, billingFactsProjection, familyMonthId, type FamilyMonthDocument } from './billing-facts.projection';
import { familyAccountStream, tariffStream, type InvoiceFacts } from './billing.events';
import { BILLING_ATTEMPT_COMMUNES, BILLING_ATTEMPTS, BILLING_DOCUMENTS, billingProjection, type AttemptCommuneDocument, type AttemptDocument, type BillingDocument } from './billing.projection';
import { BillingCommands } from './billing.service';
import { OnlinePayments } from './payments/online-payments.service';
import { NotificationRejected } from './payments/payment-provider';
import { TestModeProvider } from './payments/test-mode.provider';

/**
 * Two communes on one deployment whose families carry the same ids (ids made before they were
 * namespaced by commune): each commune bills, numbers and collects its own, and commune B naming
 * commune A's invoice finds nothing.
 */
const A = 'saint-hilaire';
const B = 'val-de-loire';
const NOW = '2026-11-03T09:00:00.000Z';
const FAMILY = 'family-martin';
const ERASED = 'family-durand';
const CANTEEN = 'canteen';

const ctxOf = (communeId: string, requestId: string, kind: 'staff' | 'guardian' = 'staff'): CommandContext & { requestId: string } => ({
  communeId,
  actor: { kind, id: `${kind}-${communeId}`, name: 'Agent' },
  channel: kind === 'staff' ? 'back-office' : 'web',
  requestId,
  now: NOW,
});
const metadata = (communeId: string) => ({ communeId, actor: { kind: 'system' as const, id: 'test' }, channel: 'system' as const, correlationId: 'c', causationId: 'c', occurredAt: '2026-09-20T08:00:00.000Z', schemaVersion: 1 });
let ids = 0;
const accepted = (communeId: string, familyId: string, day: string): EventToAppend => ({
  id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  type: 'ReservationAccepted',
  data: { requestId: `req-${familyId}`, familyId, childId: `child-${familyId}`, activityId: CANTEEN, day, group: 'elementaire' },
  metadata: metadata(communeId),
});

describe('billing keeps each commune to its own families, invoices and payments', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: ReadStore;
  let runner: ProjectionRunner;
  let streams: EventSourcedStreams;
  let billing: BillingCommands;
  let provider: TestModeProvider;
  let payments: OnlinePayments;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-billing-communes-'));
    events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    streams = new EventSourcedStreams(events);
    for (const [communeId, cents] of [
      [A, 325],
      [B, 410],
    ] as const) {
      await streams.handle(
        {
          streamId: tariffStream(communeId, CANTEEN),
          initialState: null,
          evolve: (s: null) => s,
          decide: () => [{ type: 'TariffSet', data: { activityId: CANTEEN, periodId: 'annee', from: '2026-09-01', to: '2027-07-03', pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: cents }] }, unexpectedPresence: null } }],
        },
        ctxOf(communeId, 'tariff'),
      );
    }
    // Appended before the projection starts: it meets both communes' months in one unit of work.
    await events.append(activityMonthStream(A, CANTEEN, '2026-10-01'), [accepted(A, FAMILY, '2026-10-01'), accepted(A, FAMILY, '2026-10-02'), accepted(A, ERASED, '2026-10-02')], 'any');
    await events.append(activityMonthStream(B, CANTEEN, '2026-10-01'), [accepted(B, FAMILY, '2026-10-05'), accepted(B, ERASED, '2026-10-06')], 'any');
    await events.append(`family-${B}.${ERASED}`, [{ id: '00000000-0000-4000-8000-0000000000ee', type: 'FamilyErased', data: { familyId: ERASED, childIds: [`child-${ERASED}`] }, metadata: metadata(B) }], 'any');
    runner = new ProjectionRunner(events, reads, [billingFactsProjection, billingProjection], { batchSize: 1000 });
    await runner.start();
    expect(await runner.waitFor(await events.headPosition(), 10_000)).toBe(true);
    const clock = new FixedClock(NOW);
    billing = new BillingCommands(streams, reads, events, runner, clock);
    provider = new TestModeProvider(() => 'http://localhost:3000');
    payments = new OnlinePayments(streams, reads, clock, provider);
  });

  afterEach(async () => {
    await runner.stop();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const month = (communeId: string, familyId: string) => reads.inCommune(communeId).collection<FamilyMonthDocument>(BILLING_DAYS).get(familyMonthId(familyId, '2026-10'));
  const invoiceOf = async (communeId: string, familyId: string) => {
    const [invoice] = await reads.inCommune(communeId).collection<BillingDocument>(BILLING_DOCUMENTS).find({ familyId, type: 'invoice' });
    return invoice;
  };

  it('keeps the months of two families with the same id apart, and an erasure in one commune leaves the other’s family alone', async () => {
    expect(Object.keys((await month(A, FAMILY))!.days).sort()).toEqual([`child-${FAMILY}|${CANTEEN}|2026-10-01`, `child-${FAMILY}|${CANTEEN}|2026-10-02`]);
    expect(Object.keys((await month(B, FAMILY))!.days)).toEqual([`child-${FAMILY}|${CANTEEN}|2026-10-05`]);
    expect(await month(A, ERASED)).toMatchObject({ communeId: A, familyId: ERASED });
    expect(await month(B, ERASED)).toBeNull();
  });

  it('bills each commune at its own prices, with its own invoice ids and numbers from 1 without gap', async () => {
    const runA = await billing.run('2026-10', ctxOf(A, 'run-october'));
    const runB = await billing.run('2026-10', ctxOf(B, 'run-october'));
    expect([runA.invoicesIssued, runB.invoicesIssued]).toEqual([2, 1]);
    expect(runB.invoiceIds.some((id) => runA.invoiceIds.includes(id))).toBe(false);

    const inA = (await events.readStream(familyAccountStream(A, FAMILY)))[0].data as InvoiceFacts;
    const inB = (await events.readStream(familyAccountStream(B, FAMILY)))[0].data as InvoiceFacts;
    expect([inA.totalCents, inB.totalCents]).toEqual([650, 410]);
    expect(inB.number).toBe('FA-2026-000001');
    expect((await reads.inCommune(A).collection<BillingDocument>(BILLING_DOCUMENTS).find({}, { sort: { number: 1 } })).map((d) => d.number)).toEqual(['FA-2026-000001', 'FA-2026-000002']);
    expect(await invoiceOf(B, FAMILY)).toMatchObject({ _id: inB.invoiceId, communeId: B, totalCents: 410 });
  });

  it("answers 404 to commune B recording a payment on A's invoice, writes nothing, and gives the same request id another payment in each commune", async () => {
    await billing.run('2026-10', ctxOf(A, 'run-october'));
    await billing.run('2026-10', ctxOf(B, 'run-october'));
    const invoiceA = await invoiceOf(A, FAMILY);
    const invoiceB = await invoiceOf(B, FAMILY);
    const head = await events.headPosition();

    const desk = (communeId: string, invoiceId: string, amountCents: number) => billing.recordDeskPayment({ invoiceId, amountCents, method: 'cash' }, ctxOf(communeId, 'desk-payment'));
    expect(await refusalOf(desk(B, invoiceA._id, 650))).toEqual({ kind: 'not_found', code: 'INVOICE_NOT_FOUND' });
    expect(await events.headPosition()).toBe(head);
    expect(await invoiceOf(A, FAMILY)).toEqual(invoiceA);

    const paidA = await desk(A, invoiceA._id, 650);
    const paidB = await desk(B, invoiceB._id, 100);
    const paymentId = (outcome: typeof paidA) => (outcome.events.find((e) => e.type === 'PaymentReceived')!.data as { paymentId: string }).paymentId;
    expect(paymentId(paidA)).not.toBe(paymentId(paidB));
  });

  it("settles only the attempt's own commune's invoice when its provider notifies, found without a session", async () => {
    await billing.run('2026-10', ctxOf(A, 'run-october'));
    await billing.run('2026-10', ctxOf(B, 'run-october'));
    const invoiceA = await invoiceOf(A, FAMILY);
    const invoiceB = await invoiceOf(B, FAMILY);

    const startedA = await payments.start(invoiceA, null, ctxOf(A, 'pay-now', 'guardian'));
    const startedB = await payments.start(invoiceB, null, ctxOf(B, 'pay-now', 'guardian'));
    await runner.waitFor(Math.max(startedA.position, startedB.position));
    expect(startedA.attemptId).not.toBe(startedB.attemptId);
    // A retried start gives back its first attempt, though attempt ids are random.
    expect((await payments.start(invoiceA, null, ctxOf(A, 'pay-now', 'guardian'))).attemptId).toBe(startedA.attemptId);

    const index = reads.collection<AttemptCommuneDocument>(BILLING_ATTEMPT_COMMUNES);
    expect(await index.get(startedA.attemptId)).toMatchObject({ communeId: A });
    expect(await index.get(startedB.attemptId)).toMatchObject({ communeId: B });
    expect(await reads.inCommune(B).collection<AttemptDocument>(BILLING_ATTEMPTS).get(startedA.attemptId)).toBeNull();

    const { attempt } = await payments.attempt(startedA.attemptId);
    expect(attempt).toMatchObject({ communeId: A, invoiceId: invoiceA._id });
    const notified = await payments.notify(provider.notification(attempt, 'success', '2026-11-03', 'TEST-1'));
    await runner.waitFor(notified.position);
    expect(notified.recorded).toBe(true);
    expect(await invoiceOf(A, FAMILY)).toMatchObject({ status: 'paid', dueCents: 0 });
    expect(await invoiceOf(B, FAMILY)).toMatchObject({ status: 'due', dueCents: 410 });

    await expect(payments.notify(provider.notification({ ...attempt, reference: 'FA2026000001NOSUCHATTEMPT' }, 'success', '2026-11-03', 'TEST-2'))).rejects.toBeInstanceOf(NotificationRejected);
  });
});
