import type { RequestSteps } from '../requests/request-steps';
import { DOCUMENT_KIND_LABELS, type DocumentEvent } from './document.events';

type Data<T extends DocumentEvent['type']> = Extract<DocumentEvent, { type: T }>['data'];

/** A document a family sends is a request in "Mes demandes": staff accept or refuse it. */
export const documentRequestSteps: RequestSteps = {
  FamilyDocumentUploaded: (event) => {
    const d = event.data as Data<'FamilyDocumentUploaded'>;
    return [{ requestId: d.documentId, familyId: d.familyId, opened: { kind: 'document', description: `Document transmis — ${DOCUMENT_KIND_LABELS[d.kind]}` }, label: 'Document reçu' }];
  },
  FamilyDocumentAccepted: (event) => {
    const d = event.data as Data<'FamilyDocumentAccepted'>;
    return [{ requestId: d.documentId, familyId: d.familyId, status: 'accepted', label: 'Document accepté', notifiesFamily: true }];
  },
  FamilyDocumentRefused: (event) => {
    const d = event.data as Data<'FamilyDocumentRefused'>;
    return [{ requestId: d.documentId, familyId: d.familyId, status: 'refused', label: 'Document refusé', reason: { code: 'REFUSED_BY_STAFF', text: d.reason }, notifiesFamily: true }];
  },
};
