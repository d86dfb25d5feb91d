import type { DomainEvent } from '@pf/event-sourcing';
import type { InvoiceLine } from './month-billing';
import type { Pricing, UnexpectedPresencePrice } from './tariff';

/** 'YYYY-MM' */
export type Month = string;

// --- Commune settings and tariffs -------------------------------------------------------------

/** How a commune bills and is paid. The SEPA and PayFiP fields are the commune's own identifiers. */
export interface BillingSettings {
  /** Régie or service named on invoices (« Régie enfance-jeunesse »). */
  issuerName: string;
  /** Postal address printed on invoices, one line per entry. */
  issuerAddress: string[];
  /** Days between the issue date and the due date. */
  paymentTermDays: number;
  /** Parents may pay part of an invoice online. */
  allowPartialOnlinePayment: boolean;
  /** PayFiP client number (numcli, 6 digits) given by the DGFiP; null: no PayFiP. */
  payfipClientNumber: string | null;
  /** SEPA creditor: identifier (ICS), account and bank; null: no direct debit. */
  sepaCreditor: { name: string; creditorId: string; iban: string; bic: string | null } | null;
  /** Days between the file and the collection date (at least 2 working days for recurrent CORE debits). */
  directDebitDelayDays: number;
}
export type BillingSettingsConfigured = DomainEvent<'BillingSettingsConfigured', BillingSettings>;

export type TariffSet = DomainEvent<
  'TariffSet',
  { activityId: string; periodId: string; from: string; to: string; pricing: Pricing; unexpectedPresence: UnexpectedPresencePrice }
>;

export type CommuneBillingEvent = BillingSettingsConfigured | TariffSet;

// --- Numbering ----------------------------------------------------------------------------------

export type NumberSeries = 'invoice' | 'credit_note';
/**
 * Numbers given, in order, to the documents issued in the same atomic append: `documentIds[i]`
 * got `first + i`. One stream per commune and year holds every allocation, so numbers have no gap
 * and no duplicate whatever runs at once.
 */
export type DocumentNumbersAllocated = DomainEvent<'DocumentNumbersAllocated', { year: number; series: NumberSeries; first: number; last: number; documentIds: string[] }>;

// --- A family's account -------------------------------------------------------------------------

export interface InvoiceFacts {
  invoiceId: string;
  familyId: string;
  /** « FA-2026-000123 » */
  number: string;
  /** The month the lines are for. */
  month: Month;
  /** 'monthly': the run's invoice; 'supplementary': days added by a correction. */
  kind: 'monthly' | 'supplementary';
  issuedOn: string;
  dueOn: string;
  lines: InvoiceLine[];
  totalCents: number;
}
export type InvoiceIssued = DomainEvent<'InvoiceIssued', InvoiceFacts>;

export type CreditReason = 'CORRECTION' | 'QUOTIENT_REGULARISATION' | 'INVOICE_CANCELLED';
/** Takes back (part of) an invoice; `lines` hold the credited days at the price they were invoiced. */
export type CreditNoteIssued = DomainEvent<
  'CreditNoteIssued',
  { creditNoteId: string; familyId: string; invoiceId: string; number: string; month: Month; issuedOn: string; lines: InvoiceLine[]; totalCents: number; reason: CreditReason; comment: string | null }
>;

export type PaymentMethod = 'online_card' | 'cash' | 'cheque' | 'cesu' | 'direct_debit';
export type PaymentReceived = DomainEvent<
  'PaymentReceived',
  {
    paymentId: string;
    familyId: string;
    invoiceId: string;
    amountCents: number;
    method: PaymentMethod;
    /** 'YYYY-MM-DD' the money was received. */
    receivedOn: string;
    /** Cheque number, CESU references, provider authorisation number…: ids, never names. */
    reference: string | null;
    /** Online payments: the provider and the attempt. */
    provider?: PaymentProviderName;
    attemptId?: string;
  }
>;
export type InvoicePaid = DomainEvent<'InvoicePaid', { invoiceId: string; familyId: string; paidOn: string }>;

export type PaymentProviderName = 'payfip' | 'test';
export type OnlinePaymentStarted = DomainEvent<
  'OnlinePaymentStarted',
  { attemptId: string; familyId: string; invoiceId: string; amountCents: number; provider: PaymentProviderName; reference: string; startedAt: string }
>;
/** The provider said no (card refused) or the parent gave up: nothing is owed less. */
export type OnlinePaymentFailed = DomainEvent<
  'OnlinePaymentFailed',
  { attemptId: string; familyId: string; invoiceId: string; provider: PaymentProviderName; outcome: 'refused' | 'abandoned'; providerCode: string }
>;

/** Staff apply a QF from a past day (« régularisation »): months already invoiced are corrected. */
export type QuotientRegularised = DomainEvent<'QuotientRegularised', { familyId: string; quotient: number; validFrom: string }>;

/**
 * A SEPA direct-debit mandate in force; `iban`/`bic`/`holderName` are personal data (sealed per
 * family). RUM = mandateId. `holderName` (the account holder, the debtor of the pain.008) and
 * `mandateRequestId` are set when the mandate comes from a parent's request; without a holder the
 * debtor is the family's first guardian.
 */
