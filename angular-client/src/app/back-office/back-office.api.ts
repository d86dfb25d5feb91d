import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { FamilyRequest, RequestStatus } from '../requests/requests.api';

export interface QueueItem extends FamilyRequest {
  familyId: string;
  familyName: string;
}

export interface QueueResult {
  total: number;
  limit: number;
  offset: number;
  items: QueueItem[];
}

export interface QueueFilters {
  status?: RequestStatus | '';
  kind?: string;
  activityId?: string;
  familyId?: string;
  day?: string;
  limit?: number;
  offset?: number;
}

export interface StaffActivity {
  activityId: string;
  name: string;
  kind: string;
  facilityId: string;
  facilityName: string;
  startTime: string;
  endTime: string;
  openWeekdays: number[];
  opensDuringSchoolHolidays: boolean;
  deadline: DeadlineRule;
  deadlineText: string;
  capacity: number | null;
  processing: 'automatic' | 'manual';
  periods: { periodId: string; label: string; kind: 'school_year' | 'holiday_session'; from: string; to: string; openWeekdays: number[] }[];
  groups: { group: 'maternelle' | 'elementaire'; capacity: number | null }[];
  closedDays: { day: string; reason: string }[];
  enrolment: 'open' | 'automatic' | 'staff';
  lateBookingOf: string | null;
}

export type DeadlineRule =
  | { kind: 'hoursBefore'; hours: number }
  | { kind: 'daysBefore'; days: number; time?: string }
  | { kind: 'workingDaysBefore'; days: number; time?: string }
  | { kind: 'weekdayOfPreviousWeek'; weekday: number; time?: string };

export interface Facility {
  facilityId: string;
  name: string;
  address: string | null;
}

export interface OccupancyDay {
  day: string;
  booked: number;
  byGroup: { maternelle: number; elementaire: number };
  waiting: number;
  pending: number;
  present: number;
  absent: number;
  unexpected: number;
  free: number | null;
}

export interface Occupancy {
  activityId: string;
  name: string;
  capacity: { total: number | null; groups: { group: 'maternelle' | 'elementaire'; capacity: number | null }[] };
  days: OccupancyDay[];
}

export interface AttendanceRow {
  childId: string;
  familyId: string;
  firstName: string;
  lastName: string;
  group: 'maternelle' | 'elementaire' | null;
  expected: boolean;
  attendance: 'present' | 'absent' | null;
  /** `certificateRefused`: why the service refused the medical certificate sent with it (the day is billed). */
  absence: { reason: string; justified: boolean; certificateDocumentId?: string; certificateRefused?: string } | null;
  lateBooking: boolean;
}

/** What a decision on several requests of any kind did to each (POST /api/staff/bulk-decisions). */
export interface BulkDecisionResult {
  requestId: string;
  kind: string;
  kindLabel: string;
  description: string;
  /** decided: recorded; failed: nothing changed for this request (see code and message). */
  outcome: 'decided' | 'failed';
  status: RequestStatus;
  statusLabel: string;
  code?: string;
  message?: string;
}

export interface BulkDecisions {
  decided: number;
  failed: number;
  results: BulkDecisionResult[];
}

/** A child of the commune, for the register: someone present without a booking. */
export interface CommuneChild {
  childId: string;
  familyId: string;
  firstName: string;
  lastName: string;
  familyName: string;
}

export interface AttendanceSheet {
  activityId: string;
  name: string;
  day: string;
  items: AttendanceRow[];
}

export interface AuditItem {
  position: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { kind: string; id: string; name: string | null };
  actorLabel: string;
  channel: string | null;
  streamId: string;
  correlationId: string | null;
  causationId: string | null;
  data: unknown;
}

export interface AuditPage {
  total: number;
  limit: number;
  offset: number;
  items: AuditItem[];
}

export interface AuditFilters {
  type?: string;
  from?: string;
  to?: string;
  actorKind?: string;
  limit?: number;
  offset?: number;
}

export type AuditKind = 'family' | 'child' | 'request' | 'invoice' | 'activity' | 'payment' | 'news';

const params = (filters: object): HttpParams => {
  let p = new HttpParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') p = p.set(key, String(value));
  }
  return p;
};

/** The back office's calls, as the controllers define them (requests, reservations, activities, audit, news, families). */
@Injectable({ providedIn: 'root' })
export class BackOfficeApi {
  private readonly http = inject(HttpClient);

