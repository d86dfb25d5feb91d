import { projection } from '@pf/projections';
import { deploymentCollection, type CommuneUnitOfWork, type Document } from '@pf/read-store';
import type { BillingRunCompleted, CreditReason, DirectDebitBatchCreated, FamilyAccountEvent, Month, PaymentMethod, PaymentProviderName, RefundMethod } from './billing.events';
import type { InvoiceLine } from './month-billing';

export const BILLING_DOCUMENTS = 'billing_documents';
export const BILLING_PAYMENTS = 'billing_payments';
export const BILLING_ATTEMPTS = 'billing_attempts';
/**
 * Deployment-wide: a provider's notification (and the test provider's page) names an attempt
 * without a session, so its commune is looked up here first. Keyed by the attempt id, random and
 * made by the portal (never a client's), with the reference sent to the provider; an entry of one
 * commune is never overwritten by another's.
 */
export const BILLING_ATTEMPT_COMMUNES = deploymentCollection('billing_attempt_communes');
export const BILLING_MANDATES = 'billing_mandates';
export const BILLING_RUNS = 'billing_runs';
export const BILLING_DEBIT_BATCHES = 'billing_debit_batches';
export const BILLING_MANDATE_REQUESTS = 'billing_mandate_requests';
export const BILLING_REFUNDS = 'billing_refunds';

export type InvoiceStatus = 'due' | 'partially_paid' | 'paid' | 'credited';

/** An invoice or a credit note, as parents and staff see it. */
export interface BillingDocument extends Document {
  type: 'invoice' | 'credit_note';
  communeId: string;
  familyId: string;
  number: string;
  /** Year of the number (issue year). */
  year: number;
  month: Month;
  kind: 'monthly' | 'supplementary' | 'credit_note';
  issuedOn: string;
  dueOn: string | null;
  lines: InvoiceLine[];
  totalCents: number;
  /** Invoices: credited, paid and still due. Credit notes: 0. */
  creditedCents: number;
  paidCents: number;
  dueCents: number;
  status: InvoiceStatus | 'issued';
  paidOn: string | null;
  /** Credit notes: the invoice they take back, why. */
  invoiceId: string | null;
  reason: CreditReason | null;
  comment: string | null;
  /** Direct debit planned for this invoice. */
  debit: { batchId: string; collectionDate: string; sequenceType?: 'FRST' | 'RCUR' } | null;
  /** Ids of the children billed, for search by child. */
  childIds: string[];
  issuedAt: string;
}

export interface PaymentDocument extends Document {
  communeId: string;
  familyId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountCents: number;
  method: PaymentMethod;
  receivedOn: string;
  reference: string | null;
  provider: PaymentProviderName | null;
  /** Paid back out of this payment (refunds). */
  refundedCents?: number;
  recordedAt: string;
  recordedBy: { kind: string; id: string; name?: string };
}

export interface RefundDocument extends Document {
  communeId: string;
  familyId: string;
  paymentId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountCents: number;
  method: RefundMethod;
  refundedOn: string;
  reference: string | null;
  recordedAt: string;
  recordedBy: { kind: string; id: string; name?: string };
}

/** A parent's direct-debit request, as the parent and staff follow it. */
export interface MandateRequestDocument extends Document {
  communeId: string;
  familyId: string;
  mandateId: string;
  holderName: string;
  iban: string;
  bic: string | null;
  requestedOn: string;
  requestedAt: string;
  status: 'to_sign' | 'signed_online' | 'validated' | 'refused' | 'withdrawn';
  acceptedOn: string | null;
  /** Who accepted it online (the guardian's name as the session gave it). */
  acceptedBy: string | null;
  signedOn: string | null;
  signature: 'online' | 'paper' | null;
  refusalReason: string | null;
  decidedAt: string | null;
}

export interface AttemptDocument extends Document {
  communeId: string;
  familyId: string;
  invoiceId: string;
  provider: PaymentProviderName;
  /** The reference sent to the provider (PayFiP refdet). */
  reference: string;
  amountCents: number;
  status: 'started' | 'paid' | 'refused' | 'abandoned';
  providerCode: string | null;
  startedAt: string;
}

/** Which commune an online payment attempt belongs to, by attempt id and by reference. */
export interface AttemptCommuneDocument extends Document {
  communeId: string;
  reference: string;
}

export interface MandateDocument extends Document {
  communeId: string;
  familyId: string;
  mandateId: string;
  iban: string;
  bic: string | null;
  signedOn: string;
  /** The account holder named in a parent's request; null: the family's first guardian. */
  holderName?: string | null;
  mandateRequestId?: string | null;
}

export interface RunDocument extends Document {
  communeId: string;
  month: Month;
  invoicesIssued: number;
  totalCents: number;
  familiesAlreadyInvoiced: number;
  completedAt: string;
  by: { kind: string; id: string; name?: string };
}

