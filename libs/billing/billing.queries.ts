import { stringify } from 'csv-stringify/sync';
import type { Filter, ReadStore } from '@pf/read-store';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import type { FamilyDocument } from '@pf/families';
import { BILLING_DOCUMENTS, BILLING_MANDATES, BILLING_PAYMENTS, BILLING_REFUNDS, type BillingDocument, type MandateDocument, type PaymentDocument, type RefundDocument } from './billing.projection';
import { LINE_KIND_LABELS } from './billing-pdf';
import { euros } from './money';

export const METHOD_LABELS: Record<PaymentDocument['method'], string> = {
  online_card: 'carte bancaire en ligne',
  cash: 'espèces',
  cheque: 'chèque',
  cesu: 'CESU',
  direct_debit: 'prélèvement',
};
export const REFUND_METHOD_LABELS: Record<RefundDocument['method'], string> = {
  bank_transfer: 'virement',
  cash: 'espèces',
  cheque: 'chèque',
};
export const STATUS_LABELS: Record<BillingDocument['status'], string> = {
  due: 'À payer',
  partially_paid: 'Partiellement payée',
  paid: 'Payée',
  credited: 'Annulée par avoir',
  issued: 'Avoir émis',
};

const frenchDate = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
export const maskIban = (iban: string) => `${iban.slice(0, 4)} •••• •••• ${iban.slice(-4)}`;

export async function namesFor(reads: ReadStore, communeId: string, family: FamilyDocument | null, documents: BillingDocument[]) {
  const activityIds = [...new Set(documents.flatMap((d) => d.lines.map((l) => l.activityId)))];
  const activities = activityIds.length ? await reads.inCommune(communeId).collection<ActivityDocument>(ACTIVITIES).find({ _id: { $in: activityIds } }) : [];
  return {
    activityNames: Object.fromEntries(activities.map((a) => [a._id, a.name])),
    childNames: Object.fromEntries((family?.children ?? []).map((c) => [c.childId, c.firstName])),
  };
}

/** A document as the API shows it: amounts in cents and in words, statuses in words, names resolved. */
export function documentView(d: BillingDocument, names: { activityNames: Record<string, string>; childNames: Record<string, string> }) {
  return {
    id: d._id,
    type: d.type,
    number: d.number,
    familyId: d.familyId,
    month: d.month,
    kind: d.kind,
    issuedOn: d.issuedOn,
    dueOn: d.dueOn,
    totalCents: d.totalCents,
    total: euros(d.totalCents),
    creditedCents: d.creditedCents,
    paidCents: d.paidCents,
    dueCents: Math.max(0, d.dueCents),
    /** Paid beyond what the invoice now asks (a credit note after a payment): what may be refunded. */
    overpaidCents: d.type === 'invoice' ? Math.max(0, -d.dueCents) : 0,
    status: d.status,
    statusLabel: STATUS_LABELS[d.status],
    paidOn: d.paidOn,
    invoiceId: d.invoiceId,
    reason: d.reason,
    comment: d.comment,
    directDebit: d.debit,
    lines: d.lines.map((l) => ({
      ...l,
      childName: names.childNames[l.childId] ?? null,
      activityName: names.activityNames[l.activityId] ?? null,
      kindLabel: LINE_KIND_LABELS[l.kind],
      unitPrice: euros(l.unitPriceCents),
      amount: euros(l.amountCents),
    })),
  };
}

/** The parents' billing page: balance, invoices due and paid, credit notes, payments, detail by enrolment (child × activity). */
export async function familyBilling(reads: ReadStore, communeId: string, family: FamilyDocument) {
  const commune = reads.inCommune(communeId);
  const [documents, payments, mandate, refunds] = await Promise.all([
    commune.collection<BillingDocument>(BILLING_DOCUMENTS).find({ familyId: family._id }, { sort: { issuedOn: -1, number: -1 } }),
    commune.collection<PaymentDocument>(BILLING_PAYMENTS).find({ familyId: family._id }, { sort: { receivedOn: -1 } }),
    commune.collection<MandateDocument>(BILLING_MANDATES).get(family._id),
    commune.collection<RefundDocument>(BILLING_REFUNDS).find({ familyId: family._id }, { sort: { refundedOn: -1 } }),
  ]);
  const names = await namesFor(reads, communeId, family, documents);
  const invoices = documents.filter((d) => d.type === 'invoice');
  const dueCents = invoices.reduce((s, i) => s + Math.max(0, i.dueCents), 0);
  const creditCents = invoices.reduce((s, i) => s + Math.max(0, -i.dueCents), 0);
  const byEnrolment = new Map<string, { childId: string; activityId: string; days: number; amountCents: number }>();
  for (const d of documents) {
    const sign = d.type === 'credit_note' ? -1 : 1;
    for (const l of d.lines) {
      const key = `${l.childId}|${l.activityId}`;
      const e = byEnrolment.get(key) ?? { childId: l.childId, activityId: l.activityId, days: 0, amountCents: 0 };
      e.days += sign * l.quantity;
      e.amountCents += sign * l.amountCents;
      byEnrolment.set(key, e);
    }
  }
  return {
    familyId: family._id,
    balanceCents: dueCents - creditCents,
    balance: euros(dueCents - creditCents),
    dueCents,
    creditCents,
    // With a mandate in force, an invoice still due says it will be debited (on its batch's date once in one).
    invoicesDue: invoices.filter((i) => i.dueCents > 0).map((d) => ({ ...documentView(d, names), debitPlanned: Boolean(mandate || d.debit) })),
    invoicesPaid: invoices.filter((i) => i.dueCents <= 0).map((d) => documentView(d, names)),
    creditNotes: documents.filter((d) => d.type === 'credit_note').map((d) => documentView(d, names)),
    payments: payments.map((p) => ({ id: p._id, invoiceId: p.invoiceId, invoiceNumber: p.invoiceNumber, amountCents: p.amountCents, amount: euros(p.amountCents), method: p.method, methodLabel: METHOD_LABELS[p.method], receivedOn: p.receivedOn, reference: p.reference, refundedCents: p.refundedCents ?? 0 })),
    refunds: refunds.map((r) => ({ id: r._id, paymentId: r.paymentId, invoiceId: r.invoiceId, invoiceNumber: r.invoiceNumber, amountCents: r.amountCents, amount: euros(r.amountCents), method: r.method, methodLabel: REFUND_METHOD_LABELS[r.method], refundedOn: r.refundedOn })),
    byEnrolment: [...byEnrolment.values()].map((e) => ({ ...e, childName: names.childNames[e.childId] ?? null, activityName: names.activityNames[e.activityId] ?? null, amount: euros(e.amountCents) })),
    directDebit: mandate ? { mandateId: mandate.mandateId, iban: maskIban(mandate.iban), signedOn: mandate.signedOn } : null,
  };
}

