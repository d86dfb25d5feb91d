import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  AbsenceRequest,
  CancellationOutcome,
  CancellationPeriodFields,
  CancellationPreview,
  CancellationRequest,
  CopyOutcome,
  CopyPreview,
  SelectedDay,
  DayRequestOutcome,
  PeriodFields,
  PeriodOutcome,
  PeriodPreview,
  Planning,
  PriceEstimate,
  ReservationOutcome,
  ReservationRequest,
} from './planning.models';

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

  cancel(request: CancellationRequest): Observable<DayRequestOutcome> {
    return this.http.post<DayRequestOutcome>('/api/reservations/cancellations', request);
  }

  declareAbsence(request: AbsenceRequest): Observable<DayRequestOutcome> {
    return this.http.post<DayRequestOutcome>('/api/reservations/absences', request);
  }

  /** An absence for illness with its medical certificate (PDF or photo), sent as multipart/form-data. */
  declareAbsenceWithCertificate(request: { requestId: string; childId: string; activityId: string; day: string }, file: File): Observable<DayRequestOutcome> {
    const body = new FormData();
    for (const [key, value] of Object.entries(request)) body.set(key, value);
    body.set('file', file, file.name);
    return this.http.post<DayRequestOutcome>('/api/reservations/absences/with-certificate', body);
  }

  /** « Recopier la sélection »: what copying the chosen days of a week until `until` would give; writes nothing. */
  copyPreview(selection: SelectedDay[], until: string): Observable<CopyPreview> {
    return this.http.post<CopyPreview>('/api/reservations/copies/preview', { selection, until });
  }

  copy(requestId: string, selection: SelectedDay[], until: string): Observable<CopyOutcome> {
    return this.http.post<CopyOutcome>('/api/reservations/copies', { requestId, selection, until });
  }

  /** What cancelling the child's days of a period would give, day by day; writes nothing. */
  cancellationPreview(fields: CancellationPeriodFields): Observable<CancellationPreview> {
    return this.http.post<CancellationPreview>('/api/reservations/cancellations/preview', fields);
  }

  cancelPeriod(request: CancellationPeriodFields & { requestId: string }): Observable<CancellationOutcome> {
    return this.http.post<CancellationOutcome>('/api/reservations/cancellations/period', request);
  }

  /** What a period booking would give, day by day, decided on the current state; writes nothing. */
  preview(fields: PeriodFields): Observable<PeriodPreview> {
    return this.http.post<PeriodPreview>('/api/reservations/preview', fields);
  }

  /** The price of days about to be booked for a child (accepted or waiting for the service in a preview); writes nothing. */
  estimate(familyId: string, childId: string, days: { activityId: string; day: string; lateActivityId?: string }[]): Observable<PriceEstimate> {
    return this.http.post<PriceEstimate>(`/api/families/${encodeURIComponent(familyId)}/price-estimates`, { childId, days });
  }

  bookPeriod(request: PeriodFields & { requestId: string }): Observable<PeriodOutcome> {
    return this.http.post<PeriodOutcome>('/api/reservations/period', request);
  }
}
