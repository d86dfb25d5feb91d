import { emit, type JsonSchema, type PublicEventMappings, type PublicEventType } from '../public-event';

/**
 * What billing publishes to the town hall's accounting software: every invoice, credit note,
 * payment and refund, with amounts in cents, numbers, dates and the invoice they concern, so the
 * accounts can be kept and reconciled from the feed alone (an invoice's balance is its total, less
 * its credit notes, less its payments, plus its refunds). The family id is there to post to the
 * family's account; no name, no bank detail. Only the accounting scope receives them.
 *
 * These copies stay in the feed after a family's erasure: they hold no personal data, and the
 * commune keeps its accounting records for the legal period.
 */

/** The fields of the internal billing events this mapping reads (their other fields may change freely). */
interface InvoiceLineData {
  childId: string;
  activityId: string;
  kind: string;
  quotient: number | null;
  unitPriceCents: number;
  days: string[];
  quantity: number;
  amountCents: number;
}
interface InvoiceIssuedData {
  invoiceId: string;
  familyId: string;
  number: string;
  month: string;
  kind: 'monthly' | 'supplementary';
  issuedOn: string;
  dueOn: string;
  lines: InvoiceLineData[];
  totalCents: number;
}
interface CreditNoteIssuedData {
  creditNoteId: string;
  familyId: string;
  invoiceId: string;
  number: string;
  month: string;
  issuedOn: string;
  lines: InvoiceLineData[];
  totalCents: number;
  reason: string;
}
interface PaymentReceivedData {
  paymentId: string;
  familyId: string;
  invoiceId: string;
  amountCents: number;
  method: string;
  receivedOn: string;
  reference: string | null;
}
interface PaymentRefundedData {
  refundId: string;
  paymentId: string;
  familyId: string;
  invoiceId: string;
  amountCents: number;
  method: string;
  refundedOn: string;
  reference: string | null;
}

export interface BillingLineV1 {
  childId: string;
  activityId: string;
  /** booked, late_booking, unexpected_presence (new kinds may appear). */
  kind: string;
  /** The family quotient the unit price was taken at; null: none known (highest bracket). */
  quotient: number | null;
  unitPriceCents: number;
  quantity: number;
  amountCents: number;
  /** The days billed, 'YYYY-MM-DD'. */
  days: string[];
}
export interface InvoiceIssuedV1 {
  invoiceId: string;
  /** « FA-2026-000123 »: per commune and year of issue, without gap. */
  number: string;
  familyId: string;
  /** monthly: the month's run; supplementary: days added by a correction. */
  kind: 'monthly' | 'supplementary';
  /** The month billed, 'YYYY-MM'. */
  period: string;
  issuedOn: string;
  dueOn: string;
  currency: 'EUR';
  totalCents: number;
  lines: BillingLineV1[];
}
export interface CreditNoteIssuedV1 {
  creditNoteId: string;
  /** « AV-2026-000012 ». */
  number: string;
  familyId: string;
  /** The invoice it takes (part of) back. */
  invoiceId: string;
  invoiceNumber: string;
  period: string;
  issuedOn: string;
  currency: 'EUR';
  totalCents: number;
  /** CORRECTION, QUOTIENT_REGULARISATION, INVOICE_CANCELLED (new codes may appear). */
  reasonCode: string;
  lines: BillingLineV1[];
}
export interface PaymentReceivedV1 {
  paymentId: string;
  familyId: string;
  invoiceId: string;
  invoiceNumber: string;
  currency: 'EUR';
  amountCents: number;
  /** online_card, cash, cheque, cesu, direct_debit (new methods may appear). */
  method: string;
  receivedOn: string;
  /** Cheque number, provider authorisation, debit reference…; null when none. */
  reference: string | null;
}
export interface PaymentRefundedV1 {
  refundId: string;
  /** The payment refunded (in part or whole). */
  paymentId: string;
  familyId: string;
  invoiceId: string;
  invoiceNumber: string;
  currency: 'EUR';
  amountCents: number;
  /** bank_transfer, cash, cheque (new methods may appear). */
  method: string;
  refundedOn: string;
  reference: string | null;
}

const uuid = { type: 'string', format: 'uuid' } as const;
const date = { type: 'string', format: 'date' } as const;
const cents = { type: 'integer', minimum: 0 } as const;
const positiveCents = { type: 'integer', minimum: 1 } as const;
const code = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } as const;
const currency = { type: 'string', const: 'EUR' } as const;
const invoiceNumber = { type: 'string', pattern: '^FA-\\d{4}-\\d{6}$' } as const;
const reference = { type: ['string', 'null'], maxLength: 100 } as const;

const lineSchema: JsonSchema = {
  type: 'object',
  required: ['childId', 'activityId', 'kind', 'quotient', 'unitPriceCents', 'quantity', 'amountCents', 'days'],
  additionalProperties: false,
  properties: {
    childId: uuid,
    activityId: uuid,
    kind: code,
    quotient: { type: ['integer', 'null'], minimum: 0 },
    unitPriceCents: cents,
    quantity: { type: 'integer', minimum: 1 },
    amountCents: cents,
    days: { type: 'array', items: date, minItems: 1 },
  },
};

