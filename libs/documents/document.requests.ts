import { DateTime } from 'luxon';
import type { RequestSteps } from '@pf/requests';
import { DOCUMENT_KIND_LABELS, type DocumentEvent } from './document.events';

const WEEKDAYS = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
/** « lundi 07/12/2026 » */
const frenchDay = (day: string) => {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  return `${WEEKDAYS[d.weekday]} ${d.toFormat('dd/MM/yyyy')}`;
};

type Data<T extends DocumentEvent['type']> = Extract<DocumentEvent, { type: T }>['data'];

/** A document a family sends is a request in "Mes demandes": staff accept or refuse it. */
export const documentRequestSteps: RequestSteps = {
  FamilyDocumentUploaded: (event) => {
    const d = event.data as Data<'FamilyDocumentUploaded'>;
    const absence = d.absence ? ` (absence du ${frenchDay(d.absence.day)})` : '';
    const opened = { kind: 'document' as const, description: `Document transmis — ${DOCUMENT_KIND_LABELS[d.kind]}${absence}`, ...(d.absence ? { firstDay: d.absence.day, lastDay: d.absence.day } : {}) };
    return [{ requestId: d.documentId, familyId: d.familyId, opened, label: 'Document reçu' }];
  },
  FamilyDocumentAccepted: (event) => {
    const d = event.data as Data<'FamilyDocumentAccepted'>;
    return [{ requestId: d.documentId, familyId: d.familyId, status: 'accepted', label: 'Document accepté', notifiesFamily: true }];
  },
  FamilyDocumentRefused: (event) => {
    const d = event.data as Data<'FamilyDocumentRefused'>;
    // A certificate refused leaves its absence unjustified: the family is told the day is billed.
    const label = d.absence ? `Certificat médical refusé : l'absence du ${frenchDay(d.absence.day)} n'est plus justifiée, ce jour est facturé` : 'Document refusé';
    return [{ requestId: d.documentId, familyId: d.familyId, status: 'refused', label, reason: { code: 'REFUSED_BY_STAFF', text: d.reason }, notifiesFamily: true }];
  },
};
