import { projection } from '@pf/projections';
import type { CommuneUnitOfWork, Document } from '@pf/read-store';
import type { FamilyErased } from '@pf/families';
import type { CertifiedAbsence, DocumentContentType, DocumentEvent, DocumentKind } from './document.events';

export const DOCUMENTS = 'documents';
/** Which family each stored file belongs to (ids only, kept after an erasure so the files can be deleted). */
export const DOCUMENT_BLOBS = 'document_blobs';

export interface DocumentDocument extends Document {
  communeId: string;
  /** null for a document published for every family. */
  familyId: string | null;
  kind: DocumentKind | 'public';
  childId: string | null;
  title: string;
  fileName: string;
  contentType: DocumentContentType;
  size: number;
  status: 'pending' | 'accepted' | 'refused' | 'published' | 'withdrawn';
  reason: string | null;
  uploadedAt: string;
  decidedAt: string | null;
  /** A medical certificate sent with an absence (absent from documents written before). */
  absence?: CertifiedAbsence | null;
}

type Data<T extends DocumentEvent['type']> = Extract<DocumentEvent, { type: T }>['data'];

async function update(uow: CommuneUnitOfWork, id: string, change: (d: DocumentDocument) => DocumentDocument) {
  const docs = uow.collection<DocumentDocument>(DOCUMENTS);
  const doc = await docs.get(id);
  if (doc) await docs.upsert(change(doc));
}

// v2: documents kept per commune.
export const documentsProjection = projection('documents', 2, [{ name: DOCUMENTS, indexes: [{ fields: ['familyId', 'uploadedAt'] }, { fields: ['communeId', 'status'] }] }, { name: DOCUMENT_BLOBS, indexes: [{ fields: ['familyId'] }] }], {
  FamilyDocumentUploaded: async (event, uow) => {
    const d = event.data as Data<'FamilyDocumentUploaded'>;
    await uow.collection<DocumentDocument>(DOCUMENTS).upsert({
      _id: d.documentId,
      communeId: event.metadata.communeId,
      familyId: d.familyId,
      kind: d.kind,
      childId: d.childId,
      title: d.kind,
      fileName: d.fileName,
      contentType: d.contentType,
      size: d.size,
      status: 'pending',
      reason: null,
      uploadedAt: event.metadata.occurredAt,
      decidedAt: null,
      absence: d.absence ?? null,
    });
    await uow.collection(DOCUMENT_BLOBS).upsert({ _id: d.documentId, familyId: d.familyId });
  },
  FamilyDocumentAccepted: (event, uow) =>
    update(uow, (event.data as Data<'FamilyDocumentAccepted'>).documentId, (d) => ({ ...d, status: 'accepted', decidedAt: event.metadata.occurredAt })),
  FamilyDocumentRefused: (event, uow) => {
    const data = event.data as Data<'FamilyDocumentRefused'>;
    return update(uow, data.documentId, (d) => ({ ...d, status: 'refused', reason: data.reason, decidedAt: event.metadata.occurredAt }));
  },
  PublicDocumentPublished: async (event, uow) => {
    const d = event.data as Data<'PublicDocumentPublished'>;
    await uow.collection<DocumentDocument>(DOCUMENTS).upsert({
      _id: d.documentId,
      communeId: event.metadata.communeId,
      familyId: null,
      kind: 'public',
      childId: null,
      title: d.title,
      fileName: d.fileName,
      contentType: d.contentType,
      size: d.size,
      status: 'published',
      reason: null,
      uploadedAt: event.metadata.occurredAt,
      decidedAt: null,
    });
  },
  PublicDocumentWithdrawn: (event, uow) =>
    update(uow, (event.data as Data<'PublicDocumentWithdrawn'>).documentId, (d) => ({ ...d, status: 'withdrawn', decidedAt: event.metadata.occurredAt })),
  FamilyErased: async (event, uow) => {
    await uow.collection(DOCUMENTS).deleteMany({ familyId: (event.data as FamilyErased['data']).familyId });
  },
});