export interface DebitBatchDocument extends Document {
  communeId: string;
  messageId: string;
  collectionDate: string;
  invoiceIds: string[];
  totalCents: number;
  count: number;
  createdAt: string;
}

const statusOf = (d: Pick<BillingDocument, 'totalCents' | 'creditedCents' | 'paidCents'>): InvoiceStatus => {
  const due = d.totalCents - d.creditedCents - d.paidCents;
  if (d.creditedCents >= d.totalCents && d.paidCents === 0) return 'credited';
  if (due <= 0) return 'paid';
  return d.paidCents > 0 ? 'partially_paid' : 'due';
};

const documents = (uow: CommuneUnitOfWork) => uow.collection<BillingDocument>(BILLING_DOCUMENTS);

async function updateInvoice(uow: CommuneUnitOfWork, invoiceId: string, change: (d: BillingDocument) => Partial<BillingDocument>) {
  const doc = await documents(uow).get(invoiceId);
  if (!doc) return;
  const next = { ...doc, ...change(doc) };
  await documents(uow).upsert({ ...next, dueCents: next.totalCents - next.creditedCents - next.paidCents, status: statusOf(next) });
}

/** Credited and paid amounts are recomputed from the credit notes and payments kept here: setting, never adding, so a replay changes nothing. */
async function refreshTotals(uow: CommuneUnitOfWork, invoiceId: string) {
  const credited = (await documents(uow).find({ invoiceId, type: 'credit_note' })).reduce((s, c) => s + c.totalCents, 0);
  const paid = (await uow.collection<PaymentDocument>(BILLING_PAYMENTS).find({ invoiceId })).reduce((s, p) => s + p.amountCents - (p.refundedCents ?? 0), 0);
  await updateInvoice(uow, invoiceId, () => ({ creditedCents: credited, paidCents: paid }));
}

type Data<T extends FamilyAccountEvent['type']> = Extract<FamilyAccountEvent, { type: T }>['data'];

async function updateRequest(uow: CommuneUnitOfWork, id: string, change: Partial<MandateRequestDocument>) {
  const requests = uow.collection<MandateRequestDocument>(BILLING_MANDATE_REQUESTS);
  const request = await requests.get(id);
  if (request) await requests.upsert({ ...request, ...change });
}

