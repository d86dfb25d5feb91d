import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map, shareReplay } from 'rxjs';

/** Scopes of integrator keys (libs/integrations/scopes.ts). */
export type IntegratorScope = 'accounting' | 'caf-statistics' | 'school-software';

export interface IntegratorKey {
  keyId: string;
  label: string;
  scope: IntegratorScope;
  keyPrefix: string;
  status: 'active' | 'revoked';
  statusLabel: string;
  issuedAt: string;
  issuedBy: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** The key itself is in this answer only: the portal keeps its hash. */
export interface IssuedKey {
  keyId: string;
  key: string;
  keyPrefix: string;
  label: string;
  scope: IntegratorScope;
  notice: string;
}

export interface Webhook {
  subscriptionId: string;
  keyId: string;
  keyLabel: string | null;
  url: string;
  eventTypes: string[];
  status: 'active' | 'cancelled';
  statusLabel: string;
  startAfter: number;
  createdAt: string;
  previousSecretExpiresAt: string | null;
  delivery: { deliveredUpTo: number; failedAttempts: number; lastDeliveredAt: string | null; lastError: string | null };
}

export interface SubscribedWebhook {
  subscriptionId: string;
  url: string;
  eventTypes: string[];
  startAfter: number;
  secret: string;
  notice: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  version: number;
  position: number;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'failed';
  outcomeLabel: string;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  retryInMs: number | null;
}

/** What the public catalogue says of each scope and type (GET /api/events/catalogue). */
export interface Catalogue {
  scopes: Array<{ scope: IntegratorScope; meaning: { fr: string }; typeVersions: string[] }>;
  types: Array<{ typeVersion: string; type: string; version: number; latest: boolean; deprecated: unknown; meaning: { fr: string } }>;
}

/** Integrators' keys and webhooks, for the commune's staff (libs/integrations/integrations.controller.ts). */
@Injectable({ providedIn: 'root' })
export class IntegrationsApi {
  private readonly http = inject(HttpClient);
  private catalogue$?: Observable<Catalogue>;

  keys(): Observable<IntegratorKey[]> {
    return this.http.get<{ items: IntegratorKey[] }>('/api/integrations/keys').pipe(map((r) => r.items));
  }

  issueKey(body: { requestId: string; label: string; scope: IntegratorScope }): Observable<IssuedKey> {
    return this.http.post<IssuedKey>('/api/integrations/keys', body);
  }

  revokeKey(keyId: string, requestId: string): Observable<IntegratorKey> {
    return this.http.post<IntegratorKey>(`/api/integrations/keys/${keyId}/revoke`, { requestId });
  }

  webhooks(): Observable<Webhook[]> {
    return this.http.get<{ items: Webhook[] }>('/api/integrations/webhooks').pipe(map((r) => r.items));
  }

  webhook(id: string): Observable<Webhook> {
    return this.http.get<Webhook>(`/api/integrations/webhooks/${id}`);
  }

  subscribe(keyId: string, body: { requestId: string; url: string; eventTypes: string[]; after?: number }): Observable<SubscribedWebhook> {
    return this.http.post<SubscribedWebhook>(`/api/integrations/keys/${keyId}/webhooks`, body);
  }

  unsubscribe(id: string, requestId: string): Observable<Webhook> {
    return this.http.post<Webhook>(`/api/integrations/webhooks/${id}/unsubscribe`, { requestId });
  }

  replay(id: string, requestId: string, after: number): Observable<Webhook> {
    return this.http.post<Webhook>(`/api/integrations/webhooks/${id}/replay`, { requestId, after });
  }

  deliveries(id: string, limit = 100): Observable<Delivery[]> {
    return this.http.get<{ items: Delivery[] }>(`/api/integrations/webhooks/${id}/deliveries`, { params: new HttpParams().set('limit', limit) }).pipe(map((r) => r.items));
  }

  /** The catalogue does not change while the portal runs: read once per visit. */
  catalogue(): Observable<Catalogue> {
    return (this.catalogue$ ??= this.http.get<Catalogue>('/api/events/catalogue').pipe(shareReplay({ bufferSize: 1, refCount: false })));
  }
}

export const SCOPE_LABELS: Record<IntegratorScope, string> = {
  accounting: 'Comptabilité et facturation',
  'caf-statistics': 'Statistiques CAF (sans nom)',
  'school-software': 'Logiciel scolaire',
};

const ERRORS: Record<string, string> = {
  TIMEOUT: 'pas de réponse dans le délai',
  ECONNREFUSED: 'connexion refusée (le logiciel est-il arrêté ?)',
  ECONNRESET: 'connexion interrompue',
  ENOTFOUND: 'nom de domaine introuvable',
  EAI_AGAIN: 'nom de domaine introuvable pour le moment',
  REDIRECT_NOT_FOLLOWED: 'redirection non suivie',
  WEBHOOK_URL_PRIVATE_ADDRESS: 'adresse privée ou locale refusée',
  ABORTED: 'envoi interrompu (arrêt du portail)',
};

/** What went wrong on a delivery, in words (the dispatcher's codes: HTTP_500, TIMEOUT, ECONNREFUSED…). */
export function failureText(error: string | null, httpStatus: number | null = null): string {
  const status = httpStatus ?? Number(/^HTTP_(\d{3})$/.exec(error ?? '')?.[1] ?? NaN);
  if (Number.isInteger(status)) return `le logiciel a répondu HTTP ${status}`;
  if (!error) return 'erreur inconnue';
  return ERRORS[error] ?? `erreur ${error}`;
}
