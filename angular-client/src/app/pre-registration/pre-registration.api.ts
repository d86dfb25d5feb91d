import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Civility } from '../auth/auth.models';

/** A commune served by the portal, as the public list gives it (GET /api/communes). */
export interface PublicCommune {
  communeId: string;
  name: string;
  serviceName: string;
}

export interface CommunePage {
  items: PublicCommune[];
  total: number;
  limit: number;
  offset: number;
}

export interface PreRegistrationGuardian {
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
  quality?: string;
  phones?: { mobile?: string; home?: string; work?: string };
  address?: { line1: string; line2?: string; postcode: string; city: string };
}

export interface PreRegistrationChild {
  firstName: string;
  lastName: string;
  birthDate: string;
  sex?: 'F' | 'M';
  schoolClass?: string;
}

/** POST /api/pre-registrations (libs/families/pre-registration.controller.ts). */
export interface PreRegistrationRequest {
  requestId: string;
  communeId: string;
  guardians: PreRegistrationGuardian[];
  children: PreRegistrationChild[];
  message?: string;
}

export interface PreRegistrationSent {
  preRegistrationId: string;
  status: 'pending';
}

/** The public side of pre-registration: no session, no CSRF cookie needed for reads. */
@Injectable({ providedIn: 'root' })
export class PreRegistrationApi {
  private readonly http = inject(HttpClient);

  communes(search: string, offset = 0, limit = 50): Observable<CommunePage> {
    let params = new HttpParams().set('limit', limit).set('offset', offset);
    if (search.trim()) params = params.set('q', search.trim());
    return this.http.get<CommunePage>('/api/communes', { params });
  }

  submit(request: PreRegistrationRequest): Observable<PreRegistrationSent> {
    return this.http.post<PreRegistrationSent>('/api/pre-registrations', request);
  }
}
