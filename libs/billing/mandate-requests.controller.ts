import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { invalid, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { FAMILIES, type FamilyDocument, familyVisibleTo } from '@pf/families';
import { billingGuardian } from './billing.controller';
import { MandateRefusalDto, MandateRequestDto, MandateSignatureDto, MandateValidationDto, RequestOnlyDto } from './billing.dto';
import { BILLING_DOCUMENTS, BILLING_MANDATE_REQUESTS, BILLING_MANDATES, type BillingDocument, type MandateDocument, type MandateRequestDocument } from './billing.projection';
import { maskIban } from './billing.queries';
import { billingSettings } from './billing-run';
import type { BillingSettings } from './billing.events';
import { BillingCommands } from './billing.service';
import { MANDATE_REQUEST_STATUS_LABELS, MandateRequests } from './mandate-requests.service';
import { mandatePdf, mandateText, type MandateText } from './sepa/mandate';

type Creditor = { name: string; creditorId: string; address: string[] };
const creditorOf = (s: BillingSettings): Creditor | null => (s.sepaCreditor ? { name: s.sepaCreditor.name, creditorId: s.sepaCreditor.creditorId, address: s.issuerAddress } : null);

const addressOf = (family: FamilyDocument): string[] => {
  const a = billingGuardian(family)?.address;
  return a ? [a.line1, ...(a.line2 ? [a.line2] : []), `${a.postcode} ${a.city}`] : [];
};

/** The mandate as the parent reads and signs it (the same words as its PDF). */
function textOf(request: MandateRequestDocument, family: FamilyDocument, creditor: Creditor): MandateText {
  return mandateText({
    rum: request.mandateId,
    creditor,
    holderName: request.holderName,
    debtorAddress: addressOf(family),
    iban: request.iban,
    bic: request.bic,
    signedOnline: request.acceptedOn ? { on: request.acceptedOn, by: request.acceptedBy ?? request.holderName } : null,
  });
}

function requestView(request: MandateRequestDocument, family: FamilyDocument, creditor: Creditor | null) {
  return {
    mandateRequestId: request._id,
    mandateId: request.mandateId,
    status: request.status,
    statusLabel: MANDATE_REQUEST_STATUS_LABELS[request.status],
    holderName: request.holderName,
    iban: maskIban(request.iban),
    requestedOn: request.requestedOn,
    acceptedOn: request.acceptedOn,
    signedOn: request.signedOn,
    signature: request.signature,
    refusalReason: request.refusalReason,
    mandate: creditor && request.status !== 'withdrawn' ? textOf(request, family, creditor) : null,
    pdf: `/api/families/${family._id}/direct-debit/requests/${request._id}/mandate.pdf`,
  };
}

/**
 * Direct debit set up by a parent (L'Hermitage's « QF & prélèvement »): the family's state (the
 * mandate in force, the request in progress with its mandate to read and sign, the invoices that
 * will be debited), the request, the online signature, the mandate as a PDF; staff list the
 * requests to check and validate or refuse them.
 */
@Controller('api')
export class MandateRequestsController {
  constructor(
    private readonly requests: MandateRequests,
    private readonly billing: BillingCommands,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private ctx(user: SessionUser, requestId: string) {
    return { ...contextFor(user, this.clock.now(), requestId), requestId };
  }

  @Get('families/:familyId/direct-debit')
  @Roles('guardian', 'staff', 'admin')
  view(@Param('familyId', new ParseUUIDPipe()) familyId: string, @CurrentUser() user: SessionUser) {
    return this.state(familyId, user);
  }

  /** The family's direct debit; `shown`: the request a command just made or decided, else the open one, else the last decided. */
  private async state(familyId: string, user: SessionUser, shown?: string) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    const reads = this.reads.inCommune(user.communeId);
    const [settings, mandate, requests, due] = await Promise.all([
      billingSettings(this.reads, user.communeId),
      reads.collection<MandateDocument>(BILLING_MANDATES).get(familyId),
      reads.collection<MandateRequestDocument>(BILLING_MANDATE_REQUESTS).find({ familyId }),
      reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ familyId, type: 'invoice', dueCents: { $gt: 0 } }, { sort: { number: 1 } }),
    ]);
    const creditor = creditorOf(settings);
    const latest =
      requests.find((r) => r._id === shown) ??
      requests.find((r) => r.status === 'to_sign' || r.status === 'signed_online') ??
      requests.filter((r) => r.status !== 'withdrawn').sort((a, b) => (b.decidedAt ?? b.requestedAt).localeCompare(a.decidedAt ?? a.requestedAt))[0];
    const me = family.guardians.find((g) => g.accountId === user.accountId) ?? billingGuardian(family);
    return {
      familyId,
      available: creditor !== null,
      creditor,
      holderSuggestion: me ? `${me.firstName} ${me.lastName}` : '',
      mandate: mandate ? { mandateId: mandate.mandateId, iban: maskIban(mandate.iban), holderName: mandate.holderName ?? null, signedOn: mandate.signedOn } : null,
      request: latest ? requestView(latest, family, creditor) : null,
      // What the mandate in force will debit: every invoice still due, on its batch's date once it is in one.
      invoicesToDebit: mandate ? due.map((i) => ({ id: i._id, number: i.number, month: i.month, dueCents: i.dueCents, collectionDate: i.debit?.collectionDate ?? null })) : [],
    };
  }

  @Post('families/:familyId/direct-debit/requests')
  @Roles('guardian')
  async request(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: MandateRequestDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    const outcome = await this.requests.request(familyId, { holderName: body.holderName, iban: body.iban, bic: body.bic ?? null }, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return this.state(familyId, user, outcome.mandateRequestId);
  }

  @Post('families/:familyId/direct-debit/requests/:mandateRequestId/signature')
  @Roles('guardian')
  @HttpCode(200)
  async sign(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Param('mandateRequestId', new ParseUUIDPipe()) mandateRequestId: string, @Body() body: MandateSignatureDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    await this.requests.find(familyId, mandateRequestId, user.communeId);
    const outcome = await this.requests.accept(familyId, mandateRequestId, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return this.state(familyId, user, mandateRequestId);
  }

  @Get('families/:familyId/direct-debit/requests/:mandateRequestId/mandate.pdf')
  @Roles('guardian', 'staff', 'admin')
  async pdf(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Param('mandateRequestId', new ParseUUIDPipe()) mandateRequestId: string, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    const request = await this.requests.find(familyId, mandateRequestId, user.communeId);
    const creditor = creditorOf(await billingSettings(this.reads, user.communeId));
    if (!creditor) throw invalid('SEPA_NOT_CONFIGURED', 'La commune ne propose pas encore le prélèvement automatique.');
    const pdf = await mandatePdf(textOf(request, family, creditor));
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="mandat-sepa-${request.mandateId}.pdf"` });
  }

  /** A parent stops direct debit: the mandate is revoked, the next invoices are paid otherwise. */
  @Post('families/:familyId/direct-debit/revocation')
  @Roles('guardian')
  @HttpCode(200)
  async revoke(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: RequestOnlyDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    const outcome = await this.billing.revokeMandate(familyId, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return this.state(familyId, user);
  }

  /** Staff: the requests to check (open by default: to sign on paper, or signed online). */
  @Get('billing/direct-debit-requests')
  @Roles('staff', 'admin')
  async list(@CurrentUser() user: SessionUser, @Query('status') status?: string) {
    const statuses: Record<string, MandateRequestDocument['status'][]> = { open: ['to_sign', 'signed_online'], validated: ['validated'], refused: ['refused'] };
    const wanted = statuses[status ?? 'open'];
    if (!wanted) throw invalid('STATUS_INVALID', 'Statut : open, validated ou refused.');
    const reads = this.reads.inCommune(user.communeId);
    const items = await reads.collection<MandateRequestDocument>(BILLING_MANDATE_REQUESTS).find({ status: { $in: wanted } }, { sort: { requestedAt: 1 }, limit: 500 });
    const families = new Map((await reads.collection<FamilyDocument>(FAMILIES).find({ _id: { $in: [...new Set(items.map((r) => r.familyId))] } })).map((f) => [f._id, f]));
    return {
      items: items.flatMap((r) => {
        const family = families.get(r.familyId);
        return family ? [{ ...requestView(r, family, null), familyId: r.familyId, familyName: family.name }] : [];
      }),
    };
  }

  @Post('billing/families/:familyId/direct-debit/requests/:mandateRequestId/validation')
  @Roles('staff', 'admin')
  @HttpCode(200)
  async validate(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Param('mandateRequestId', new ParseUUIDPipe()) mandateRequestId: string, @Body() body: MandateValidationDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    await this.requests.find(familyId, mandateRequestId, user.communeId);
    const outcome = await this.requests.validate(familyId, mandateRequestId, body.signedOn ?? null, this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return this.state(familyId, user, mandateRequestId);
  }

  @Post('billing/families/:familyId/direct-debit/requests/:mandateRequestId/refusal')
  @Roles('staff', 'admin')
  @HttpCode(200)
  async refuse(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Param('mandateRequestId', new ParseUUIDPipe()) mandateRequestId: string, @Body() body: MandateRefusalDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    await this.requests.find(familyId, mandateRequestId, user.communeId);
    const outcome = await this.requests.refuse(familyId, mandateRequestId, body.reason.trim(), this.ctx(user, body.requestId));
    await this.projections.waitFor(outcome.position);
    return this.state(familyId, user, mandateRequestId);
  }
}
