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

export type FamilyDocumentUploaded = DomainEvent<
  'FamilyDocumentUploaded',
  StoredFile & { documentId: string; familyId: string; kind: DocumentKind; childId: string | null }
>;
export type FamilyDocumentAccepted = DomainEvent<'FamilyDocumentAccepted', { documentId: string; familyId: string }>;
export type FamilyDocumentRefused = DomainEvent<'FamilyDocumentRefused', { documentId: string; familyId: string; reason: string }>;
/** A document for every family of the commune (règlement intérieur, guides). */
export type PublicDocumentPublished = DomainEvent<'PublicDocumentPublished', StoredFile & { documentId: string; title: string }>;
export type PublicDocumentWithdrawn = DomainEvent<'PublicDocumentWithdrawn', { documentId: string }>;

export type DocumentEvent = FamilyDocumentUploaded | FamilyDocumentAccepted | FamilyDocumentRefused | PublicDocumentPublished | PublicDocumentWithdrawn;

export const documentStream = (communeId: string, documentId: string) => `document-${communeId}.${documentId}`;