  queue(filters: QueueFilters): Observable<QueueResult> {
    return this.http.get<QueueResult>('/api/requests', { params: params({ status: 'pending', ...filters }) });
  }

  request(familyId: string, requestId: string): Observable<FamilyRequest> {
    return this.http.get<FamilyRequest>(`/api/families/${encodeURIComponent(familyId)}/requests/${encodeURIComponent(requestId)}`);
  }

  /** Accept or refuse pending requests (enrolments, bookings, cancellations), all or nothing. */
  decide(body: { requestId: string; decision: 'accept' | 'refuse'; message?: string; targets: { requestId: string; day?: string }[] }): Observable<{ decided: number }> {
    return this.http.post<{ decided: number }>('/api/staff/decisions', body);
  }

  /** Accept or refuse requests of any kind, each through its own kind's command; the answer says what happened to each. */
  bulkDecide(body: { requestId: string; decision: 'accept' | 'refuse'; message?: string; targets: { requestId: string }[] }): Observable<BulkDecisions> {
    return this.http.post<BulkDecisions>('/api/staff/bulk-decisions', body);
  }

  /** Every child of the commune's open family files (for a presence without booking on the register). */
  communeChildren(): Observable<CommuneChild[]> {
    return this.http
      .get<{ items: { familyId: string; name: string; status: string; children: { childId: string; firstName: string; lastName: string }[] }[] }>('/api/families')
      .pipe(
        map((r) =>
          r.items
            .filter((f) => f.status !== 'archived')
            .flatMap((f) => f.children.map((c) => ({ childId: c.childId, familyId: f.familyId, firstName: c.firstName, lastName: c.lastName, familyName: f.name }))),
        ),
      );
  }

  answerContact(familyId: string, contactId: string, body: { requestId: string; text: string }): Observable<FamilyRequest> {
    return this.http.post<FamilyRequest>(`/api/families/${encodeURIComponent(familyId)}/contact/${encodeURIComponent(contactId)}/answers`, body);
  }

  acceptChange(familyId: string, changeId: string, requestId: string): Observable<unknown> {
    return this.http.post(`/api/families/${encodeURIComponent(familyId)}/change-requests/${encodeURIComponent(changeId)}/accept`, { requestId });
  }

  refuseChange(familyId: string, changeId: string, requestId: string, reason: string): Observable<unknown> {
    return this.http.post(`/api/families/${encodeURIComponent(familyId)}/change-requests/${encodeURIComponent(changeId)}/refuse`, { requestId, reason });
  }

  activities(): Observable<StaffActivity[]> {
    return this.http.get<{ items: StaffActivity[] }>('/api/staff/activities').pipe(map((r) => r.items));
  }

  /** Without `activityId`, a new activity: the server gives its id. */
  configureActivity(body: Omit<StaffActivity, 'activityId' | 'deadlineText' | 'facilityName'> & { activityId?: string; requestId: string }): Observable<{ activityId: string }> {
    return this.http.post<{ activityId: string }>('/api/staff/activities', body);
  }

  facilities(): Observable<Facility[]> {
    return this.http.get<{ items: Facility[] }>('/api/staff/facilities').pipe(map((r) => r.items));
  }

  occupancy(activityId: string, from: string, to: string): Observable<Occupancy> {
    return this.http.get<Occupancy>('/api/staff/occupancy', { params: params({ activityId, from, to }) });
  }

  attendance(activityId: string, day: string): Observable<AttendanceSheet> {
    return this.http.get<AttendanceSheet>('/api/staff/attendance', { params: params({ activityId, day }) });
  }

  recordAttendance(body: { requestId: string; activityId: string; day: string; marks: { childId: string; status: 'present' | 'absent' }[] }): Observable<{ recorded: number }> {
    return this.http.post<{ recorded: number }>('/api/staff/attendance', body);
  }

  audit(kind: AuditKind, id: string, filters: AuditFilters): Observable<AuditPage> {
    return this.http.get<AuditPage>(`/api/audit/${kind}/${encodeURIComponent(id)}`, { params: params(filters) });
  }

  auditCsvUrl(kind: AuditKind, id: string, filters: AuditFilters): string {
    const { limit: _l, offset: _o, ...rest } = filters;
    const query = params(rest).toString();
    return `/api/audit/${kind}/${encodeURIComponent(id)}/export.csv${query ? `?${query}` : ''}`;
  }
}
