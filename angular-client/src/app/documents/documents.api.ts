import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

export type DocumentKind = 'attestation_caf' | 'pai' | 'certificat_medical';

export const DOCUMENT_KINDS: { value: DocumentKind; label: string }[] = [
  { value: 'attestation_caf', label: 'Attestation CAF' },
  { value: 'pai', label: "PAI (projet d'accueil individualisé)" },
  { value: 'certificat_medical', label: 'Certificat médical' },
];

/** Same limits as the server: PDF, JPEG or PNG, 10 Mo at most. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

export interface PortalDocument {
  documentId: string;
  familyId: string | null;
  kind: DocumentKind | 'public';
  childId: string | null;
  title: string;
  fileName: string;
  contentType: string;
  size: number;
  status: 'pending' | 'accepted' | 'refused' | 'published' | 'withdrawn';
  reason: string | null;
  uploadedAt: string;
  decidedAt: string | null;
  /** A medical certificate sent with an absence: the absence request and its day. */
  absence?: { requestId: string; activityId: string; day: string } | null;
}

export const DOCUMENT_STATUS: Record<PortalDocument['status'], { label: string; css: string }> = {
  pending: { label: 'En attente de validation', css: 'pending' },
  accepted: { label: 'Accepté', css: 'accepted' },
  refused: { label: 'Refusé', css: 'refused' },
  published: { label: 'En ligne', css: 'accepted' },
  withdrawn: { label: 'Retiré', css: 'cancelled' },
};

const familyPath = (familyId: string) => `/api/families/${encodeURIComponent(familyId)}/documents`;

@Injectable({ providedIn: 'root' })
export class DocumentsApi {
  private readonly http = inject(HttpClient);

  familyDocuments(familyId: string): Observable<PortalDocument[]> {
    return this.http.get<{ items: PortalDocument[] }>(familyPath(familyId)).pipe(map((r) => r.items));
  }

  upload(familyId: string, fields: { requestId: string; kind: DocumentKind; childId?: string }, file: File): Observable<PortalDocument> {
    const body = new FormData();
    body.set('requestId', fields.requestId);
    body.set('kind', fields.kind);
    if (fields.childId) body.set('childId', fields.childId);
    body.set('file', file, file.name);
    return this.http.post<PortalDocument>(familyPath(familyId), body);
  }

  familyContentUrl(familyId: string, documentId: string): string {
    return `${familyPath(familyId)}/${encodeURIComponent(documentId)}/content`;
  }

  accept(familyId: string, documentId: string, requestId: string): Observable<PortalDocument> {
    return this.http.post<PortalDocument>(`${familyPath(familyId)}/${encodeURIComponent(documentId)}/accept`, { requestId });
  }

  refuse(familyId: string, documentId: string, requestId: string, reason: string): Observable<PortalDocument> {
    return this.http.post<PortalDocument>(`${familyPath(familyId)}/${encodeURIComponent(documentId)}/refuse`, { requestId, reason });
  }

  publicDocuments(): Observable<PortalDocument[]> {
    return this.http.get<{ items: PortalDocument[] }>('/api/documents/public').pipe(map((r) => r.items));
  }

  publicContentUrl(documentId: string): string {
    return `/api/documents/public/${encodeURIComponent(documentId)}/content`;
  }

  publish(fields: { requestId: string; title: string }, file: File): Observable<PortalDocument> {
    const body = new FormData();
    body.set('requestId', fields.requestId);
    body.set('title', fields.title);
    body.set('file', file, file.name);
    return this.http.post<PortalDocument>('/api/documents/public', body);
  }

  withdraw(documentId: string, requestId: string): Observable<void> {
    return this.http.post<void>(`/api/documents/public/${encodeURIComponent(documentId)}/withdraw`, { requestId });
  }
}

/** What is wrong with a chosen file, in French, before it is sent (the server checks its bytes again). */
export function fileProblem(file: File | null): string | null {
  if (!file) return 'Choisissez un fichier.';
  if (file.size > MAX_DOCUMENT_BYTES) return 'Le fichier dépasse 10 Mo.';
  if (file.type && !ACCEPTED_TYPES.includes(file.type)) return 'Formats acceptés : PDF, JPEG ou PNG.';
  return null;
}

export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo` : `${Math.max(1, Math.round(bytes / 1024))} Ko`;
}
