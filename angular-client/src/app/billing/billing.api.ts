import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export type InvoiceStatus = 'due' | 'partially_paid' | 'paid' | 'credited' | 'issued';

export interface InvoiceLine {
  childId: string;
  activityId: string;
  kind: 'booked' | 'late_booking' | 'unexpected_presence';
  kindLabel: string;
  quotient: number | null;
  unitPriceCents: number;
  days: string[];
  quantity: number;
  amountCents: number;
  childName: string | null;
  activityName: string | null;
}

/** An invoice or a credit note (documentView of the billing API). */
export interface BillingDocument {
  id: string;
  type: 'invoice' | 'credit_note';
  number: string;
  familyId: string;
  month: string;
  kind: 'monthly' | 'supplementary' | 'credit_note';
  issuedOn: string;
  dueOn: string | null;
  totalCents: number;
  creditedCents: number;
  paidCents: number;
  dueCents: number;
  /** Paid beyond what the invoice now asks (a credit note after a payment): what may be refunded. */
  overpaidCents?: number;
  status: InvoiceStatus;
  statusLabel: string;
  paidOn: string | null;
  invoiceId: string | null;
  reason: string | null;
  comment: string | null;
  lines: InvoiceLine[];
  /** The direct debit this invoice is in (its batch's collection date). */
  directDebit?: { batchId: string; collectionDate: string } | null;
  /** Invoices still due of a family with a mandate in force: they will be debited. */
  debitPlanned?: boolean;
}

export interface Payment {
  id: string;
  invoiceId: string;
  invoiceNumber: string;
  amountCents: number;
  method: string;
  methodLabel: string;
  receivedOn: string;
  reference: string | null;
  refundedCents?: number;
}

export interface Refund {
  id: string;
  paymentId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountCents: number;
  method: 'bank_transfer' | 'cash' | 'cheque';
  methodLabel: string;
  refundedOn: string;
}

export interface FamilyBilling {
  familyId: string;
  balanceCents: number;
  dueCents: number;
  creditCents: number;
  invoicesDue: BillingDocument[];
  invoicesPaid: BillingDocument[];
  creditNotes: BillingDocument[];
  payments: Payment[];
  refunds?: Refund[];
  byEnrolment: { childId: string; activityId: string; days: number; amountCents: number; childName: string | null; activityName: string | null }[];
  directDebit: { mandateId: string; iban: string; signedOn: string } | null;
  onlinePayment: { provider: string; testMode: boolean; partialAllowed: boolean };
  /** Finished years with childcare paid for a child under 6, newest first: the certificates offered (never an empty one). */
  taxCertificates: { year: number; totalCents: number }[];
}

export interface InvoiceDetail extends Omit<BillingDocument, 'debitPlanned'> {
  payments: { _id?: string; amountCents: number; method: string; receivedOn: string; reference: string | null; refundedCents?: number }[];
  creditNotes: { id: string; number: string; totalCents: number; issuedOn: string }[];
  /** Still due with a mandate in force: it will be debited (on its batch's date once in one). */
  debitPlanned: { iban: string | null; mandateId: string | null; collectionDate: string | null } | null;
}

/** « Mon compte »: QF with its date, balance on today's date, children, how invoices are sent, direct debit, the service. */
export interface AccountSummary {
  familyId: string;
  familyName: string;
  asOf: string;
  quotient: { recorded: { value: number; updatedOn: string } | null; applied: { value: number; since: string; source: 'family_file' | 'regularisation' } | null } | null;
  balanceCents: number;
  dueCents: number;
  creditCents: number;
  invoicesDue: number;
  children: { childId: string; firstName: string; lastName: string; birthDate: string; age: number }[];
  guardians: {
    guardianId: string;
    name: string;
    me: boolean;
    invoiceDelivery: 'email' | 'courrier' | null;
    invoiceDeliveryLabel: string;
    hasAddress: boolean;
    pendingInvoiceDelivery: 'email' | 'courrier' | null;
  }[];
  directDebit: { status: 'active' | 'pending' | 'none'; label: string; iban: string | null; mandateId: string | null; signedOn: string | null };
  directDebitOffered: boolean;
  service: { name: string; communeName: string; email: string; issuerName: string; address: string[] };
}

/** The SEPA mandate as the parent reads and signs it (the same words as its PDF). */
export interface MandateText {
  title: string;
  rum: string;
  paymentType: string;
  creditor: { name: string; creditorId: string; address: string[] };
  debtor: { name: string; address: string[]; iban: string; bic: string | null };
  legal: string[];
  signedOnline: { on: string; by: string } | null;
  signatureNote: string;
}

export type MandateRequestStatus = 'to_sign' | 'signed_online' | 'validated' | 'refused' | 'withdrawn';

export interface MandateRequest {
  mandateRequestId: string;
  mandateId: string;
  status: MandateRequestStatus;
  statusLabel: string;
  holderName: string;
  iban: string;
  requestedOn: string;
  acceptedOn: string | null;
  signedOn: string | null;
  signature: 'online' | 'paper' | null;
  refusalReason: string | null;
  mandate: MandateText | null;
  pdf: string;
}

export interface DirectDebit {
  familyId: string;
  available: boolean;
  creditor: { name: string; creditorId: string; address: string[] } | null;
  holderSuggestion: string;
  mandate: { mandateId: string; iban: string; holderName: string | null; signedOn: string } | null;
  request: MandateRequest | null;
  invoicesToDebit: { id: string; number: string; month: string; dueCents: number; collectionDate: string | null }[];
}

