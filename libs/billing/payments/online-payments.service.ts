import { Inject, Injectable } from '@nestjs/common';
import { conflict, invalid, newId, notFound, uuidFromName, type Clock } from '@pf/domain';
import { CLOCK, EventSourcedStreams, READ_STORE, type CommandContext, type StreamOutcome } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { FAMILIES, type FamilyDocument } from '@pf/families';
import { familyAccountStream, type FamilyAccountEvent, type OnlinePaymentStarted } from '../billing.events';
import { billingSettings } from '../billing-run';
import { BILLING_ATTEMPT_COMMUNES, BILLING_ATTEMPTS, BILLING_DOCUMENTS, type AttemptCommuneDocument, type AttemptDocument, type BillingDocument } from '../billing.projection';
import { decideOnlineOutcome, decideStartOnlinePayment, evolveAccount, initialAccountState, type AccountState } from '../family-account.decider';
import { emailRecipients } from '../billing.service';
import { NotificationRejected, PAYMENT_PROVIDER, referenceFor, type PaymentProvider, type VerifiedNotification } from './payment-provider';

type Ctx = CommandContext & { requestId: string };

/** The actor of what a provider tells us: the payment service, never a person. */
const PROVIDER_ACTOR = (name: string) => ({ kind: 'system' as const, id: `payment-provider:${name}`, name: name === 'payfip' ? 'PayFiP (DGFiP)' : 'Prestataire de paiement (mode test)' });