export const billingProjection = projection(
  'billing',
  // 2: documents keyed by (commune, id); attempts' communes kept deployment-wide.
  // 3: refunds, parents' direct-debit requests, the mandate's account holder.
  3,
  [
    {
      name: BILLING_DOCUMENTS,
      indexes: [{ fields: ['number'] }, { fields: ['familyId', 'issuedOn'] }, { fields: ['month'] }, { fields: ['status'] }, { fields: ['invoiceId'] }, { fields: ['childIds'] }],
    },
    { name: BILLING_PAYMENTS, indexes: [{ fields: ['receivedOn'] }, { fields: ['invoiceId'] }, { fields: ['familyId'] }] },
    { name: BILLING_ATTEMPTS, indexes: [{ fields: ['invoiceId'] }] },
    { name: BILLING_ATTEMPT_COMMUNES, indexes: [{ fields: ['reference'] }] },
    { name: BILLING_MANDATES },
    { name: BILLING_RUNS, indexes: [{ fields: ['month'] }] },
    { name: BILLING_DEBIT_BATCHES },
    { name: BILLING_MANDATE_REQUESTS, indexes: [{ fields: ['familyId'] }, { fields: ['status'] }] },
    { name: BILLING_REFUNDS, indexes: [{ fields: ['refundedOn'] }, { fields: ['paymentId'] }, { fields: ['familyId'] }] },
  ],
  {
    InvoiceIssued: async (e, uow) => {
      const d = e.data as Data<'InvoiceIssued'>;
      const existing = await documents(uow).get(d.invoiceId);
      await documents(uow).upsert({
        _id: d.invoiceId,
        type: 'invoice',
        communeId: uow.communeId,
        familyId: d.familyId,
        number: d.number,
        year: Number(d.number.split('-')[1]),
        month: d.month,
        kind: d.kind,
        issuedOn: d.issuedOn,
        dueOn: d.dueOn,
        lines: d.lines,
        totalCents: d.totalCents,
        creditedCents: existing?.creditedCents ?? 0,
        paidCents: existing?.paidCents ?? 0,
        dueCents: d.totalCents - (existing?.creditedCents ?? 0) - (existing?.paidCents ?? 0),
        status: existing?.status ?? 'due',
        paidOn: existing?.paidOn ?? null,
        invoiceId: null,
        reason: null,
        comment: null,
        debit: existing?.debit ?? null,
        childIds: [...new Set(d.lines.map((l) => l.childId))],
        issuedAt: e.metadata.occurredAt,
      });
    },
    CreditNoteIssued: async (e, uow) => {
      const d = e.data as Data<'CreditNoteIssued'>;
      await documents(uow).upsert({
        _id: d.creditNoteId,
        type: 'credit_note',
        communeId: uow.communeId,
        familyId: d.familyId,
        number: d.number,
        year: Number(d.number.split('-')[1]),
        month: d.month,
        kind: 'credit_note',
        issuedOn: d.issuedOn,
        dueOn: null,
        lines: d.lines,
        totalCents: d.totalCents,
        creditedCents: 0,
        paidCents: 0,
        dueCents: 0,
        status: 'issued',
        paidOn: null,
        invoiceId: d.invoiceId,
        reason: d.reason,
        comment: d.comment,
        debit: null,
        childIds: [...new Set(d.lines.map((l) => l.childId))],
        issuedAt: e.metadata.occurredAt,
      });
      await refreshTotals(uow, d.invoiceId);
    },
    PaymentReceived: async (e, uow) => {
      const d = e.data as Data<'PaymentReceived'>;
      const invoice = await documents(uow).get(d.invoiceId);
      const existing = await uow.collection<PaymentDocument>(BILLING_PAYMENTS).get(d.paymentId);
      await uow.collection<PaymentDocument>(BILLING_PAYMENTS).upsert({
        _id: d.paymentId,
        communeId: uow.communeId,
        familyId: d.familyId,
        invoiceId: d.invoiceId,
        invoiceNumber: invoice?.number ?? '',
        amountCents: d.amountCents,
        method: d.method,
        receivedOn: d.receivedOn,
        reference: d.reference,
        provider: d.provider ?? null,
        refundedCents: existing?.refundedCents ?? 0,
        recordedAt: e.metadata.occurredAt,
        recordedBy: e.metadata.actor,
      });
      await refreshTotals(uow, d.invoiceId);
      if (d.attemptId) {
        const attempt = await uow.collection<AttemptDocument>(BILLING_ATTEMPTS).get(d.attemptId);
        if (attempt) await uow.collection<AttemptDocument>(BILLING_ATTEMPTS).upsert({ ...attempt, status: 'paid' });
      }
    },
    InvoicePaid: (e, uow) => updateInvoice(uow, (e.data as Data<'InvoicePaid'>).invoiceId, () => ({ paidOn: (e.data as Data<'InvoicePaid'>).paidOn })),
    OnlinePaymentStarted: async (e, uow) => {
      const d = e.data as Data<'OnlinePaymentStarted'>;
      await uow.collection<AttemptDocument>(BILLING_ATTEMPTS).upsert({
        _id: d.attemptId,
        communeId: uow.communeId,
        familyId: d.familyId,
        invoiceId: d.invoiceId,
        provider: d.provider,
        reference: d.reference,
        amountCents: d.amountCents,
        status: 'started',
        providerCode: null,
        startedAt: d.startedAt,
      });
      // A notification finds the attempt's commune here; an attempt id or a reference another commune holds keeps its commune.
      const communes = uow.collection<AttemptCommuneDocument>(BILLING_ATTEMPT_COMMUNES);
      const [byId, byReference] = await Promise.all([communes.get(d.attemptId), communes.find({ reference: d.reference }, { limit: 2 })]);
      if ((byId && byId.communeId !== uow.communeId) || byReference.some((r) => r.communeId !== uow.communeId)) return;
      await communes.upsert({ _id: d.attemptId, communeId: uow.communeId, reference: d.reference });
    },
    OnlinePaymentFailed: async (e, uow) => {
      const d = e.data as Data<'OnlinePaymentFailed'>;
      const attempts = uow.collection<AttemptDocument>(BILLING_ATTEMPTS);
      const attempt = await attempts.get(d.attemptId);
      if (attempt && attempt.status !== 'paid') await attempts.upsert({ ...attempt, status: d.outcome, providerCode: d.providerCode });
    },
    SepaMandateSigned: async (e, uow) => {
      const d = e.data as Data<'SepaMandateSigned'>;
      await uow.collection<MandateDocument>(BILLING_MANDATES).upsert({
        _id: d.familyId,
        communeId: uow.communeId,
        familyId: d.familyId,
        mandateId: d.mandateId,
        iban: d.iban,
        bic: d.bic,
        signedOn: d.signedOn,
        holderName: d.holderName || null,
        mandateRequestId: d.mandateRequestId ?? null,
      });
    },
    SepaMandateRevoked: async (e, uow) => {
      const d = e.data as Data<'SepaMandateRevoked'>;
      const current = await uow.collection<MandateDocument>(BILLING_MANDATES).get(d.familyId);
      if (current?.mandateId === d.mandateId) await uow.collection(BILLING_MANDATES).delete(d.familyId);
    },
    DirectDebitScheduled: (e, uow) => {
      const d = e.data as Data<'DirectDebitScheduled'>;
      return updateInvoice(uow, d.invoiceId, () => ({ debit: { batchId: d.batchId, collectionDate: d.collectionDate, sequenceType: d.sequenceType } }));
    },
    BillingRunCompleted: async (e, uow) => {
      const d = e.data as BillingRunCompleted['data'];
      await uow.collection<RunDocument>(BILLING_RUNS).upsert({
        _id: d.runId,
        communeId: uow.communeId,
        month: d.month,
        invoicesIssued: d.invoicesIssued,
        totalCents: d.totalCents,
        familiesAlreadyInvoiced: d.familiesAlreadyInvoiced,
        completedAt: e.metadata.occurredAt,
        by: e.metadata.actor,
      });
    },
    DirectDebitBatchCreated: async (e, uow) => {
      const d = e.data as DirectDebitBatchCreated['data'];
      await uow.collection<DebitBatchDocument>(BILLING_DEBIT_BATCHES).upsert({ _id: d.batchId, communeId: uow.communeId, messageId: d.messageId, collectionDate: d.collectionDate, invoiceIds: d.invoiceIds, totalCents: d.totalCents, count: d.count, createdAt: e.metadata.occurredAt });
    },
    PaymentRefunded: async (e, uow) => {
      const d = e.data as Data<'PaymentRefunded'>;
      const refunds = uow.collection<RefundDocument>(BILLING_REFUNDS);
      const invoice = await documents(uow).get(d.invoiceId);
      await refunds.upsert({
        _id: d.refundId,
        communeId: uow.communeId,
        familyId: d.familyId,
        paymentId: d.paymentId,
        invoiceId: d.invoiceId,
        invoiceNumber: invoice?.number ?? '',
        amountCents: d.amountCents,
        method: d.method,
        refundedOn: d.refundedOn,
        reference: d.reference,
        recordedAt: e.metadata.occurredAt,
        recordedBy: e.metadata.actor,
      });
      const payments = uow.collection<PaymentDocument>(BILLING_PAYMENTS);
      const payment = await payments.get(d.paymentId);
      if (payment) {
        const refunded = (await refunds.find({ paymentId: d.paymentId })).reduce((s, r) => s + r.amountCents, 0);
        await payments.upsert({ ...payment, refundedCents: refunded });
      }
      await refreshTotals(uow, d.invoiceId);
    },
    SepaMandateRequested: async (e, uow) => {
      const d = e.data as Data<'SepaMandateRequested'>;
      await uow.collection<MandateRequestDocument>(BILLING_MANDATE_REQUESTS).upsert({
        _id: d.mandateRequestId,
        communeId: uow.communeId,
        familyId: d.familyId,
        mandateId: d.mandateId,
        holderName: d.holderName,
        iban: d.iban,
        bic: d.bic,
        requestedOn: d.requestedOn,
        requestedAt: e.metadata.occurredAt,
        status: 'to_sign',
        acceptedOn: null,
        acceptedBy: null,
        signedOn: null,
        signature: null,
        refusalReason: null,
        decidedAt: null,
      });
    },
    SepaMandateAcceptedOnline: (e, uow) => {
      const d = e.data as Data<'SepaMandateAcceptedOnline'>;
      return updateRequest(uow, d.mandateRequestId, { status: 'signed_online', acceptedOn: d.acceptedOn, acceptedBy: e.metadata.actor.name ?? null });
    },
    SepaMandateRequestValidated: (e, uow) => {
      const d = e.data as Data<'SepaMandateRequestValidated'>;
      return updateRequest(uow, d.mandateRequestId, { status: 'validated', signedOn: d.signedOn, signature: d.signature, decidedAt: e.metadata.occurredAt });
    },
    SepaMandateRequestRefused: (e, uow) => {
      const d = e.data as Data<'SepaMandateRequestRefused'>;
      return updateRequest(uow, d.mandateRequestId, { status: 'refused', refusalReason: d.reason, decidedAt: e.metadata.occurredAt });
    },
    SepaMandateRequestWithdrawn: (e, uow) => {
      const d = e.data as Data<'SepaMandateRequestWithdrawn'>;
      return updateRequest(uow, d.mandateRequestId, { status: 'withdrawn', decidedAt: e.metadata.occurredAt });
    },
    FamilyErased: async (e, uow) => {
      // Invoices, payments and refunds stay (accounting); the bank details and the account holder go.
      const { familyId } = e.data as { familyId: string };
      await uow.collection(BILLING_MANDATES).delete(familyId);
      await uow.collection(BILLING_MANDATE_REQUESTS).deleteMany({ familyId });
    },
  },
);