export interface StaffMandateRequest extends MandateRequest {
  familyId: string;
  familyName: string;
}

export interface PaperInvoice {
  id: string;
  type: 'invoice' | 'credit_note';
  number: string;
  month: string;
  issuedOn: string;
  totalCents: number;
  familyId: string;
  familyName: string;
  addressee: string;
  address: string[];
  pdf: string;
}

export interface TaxCertificate {
  year: number;
  children: { childId: string; name: string; birthDate: string; amountCents: number }[];
  totalCents: number;
}

const familyPath = (familyId: string) => `/api/families/${encodeURIComponent(familyId)}`;

@Injectable({ providedIn: 'root' })
export class BillingApi {
  private readonly http = inject(HttpClient);

  family(familyId: string): Observable<FamilyBilling> {
    return this.http.get<FamilyBilling>(`${familyPath(familyId)}/billing`);
  }

  invoice(id: string): Observable<InvoiceDetail> {
    return this.http.get<InvoiceDetail>(`/api/billing/invoices/${encodeURIComponent(id)}`);
  }

  pdfUrl(id: string): string {
    return `/api/billing/invoices/${encodeURIComponent(id)}/pdf`;
  }

  /** Starts an online payment: the answer says where to send the browser (PayFiP, or the test-mode page). */
  pay(id: string, body: { requestId: string; amountCents?: number }): Observable<{ attemptId: string; redirectUrl: string; amountCents: number; provider: string; testMode: boolean }> {
    return this.http.post<{ attemptId: string; redirectUrl: string; amountCents: number; provider: string; testMode: boolean }>(
      `/api/billing/invoices/${encodeURIComponent(id)}/online-payments`,
      body,
    );
  }

  /** Staff: a payment at the desk (cash, cheque, CESU), up to what is due. */
  deskPayment(body: { requestId: string; invoiceId: string; amountCents: number; method: 'cash' | 'cheque' | 'cesu'; reference?: string; receivedOn?: string }): Observable<unknown> {
    return this.http.post('/api/billing/payments', body);
  }

  taxCertificate(familyId: string, year: number): Observable<TaxCertificate> {
    return this.http.get<TaxCertificate>(`${familyPath(familyId)}/tax-certificates/${year}`);
  }

  taxCertificatePdfUrl(familyId: string, year: number): string {
    return `${familyPath(familyId)}/tax-certificates/${year}/pdf`;
  }

  accountSummary(familyId: string): Observable<AccountSummary> {
    return this.http.get<AccountSummary>(`${familyPath(familyId)}/account-summary`);
  }

  directDebit(familyId: string): Observable<DirectDebit> {
    return this.http.get<DirectDebit>(`${familyPath(familyId)}/direct-debit`);
  }

  /** The parent asks for direct debit: the account is checked, the mandate comes back to read and sign. */
  requestDirectDebit(familyId: string, body: { requestId: string; holderName: string; iban: string; bic?: string }): Observable<DirectDebit> {
    return this.http.post<DirectDebit>(`${familyPath(familyId)}/direct-debit/requests`, body);
  }

  signMandate(familyId: string, mandateRequestId: string, body: { requestId: string; accept: true }): Observable<DirectDebit> {
    return this.http.post<DirectDebit>(`${familyPath(familyId)}/direct-debit/requests/${encodeURIComponent(mandateRequestId)}/signature`, body);
  }

  stopDirectDebit(familyId: string, body: { requestId: string }): Observable<DirectDebit> {
    return this.http.post<DirectDebit>(`${familyPath(familyId)}/direct-debit/revocation`, body);
  }

  /** Staff: the parents' requests to check (open: to sign on paper, or signed online). */
  mandateRequests(): Observable<{ items: StaffMandateRequest[] }> {
    return this.http.get<{ items: StaffMandateRequest[] }>('/api/billing/direct-debit-requests');
  }

  validateMandateRequest(familyId: string, mandateRequestId: string, body: { requestId: string; signedOn?: string }): Observable<DirectDebit> {
    return this.http.post<DirectDebit>(`/api/billing/families/${encodeURIComponent(familyId)}/direct-debit/requests/${encodeURIComponent(mandateRequestId)}/validation`, body);
  }

  refuseMandateRequest(familyId: string, mandateRequestId: string, body: { requestId: string; reason: string }): Observable<DirectDebit> {
    return this.http.post<DirectDebit>(`/api/billing/families/${encodeURIComponent(familyId)}/direct-debit/requests/${encodeURIComponent(mandateRequestId)}/refusal`, body);
  }

  /** Staff: invoices and credit notes issued between two days for families who get them by post. */
  paperInvoices(from: string, to: string): Observable<{ from: string; to: string; items: PaperInvoice[] }> {
    return this.http.get<{ from: string; to: string; items: PaperInvoice[] }>('/api/billing/paper-invoices', { params: { from, to } });
  }

  paperInvoicesPdfUrl(from: string, to: string): string {
    return `/api/billing/paper-invoices.pdf?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  }

  /** Staff: pays back (part of) a payment in excess of what its invoice now asks. */
  refund(body: { requestId: string; paymentId: string; amountCents: number; method: 'bank_transfer' | 'cash' | 'cheque'; refundedOn?: string; reference?: string }): Observable<unknown> {
    return this.http.post('/api/billing/refunds', body);
  }
}