/** Online payment: start an attempt and send the parent to the provider; record what the provider notifies, once. */
@Injectable()
export class OnlinePayments {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PAYMENT_PROVIDER) readonly provider: PaymentProvider,
  ) {}

  /** Starts paying an invoice of the caller's commune (`invoice` was read in `ctx.communeId`). */
  async start(invoice: BillingDocument, amountCents: number | null, ctx: Ctx): Promise<{ attemptId: string; redirectUrl: string; amountCents: number; provider: string; testMode: boolean; position: number }> {
    const settings = await billingSettings(this.reads, ctx.communeId);
    if (this.provider.name === 'payfip' && !settings.payfipClientNumber) throw conflict('ONLINE_PAYMENT_UNAVAILABLE', 'Le paiement en ligne n’est pas encore ouvert par la commune.');
    // Random, not derived from the request id: a provider's notification and the test page name the
    // attempt (its reference holds most of the id) without a session, so no one may guess it.
    const attemptId = newId();
    const outcome = await this.streams.handle(
      {
        streamId: familyAccountStream(ctx.communeId, invoice.familyId),
        initialState: initialAccountState,
        evolve: evolveAccount,
        decide: (state) =>
          decideStartOnlinePayment(state, {
            attemptId,
            invoiceId: invoice._id,
            amountCents,
            provider: this.provider.name,
            reference: referenceFor(invoice.number, attemptId),
            startedAt: ctx.now,
            allowPartial: settings.allowPartialOnlinePayment,
          }),
      },
      ctx,
    );
    const started = await this.startedBy(outcome, invoice.familyId, ctx);
    const reads = this.reads.inCommune(ctx.communeId);
    const [commune, family] = await Promise.all([this.reads.collection<CommuneDocument>(COMMUNES).get(ctx.communeId), reads.collection<FamilyDocument>(FAMILIES).get(invoice.familyId)]);
    const payer = family ? emailRecipients(family)[0]?.email ?? family.guardians[0]?.email ?? null : null;
    const redirectUrl = this.provider.redirectUrl({
      attemptId: started.attemptId,
      reference: started.reference,
      amountCents: started.amountCents,
      invoiceNumber: invoice.number,
      communeName: commune?.name ?? '',
      year: invoice.year,
      payerEmail: payer,
      clientNumber: settings.payfipClientNumber,
    });
    return { attemptId: started.attemptId, redirectUrl, amountCents: started.amountCents, provider: this.provider.label, testMode: this.provider.testMode, position: outcome.position };
  }

  /** The attempt this request started: the one just appended, or, for a retried request, the one its first call appended (whichever process did). */
  private async startedBy(outcome: StreamOutcome<AccountState, FamilyAccountEvent>, familyId: string, ctx: Ctx): Promise<OnlinePaymentStarted['data']> {
    const appended = outcome.events.find((e): e is OnlinePaymentStarted => e.type === 'OnlinePaymentStarted');
    if (appended && !outcome.replayed) return appended.data;
    const { events } = await this.streams.load(familyAccountStream(ctx.communeId, familyId), initialAccountState, evolveAccount);
    const first = events.find((e) => e.type === 'OnlinePaymentStarted' && e.metadata.requestId === ctx.requestId);
    if (!first) throw conflict('REQUEST_ALREADY_USED', 'Cet identifiant de demande a déjà servi à une autre opération.');
    return first.data as OnlinePaymentStarted['data'];
  }

  /**
   * The attempt a provider's notification names by its reference, found before its commune is
   * known: the deployment-wide index says the commune, the attempt is then read in that commune.
   */
  async attemptByReference(reference: string): Promise<AttemptDocument> {
    const [entry, ambiguous] = await this.reads.collection<AttemptCommuneDocument>(BILLING_ATTEMPT_COMMUNES).find({ reference }, { limit: 2 });
    const attempt = entry && !ambiguous ? await this.reads.inCommune(entry.communeId).collection<AttemptDocument>(BILLING_ATTEMPTS).get(entry._id) : null;
    if (!attempt || attempt.reference !== reference || attempt.provider !== this.provider.name) throw new NotificationRejected('NOTIFICATION_UNKNOWN_REFERENCE', 'Notification pour un paiement inconnu.');
    return attempt;
  }

  /**
   * A provider's notification (server to server): read and verified by the adapter against the
   * attempt, then recorded on the family's account. The same notification any number of times
   * records one payment: same request id, and the decider sees the attempt already paid.
   */
  async notify(params: Record<string, string>): Promise<{ verified: VerifiedNotification; recorded: boolean; position: number }> {
    const attempt = await this.attemptByReference(this.provider.referenceOf(params));
    // Everything from here is the attempt's commune: its settings, its invoice, its family's account.
    const settings = await billingSettings(this.reads, attempt.communeId);
    const invoice = await this.reads.inCommune(attempt.communeId).collection<BillingDocument>(BILLING_DOCUMENTS).get(attempt.invoiceId);
    if (!invoice) throw new NotificationRejected('NOTIFICATION_UNKNOWN_REFERENCE', 'Notification pour une facture inconnue.');
    const verified = this.provider.verify(params, { attemptId: attempt._id, reference: attempt.reference, amountCents: attempt.amountCents, year: invoice.year, clientNumber: settings.payfipClientNumber });
    const ctx: Ctx = {
      communeId: attempt.communeId,
      actor: PROVIDER_ACTOR(this.provider.name),
      channel: 'api',
      // The attempt id is random, made by the portal: unique across communes.
      requestId: uuidFromName(`notification|${this.provider.name}|${attempt._id}|${verified.outcome}|${verified.authorisation ?? ''}`),
      now: this.clock.now(),
    };
    const outcome = await this.streams.handle(
      {
        streamId: familyAccountStream(attempt.communeId, attempt.familyId),
        initialState: initialAccountState,
        evolve: evolveAccount,
        decide: (state) => decideOnlineOutcome(state, { ...verified }),
      },
      ctx,
    );
    return { verified, recorded: outcome.events.length > 0 && !outcome.replayed, position: outcome.position };
  }

  /** For the test-mode page (no session): the attempt, found through its commune's entry, and its invoice, or 404. */
  async attempt(attemptId: string): Promise<{ attempt: AttemptDocument; invoice: BillingDocument; commune: CommuneDocument | null }> {
    const entry = await this.reads.collection<AttemptCommuneDocument>(BILLING_ATTEMPT_COMMUNES).get(attemptId);
    if (!entry) throw notFound('PAYMENT_ATTEMPT_NOT_FOUND', 'Paiement en ligne inconnu.');
    const reads = this.reads.inCommune(entry.communeId);
    const attempt = await reads.collection<AttemptDocument>(BILLING_ATTEMPTS).get(attemptId);
    if (!attempt) throw notFound('PAYMENT_ATTEMPT_NOT_FOUND', 'Paiement en ligne inconnu.');
    const invoice = await reads.collection<BillingDocument>(BILLING_DOCUMENTS).get(attempt.invoiceId);
    if (!invoice) throw notFound('INVOICE_NOT_FOUND', 'Facture introuvable.');
    return { attempt, invoice, commune: await this.reads.collection<CommuneDocument>(COMMUNES).get(entry.communeId) };
  }

  static rejected(error: NotificationRejected) {
    return invalid(error.code, error.message);
  }
}
