import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { invalid, notFound, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { FAMILIES, type FamilyDocument, familyVisibleTo } from '@pf/families';
import { BILLING_QUOTIENTS, BILLING_SETTINGS, BILLING_SETTINGS_ID, BILLING_TARIFFS, DEFAULT_SETTINGS, type QuotientDocument, type SettingsDocument, type TariffDocument } from './billing-facts.projection';
import { invoicePdf, taxCertificatePdf, type InvoicePdfData, type PdfFamily, type PdfIssuer } from './billing-pdf';
import { billingInputs, billingSettings, parisToday } from './billing-run';
import { estimateBookings } from './price-estimate';
import { BillingCommands } from './billing.service';
import {
  CorrectionDto,
  DeskPaymentDto,
  DirectDebitDto,
  MandateDto,
  OnlinePaymentDto,
  PriceEstimateDto,
  RegularisationDto,
  RequestOnlyDto,
  RunBillingDto,
  SettingsDto,
  TariffDto,
  tariffFromDto,
} from './billing.dto';
import { BILLING_DEBIT_BATCHES, BILLING_DOCUMENTS, BILLING_MANDATES, BILLING_PAYMENTS, BILLING_RUNS, type BillingDocument, type DebitBatchDocument, type MandateDocument, type PaymentDocument, type RunDocument } from './billing.projection';
import { documentView, familyBilling, invoicesCsv, maskIban, namesFor, paymentsCsv, searchDocuments } from './billing.queries';
import type { BillingSettings } from './billing.events';
import { euros } from './money';
import { frenchDate } from '@pf/pdf';
import { OnlinePayments } from './payments/online-payments.service';
import { buildPain008, pain008Problems } from './sepa/pain008';
import { taxCertificateAmounts, taxCertificateYears } from './tax-certificate';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayParam(value: unknown, field: string): string {
  const text = String(value ?? '');
  if (!DAY.test(text) || !DateTime.fromISO(text).isValid) throw invalid('VALIDATION_FAILED', 'La date doit être au format AAAA-MM-JJ.', [{ field, code: 'DAY_INVALID', message: 'La date doit être au format AAAA-MM-JJ.' }]);
  return text;
}

function paging(limit: unknown, skip: unknown) {
  const l = limit === undefined ? 50 : Number(limit);
  const s = skip === undefined ? 0 : Number(skip);
  if (!Number.isInteger(l) || l < 1 || l > 500 || !Number.isInteger(s) || s < 0) throw invalid('PAGING_INVALID', 'limit va de 1 à 500 et skip est un entier positif.');
  return { limit: l, skip: s };
}

/**
 * Whom the family's letters go to: the guardian who asked for invoices by post, else one who chose
 * how to get them, else the first with a postal address, else the first guardian.
 */
export function billingGuardian(family: Pick<FamilyDocument, 'guardians'> | null): FamilyDocument['guardians'][number] | undefined {
  const guardians = family?.guardians ?? [];
  return (
    guardians.find((g) => g.invoiceDelivery === 'courrier' && g.address) ??
    guardians.find((g) => g.invoiceDelivery && g.address) ??
    guardians.find((g) => g.address) ??
    guardians[0]
  );
}

const guardianName = (g: Pick<FamilyDocument['guardians'][number], 'civility' | 'firstName' | 'lastName'>) => `${g.civility === 'Mme' ? 'Mme' : 'M.'} ${g.firstName} ${g.lastName}`;

export async function pdfParties(reads: ReadStore, communeId: string, family: FamilyDocument | null): Promise<{ issuer: PdfIssuer; family: PdfFamily; settings: BillingSettings; commune: CommuneDocument | null }> {
  const [commune, s] = await Promise.all([reads.collection<CommuneDocument>(COMMUNES).get(communeId), billingSettings(reads, communeId)]);
  const billed = billingGuardian(family);
  const address = billed?.address;
  return {
    commune,
    settings: s,
    issuer: { communeName: commune?.name ?? communeId, issuerName: s.issuerName, address: s.issuerAddress, serviceEmail: commune?.serviceEmail ?? '' },
    family: {
      // The file's name is « Famille DURAND »: documents say « Famille DURAND » and « la famille DURAND » once.
      name: (family?.name ?? '').replace(/^famille\s+/i, ''),
      guardians: (family?.guardians ?? []).map(guardianName),
      address: address ? [address.line1, ...(address.line2 ? [address.line2] : []), `${address.postcode} ${address.city}`] : [],
      ...(billed ? { addressee: guardianName(billed) } : {}),
    },
  };
}

/**
 * « Comment payer »: with a mandate in force the invoice says it will be debited (on its batch's
 * date once it is in one) and the family has nothing to do; otherwise online, at the desk.
 */
export function howToPay(document: BillingDocument, mandate: MandateDocument | null, providerLabel: string): string[] {
  const account = mandate ? `${mandate.iban.slice(0, 4)} **** ${mandate.iban.slice(-4)}` : '';
  const debit = document.debit
    ? [`Prélèvement SEPA le ${frenchDate(document.debit.collectionDate)}${mandate ? ` sur le compte ${account} (mandat ${mandate.mandateId})` : ''} : vous n’avez rien à faire.`]
    : mandate && document.dueCents > 0
      ? [`Cette facture sera prélevée sur le compte ${account} (mandat ${mandate.mandateId}) à la prochaine échéance de prélèvement : vous n’avez rien à faire.`]
      : [];
  return debit.length
    ? [...debit, `Référence à rappeler : ${document.number}.`]
    : [
        `En ligne sur le Portail Famille, rubrique « Mes factures » (${providerLabel}).`,
        'Au guichet du service : espèces, chèque à l’ordre du Trésor public, CESU.',
        `Référence à rappeler : ${document.number}.`,
      ];
}

/** Everything an invoice's (or credit note's) PDF prints, from the caller's commune's read models. */
export async function invoicePdfData(reads: ReadStore, communeId: string, family: FamilyDocument, document: BillingDocument, providerLabel: string): Promise<InvoicePdfData> {
  const commune = reads.inCommune(communeId);
  const [names, parties, mandate, credited] = await Promise.all([
    namesFor(reads, communeId, family, [document]),
    pdfParties(reads, communeId, family),
    commune.collection<MandateDocument>(BILLING_MANDATES).get(family._id),
    document.invoiceId ? commune.collection<BillingDocument>(BILLING_DOCUMENTS).get(document.invoiceId) : Promise.resolve(null),
  ]);
  return { issuer: parties.issuer, family: parties.family, document, ...names, creditedInvoiceNumber: credited?.number, howToPay: howToPay(document, mandate, providerLabel) };
}

/** Staff: configuration, runs, search, desk payments, corrections, mandates, direct debits, exports. */
@Controller('api/billing')
@Roles('staff', 'admin')
export class BillingStaffController {
  constructor(
    private readonly billing: BillingCommands,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private ctx(user: SessionUser, requestId: string) {
    return { ...contextFor(user, this.clock.now(), requestId), requestId };
  }

  private async done<T extends { position: number }>(result: T): Promise<Omit<T, 'position'>> {
    await this.projections.waitFor(result.position);
    const { position: _position, ...rest } = result;
    return rest;
  }

  @Get('settings')
  async settings(@CurrentUser() user: SessionUser) {
    const doc = await this.reads.inCommune(user.communeId).collection<SettingsDocument>(BILLING_SETTINGS).get(BILLING_SETTINGS_ID);
    return { configured: Boolean(doc), ...(doc ?? DEFAULT_SETTINGS), _id: undefined, communeId: user.communeId };
  }

  @Post('settings')
  @HttpCode(200)
  async configure(@Body() body: SettingsDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const settings: BillingSettings = {
      ...input,
      payfipClientNumber: input.payfipClientNumber ?? null,
      sepaCreditor: input.sepaCreditor ? { ...input.sepaCreditor, bic: input.sepaCreditor.bic ?? null } : null,
    };
    const outcome = await this.billing.configureSettings(settings, this.ctx(user, requestId));
    await this.projections.waitFor(outcome.position);
    return this.settings(user);
  }

  @Get('tariffs')
  async tariffs(@CurrentUser() user: SessionUser) {
    const items = await this.reads.inCommune(user.communeId).collection<TariffDocument>(BILLING_TARIFFS).find({}, { sort: { activityId: 1, from: 1 } });
    return { items: items.map(({ _id, communeId: _c, ...t }) => t) };
  }

  @Post('tariffs')
  async setTariff(@Body() body: TariffDto, @CurrentUser() user: SessionUser) {
    const tariff = tariffFromDto(body);
    const outcome = await this.billing.setTariff({ activityId: body.activityId, periodId: body.periodId, ...tariff }, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return outcome.events[0]?.data;
  }

  @Post('runs')
  async run(@Body() body: RunBillingDto, @CurrentUser() user: SessionUser) {
    const summary = await this.billing.run(body.month, this.ctx(user, body.requestId));
    const { position: _p, ...rest } = summary;
    return { ...rest, total: euros(summary.totalCents) };
  }

  @Get('runs')
  async runs(@CurrentUser() user: SessionUser) {
    return { items: await this.reads.inCommune(user.communeId).collection<RunDocument>(BILLING_RUNS).find({}, { sort: { completedAt: -1 }, limit: 100 }) };
  }

  @Get('invoices')
  invoices(
    @CurrentUser() user: SessionUser,
    @Query('month') month?: string,
    @Query('status') status?: string,
    @Query('familyId') familyId?: string,
    @Query('childId') childId?: string,
    @Query('number') number?: string,
    @Query('type') type?: string,
    @Query('limit') limit?: string,
    @Query('skip') skip?: string,
  ) {
    if (month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid('MONTH_INVALID', 'Le mois doit être au format AAAA-MM.');
    if (status && !['due', 'partially_paid', 'paid', 'credited', 'issued'].includes(status)) throw invalid('STATUS_INVALID', 'Statut : due, partially_paid, paid, credited ou issued.');
    if (type && !['invoice', 'credit_note'].includes(type)) throw invalid('TYPE_INVALID', 'Type : invoice ou credit_note.');
    return searchDocuments(this.reads, user.communeId, { month, status: status as BillingDocument['status'], familyId, childId, number, type: type as 'invoice' | 'credit_note', ...paging(limit, skip) });
  }

  @Post('payments')
  async deskPayment(@Body() body: DeskPaymentDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const outcome = await this.billing.recordDeskPayment(input, this.ctx(user, requestId));
    await this.projections.waitFor(outcome.position);
    const invoice = await this.reads.inCommune(user.communeId).collection<BillingDocument>(BILLING_DOCUMENTS).get(input.invoiceId);
    return { recorded: outcome.events.some((e) => e.type === 'PaymentReceived'), invoice: invoice && documentView(invoice, await namesFor(this.reads, user.communeId, null, [invoice])) };
  }

  @Get('exports/invoices.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async exportInvoices(@CurrentUser() user: SessionUser, @Query('from') from: string, @Query('to') to: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('content-disposition', `attachment; filename="factures-${dayParam(from, 'from')}-${dayParam(to, 'to')}.csv"`);
    return invoicesCsv(this.reads, user.communeId, from, to);
  }

  @Get('exports/payments.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async exportPayments(@CurrentUser() user: SessionUser, @Query('from') from: string, @Query('to') to: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('content-disposition', `attachment; filename="reglements-${dayParam(from, 'from')}-${dayParam(to, 'to')}.csv"`);
    return paymentsCsv(this.reads, user.communeId, from, to);
  }

  @Post('families/:familyId/corrections')
  async correct(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: CorrectionDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    const outcome = await this.billing.correct(familyId, body.month, body.comment ?? null, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return { documents: outcome.events.filter((e) => e.type === 'InvoiceIssued' || e.type === 'CreditNoteIssued').map((e) => ({ type: e.type, ...(e.data as object) })) };
  }

  @Post('families/:familyId/quotient-regularisations')
  async regularise(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: RegularisationDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    dayParam(body.validFrom, 'validFrom');
    const outcome = await this.billing.regulariseQuotient(familyId, body.quotient, body.validFrom, this.ctx(user, body.requestId));
    return { months: outcome.months, documents: outcome.documents.map((e) => ({ type: e.type, ...(e.data as object) })) };
  }

  @Post('families/:familyId/mandate')
  async mandate(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: MandateDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    dayParam(body.signedOn, 'signedOn');
    const outcome = await this.billing.signMandate(familyId, { iban: body.iban, bic: body.bic ?? null, signedOn: body.signedOn }, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    const mandate = await this.reads.inCommune(user.communeId).collection<MandateDocument>(BILLING_MANDATES).get(familyId);
    return { mandateId: mandate?.mandateId, signedOn: mandate?.signedOn };
  }

  @Post('families/:familyId/mandate/revocation')
  @HttpCode(200)
  async revoke(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: RequestOnlyDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    const outcome = await this.billing.revokeMandate(familyId, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return { revoked: true };
  }

  @Post('direct-debits')
  async directDebit(@Body() body: DirectDebitDto, @CurrentUser() user: SessionUser) {
    if (body.collectionDate) dayParam(body.collectionDate, 'collectionDate');
    const settings = await billingSettings(this.reads, user.communeId);
    const batch = await this.done(await this.billing.createDirectDebitBatch(body.collectionDate, settings, this.ctx(user, body.requestId)));
    return { ...batch, total: euros(batch.totalCents), file: `/api/billing/direct-debits/${batch.batchId}/pain008.xml` };
  }

  /** The batch's pain.008.001.02 file, checked before it is served. */
  @Get('direct-debits/:batchId/pain008.xml')
  @Header('content-type', 'application/xml; charset=utf-8')
  async pain008(@Param('batchId', new ParseUUIDPipe()) batchId: string, @CurrentUser() user: SessionUser, @Res({ passthrough: true }) res: Response) {
    const reads = this.reads.inCommune(user.communeId);
    const batch = await reads.collection<DebitBatchDocument>(BILLING_DEBIT_BATCHES).get(batchId);
    if (!batch) throw notFound('BATCH_NOT_FOUND', 'Remise de prélèvements introuvable.');
    const { settings, commune } = await pdfParties(this.reads, user.communeId, null);
    if (!settings.sepaCreditor) throw invalid('SEPA_NOT_CONFIGURED', 'Renseignez d’abord le créancier SEPA (ICS, IBAN) de la commune.');
    const invoices = await reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ _id: { $in: batch.invoiceIds } }, { sort: { number: 1 } });
    const familyIds = [...new Set(invoices.map((i) => i.familyId))];
    const [mandates, families] = await Promise.all([
      reads.collection<MandateDocument>(BILLING_MANDATES).find({ _id: { $in: familyIds } }),
      reads.collection<FamilyDocument>(FAMILIES).find({ _id: { $in: familyIds } }),
    ]);
    const mandateOf = new Map(mandates.map((m) => [m.familyId, m]));
    const familyOf = new Map(families.map((f) => [f._id, f]));
    const transactions = invoices.flatMap((invoice) => {
      const mandate = mandateOf.get(invoice.familyId);
      const family = familyOf.get(invoice.familyId);
      if (!mandate || invoice.debit?.batchId !== batchId) return [];
      const holder = family?.guardians[0];
      return [
        {
          endToEndId: invoice.number,
          amountCents: Math.max(0, invoice.dueCents),
          mandateId: mandate.mandateId,
          mandateSignedOn: mandate.signedOn,
          debtorName: mandate.holderName || (holder ? `${holder.firstName} ${holder.lastName}` : family?.name ?? ''),
          debtorIban: mandate.iban,
          debtorBic: mandate.bic,
          remittance: `Facture ${invoice.number} ${commune?.name ?? ''}`,
          sequenceType: invoice.debit.sequenceType ?? 'RCUR',
        },
      ];
    });
    const xml = buildPain008({
      messageId: batch.messageId,
      createdAt: batch.createdAt,
      initiatingParty: settings.sepaCreditor.name,
      collectionDate: batch.collectionDate,
      creditor: settings.sepaCreditor,
      transactions: transactions.filter((t) => t.amountCents > 0),
    });
    const problems = pain008Problems(xml);
    if (problems.length) throw invalid('PAIN008_INVALID', `Le fichier de prélèvement est invalide : ${problems.join(' ; ')}`);
    res.setHeader('content-disposition', `attachment; filename="prelevements-${batch.collectionDate}.xml"`);
    return xml;
  }
}

/** Parents (their family) and staff (their commune): balance, invoices, PDFs, online payment, tax certificate. */
@Controller('api')
@Roles('guardian', 'staff', 'admin')
export class FamilyBillingController {
  constructor(
    private readonly billing: BillingCommands,
    private readonly payments: OnlinePayments,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** An invoice or credit note of the caller's commune, and of the caller's family for a parent; 404 otherwise. */
  private async visibleDocument(id: string, user: SessionUser): Promise<{ document: BillingDocument; family: FamilyDocument }> {
    const document = await this.reads.inCommune(user.communeId).collection<BillingDocument>(BILLING_DOCUMENTS).get(id);
    if (!document) throw notFound('INVOICE_NOT_FOUND', 'Facture introuvable.');
    try {
      return { document, family: await familyVisibleTo(user, document.familyId, this.reads) };
    } catch {
      throw notFound('INVOICE_NOT_FOUND', 'Facture introuvable.');
    }
  }

  /** What days about to be booked will cost, priced as the monthly run will invoice them (the planning's period preview shows it). */
  @Post('families/:familyId/price-estimates')
  @HttpCode(200)
  async estimate(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: PriceEstimateDto, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    if (!family.children.some((c) => c.childId === body.childId)) throw notFound('CHILD_NOT_FOUND', 'Enfant introuvable dans cette famille.');
    for (const [i, d] of body.days.entries()) dayParam(d.day, `days.${i}.day`);
    const reads = this.reads.inCommune(user.communeId);
    const named = [...new Set(body.days.map((d) => d.activityId))];
    if ((await reads.collection<ActivityDocument>(ACTIVITIES).count({ _id: { $in: named } })) !== named.length) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
    const [{ book }, quotient] = await Promise.all([billingInputs(this.reads, user.communeId), reads.collection<QuotientDocument>(BILLING_QUOTIENTS).get(familyId)]);
    const estimate = estimateBookings(body.childId, body.days, quotient?.entries ?? [], book);
    // Lines may name an activity the days did not (a late booking is priced at its own activity).
    const names = new Map(
      (await reads.collection<ActivityDocument>(ACTIVITIES).find({ _id: { $in: [...new Set(estimate.lines.map((l) => l.activityId))] } })).map((a) => [a.activityId, a.name]),
    );
    return {
      childId: body.childId,
      lines: estimate.lines.map(({ childId: _child, ...line }) => ({ ...line, activityName: names.get(line.activityId) ?? null })),
      totalCents: estimate.totalCents,
      missing: estimate.missing,
    };
  }

  @Get('families/:familyId/billing')
  async family(@Param('familyId', new ParseUUIDPipe()) familyId: string, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    const settings = await billingSettings(this.reads, user.communeId);
    const paid = await this.childcarePaid(family, user);
    return {
      ...(await familyBilling(this.reads, user.communeId, family)),
      onlinePayment: { provider: this.payments.provider.label, testMode: this.payments.provider.testMode, partialAllowed: settings.allowPartialOnlinePayment },
      // Only years with childcare paid for a child who counts: never an empty certificate.
      taxCertificates: taxCertificateYears(this.currentYear(), paid.children, paid.documents, paid.payments, paid.isMeal).map((c) => ({ ...c, total: euros(c.totalCents) })),
    };
  }

  @Get('billing/invoices/:id')
  async invoice(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: SessionUser) {
    const { document, family } = await this.visibleDocument(id, user);
    const reads = this.reads.inCommune(user.communeId);
    const payments = await reads.collection<PaymentDocument>(BILLING_PAYMENTS).find({ invoiceId: id }, { sort: { receivedOn: 1 } });
    const credits = await reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ invoiceId: id, type: 'credit_note' });
    const mandate = await reads.collection<MandateDocument>(BILLING_MANDATES).get(family._id);
    return {
      ...documentView(document, await namesFor(this.reads, user.communeId, family, [document])),
      payments,
      creditNotes: credits.map((c) => ({ id: c._id, number: c.number, totalCents: c.totalCents, issuedOn: c.issuedOn })),
      // An invoice still due of a family with a mandate in force will be debited: it says so, with the account.
      debitPlanned: document.type === 'invoice' && document.dueCents > 0 && (mandate || document.debit) ? { iban: mandate ? maskIban(mandate.iban) : null, mandateId: mandate?.mandateId ?? null, collectionDate: document.debit?.collectionDate ?? null } : null,
    };
  }

  @Get('billing/invoices/:id/pdf')
  async pdf(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: SessionUser) {
    const { document, family } = await this.visibleDocument(id, user);
    const pdf = await invoicePdf(await invoicePdfData(this.reads, user.communeId, family, document, this.payments.provider.label));
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${document.number}.pdf"` });
  }

  @Post('billing/invoices/:id/online-payments')
  @Roles('guardian')
  async pay(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: OnlinePaymentDto, @CurrentUser() user: SessionUser) {
    const { document } = await this.visibleDocument(id, user);
    if (document.type !== 'invoice') throw notFound('INVOICE_NOT_FOUND', 'Facture introuvable.');
    const started = await this.payments.start(document, body.amountCents ?? null, { ...contextFor(user, this.clock.now(), body.requestId), requestId: body.requestId });
    await this.projections.waitFor(started.position);
    const { position: _p, ...rest } = started;
    return rest;
  }

  private currentYear(): number {
    return Number(parisToday(this.clock.now()).slice(0, 4));
  }

  /** What the tax certificate counts: the family's invoices and payments in the caller's commune, its children, which activities are meals. */
  private async childcarePaid(family: FamilyDocument, user: SessionUser) {
    const reads = this.reads.inCommune(user.communeId);
    const [documents, payments, activities] = await Promise.all([
      reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ familyId: family._id }),
      reads.collection<PaymentDocument>(BILLING_PAYMENTS).find({ familyId: family._id }),
      reads.collection<ActivityDocument>(ACTIVITIES).find(),
    ]);
    const canteens = new Set(activities.filter((a) => a.kind === 'canteen').map((a) => a._id));
    const isMeal = (activityId: string) => canteens.has(activityId) || canteens.has(activities.find((a) => a._id === activityId)?.lateBookingOf ?? '');
    return { documents, payments, isMeal, children: family.children.map((c) => ({ childId: c.childId, birthDate: c.birthDate })) };
  }

  private async certificate(familyId: string, year: number, user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    if (!Number.isInteger(year) || year < 2000 || year >= this.currentYear()) throw invalid('YEAR_INVALID', 'L’attestation porte sur une année civile terminée.');
    const { documents, payments, isMeal, children: born } = await this.childcarePaid(family, user);
    const amounts = taxCertificateAmounts(year, born, documents, payments, isMeal);
    const children = family.children
      .filter((c) => amounts.byChild[c.childId] !== undefined)
      .map((c) => ({ childId: c.childId, name: `${c.firstName} ${c.lastName}`, birthDate: c.birthDate, amountCents: amounts.byChild[c.childId], amount: euros(amounts.byChild[c.childId]) }));
    return { family, year, children, totalCents: amounts.totalCents, total: euros(amounts.totalCents) };
  }

  @Get('families/:familyId/tax-certificates/:year')
  async taxCertificate(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Param('year') year: string, @CurrentUser() user: SessionUser) {
    const { family: _f, ...rest } = await this.certificate(familyId, Number(year), user);
    return rest;
  }

  @Get('families/:familyId/tax-certificates/:year/pdf')
  async taxCertificatePdf(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Param('year') year: string, @CurrentUser() user: SessionUser) {
    const data = await this.certificate(familyId, Number(year), user);
    if (data.totalCents <= 0) {
      throw invalid('TAX_CERTIFICATE_EMPTY', `Pas d’attestation fiscale pour ${data.year} : aucun frais de garde d’un enfant de moins de 6 ans n’a été réglé cette année-là.`);
    }
    const parties = await pdfParties(this.reads, user.communeId, data.family);
    const pdf = await taxCertificatePdf({ issuer: parties.issuer, family: parties.family, year: data.year, children: data.children, totalCents: data.totalCents, issuedOn: parisToday(this.clock.now()) });
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="attestation-fiscale-${data.year}.pdf"` });
  }
}
