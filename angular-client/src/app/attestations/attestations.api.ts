import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Same kinds, limits and shapes as the API (libs/attestations: RequestAttestationDto, AttestationDto). */
export type AttestationKind = 'presence' | 'payment' | 'enrolment';

export const ATTESTATION_KINDS: { value: AttestationKind; label: string; hint: string }[] = [
  { value: 'presence', label: 'Attestation de présence', hint: 'Les jours où votre enfant a été accueilli sur une période, par exemple pour votre employeur ou un comité d’entreprise.' },
  { value: 'payment', label: 'Attestation de paiement', hint: 'Les sommes réglées au service sur une année.' },
  { value: 'enrolment', label: "Attestation d'inscription", hint: 'Les inscriptions en cours de vos enfants aux activités.' },
];
export const MAX_ATTESTATION_MESSAGE = 1000;

export interface AttestationSummary {
  days: number | null;
  amountCents: number | null;
  enrolments: number | null;
}

export interface Attestation {
  attestationId: string;
  reference: string;
  kind: AttestationKind;
  kindLabel: string;
  childId: string | null;
  from: string | null;
  to: string | null;
  year: number | null;
  message: string | null;
  status: 'pending' | 'issued' | 'refused';
  statusLabel: string;
  requestedAt: string;
  decidedAt: string | null;
  reason: string | null;
  issuedOn: string | null;
  size: number | null;
  summary: AttestationSummary | null;
  /** « 12 jours de présence », « 1 234,50 € réglés en 2026 ». */
  summaryText: string | null;
  pdfUrl: string | null;
}

export interface AttestationRequestBody {
  requestId: string;
  kind: AttestationKind;
  childId?: string;
  from?: string;
  to?: string;
  year?: number;
  message?: string;
}

/** What the PDF would state if the service issued it now. */
export interface AttestationPreview {
  summaryText: string;
  statement: {
    kind: AttestationKind;
    child: { childId: string; firstName: string; lastName: string } | null;
    from: string | null;
    to: string | null;
    year: number | null;
    asOf: string;
    presence: { childName: string; days: number; activities: { activityName: string; days: string[] }[] }[];
    payments: { receivedOn: string; invoiceNumber: string; method: string; amountCents: number }[];
    enrolments: { childName: string; activityName: string; periodLabel: string; from: string; to: string }[];
    summary: AttestationSummary;
  };
}

const base = (familyId: string) => `/api/families/${encodeURIComponent(familyId)}/attestations`;

@Injectable({ providedIn: 'root' })
export class AttestationsApi {
  private readonly http = inject(HttpClient);

  request(familyId: string, body: AttestationRequestBody): Observable<Attestation> {
    return this.http.post<Attestation>(base(familyId), body);
  }

  one(familyId: string, attestationId: string): Observable<Attestation> {
    return this.http.get<Attestation>(`${base(familyId)}/${encodeURIComponent(attestationId)}`);
  }

  preview(familyId: string, attestationId: string): Observable<AttestationPreview> {
    return this.http.get<AttestationPreview>(`${base(familyId)}/${encodeURIComponent(attestationId)}/preview`);
  }

  issue(familyId: string, attestationId: string, requestId: string): Observable<Attestation> {
    return this.http.post<Attestation>(`${base(familyId)}/${encodeURIComponent(attestationId)}/issue`, { requestId });
  }

  refuse(familyId: string, attestationId: string, requestId: string, reason: string): Observable<Attestation> {
    return this.http.post<Attestation>(`${base(familyId)}/${encodeURIComponent(attestationId)}/refuse`, { requestId, reason });
  }
}
