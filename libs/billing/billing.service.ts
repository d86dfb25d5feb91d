import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DateTime } from 'luxon';
import { conflict, invalid, notFound, type Clock } from '@pf/domain';
import type { EventStore } from '@pf/event-store';
import { CLOCK, EVENT_STORE, EventSourcedStreams, READ_STORE, idFromRequest, type CommandContext } from '@pf/event-sourcing';
import { MailOutbox, PortalLinks, frenchMail, frenchDate, frenchLongDate } from '@pf/mail';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { FAMILIES, type FamilyDocument } from '@pf/families';
import {
  billingSettingsStream,
  directDebitStream,
  familyAccountStream,
  tariffStream,
  type BillingSettings,
  type DirectDebitBatchCreated,
  type FamilyAccountEvent,
  type Month,
  type PaymentMethod,
  type RefundMethod,
} from './billing.events';
import { BILLING_DAYS, type FamilyMonthDocument } from './billing-facts.projection';
import { BillingRun, parisToday, validateBillableMonth, type RunSummary } from './billing-run';
import { BILLING_DOCUMENTS, BILLING_MANDATES, BILLING_PAYMENTS, type BillingDocument, type MandateDocument, type PaymentDocument } from './billing.projection';
import {
  decidePayment,
  decideRefund,
  decideRevokeMandate,
  decideScheduleDebits,
  decideSignMandate,
  evolveAccount,
  initialAccountState,
  type AccountState,
} from './family-account.decider';
import { euros } from './money';
import { maskIban } from './billing.queries';
import { normaliseIban, ibanProblems, bicProblems } from './sepa/iban';
import { tariffProblems, type Pricing, type Tariff, type UnexpectedPresencePrice } from './tariff';

type Ctx = CommandContext & { requestId: string };
const plusDays = (day: string, days: number) => DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate()!;

/** Guardians who get invoices by e-mail (the file's default when they did not choose). */
export function emailRecipients(family: FamilyDocument): Array<{ guardianId: string; email: string; name: string }> {
  return family.guardians
    .filter((g) => g.email && (g as { invoiceDelivery?: string }).invoiceDelivery !== 'courrier')
    .map((g) => ({ guardianId: g.guardianId, email: g.email, name: `${g.firstName} ${g.lastName}`.trim() }));
}

/**
 * Billing's command handlers: each loads what it decides on from the event store through
 * EventSourcedStreams (look-ups that cannot race come from read models), decides with the pure
 * deciders, appends, and answers the position for read-your-writes.
 */
