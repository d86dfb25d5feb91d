import { conflict, notFound } from '@pf/domain';
import type { CertifiedAbsence, DocumentEvent, FamilyDocumentUploaded, PublicDocumentPublished } from './document.events';

export interface DocumentState {
  kind: 'none' | 'family' | 'public';
  familyId: string | null;
  status: 'none' | 'pending' | 'accepted' | 'refused' | 'published' | 'withdrawn';
  /** A medical certificate sent with an absence: its child and day. */
  absence?: CertifiedAbsence & { childId: string };
}

export const initialDocumentState: DocumentState = { kind: 'none', familyId: null, status: 'none' };

export function evolveDocument(state: DocumentState, event: DocumentEvent): DocumentState {
  switch (event.type) {
    case 'FamilyDocumentUploaded': {
      const { absence, childId } = event.data;
      return { kind: 'family', familyId: event.data.familyId, status: 'pending', ...(absence && childId ? { absence: { ...absence, childId } } : {}) };
    }
    case 'FamilyDocumentAccepted':
      return { ...state, status: 'accepted' };
    case 'FamilyDocumentRefused':
      return { ...state, status: 'refused' };
    case 'PublicDocumentPublished':
      return { kind: 'public', familyId: null, status: 'published' };
    case 'PublicDocumentWithdrawn':
      return { ...state, status: 'withdrawn' };
  }
}

export function decideUpload(data: FamilyDocumentUploaded['data'], state: DocumentState): DocumentEvent[] {
  if (state.kind !== 'none') throw conflict('DOCUMENT_ALREADY_EXISTS', 'Ce document a déjà été envoyé.');
  return [{ type: 'FamilyDocumentUploaded', data }];
}

function pending(state: DocumentState, familyId: string): void {
  if (state.kind !== 'family' || state.familyId !== familyId) throw notFound('DOCUMENT_NOT_FOUND', 'Document introuvable.');
  if (state.status !== 'pending') throw conflict('DOCUMENT_ALREADY_DECIDED', 'Ce document a déjà été traité.');
}

export function decideAccept(command: { documentId: string; familyId: string }, state: DocumentState): DocumentEvent[] {
  pending(state, command.familyId);
  return [{ type: 'FamilyDocumentAccepted', data: command }];
}

export function decideRefuse(command: { documentId: string; familyId: string; reason: string }, state: DocumentState): DocumentEvent[] {
  pending(state, command.familyId);
  const absence = state.absence ? { absence: { requestId: state.absence.requestId, activityId: state.absence.activityId, day: state.absence.day } } : {};
  return [{ type: 'FamilyDocumentRefused', data: { ...command, ...absence } }];
}

export function decidePublish(data: PublicDocumentPublished['data'], state: DocumentState): DocumentEvent[] {
  if (state.kind !== 'none') throw conflict('DOCUMENT_ALREADY_EXISTS', 'Ce document existe déjà.');
  return [{ type: 'PublicDocumentPublished', data }];
}

export function decideWithdraw(command: { documentId: string }, state: DocumentState): DocumentEvent[] {
  if (state.kind !== 'public') throw notFound('DOCUMENT_NOT_FOUND', 'Document introuvable.');
  if (state.status === 'withdrawn') return [];
  return [{ type: 'PublicDocumentWithdrawn', data: command }];
}