const FAMILY = '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b';
const CHILD = '9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d';
const CANTEEN = '3c2b1a09-8f7e-5d6c-9b4a-3f2e1d0c9b8a';
const INVOICE = '0d9c8b7a-6f5e-5d4c-8b3a-2f1e0d9c8b7a';
const exampleLine: BillingLineV1 = { childId: CHILD, activityId: CANTEEN, kind: 'booked', quotient: 650, unitPriceCents: 250, quantity: 3, amountCents: 750, days: ['2026-10-01', '2026-10-02', '2026-10-05'] };

export const invoiceIssuedV1: PublicEventType<InvoiceIssuedV1> = {
  type: 'invoice.issued',
  version: 1,
  meaning: {
    fr: 'Une facture a été émise à une famille (facturation du mois ou facture complémentaire après correction) : numéro, dates, période, total et lignes par enfant et activité, montants en centimes d’euro. Elle ne change jamais : une correction arrive comme un avoir (credit-note.issued) ou une autre facture.',
    en: 'An invoice was issued to a family (the monthly run, or a supplementary invoice after a correction): number, dates, period, total and lines per child and activity, amounts in euro cents. It never changes: a correction comes as a credit note (credit-note.issued) or another invoice.',
  },
  schema: {
    type: 'object',
    required: ['invoiceId', 'number', 'familyId', 'kind', 'period', 'issuedOn', 'dueOn', 'currency', 'totalCents', 'lines'],
    additionalProperties: false,
    properties: {
      invoiceId: uuid,
      number: invoiceNumber,
      familyId: uuid,
      kind: { type: 'string', enum: ['monthly', 'supplementary'] },
      period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
      issuedOn: date,
      dueOn: date,
      currency,
      totalCents: cents,
      lines: { type: 'array', items: lineSchema },
    },
  },
  example: { invoiceId: INVOICE, number: 'FA-2026-000123', familyId: FAMILY, kind: 'monthly', period: '2026-10', issuedOn: '2026-11-03', dueOn: '2026-12-03', currency: 'EUR', totalCents: 750, lines: [exampleLine] },
  scopes: { accounting: 'full' },
};

export const creditNoteIssuedV1: PublicEventType<CreditNoteIssuedV1> = {
  type: 'credit-note.issued',
  version: 1,
  meaning: {
    fr: 'Un avoir a été émis : il reprend tout ou partie d’une facture (jours plus dus, ou dus à un autre prix après une régularisation du quotient familial). Il diminue d’autant le reste à payer de la facture qu’il cite.',
    en: 'A credit note was issued: it takes back all or part of an invoice (days no longer due, or due at another price after a family-quotient regularisation). It lowers by as much the balance of the invoice it names.',
  },
  schema: {
    type: 'object',
    required: ['creditNoteId', 'number', 'familyId', 'invoiceId', 'invoiceNumber', 'period', 'issuedOn', 'currency', 'totalCents', 'reasonCode', 'lines'],
    additionalProperties: false,
    properties: {
      creditNoteId: uuid,
      number: { type: 'string', pattern: '^AV-\\d{4}-\\d{6}$' },
      familyId: uuid,
      invoiceId: uuid,
      invoiceNumber,
      period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
      issuedOn: date,
      currency,
      totalCents: cents,
      reasonCode: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
      lines: { type: 'array', items: lineSchema },
    },
  },
  example: {
    creditNoteId: '5e4d3c2b-1a09-5f8e-9d7c-6b5a4f3e2d1c',
    number: 'AV-2026-000012',
    familyId: FAMILY,
    invoiceId: INVOICE,
    invoiceNumber: 'FA-2026-000123',
    period: '2026-10',
    issuedOn: '2026-11-20',
    currency: 'EUR',
    totalCents: 250,
    reasonCode: 'CORRECTION',
    lines: [{ ...exampleLine, quantity: 1, amountCents: 250, days: ['2026-10-05'] }],
  },
  scopes: { accounting: 'full' },
};

export const paymentReceivedV1: PublicEventType<PaymentReceivedV1> = {
  type: 'payment.received',
  version: 1,
  meaning: {
    fr: 'Un règlement a été encaissé sur une facture (carte bancaire en ligne, espèces, chèque, CESU, prélèvement) : montant en centimes, date d’encaissement, mode et référence. Il diminue d’autant le reste à payer de la facture.',
    en: 'A payment was received on an invoice (online card, cash, cheque, CESU, direct debit): amount in cents, day received, method and reference. It lowers by as much the balance of the invoice.',
  },
  schema: {
    type: 'object',
    required: ['paymentId', 'familyId', 'invoiceId', 'invoiceNumber', 'currency', 'amountCents', 'method', 'receivedOn', 'reference'],
    additionalProperties: false,
    properties: { paymentId: uuid, familyId: uuid, invoiceId: uuid, invoiceNumber, currency, amountCents: positiveCents, method: code, receivedOn: date, reference },
  },
  example: { paymentId: '7b6a5f4e-3d2c-5b1a-8f9e-0d1c2b3a4f5e', familyId: FAMILY, invoiceId: INVOICE, invoiceNumber: 'FA-2026-000123', currency: 'EUR', amountCents: 750, method: 'cheque', receivedOn: '2026-11-12', reference: '0004567' },
  scopes: { accounting: 'full' },
};

