import { Inject, Injectable } from '@nestjs/common';
import { conflict, invalid, notFound, uuidFromName, type Clock } from '@pf/domain';
import { CLOCK, EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '../../communes/communes.projection';
import { FAMILIES, type FamilyDocument } from '../../families/families.projection';
import { familyAccountStream } from '../billing.events';
import { BILLING_SETTINGS, DEFAULT_SETTINGS, type SettingsDocument } from '../billing-facts.projection';
import { BILLING_ATTEMPTS, BILLING_DOCUMENTS, type AttemptDocument, type BillingDocument } from '../billing.projection';
import { decideOnlineOutcome, decideStartOnlinePayment, evolveAccount, initialAccountState } from '../family-account.decider';
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

  async start(invoice: BillingDocument, amountCents: number | null, ctx: Ctx): Promise<{ attemptId: string; redirectUrl: string; amountCents: number; provider: string; testMode: boolean; position: number }> {
    const settings = ((await this.reads.collection<SettingsDocument>(BILLING_SETTINGS).get(invoice.communeId)) ?? DEFAULT_SETTINGS) as SettingsDocument;
    if (this.provider.name === 'payfip' && !settings.payfipClientNumber) throw conflict('ONLINE_PAYMENT_UNAVAILABLE', 'Le paiement en ligne n’est pas encore ouvert par la commune.');
    const attemptId = uuidFromName(`attempt|${ctx.requestId}`);
    const reference = referenceFor(invoice.number, attemptId);
    const outcome = await this.streams.handle(
      {
        streamId: familyAccountStream(ctx.communeId, invoice.familyId),
        initialState: initialAccountState,
        evolve: evolveAccount,
        decide: (state) =>
          decideStartOnlinePayment(state, { attemptId, invoiceId: invoice._id, amountCents, provider: this.provider.name, reference, startedAt: ctx.now, allowPartial: settings.allowPartialOnlinePayment }),
      },
      ctx,
    );
    const started = outcome.state.attempts[attemptId];
    const [commune, family] = await Promise.all([
      this.reads.collection<CommuneDocument>(COMMUNES).get(invoice.communeId),
      this.reads.collection<FamilyDocument>(FAMILIES).get(invoice.familyId),
    ]);
    const payer = family ? emailRecipients(family)[0]?.email ?? family.guardians[0]?.email ?? null : null;
    const redirectUrl = this.provider.redirectUrl({
      attemptId,
      reference,
      amountCents: started.amountCents,
      invoiceNumber: invoice.number,
      communeName: commune?.name ?? '',
      year: invoice.year,
      payerEmail: payer,
      clientNumber: settings.payfipClientNumber,
    });
    return { attemptId, redirectUrl, amountCents: started.amountCents, provider: this.provider.label, testMode: this.provider.testMode, position: outcome.position };
  }

  async attemptByReference(reference: string): Promise<AttemptDocument> {
    const [attempt] = await this.reads.collection<AttemptDocument>(BILLING_ATTEMPTS).find({ reference }, { limit: 1 });
    if (!attempt || attempt.provider !== this.provider.name) throw new NotificationRejected('NOTIFICATION_UNKNOWN_REFERENCE', 'Notification pour un paiement inconnu.');
    return attempt;
  }

  /**
   * A provider's notification (server to server): read and verified by the adapter against the
   * attempt, then recorded on the family's account. The same notification any number of times
   * records one payment: same request id, and the decider sees the attempt already paid.
   */
  async notify(params: Record<string, string>): Promise<{ verified: VerifiedNotification; recorded: boolean; position: number }> {
    const attempt = await this.attemptByReference(this.provider.referenceOf(params));
    const settings = ((await this.reads.collection<SettingsDocument>(BILLING_SETTINGS).get(attempt.communeId)) ?? DEFAULT_SETTINGS) as SettingsDocument;
    const invoice = await this.reads.collection<BillingDocument>(BILLING_DOCUMENTS).get(attempt.invoiceId);
    if (!invoice) throw new NotificationRejected('NOTIFICATION_UNKNOWN_REFERENCE', 'Notification pour une facture inconnue.');
    const verified = this.provider.verify(params, { attemptId: attempt._id, reference: attempt.reference, amountCents: attempt.amountCents, year: invoice.year, clientNumber: settings.payfipClientNumber });
    const ctx: Ctx = {
      communeId: attempt.communeId,
      actor: PROVIDER_ACTOR(this.provider.name),
      channel: 'api',
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

  /** For the test-mode page: the attempt and its invoice, or 404. */
  async attempt(attemptId: string): Promise<{ attempt: AttemptDocument; invoice: BillingDocument; commune: CommuneDocument | null }> {
    const attempt = await this.reads.collection<AttemptDocument>(BILLING_ATTEMPTS).get(attemptId);
    if (!attempt) throw notFound('PAYMENT_ATTEMPT_NOT_FOUND', 'Paiement en ligne inconnu.');
    const invoice = await this.reads.collection<BillingDocument>(BILLING_DOCUMENTS).get(attempt.invoiceId);
    if (!invoice) throw notFound('INVOICE_NOT_FOUND', 'Facture introuvable.');
    return { attempt, invoice, commune: await this.reads.collection<CommuneDocument>(COMMUNES).get(attempt.communeId) };
  }

  static rejected(error: NotificationRejected) {
    return invalid(error.code, error.message);
  }
}