export interface InvoiceSearch {
  month?: string;
  status?: BillingDocument['status'];
  familyId?: string;
  childId?: string;
  number?: string;
  type?: 'invoice' | 'credit_note';
  limit: number;
  skip: number;
}

/** Staff list and search, newest first, paged. */
export async function searchDocuments(reads: ReadStore, communeId: string, q: InvoiceSearch) {
  const filter: Filter = {};
  if (q.month) filter.month = q.month;
  if (q.status) filter.status = q.status;
  if (q.familyId) filter.familyId = q.familyId;
  if (q.childId) filter.childIds = q.childId;
  if (q.number) filter.number = q.number.toUpperCase();
  if (q.type) filter.type = q.type;
  const collection = reads.inCommune(communeId).collection<BillingDocument>(BILLING_DOCUMENTS);
  const [total, items] = await Promise.all([collection.count(filter), collection.find(filter, { sort: { number: -1 }, limit: q.limit, skip: q.skip })]);
  const names = await namesFor(reads, communeId, null, items);
  return { total, items: items.map((d) => documentView(d, names)) };
}

const cents = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)},${String(Math.abs(c) % 100).padStart(2, '0')}`;

/** Invoices and credit notes issued between two days, for the accounting software (French CSV: ; and decimal comma). */
export async function invoicesCsv(reads: ReadStore, communeId: string, from: string, to: string): Promise<string> {
  const docs = await reads.inCommune(communeId).collection<BillingDocument>(BILLING_DOCUMENTS).find({ issuedOn: { $gte: from, $lte: to } }, { sort: { number: 1 } });
  docs.sort((a, b) => a.type.localeCompare(b.type) || a.number.localeCompare(b.number));
  const byId = new Map(docs.map((d) => [d._id, d]));
  return stringify(
    docs.map((d) => [d.type === 'invoice' ? 'facture' : 'avoir', d.number, frenchDate(d.issuedOn), d.month, d.familyId, cents(d.type === 'invoice' ? d.totalCents : -d.totalCents), frenchDate(d.dueOn), d.type === 'invoice' ? cents(Math.max(0, d.dueCents)) : '', STATUS_LABELS[d.status], d.invoiceId ? byId.get(d.invoiceId)?.number ?? d.invoiceId : '']),
    { header: true, delimiter: ';', bom: true, columns: ['type', 'numero', 'date_emission', 'periode', 'famille', 'montant_ttc', 'echeance', 'reste_a_payer', 'statut', 'facture_creditee'] },
  );
}

/** Payments received, then refunds paid back (negative amounts, mode « remboursement … »), between two days. */
export async function paymentsCsv(reads: ReadStore, communeId: string, from: string, to: string): Promise<string> {
  const commune = reads.inCommune(communeId);
  const [payments, refunds] = await Promise.all([
    commune.collection<PaymentDocument>(BILLING_PAYMENTS).find({ receivedOn: { $gte: from, $lte: to } }, { sort: { receivedOn: 1 } }),
    commune.collection<RefundDocument>(BILLING_REFUNDS).find({ refundedOn: { $gte: from, $lte: to } }, { sort: { refundedOn: 1 } }),
  ]);
  const rows = [
    ...payments.map((p) => ({ day: p.receivedOn, row: [frenchDate(p.receivedOn), p.invoiceNumber, p.familyId, cents(p.amountCents), METHOD_LABELS[p.method], p.reference ?? '', p.provider ?? '', p._id] })),
    ...refunds.map((r) => ({ day: r.refundedOn, row: [frenchDate(r.refundedOn), r.invoiceNumber, r.familyId, cents(-r.amountCents), `remboursement (${REFUND_METHOD_LABELS[r.method]})`, r.reference ?? '', '', r.paymentId] })),
  ].sort((a, b) => a.day.localeCompare(b.day));
  return stringify(
    rows.map((r) => r.row),
    { header: true, delimiter: ';', bom: true, columns: ['date_encaissement', 'facture', 'famille', 'montant', 'mode', 'reference', 'prestataire', 'paiement'] },
  );
}
