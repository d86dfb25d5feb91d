import type { PaymentProviderName } from '../billing.events';

/** What the portal asks a provider to collect. */
export interface PaymentRequest {
  attemptId: string;
  /** Unique per attempt, alphanumeric (PayFiP refdet). */
  reference: string;
  amountCents: number;
  /** Invoice number, for the label shown to the payer. */
  invoiceNumber: string;
  communeName: string;
  /** Year of the debt (PayFiP exer). */
  year: number;
  payerEmail: string | null;
  /** The commune's client number at the provider (PayFiP numcli). */
  clientNumber: string | null;
}

/** An attempt as the portal recorded it, to check a notification against. */
export interface KnownAttempt {
  attemptId: string;
  reference: string;
  amountCents: number;
  year: number;
  clientNumber: string | null;
}

/** A notification the adapter checked: who, what, and the outcome in the portal's words. */
export interface VerifiedNotification {
  attemptId: string;
  outcome: 'paid' | 'refused' | 'abandoned';
  amountCents: number;
  /** The provider's own result code (PayFiP resultrans). */
  providerCode: string;
  /** Authorisation number (PayFiP numauto). */
  authorisation: string | null;
  /** 'YYYY-MM-DD' of the transaction. */
  transactionDay: string;
}

/** A notification that cannot be trusted or read: answered 400, nothing recorded. */
export class NotificationRejected extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'NotificationRejected';
  }
}

/**
 * The payment-provider port. An adapter builds the address the parent's browser goes to, and
 * reads and verifies the provider's notification (server to server). Recording the payment is
 * the portal's job, idempotent whatever the provider repeats.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Shown to parents (« Paiement par carte bancaire (PayFiP) »). */
  readonly label: string;
  /** True for a provider that moves no real money. */
  readonly testMode: boolean;
  redirectUrl(request: PaymentRequest): string;
  /** The reference a raw notification is about (to find the attempt), or a rejection. */
  referenceOf(params: Record<string, string>): string;
  verify(params: Record<string, string>, attempt: KnownAttempt): VerifiedNotification;
}

export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

/**
 * Up to 30 letters and digits, unique per attempt across the deployment: the invoice number's
 * letters and digits (numbers repeat from one commune to another), then as much of the random
 * attempt id as fits (18 hex digits after FA-2026-000042), so a reference cannot be guessed.
 */
export function referenceFor(invoiceNumber: string, attemptId: string): string {
  return `${invoiceNumber.replace(/[^A-Za-z0-9]/g, '')}${attemptId.replace(/-/g, '')}`.toUpperCase().slice(0, 30);
}