export const paymentRefundedV1: PublicEventType<PaymentRefundedV1> = {
  type: 'payment.refunded',
  version: 1,
  meaning: {
    fr: 'Une somme a été remboursée à la famille sur un règlement (trop-perçu après un avoir) : montant en centimes, date, mode et référence. Elle augmente d’autant le reste à payer de la facture, qui ne redevient jamais dû.',
    en: 'Money was paid back to the family out of a payment (an overpayment after a credit note): amount in cents, day, method and reference. It raises by as much the balance of the invoice, which never becomes due again.',
  },
  schema: {
    type: 'object',
    required: ['refundId', 'paymentId', 'familyId', 'invoiceId', 'invoiceNumber', 'currency', 'amountCents', 'method', 'refundedOn', 'reference'],
    additionalProperties: false,
    properties: { refundId: uuid, paymentId: uuid, familyId: uuid, invoiceId: uuid, invoiceNumber, currency, amountCents: positiveCents, method: code, refundedOn: date, reference },
  },
  example: {
    refundId: '2a1b0c9d-8e7f-5a6b-9c5d-4e3f2a1b0c9d',
    paymentId: '7b6a5f4e-3d2c-5b1a-8f9e-0d1c2b3a4f5e',
    familyId: FAMILY,
    invoiceId: INVOICE,
    invoiceNumber: 'FA-2026-000123',
    currency: 'EUR',
    amountCents: 250,
    method: 'bank_transfer',
    refundedOn: '2026-11-25',
    reference: 'VIR-2026-0042',
  },
  scopes: { accounting: 'full' },
};

const line = (l: InvoiceLineData): BillingLineV1 => ({
  childId: l.childId,
  activityId: l.activityId,
  kind: l.kind,
  quotient: l.quotient,
  unitPriceCents: l.unitPriceCents,
  quantity: l.quantity,
  amountCents: l.amountCents,
  days: l.days,
});
const invoiceNumberKey = (invoiceId: string) => `invoice:${invoiceId}:number`;

export const billingPublicEvents: PublicEventMappings = {
  types: [invoiceIssuedV1, creditNoteIssuedV1, paymentReceivedV1, paymentRefundedV1],
  map: {
    InvoiceIssued: async (event, facts) => {
      const d = event.data as InvoiceIssuedData;
      await facts.set(invoiceNumberKey(d.invoiceId), d.number);
      return [
        emit(invoiceIssuedV1, {
          invoiceId: d.invoiceId,
          number: d.number,
          familyId: d.familyId,
          kind: d.kind,
          period: d.month,
          issuedOn: d.issuedOn,
          dueOn: d.dueOn,
          currency: 'EUR',
          totalCents: d.totalCents,
          lines: d.lines.map(line),
        }),
      ];
    },
    CreditNoteIssued: async (event, facts) => {
      const d = event.data as CreditNoteIssuedData;
      return [
        emit(creditNoteIssuedV1, {
          creditNoteId: d.creditNoteId,
          number: d.number,
          familyId: d.familyId,
          invoiceId: d.invoiceId,
          invoiceNumber: (await facts.get<string>(invoiceNumberKey(d.invoiceId))) ?? '',
          period: d.month,
          issuedOn: d.issuedOn,
          currency: 'EUR',
          totalCents: d.totalCents,
          reasonCode: d.reason,
          lines: d.lines.map(line),
        }),
      ];
    },
    PaymentReceived: async (event, facts) => {
      const d = event.data as PaymentReceivedData;
      return [
        emit(paymentReceivedV1, {
          paymentId: d.paymentId,
          familyId: d.familyId,
          invoiceId: d.invoiceId,
          invoiceNumber: (await facts.get<string>(invoiceNumberKey(d.invoiceId))) ?? '',
          currency: 'EUR',
          amountCents: d.amountCents,
          method: d.method,
          receivedOn: d.receivedOn,
          reference: d.reference,
        }),
      ];
    },
    PaymentRefunded: async (event, facts) => {
      const d = event.data as PaymentRefundedData;
      return [
        emit(paymentRefundedV1, {
          refundId: d.refundId,
          paymentId: d.paymentId,
          familyId: d.familyId,
          invoiceId: d.invoiceId,
          invoiceNumber: (await facts.get<string>(invoiceNumberKey(d.invoiceId))) ?? '',
          currency: 'EUR',
          amountCents: d.amountCents,
          method: d.method,
          refundedOn: d.refundedOn,
          reference: d.reference,
        }),
      ];
    },
  },
};
