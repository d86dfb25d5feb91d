import type { DomainEvent } from '@pf/event-sourcing';

/**
 * What a family may ask the service to certify: days attended over a period (for an employer, a
 * works council), amounts paid over a year, enrolments in force.
 */
export type AttestationKind = 'presence' | 'payment' | 'enrolment';
export const ATTESTATION_KINDS: AttestationKind[] = ['presence', 'payment', 'enrolment'];
export const ATTESTATION_KIND_LABELS: Record<AttestationKind, string> = {
  presence: 'Attestation de présence',
  payment: 'Attestation de paiement',
  enrolment: "Attestation d'inscription",
};

/** At most this many characters in the family's message, and in a refusal's message. */
export const MAX_ATTESTATION_MESSAGE = 1000;

/** What the issued PDF states, in figures (ids, counts and amounts only: no names). */
export interface AttestationSummary {
  /** Presence: days attended (one per child and day, whatever the number of activities that day). */
  days: number | null;
  /** Payment: amount paid in the year, in cents. */
  amountCents: number | null;
  /** Enrolment: enrolments in force on the day of issue. */
  enrolments: number | null;
}

/**
 * A parent asked for an attestation. `requestId` is the request's own id (the client's), `message`
 * is free text (sealed with the family's key). `from`/`to` only for presence, `year` only for payment.
 */
export type AttestationRequested = DomainEvent<
  'AttestationRequested',
  {
    requestId: string;
    familyId: string;
    kind: AttestationKind;
    childId: string | null;
    from: string | null;
    to: string | null;
    year: number | null;
    message: string;
  }
>;

/** Staff issued it: the PDF is in the blob store under `fileId`, sealed with the family's key. */
export type AttestationIssued = DomainEvent<
  'AttestationIssued',
  {
    requestId: string;
    familyId: string;
    fileId: string;
    sha256: string;
    size: number;
    /** 'YYYY-MM-DD', Europe/Paris: the date printed on the attestation. */
    issuedOn: string;
    summary: AttestationSummary;
  }
>;

/** Staff refused it, with a message to the family (sealed with the family's key). */
export type AttestationRefused = DomainEvent<'AttestationRefused', { requestId: string; familyId: string; reason: string }>;

export type AttestationEvent = AttestationRequested | AttestationIssued | AttestationRefused;

/** One stream per attestation request. */
export const attestationStream = (communeId: string, attestationId: string) => `attestation-${communeId}.${attestationId}`;