@Injectable()
export class BillingCommands {
  private readonly logger = new Logger('Billing');
  readonly runs: BillingRun;

  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly outbox?: MailOutbox,
    @Optional() private readonly links?: PortalLinks,
  ) {
    this.runs = new BillingRun(streams, reads);
  }

  /** Makes sure billing's read models hold every event stored so far. */
  async caughtUp(): Promise<void> {
    const head = await this.events.headPosition();
    if (!(await this.projections.waitFor(head, 60_000))) throw conflict('BILLING_NOT_READY', 'La facturation se met à jour, réessayez dans un instant.');
  }

  async configureSettings(settings: BillingSettings, ctx: Ctx) {
    const problems = [
      ...(settings.sepaCreditor ? ibanProblems(settings.sepaCreditor.iban, 'sepaCreditor.iban') : []),
      ...(settings.sepaCreditor?.bic ? bicProblems(settings.sepaCreditor.bic, 'sepaCreditor.bic') : []),
    ];
    if (problems.length) throw invalid('VALIDATION_FAILED', 'Certains champs sont invalides.', problems);
    const normalised: BillingSettings = settings.sepaCreditor ? { ...settings, sepaCreditor: { ...settings.sepaCreditor, iban: normaliseIban(settings.sepaCreditor.iban) } } : settings;
    return this.streams.handle(
      { streamId: billingSettingsStream(ctx.communeId), initialState: null, evolve: (s: null) => s, decide: () => [{ type: 'BillingSettingsConfigured' as const, data: normalised }] },
      ctx,
    );
  }

  async setTariff(input: { activityId: string; periodId: string; pricing: Pricing; unexpectedPresence: UnexpectedPresencePrice }, ctx: Ctx) {
    const activities = this.reads.inCommune(ctx.communeId).collection<ActivityDocument>(ACTIVITIES);
    const activity = await activities.get(input.activityId);
    if (!activity) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
    const period = (activity.periods ?? []).find((p) => p.periodId === input.periodId);
    // A late-booking activity follows the periods of the activity it books.
    const main = activity.lateBookingOf ? await activities.get(activity.lateBookingOf) : null;
    const span = period ?? (main?.periods ?? []).find((p) => p.periodId === input.periodId);
    if (!span) throw notFound('PERIOD_NOT_FOUND', `Période inconnue pour l’activité ${activity.name}.`);
    const problems = tariffProblems(input, Boolean(activity.lateBookingOf));
    if (problems.length) throw invalid('TARIFF_INVALID', 'Le tarif est invalide.', problems);
    const tariff: Tariff = { activityId: input.activityId, periodId: input.periodId, from: span.from, to: span.to, pricing: input.pricing, unexpectedPresence: input.unexpectedPresence };
    return this.streams.handle({ streamId: tariffStream(ctx.communeId, input.activityId), initialState: null, evolve: (s: null) => s, decide: () => [{ type: 'TariffSet' as const, data: tariff }] }, ctx);
  }

  async run(month: string, ctx: Ctx): Promise<RunSummary> {
    validateBillableMonth(month, ctx.now);
    await this.caughtUp();
    const summary = await this.runs.run(month, ctx);
    await this.projections.waitFor(summary.position);
    await this.mailNewInvoices(ctx.communeId, summary.invoiceIds);
    return summary;
  }

  /** « Nouvelle facture » to the guardians who get invoices by e-mail; the outbox sends each mail once. */
  async mailNewInvoices(communeId: string, invoiceIds: string[]): Promise<void> {
    if (!this.outbox || invoiceIds.length === 0) return;
    const reads = this.reads.inCommune(communeId);
    const [invoices, commune] = await Promise.all([
      reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ _id: { $in: invoiceIds } }),
      this.reads.collection<CommuneDocument>(COMMUNES).get(communeId),
    ]);
    for (const invoice of invoices) {
      const family = await reads.collection<FamilyDocument>(FAMILIES).get(invoice.familyId);
      if (!family) continue;
      const mandate = await reads.collection<MandateDocument>(BILLING_MANDATES).get(invoice.familyId);
      const month = DateTime.fromISO(`${invoice.month}-01`).setLocale('fr').toFormat('LLLL yyyy');
      // With a mandate in force the invoice says it will be debited: the family has nothing to do.
      const paragraphs = mandate
        ? [
            `Votre facture n° ${invoice.number} du mois de ${month} est disponible : ${euros(invoice.totalCents)}.`,
            `Elle sera prélevée sur votre compte ${maskIban(mandate.iban)} (mandat ${mandate.mandateId}) à la prochaine échéance de prélèvement : vous n’avez rien à faire. La date du prélèvement s’affichera sur la facture, sur le Portail Famille.`,
            'Vous pouvez la consulter et la télécharger sur le Portail Famille.',
          ]
        : [
            `Votre facture n° ${invoice.number} du mois de ${month} est disponible : ${euros(invoice.totalCents)}, à régler avant le ${frenchLongDate(invoice.dueOn!)}.`,
            'Vous pouvez la consulter, la télécharger et la payer en ligne sur le Portail Famille.',
          ];
      for (const to of emailRecipients(family)) {
        const mail = frenchMail({
          greeting: `Bonjour ${to.name},`,
          paragraphs,
          action: this.links ? { label: 'Voir ma facture', url: this.links.url(`/factures/${invoice._id}`) } : undefined,
          signature: commune?.serviceName ?? 'Le Portail Famille',
        });
        await this.outbox.enqueue({ communeId, dedupeKey: `invoice-issued:${invoice._id}:${to.guardianId}`, to: to.email, subject: `Nouvelle facture ${invoice.number}`, ...mail, dataSubject: `family:${family._id}` });
      }
    }
  }

  async correct(familyId: string, month: string, comment: string | null, ctx: Ctx) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid('MONTH_INVALID', 'Le mois doit être au format AAAA-MM.');
    await this.caughtUp();
    const outcome = await this.runs.correct(familyId, month, 'CORRECTION', comment, ctx);
    await this.mailNewInvoices(ctx.communeId, outcome.events.filter((e) => e.type === 'InvoiceIssued').map((e) => (e.data as { invoiceId: string }).invoiceId));
    return outcome;
  }

  /**
   * Staff apply a QF from a past day: it becomes the QF in force from then on, and every month
   * already invoiced since is corrected (credit note for the old prices, invoice at the new ones).
   */
  async regulariseQuotient(familyId: string, quotient: number, validFrom: string, ctx: Ctx) {
    if (validFrom > parisToday(ctx.now)) throw invalid('DATE_IN_FUTURE', 'Une régularisation part d’un jour passé ou d’aujourd’hui.');
    const recorded = await this.streams.handle(
      {
        streamId: familyAccountStream(ctx.communeId, familyId),
        initialState: initialAccountState,
        evolve: evolveAccount,
        decide: () => [{ type: 'QuotientRegularised' as const, data: { familyId, quotient, validFrom } }],
      },
      ctx,
    );
    await this.projections.waitFor(recorded.position);
    const account = await this.account(familyId, ctx.communeId);
    const months = [...new Set(Object.values(account.invoices).map((i) => i.month))].filter((m) => m >= validFrom.slice(0, 7)).sort();
    const documents: FamilyAccountEvent[] = [];
    let position = recorded.position;
    for (const month of months) {
      const outcome = await this.runs.correct(familyId, month, 'QUOTIENT_REGULARISATION', `Quotient familial de ${quotient} € appliqué à partir du ${frenchDate(validFrom)}`, { ...ctx, requestId: idFromRequest(ctx, `quotient-regularisation|${month}`) });
      documents.push(...outcome.events);
      position = Math.max(position, outcome.position);
    }
    await this.projections.waitFor(position);
    await this.mailNewInvoices(ctx.communeId, documents.filter((e) => e.type === 'InvoiceIssued').map((e) => (e.data as { invoiceId: string }).invoiceId));
    return { months, documents, position };
  }

  async account(familyId: string, communeId: string): Promise<AccountState> {
    return (await this.streams.load(familyAccountStream(communeId, familyId), initialAccountState, evolveAccount)).state;
  }

  /** The commune's invoice, from the read model (an invoice never changes family). */
  async invoice(invoiceId: string, communeId: string): Promise<BillingDocument> {
    const doc = await this.reads.inCommune(communeId).collection<BillingDocument>(BILLING_DOCUMENTS).get(invoiceId);
    if (!doc || doc.type !== 'invoice') throw notFound('INVOICE_NOT_FOUND', 'Facture introuvable.');
    return doc;
  }

  async recordDeskPayment(input: { invoiceId: string; amountCents: number; method: Extract<PaymentMethod, 'cash' | 'cheque' | 'cesu'>; receivedOn?: string; reference?: string | null }, ctx: Ctx) {
    const invoice = await this.invoice(input.invoiceId, ctx.communeId);
    const today = parisToday(ctx.now);
    const receivedOn = input.receivedOn ?? today;
    if (receivedOn > today) throw invalid('DATE_IN_FUTURE', 'La date de réception ne peut pas être dans le futur.');
    if (input.method === 'cheque' && !input.reference) throw invalid('CHEQUE_NUMBER_MISSING', 'Indiquez le numéro du chèque.', [{ field: 'reference', code: 'CHEQUE_NUMBER_MISSING', message: 'Indiquez le numéro du chèque.' }]);
    return this.streams.handle(
      {
        streamId: familyAccountStream(ctx.communeId, invoice.familyId),
        initialState: initialAccountState,
        evolve: evolveAccount,
        decide: (state) => decidePayment(state, { paymentId: idFromRequest(ctx, 'payment'), invoiceId: input.invoiceId, amountCents: input.amountCents, method: input.method, receivedOn, reference: input.reference ?? null }),
      },
      ctx,
    );
  }

  /** Pays back (part of) a payment the family made in excess of what an invoice now asks. */
  async refund(input: { paymentId: string; amountCents: number; method: RefundMethod; refundedOn?: string; reference?: string | null }, ctx: Ctx) {
    const payment = await this.reads.inCommune(ctx.communeId).collection<PaymentDocument>(BILLING_PAYMENTS).get(input.paymentId);
    if (!payment) throw notFound('PAYMENT_NOT_FOUND', 'Règlement introuvable.');
    const today = parisToday(ctx.now);
    const refundedOn = input.refundedOn ?? today;
    if (refundedOn > today) throw invalid('DATE_IN_FUTURE', 'La date du remboursement ne peut pas être dans le futur.', [{ field: 'refundedOn', code: 'DATE_IN_FUTURE', message: 'La date du remboursement ne peut pas être dans le futur.' }]);
    if (refundedOn < payment.receivedOn) throw invalid('REFUND_BEFORE_PAYMENT', 'Un remboursement suit le règlement qu’il rembourse.', [{ field: 'refundedOn', code: 'REFUND_BEFORE_PAYMENT', message: 'Un remboursement suit le règlement qu’il rembourse.' }]);
    return this.streams.handle(
      {
        streamId: familyAccountStream(ctx.communeId, payment.familyId),
        initialState: initialAccountState,
        evolve: evolveAccount,
        decide: (state) => decideRefund(state, { refundId: idFromRequest(ctx, 'refund'), paymentId: input.paymentId, amountCents: input.amountCents, method: input.method, refundedOn, reference: input.reference ?? null }),
      },
      ctx,
    );
  }

  async signMandate(familyId: string, input: { iban: string; bic: string | null; signedOn: string }, ctx: Ctx) {
    const problems = [...ibanProblems(input.iban, 'iban'), ...(input.bic ? bicProblems(input.bic, 'bic') : [])];
    if (problems.length) throw invalid('VALIDATION_FAILED', 'Certains champs sont invalides.', problems);
    if (input.signedOn > parisToday(ctx.now)) throw invalid('DATE_IN_FUTURE', 'La date de signature ne peut pas être dans le futur.');
    // RUM (référence unique du mandat): at most 35 characters, stable for a request.
    const mandateId = `RUM-${idFromRequest(ctx, 'mandate').replace(/-/g, '').slice(0, 20).toUpperCase()}`;
    return this.streams.handle(
      {
        streamId: familyAccountStream(ctx.communeId, familyId),
        initialState: initialAccountState,
        evolve: evolveAccount,
        decide: (state) => decideSignMandate(state, { familyId, mandateId, iban: normaliseIban(input.iban), bic: input.bic ? input.bic.toUpperCase() : null, signedOn: input.signedOn }),
      },
      ctx,
    );
  }

  async revokeMandate(familyId: string, ctx: Ctx) {
    return this.streams.handle(
      { streamId: familyAccountStream(ctx.communeId, familyId), initialState: initialAccountState, evolve: evolveAccount, decide: (state) => decideRevokeMandate(state, { familyId, revokedOn: parisToday(ctx.now) }) },
      ctx,
    );
  }

  /**
   * Puts every invoice still due of every family with a mandate into one direct-debit batch (each
   * invoice once), then records the batch. The pain.008 file is built from the read models.
   */
  async createDirectDebitBatch(collectionDate: string | undefined, settings: BillingSettings, ctx: Ctx) {
    if (!settings.sepaCreditor) throw invalid('SEPA_NOT_CONFIGURED', 'Renseignez d’abord le créancier SEPA (ICS, IBAN) de la commune.');
    const today = parisToday(ctx.now);
    const date = collectionDate ?? plusDays(today, settings.directDebitDelayDays);
    if (date <= today) throw invalid('COLLECTION_DATE_INVALID', 'La date de prélèvement doit être postérieure à aujourd’hui.');
    await this.caughtUp();
    const batchId = idFromRequest(ctx, 'debit-batch');
    const mandates = await this.reads.inCommune(ctx.communeId).collection<MandateDocument>(BILLING_MANDATES).find();
    const decisions = mandates.map((m) => ({
      streamId: familyAccountStream(ctx.communeId, m.familyId),
      initialState: initialAccountState,
      evolve: evolveAccount,
      decide: (state: AccountState) => decideScheduleDebits(state, { batchId, collectionDate: date }) as FamilyAccountEvent[],
    }));
    const outcome = decisions.length ? await this.streams.handleMany(decisions, ctx) : { outcomes: [], position: 0, replayed: false };
    const scheduled = outcome.outcomes.flatMap((o) => o.events).filter((e) => e.type === 'DirectDebitScheduled');
    if (scheduled.length === 0) throw conflict('NOTHING_TO_DEBIT', 'Aucune facture à prélever : pas de facture due pour les familles ayant un mandat.');
    const data: DirectDebitBatchCreated['data'] = {
      batchId,
      messageId: `PF-${today.replace(/-/g, '')}-${batchId.slice(0, 8).toUpperCase()}`,
      collectionDate: date,
      invoiceIds: scheduled.map((e) => (e.data as { invoiceId: string }).invoiceId),
      totalCents: scheduled.reduce((s, e) => s + (e.data as { amountCents: number }).amountCents, 0),
      count: scheduled.length,
    };
    const recorded = await this.streams.handle({ streamId: directDebitStream(ctx.communeId, batchId), initialState: null, evolve: (s: null) => s, decide: () => [{ type: 'DirectDebitBatchCreated' as const, data }] }, ctx);
    return { ...data, position: Math.max(outcome.position, recorded.position) };
  }

  /** The family-month documents billing keeps (for the parents' detail by enrolment). */
  familyMonths(familyId: string, communeId: string): Promise<FamilyMonthDocument[]> {
    return this.reads.inCommune(communeId).collection<FamilyMonthDocument>(BILLING_DAYS).find({ familyId }, { sort: { month: 1 } });
  }

  logFailure(what: string, error: unknown) {
    this.logger.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export type { Month };
