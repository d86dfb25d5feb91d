import { DateTime } from 'luxon';
import { invalid, uuidFromName, type FieldProblem } from '@pf/domain';
import { idFromRequest, type EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { billingRunStream, type BillingRunCompleted, type Month } from './billing.events';
import {
  BILLING_DAYS,
  BILLING_QUOTIENTS,
  BILLING_SETTINGS,
  BILLING_SETTINGS_ID,
  BILLING_TARIFFS,
  DEFAULT_SETTINGS,
  familyMonthId,
  type FamilyMonthDocument,
  type QuotientDocument,
  type SettingsDocument,
  type TariffDocument,
} from './billing-facts.projection';
import { planCorrection, planMonthlyInvoice, type CorrectionInput } from './family-account.decider';
import { billMonth, TariffBook, type MissingTariff } from './month-billing';
import { appendNumbered, type FamilyPlanner } from './numbering';
import type { BillingSettings, CreditReason, FamilyAccountEvent } from './billing.events';

/** Families per atomic append: big enough to be fast, small enough to keep a retry cheap. */
export const RUN_CHUNK = 400;

export interface RunSummary {
  runId: string;
  month: Month;
  invoicesIssued: number;
  totalCents: number;
  familiesAlreadyInvoiced: number;
  invoiceIds: string[];
  position: number;
}

export const monthlyInvoiceId = (communeId: string, familyId: string, month: Month) => uuidFromName(`invoice|${communeId}|${familyId}|${month}`);

/** 'YYYY-MM' of a real month, strictly before the current month in Paris. */
export function validateBillableMonth(month: string, now: string): Month {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid('MONTH_INVALID', 'Le mois doit être au format AAAA-MM.', [{ field: 'month', code: 'MONTH_INVALID', message: 'Le mois doit être au format AAAA-MM.' }]);
  const current = DateTime.fromISO(now, { zone: 'utc' }).setZone('Europe/Paris').toFormat('yyyy-LL');
  if (month >= current) throw invalid('MONTH_NOT_OVER', 'On ne facture qu’un mois terminé.');
  return month;
}

export const parisToday = (now: string) => DateTime.fromISO(now, { zone: 'utc' }).setZone('Europe/Paris').toISODate()!;
const plusDays = (day: string, days: number) => DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate()!;

function missingProblems(missing: MissingTariff[]): FieldProblem[] {
  const byActivity = new Map<string, string[]>();
  for (const m of missing) byActivity.set(m.activityId, [...(byActivity.get(m.activityId) ?? []), m.day]);
  return [...byActivity].map(([activityId, days]) => {
    const sorted = [...new Set(days)].sort();
    return { field: activityId, code: 'TARIFF_MISSING', message: `Aucun tarif pour cette activité le ${DateTime.fromISO(sorted[0]).toFormat('dd/LL/yyyy')}${sorted.length > 1 ? ` (et ${sorted.length - 1} autre(s) jour(s))` : ''}.` };
  });
}

/** What the run reads: the commune's billing read models, as they stand once caught up. */
export async function billingInputs(reads: ReadStore, communeId: string) {
  const commune = reads.inCommune(communeId);
  const [tariffs, settings] = await Promise.all([commune.collection<TariffDocument>(BILLING_TARIFFS).find(), billingSettings(reads, communeId)]);
  tariffs.sort((a, b) => a.setAt.localeCompare(b.setAt));
  return { book: new TariffBook(tariffs), settings };
}

/** The commune's billing settings, or the defaults until staff configure them. */
export async function billingSettings(reads: ReadStore, communeId: string): Promise<BillingSettings> {
  const doc = await reads.inCommune(communeId).collection<SettingsDocument>(BILLING_SETTINGS).get(BILLING_SETTINGS_ID);
  return (doc ?? DEFAULT_SETTINGS) as BillingSettings;
}

/**
 * The monthly billing run of a commune: one invoice per family with something due, numbered in
 * the same atomic append as the commune's numbering stream, chunk by chunk. Running a month again
 * issues nothing for the families already invoiced; a day without a tariff stops the run before
 * anything is written.
 */
export class BillingRun {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly reads: ReadStore,
    private readonly options: { chunk?: number } = {},
  ) {}

  async run(month: Month, ctx: CommandContext & { requestId: string }): Promise<RunSummary> {
    const runId = ctx.requestId;
    const earlier = await this.earlierRun(ctx.communeId, month, runId);
    if (earlier) return earlier;

    const issuedOn = parisToday(ctx.now);
    const { book, settings } = await billingInputs(this.reads, ctx.communeId);
    const dueOn = plusDays(issuedOn, settings.paymentTermDays);
    const commune = this.reads.inCommune(ctx.communeId);
    const [months, quotientDocs] = await Promise.all([
      commune.collection<FamilyMonthDocument>(BILLING_DAYS).find({ month }),
      commune.collection<QuotientDocument>(BILLING_QUOTIENTS).find(),
    ]);
    const quotients = new Map(quotientDocs.map((q) => [q.familyId, q.entries]));
    months.sort((a, b) => a.familyId.localeCompare(b.familyId));

    const bills = months.map((m) => ({ familyId: m.familyId, bill: billMonth(Object.values(m.days), quotients.get(m.familyId) ?? [], book) }));
    const missing = bills.flatMap((b) => b.bill.missing);
    if (missing.length) throw invalid('TARIFF_MISSING', 'Des jours à facturer n’ont pas de tarif : rien n’a été facturé. Renseignez les tarifs puis relancez la facturation.', missingProblems(missing));

    const planners: FamilyPlanner[] = bills
      .filter((b) => b.bill.totalCents > 0)
      .map(({ familyId, bill }) => ({
        familyId,
        plan: (state) => planMonthlyInvoice(state, { invoiceId: monthlyInvoiceId(ctx.communeId, familyId, month), familyId, month, issuedOn, dueOn, lines: bill.lines, totalCents: bill.totalCents }),
      }));

    const year = Number(issuedOn.slice(0, 4));
    const chunk = this.options.chunk ?? RUN_CHUNK;
    const issued: Array<{ invoiceId: string; totalCents: number }> = [];
    let position = 0;
    for (let i = 0; i < planners.length; i += chunk) {
      const outcome = await appendNumbered(this.streams, ctx, year, planners.slice(i, i + chunk));
      position = Math.max(position, outcome.position);
      for (const events of outcome.events.values()) {
        for (const e of events) if (e.type === 'InvoiceIssued') issued.push({ invoiceId: e.data.invoiceId, totalCents: e.data.totalCents });
      }
    }
    const summary: BillingRunCompleted['data'] = {
      runId,
      month,
      invoicesIssued: issued.length,
      totalCents: issued.reduce((s, x) => s + x.totalCents, 0),
      familiesAlreadyInvoiced: planners.length - issued.length,
      invoiceIds: issued.map((x) => x.invoiceId),
    };
    const recorded = await this.streams.handle(
      { streamId: billingRunStream(ctx.communeId, month), initialState: null, evolve: (s: null) => s, decide: () => [{ type: 'BillingRunCompleted' as const, data: summary }] },
      ctx,
    );
    const stored = recorded.events[0]?.data as BillingRunCompleted['data'] | undefined;
    return { ...(stored ?? summary), position: Math.max(position, recorded.position) };
  }

  private async earlierRun(communeId: string, month: Month, runId: string): Promise<RunSummary | null> {
    const loaded = await this.streams.load(billingRunStream(communeId, month), [] as Array<{ data: BillingRunCompleted['data']; position: number }>, (s) => s);
    const event = loaded.events.find((e) => (e.data as BillingRunCompleted['data']).runId === runId);
    return event ? { ...(event.data as BillingRunCompleted['data']), position: event.position } : null;
  }

  /**
   * Corrects one family's month against what is due now (QF regularised, attendance taken late…):
   * credit notes for what is no longer due, a supplementary invoice for what is newly due.
   */
  async correct(
    familyId: string,
    month: Month,
    reason: CreditReason,
    comment: string | null,
    ctx: CommandContext & { requestId: string },
  ): Promise<{ events: FamilyAccountEvent[]; position: number }> {
    const issuedOn = parisToday(ctx.now);
    const { book, settings } = await billingInputs(this.reads, ctx.communeId);
    const commune = this.reads.inCommune(ctx.communeId);
    const [doc, quotient] = await Promise.all([
      commune.collection<FamilyMonthDocument>(BILLING_DAYS).get(familyMonthId(familyId, month)),
      commune.collection<QuotientDocument>(BILLING_QUOTIENTS).get(familyId),
    ]);
    const bill = billMonth(Object.values(doc?.days ?? {}), quotient?.entries ?? [], book);
    if (bill.missing.length) throw invalid('TARIFF_MISSING', 'Des jours à facturer n’ont pas de tarif : rien n’a été corrigé.', missingProblems(bill.missing));
    const input: CorrectionInput = {
      familyId,
      month,
      lines: bill.lines,
      issuedOn,
      dueOn: plusDays(issuedOn, settings.paymentTermDays),
      reason,
      comment,
      ids: { creditNoteId: (invoiceId) => idFromRequest(ctx, `credit|${month}|${invoiceId}`), invoiceId: idFromRequest(ctx, `supplementary|${month}|${familyId}`) },
    };
    const outcome = await appendNumbered(this.streams, ctx, Number(issuedOn.slice(0, 4)), [{ familyId, plan: (state) => planCorrection(state, input) }]);
    return { events: outcome.events.get(familyId) ?? [], position: outcome.position };
  }
}
