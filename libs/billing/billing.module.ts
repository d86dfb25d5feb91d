import { Injectable, Module, OnModuleInit, Optional } from '@nestjs/common';
import { PortalLinks } from '@pf/mail';
import { DashboardCounters, type CounterContext } from '@pf/dashboard';
import { AccountSummaryController } from './account-summary.controller';
import { BillingOfficeController } from './billing-office.controller';
import { BillingStaffController, FamilyBillingController } from './billing.controller';
import { MandateRequestsController } from './mandate-requests.controller';
import { MandateRequests } from './mandate-requests.service';
import { BILLING_DOCUMENTS, type BillingDocument } from './billing.projection';
import { BillingCommands } from './billing.service';
import { OnlinePayments } from './payments/online-payments.service';
import { PAYMENT_PROVIDER, type PaymentProvider } from './payments/payment-provider';
import { PAYFIP_PAYMENT_URL, PayfipProvider } from './payments/payfip.provider';
import { PAYFIP_NOTIFY_IPS, PaymentsController } from './payments/payments.controller';
import { TestModeProvider } from './payments/test-mode.provider';

/** Days an invoice counts as new on the home page. */
const NEW_INVOICE_DAYS = 31;

/**
 * PAYMENT_PROVIDER=payfip uses PayFiP (PAYFIP_SAISIE T/X/W, PAYFIP_URL, PAYFIP_NOTIFY_IPS);
 * anything else, the default, is the local test-mode provider: no real payment.
 */
export function paymentProviderFromEnv(env: NodeJS.ProcessEnv, links: PortalLinks | null): PaymentProvider {
  const base = () => links?.base() ?? 'http://localhost:3000';
  if (env.PAYMENT_PROVIDER === 'payfip') {
    const saisie = env.PAYFIP_SAISIE ?? 'T';
    if (!['T', 'X', 'W'].includes(saisie)) throw new Error('PAYFIP_SAISIE must be T (test), X (activation) or W (production)');
    return new PayfipProvider({ paymentUrl: env.PAYFIP_URL || PAYFIP_PAYMENT_URL, saisie: saisie as 'T' | 'X' | 'W', notificationUrl: () => `${base()}/api/payments/notifications/payfip` });
  }
  return new TestModeProvider(base);
}

/** The home page's « nouvelle facture » counter: invoices still due issued in the last month. */
@Injectable()
class NewInvoicesCounter implements OnModuleInit {
  constructor(@Optional() private readonly counters?: DashboardCounters) {}

  onModuleInit(): void {
    this.counters?.register('newInvoices', {
      count: async ({ reads, communeId, familyId, today }: CounterContext) => {
        const since = new Date(Date.parse(`${today}T00:00:00Z`) - NEW_INVOICE_DAYS * 86_400_000).toISOString().slice(0, 10);
        const docs = await reads.inCommune(communeId).collection<BillingDocument>(BILLING_DOCUMENTS).find({ familyId, issuedOn: { $gte: since } });
        return docs.filter((d) => d.type === 'invoice' && d.dueCents > 0).length;
      },
      label: (n: number) => (n === 1 ? 'Vous avez reçu une nouvelle facture' : `Vous avez reçu ${n} nouvelles factures`),
    });
  }
}

@Module({
  controllers: [BillingStaffController, FamilyBillingController, PaymentsController, MandateRequestsController, AccountSummaryController, BillingOfficeController],
  providers: [
    BillingCommands,
    MandateRequests,
    OnlinePayments,
    NewInvoicesCounter,
    { provide: PAYMENT_PROVIDER, inject: [{ token: PortalLinks, optional: true }], useFactory: (links?: PortalLinks) => paymentProviderFromEnv(process.env, links ?? null) },
    { provide: PAYFIP_NOTIFY_IPS, useValue: (process.env.PAYFIP_NOTIFY_IPS ?? '').split(',').map((s) => s.trim()).filter(Boolean) },
  ],
  exports: [BillingCommands, OnlinePayments],
})
export class BillingModule {}

