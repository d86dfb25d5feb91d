import { Body, Controller, Get, Inject, Post, Query, StreamableFile } from '@nestjs/common';
import { DateTime } from 'luxon';
import { invalid, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { FAMILIES, type FamilyDocument } from '@pf/families';
import { invoicesPdf } from './billing-pdf';
import { billingGuardian, invoicePdfData } from './billing.controller';
import { RefundDto } from './billing.dto';
import { BILLING_DOCUMENTS, BILLING_REFUNDS, type BillingDocument, type RefundDocument } from './billing.projection';
import { documentView, namesFor, REFUND_METHOD_LABELS } from './billing.queries';
import { BillingCommands } from './billing.service';
import { euros } from './money';
import { OnlinePayments } from './payments/online-payments.service';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function span(from: unknown, to: unknown): { from: string; to: string } {
  const problems = (['from', 'to'] as const)
    .filter((field) => {
      const text = String((field === 'from' ? from : to) ?? '');
      return !DAY.test(text) || !DateTime.fromISO(text).isValid;
    })
    .map((field) => ({ field, code: 'DAY_INVALID', message: 'La date doit être au format AAAA-MM-JJ.' }));
  if (problems.length) throw invalid('VALIDATION_FAILED', 'La date doit être au format AAAA-MM-JJ.', problems);
  if (String(from) > String(to)) throw invalid('PERIOD_INVALID', 'La date de début précède la date de fin.', [{ field: 'to', code: 'PERIOD_INVALID', message: 'La date de fin suit la date de début.' }]);
  return { from: String(from), to: String(to) };
}

/** A guardian asked for invoices by post: the family's invoices go on paper. */
const wantsPaper = (family: FamilyDocument) => family.guardians.some((g) => g.invoiceDelivery === 'courrier');

/**
 * The billing office's other desks: the invoices to print and post (families who asked for paper
 * in their file; the others get « Nouvelle facture » by e-mail), and refunds of what a family paid
 * in excess.
 */
@Controller('api/billing')
@Roles('staff', 'admin')
export class BillingOfficeController {
  constructor(
    private readonly billing: BillingCommands,
    private readonly payments: OnlinePayments,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Invoices and credit notes issued between two days for families who get them on paper, with whom and where to post them. */
  private async paper(communeId: string, from: string, to: string) {
    const reads = this.reads.inCommune(communeId);
    const documents = await reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ issuedOn: { $gte: from, $lte: to } }, { sort: { number: 1 } });
    const families = new Map((await reads.collection<FamilyDocument>(FAMILIES).find({ _id: { $in: [...new Set(documents.map((d) => d.familyId))] } })).map((f) => [f._id, f]));
    return documents
      .flatMap((document) => {
        const family = families.get(document.familyId);
        return family && wantsPaper(family) ? [{ document, family }] : [];
      })
      .sort((a, b) => a.document.type.localeCompare(b.document.type) || a.document.number.localeCompare(b.document.number));
  }

  @Get('paper-invoices')
  async paperInvoices(@CurrentUser() user: SessionUser, @Query('from') from: string, @Query('to') to: string) {
    const period = span(from, to);
    const items = await this.paper(user.communeId, period.from, period.to);
    return {
      ...period,
      items: items.map(({ document, family }) => {
        const to = billingGuardian(family);
        const a = to?.address;
        return {
          id: document._id,
          type: document.type,
          number: document.number,
          month: document.month,
          issuedOn: document.issuedOn,
          totalCents: document.totalCents,
          total: euros(document.totalCents),
          familyId: family._id,
          familyName: family.name,
          addressee: to ? `${to.civility === 'Mme' ? 'Mme' : 'M.'} ${to.firstName} ${to.lastName}` : '',
          address: a ? [a.line1, ...(a.line2 ? [a.line2] : []), `${a.postcode} ${a.city}`] : [],
          pdf: `/api/billing/invoices/${document._id}/pdf`,
        };
      }),
    };
  }

  /** The same invoices in one PDF, one after the other, to print at once. */
  @Get('paper-invoices.pdf')
  async paperInvoicesPdf(@CurrentUser() user: SessionUser, @Query('from') from: string, @Query('to') to: string) {
    const period = span(from, to);
    const items = await this.paper(user.communeId, period.from, period.to);
    if (items.length === 0) throw invalid('NOTHING_TO_PRINT', 'Aucune facture à envoyer par courrier sur cette période.');
    const pages = [];
    for (const { document, family } of items) pages.push(await invoicePdfData(this.reads, user.communeId, family, document, this.payments.provider.label));
    const pdf = await invoicesPdf(`Factures à envoyer par courrier du ${period.from} au ${period.to}`, pages);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="factures-courrier-${period.from}-${period.to}.pdf"` });
  }

  /** Pays back (part of) a payment in excess of what its invoice now asks. */
  @Post('refunds')
  async refund(@Body() body: RefundDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const outcome = await this.billing.refund(input, { ...contextFor(user, this.clock.now(), requestId), requestId });
    await this.projections.waitFor(outcome.position);
    const reads = this.reads.inCommune(user.communeId);
    const refunded = outcome.events.find((e) => e.type === 'PaymentRefunded');
    const refund = refunded?.type === 'PaymentRefunded' ? await reads.collection<RefundDocument>(BILLING_REFUNDS).get(refunded.data.refundId) : null;
    const invoice = refund ? await reads.collection<BillingDocument>(BILLING_DOCUMENTS).get(refund.invoiceId) : null;
    return {
      refund: refund && { id: refund._id, paymentId: refund.paymentId, invoiceId: refund.invoiceId, invoiceNumber: refund.invoiceNumber, amountCents: refund.amountCents, method: refund.method, methodLabel: REFUND_METHOD_LABELS[refund.method], refundedOn: refund.refundedOn },
      invoice: invoice && documentView(invoice, await namesFor(this.reads, user.communeId, null, [invoice])),
    };
  }
}
