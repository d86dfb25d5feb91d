import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export type RequestStatus = 'pending' | 'accepted' | 'refused' | 'waitlisted' | 'cancelled';

export interface TimelineStep {
  at: string;
  type: string;
  label: string;
  actor: { kind: string; name?: string };
  channel?: string;
  reasonText?: string;
}

export interface FamilyRequest {
  requestId: string;
  reference: string;
  kind: string;
  submittedAt: string;
  description: string;
  status: RequestStatus;
  statusLabel: string;
  reasonText?: string;
  unread: boolean;
  timeline: TimelineStep[];
}

export interface FamilyRequests {
  total: number;
  items: FamilyRequest[];
}

@Injectable({ providedIn: 'root' })
export class RequestsApi {
  private readonly http = inject(HttpClient);

  list(familyId: string): Observable<FamilyRequests> {
    return this.http.get<FamilyRequests>(`/api/families/${encodeURIComponent(familyId)}/requests`);
  }
}

/** Words for who acted and through which channel, when the API gives only a code. */
export function actorText(actor: TimelineStep['actor']): string {
  if (actor.name) return actor.name;
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
