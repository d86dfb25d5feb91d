import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Planning, ReservationOutcome, ReservationRequest } from './planning.models';

@Injectable({ providedIn: 'root' })
export class PlanningApi {
  private readonly http = inject(HttpClient);

  planning(familyId: string, from: string, to: string): Observable<Planning> {
    const params = new HttpParams().set('from', from).set('to', to);
    return this.http.get<Planning>(`/api/families/${encodeURIComponent(familyId)}/planning`, { params });
  }

  book(request: ReservationRequest): Observable<ReservationOutcome> {
    return this.http.post<ReservationOutcome>('/api/reservations', request);
  }
}