export type SepaMandateSigned = DomainEvent<
  'SepaMandateSigned',
  { familyId: string; mandateId: string; iban: string; bic: string | null; signedOn: string; holderName?: string; mandateRequestId?: string }
>;
export type SepaMandateRevoked = DomainEvent<'SepaMandateRevoked', { familyId: string; mandateId: string; revokedOn: string }>;
/** The invoice goes into a direct-debit file: it is not debited twice. */
export type DirectDebitScheduled = DomainEvent<
  'DirectDebitScheduled',
  { familyId: string; invoiceId: string; batchId: string; mandateId: string; amountCents: number; collectionDate: string; sequenceType: 'FRST' | 'RCUR' }
>;

// --- Refunds ------------------------------------------------------------------------------------

export type RefundMethod = 'bank_transfer' | 'cash' | 'cheque';
/** Money paid back to the family out of a payment (an overpayment, once a credit note took back part of the invoice). */
export type PaymentRefunded = DomainEvent<
  'PaymentRefunded',
  {
    refundId: string;
    paymentId: string;
    familyId: string;
    invoiceId: string;
    amountCents: number;
    method: RefundMethod;
    /** 'YYYY-MM-DD' the money was paid back. */
    refundedOn: string;
    /** Transfer or cheque reference: ids, never names. */
    reference: string | null;
  }
>;

// --- A parent sets up direct debit (« QF & prélèvement ») ------------------------------------------

/**
 * A parent asked for direct debit: the account holder, IBAN and BIC (personal data, sealed per
 * family) and the mandate's RUM, given at once so the mandate can be printed. Nothing is debited
 * until staff validate it (online acceptance or a mandate signed on paper).
 */
export type SepaMandateRequested = DomainEvent<
  'SepaMandateRequested',
  { familyId: string; mandateRequestId: string; mandateId: string; holderName: string; iban: string; bic: string | null; requestedOn: string }
>;
/** The parent accepted the mandate's text online (electronic signature on the portal). */
export type SepaMandateAcceptedOnline = DomainEvent<'SepaMandateAcceptedOnline', { familyId: string; mandateRequestId: string; mandateId: string; acceptedOn: string }>;
/** Staff checked the request (and the paper mandate if it was signed on paper): the mandate is in force (SepaMandateSigned follows). */
export type SepaMandateRequestValidated = DomainEvent<
  'SepaMandateRequestValidated',
  { familyId: string; mandateRequestId: string; mandateId: string; signedOn: string; signature: 'online' | 'paper' }
>;
export type SepaMandateRequestRefused = DomainEvent<'SepaMandateRequestRefused', { familyId: string; mandateRequestId: string; mandateId: string; reason: string }>;
/** A new request replaced a pending one (the parent corrected the account). */
export type SepaMandateRequestWithdrawn = DomainEvent<'SepaMandateRequestWithdrawn', { familyId: string; mandateRequestId: string; mandateId: string; reason: 'replaced' }>;

export type FamilyAccountEvent =
  | InvoiceIssued
  | CreditNoteIssued
  | PaymentReceived
  | InvoicePaid
  | OnlinePaymentStarted
  | OnlinePaymentFailed
  | QuotientRegularised
  | SepaMandateSigned
  | SepaMandateRevoked
  | DirectDebitScheduled
  | PaymentRefunded
  | SepaMandateRequested
  | SepaMandateAcceptedOnline
  | SepaMandateRequestValidated
  | SepaMandateRequestRefused
  | SepaMandateRequestWithdrawn;

/** Summary of one billing run (the client's request id makes a retried run give it back). */
export type BillingRunCompleted = DomainEvent<
  'BillingRunCompleted',
  { runId: string; month: Month; invoicesIssued: number; totalCents: number; familiesAlreadyInvoiced: number; invoiceIds: string[] }
>;
export type DirectDebitBatchCreated = DomainEvent<
  'DirectDebitBatchCreated',
  { batchId: string; messageId: string; collectionDate: string; invoiceIds: string[]; totalCents: number; count: number }
>;

export type BillingEvent = CommuneBillingEvent | DocumentNumbersAllocated | FamilyAccountEvent | BillingRunCompleted | DirectDebitBatchCreated;

// --- Streams --------------------------------------------------------------------------------------

export const billingSettingsStream = (communeId: string) => `billingsettings-${communeId}`;
export const tariffStream = (communeId: string, activityId: string) => `tariff-${communeId}.${activityId}`;
export const numberingStream = (communeId: string, year: number) => `invoicenumbers-${communeId}.${year}`;
export const familyAccountStream = (communeId: string, familyId: string) => `familyaccount-${communeId}.${familyId}`;
export const billingRunStream = (communeId: string, month: Month) => `billingrun-${communeId}.${month}`;
export const directDebitStream = (communeId: string, batchId: string) => `directdebit-${communeId}.${batchId}`;

export const documentNumber = (series: NumberSeries, year: number, n: number) => `${series === 'invoice' ? 'FA' : 'AV'}-${year}-${String(n).padStart(6, '0')}`;
