import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import type { Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { familyVisibleTo } from '@pf/families';
import { BILLING_QUOTIENTS, type QuotientDocument } from './billing-facts.projection';
import { billingSettings, parisToday } from './billing-run';
import { BILLING_DOCUMENTS, BILLING_MANDATE_REQUESTS, BILLING_MANDATES, type BillingDocument, type MandateDocument, type MandateRequestDocument } from './billing.projection';
import { maskIban } from './billing.queries';
import { MANDATE_REQUEST_STATUS_LABELS } from './mandate-requests.service';
import { euros } from './money';
import { entryOn } from './quotient';

/** Full years between a birth date and a day ('YYYY-MM-DD'). */
const ageOn = (birthDate: string, day: string) => Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (day.slice(5) < birthDate.slice(5) ? 1 : 0);

const DELIVERY_LABELS = { email: 'par e-mail', courrier: 'par courrier' } as const;

/**
 * « Mon compte » of a family, as the Blainville and L'Hermitage portals show it: the family
 * quotient with the date it was recorded and the one billing applies today, the balance of the
 * invoices on today's date, the children, how each guardian gets the invoices, direct debit, and
 * whom to contact at the service.
 */
@Controller('api')
export class AccountSummaryController {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('families/:familyId/account-summary')
  @Roles('guardian', 'staff', 'admin')
  async summary(@Param('familyId', new ParseUUIDPipe()) familyId: string, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    const reads = this.reads.inCommune(user.communeId);
    const today = parisToday(this.clock.now());
    const [invoices, quotients, mandate, requests, commune, settings] = await Promise.all([
      reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ familyId, type: 'invoice' }),
      reads.collection<QuotientDocument>(BILLING_QUOTIENTS).get(familyId),
      reads.collection<MandateDocument>(BILLING_MANDATES).get(familyId),
      reads.collection<MandateRequestDocument>(BILLING_MANDATE_REQUESTS).find({ familyId, status: { $in: ['to_sign', 'signed_online'] } }),
      this.reads.collection<CommuneDocument>(COMMUNES).get(user.communeId),
      billingSettings(this.reads, user.communeId),
    ]);
    const dueCents = invoices.reduce((s, i) => s + Math.max(0, i.dueCents), 0);
    const creditCents = invoices.reduce((s, i) => s + Math.max(0, -i.dueCents), 0);
    const inForce = entryOn(quotients?.entries ?? [], today);
    const pending = requests.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))[0];
    const pendingDelivery = new Map(
      (family.pendingChanges ?? []).flatMap((p) => (p.change.target === 'guardian' && p.change.changes.invoiceDelivery ? [[p.change.guardianId, p.change.changes.invoiceDelivery] as const] : [])),
    );
    return {
      familyId,
      familyName: family.name,
      asOf: today,
      quotient: family.quotient || inForce
        ? {
            /** What the family file says (the CAF's or the town hall's statement) and its date. */
            recorded: family.quotient ? { value: family.quotient.value, updatedOn: family.quotient.updatedOn } : null,
            /** What billing applies today, and since when (a regularisation may differ from the file). */
            applied: inForce ? { value: inForce.quotient, since: inForce.validFrom, source: inForce.source } : null,
          }
        : null,
      balanceCents: dueCents - creditCents,
      balance: euros(dueCents - creditCents),
      dueCents,
      creditCents,
      invoicesDue: invoices.filter((i) => i.dueCents > 0).length,
      children: family.children.map((c) => ({ childId: c.childId, firstName: c.firstName, lastName: c.lastName, birthDate: c.birthDate, age: ageOn(c.birthDate, today) })),
      guardians: family.guardians.map((g) => ({
        guardianId: g.guardianId,
        name: `${g.firstName} ${g.lastName}`,
        me: g.accountId !== null && g.accountId === user.accountId,
        invoiceDelivery: g.invoiceDelivery ?? null,
        // Without a choice the invoice goes by e-mail, the portal's default.
        invoiceDeliveryLabel: g.invoiceDelivery ? DELIVERY_LABELS[g.invoiceDelivery] : 'par e-mail (par défaut, non choisi)',
        hasAddress: Boolean(g.address),
        pendingInvoiceDelivery: pendingDelivery.get(g.guardianId) ?? null,
      })),
      directDebit: mandate
        ? { status: 'active' as const, label: 'Prélèvement automatique en place', iban: maskIban(mandate.iban), mandateId: mandate.mandateId, signedOn: mandate.signedOn }
        : pending
          ? { status: 'pending' as const, label: MANDATE_REQUEST_STATUS_LABELS[pending.status], iban: maskIban(pending.iban), mandateId: pending.mandateId, signedOn: null }
          : { status: 'none' as const, label: settings.sepaCreditor ? 'Pas de prélèvement automatique' : 'La commune ne propose pas le prélèvement automatique', iban: null, mandateId: null, signedOn: null },
      directDebitOffered: settings.sepaCreditor !== null,
      service: { name: commune?.serviceName ?? 'Service enfance', communeName: commune?.name ?? user.communeId, email: commune?.serviceEmail ?? '', issuerName: settings.issuerName, address: settings.issuerAddress },
    };
  }
}
