import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { newRequestId } from '../shared/request-id';

export type RequestStatus = 'pending' | 'accepted' | 'partially_accepted' | 'refused' | 'waitlisted' | 'cancelled' | 'answered';

export interface TimelineStep {
  at: string;
  type: string;
  label: string;
  actor: { kind: string; name?: string };
  /** « Parent », « Agent du service », « Règle automatique »… */
  actorLabel?: string;
  channel?: string;
  reasonText?: string;
}

export interface RequestMessage {
  at: string;
  from: 'family' | 'staff';
  authorName?: string;
  text: string;
}

export interface FamilyRequest {
  requestId: string;
  reference: string;
  kind: string;
  kindLabel?: string;
  submittedAt: string;
  updatedAt?: string;
  childId?: string | null;
  activityId?: string | null;
  firstDay?: string | null;
  lastDay?: string | null;
  messages?: RequestMessage[];
  description: string;
  status: RequestStatus;
  statusLabel: string;
  reasonText?: string | null;
  unread: boolean;
  timeline: TimelineStep[];
}

export interface FamilyRequests {
  total: number;
  /** Unread requests of the family, whatever the page. */
  unreadCount?: number;
  items: FamilyRequest[];
}

const base = (familyId: string) => `/api/families/${encodeURIComponent(familyId)}`;

@Injectable({ providedIn: 'root' })
export class RequestsApi {
  private readonly http = inject(HttpClient);

  list(familyId: string): Observable<FamilyRequests> {
    return this.http.get<FamilyRequests>(`${base(familyId)}/requests`, { params: { limit: 200 } });
  }

  one(familyId: string, requestId: string): Observable<FamilyRequest> {
    return this.http.get<FamilyRequest>(`${base(familyId)}/requests/${encodeURIComponent(requestId)}`);
  }

  markRead(familyId: string, requestId: string): Observable<{ marked: number; unreadCount: number }> {
    return this.http.post<{ marked: number; unreadCount: number }>(
      `${base(familyId)}/requests/${encodeURIComponent(requestId)}/mark-read`,
      { requestId: newRequestId() },
    );
  }

  /** A parent adds a message to a « Message au service » thread (a contact request). */
  followUp(familyId: string, contactId: string, body: { requestId: string; text: string }): Observable<FamilyRequest> {
    return this.http.post<FamilyRequest>(`${base(familyId)}/contact/${encodeURIComponent(contactId)}/messages`, body);
  }

  markAllRead(familyId: string): Observable<{ marked: number; unreadCount: number }> {
    return this.http.post<{ marked: number; unreadCount: number }>(`${base(familyId)}/requests/mark-all-read`, {
      requestId: newRequestId(),
    });
  }
}

/** Who acted: their name and what they are (« Camille Bernard (Parent) »), or the best we know. */
export function actorText(step: Pick<TimelineStep, 'actor' | 'actorLabel'>): string {
  const { actor, actorLabel } = step;
  if (actor.name && actorLabel && actorLabel !== actor.name) return `${actor.name} (${actorLabel})`;
  if (actor.name) return actor.name;
  if (actorLabel) return actorLabel;
  switch (actor.kind) {
    case 'guardian':
      return 'Vous';
    case 'staff':
      return 'Service enfance';
    case 'system':
      return 'Traitement automatique';
    case 'integration':
      return 'Logiciel de la commune';
    default:
      return actor.kind;
  }
}

export function channelText(channel: string | undefined): string | null {
  switch (channel) {
    case undefined:
    case '':
      return null;
    case 'web':
    case 'portal':
      return 'Portail famille';
    case 'back-office':
      return 'Espace des agents';
    case 'counter':
      return 'Accueil de la mairie';
    case 'phone':
      return 'Téléphone';
    case 'email':
      return 'E-mail';
    case 'mail':
      return 'Courrier';
    case 'system':
      return 'Automatique';
    case 'api':
      return 'Échange informatique';
    default:
      return channel;
  }
}
