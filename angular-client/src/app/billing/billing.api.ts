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
  status: InvoiceStatus;
  statusLabel: string;
  paidOn: string | null;
  invoiceId: string | null;
  reason: string | null;
  comment: string | null;
  lines: InvoiceLine[];
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
  byEnrolment: { childId: string; activityId: string; days: number; amountCents: number; childName: string | null; activityName: string | null }[];
  directDebit: { mandateId: string; iban: string; signedOn: string } | null;
  onlinePayment: { provider: string; testMode: boolean; partialAllowed: boolean };
  /** Finished years with childcare paid for a child under 6, newest first: the certificates offered (never an empty one). */
  taxCertificates: { year: number; totalCents: number }[];
}

export interface InvoiceDetail extends BillingDocument {
  payments: { _id?: string; amountCents: number; method: string; receivedOn: string; reference: string | null }[];
  creditNotes: { id: string; number: string; totalCents: number; issuedOn: string }[];
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
}
