import type { DomainEvent } from '@pf/event-sourcing';

/** What a family sends: attestation CAF, PAI, certificat médical. */
export type DocumentKind = 'attestation_caf' | 'pai' | 'certificat_medical';
export const DOCUMENT_KINDS: DocumentKind[] = ['attestation_caf', 'pai', 'certificat_medical'];
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  attestation_caf: 'Attestation CAF',
  pai: "PAI (projet d'accueil individualisé)",
  certificat_medical: 'Certificat médical',
};

export type DocumentContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface StoredFile {
  /** As the person named it: may carry a name, so it is sealed with the family's key. */
  fileName: string;
  contentType: DocumentContentType;
  size: number;
  sha256: string;
}

/** The absence a medical certificate was sent with (the request, and its child's day). */
export interface CertifiedAbsence {
  requestId: string;
  activityId: string;
  day: string;
}

export type FamilyDocumentUploaded = DomainEvent<
  'FamilyDocumentUploaded',
  StoredFile & { documentId: string; familyId: string; kind: DocumentKind; childId: string | null; absence?: CertifiedAbsence }
>;
export type FamilyDocumentAccepted = DomainEvent<'FamilyDocumentAccepted', { documentId: string; familyId: string }>;
/** `absence`: the certificate of an absence, which is no longer justified (the day is billed). */
export type FamilyDocumentRefused = DomainEvent<'FamilyDocumentRefused', { documentId: string; familyId: string; reason: string; absence?: CertifiedAbsence }>;
/** A document for every family of the commune (règlement intérieur, guides). */
export type PublicDocumentPublished = DomainEvent<'PublicDocumentPublished', StoredFile & { documentId: string; title: string }>;
export type PublicDocumentWithdrawn = DomainEvent<'PublicDocumentWithdrawn', { documentId: string }>;

export type DocumentEvent = FamilyDocumentUploaded | FamilyDocumentAccepted | FamilyDocumentRefused | PublicDocumentPublished | PublicDocumentWithdrawn;

export const documentStream = (communeId: string, documentId: string) => `document-${communeId}.${documentId}`;
