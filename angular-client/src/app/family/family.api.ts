import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

export type GuardianQuality = 'mere' | 'pere' | 'tuteur' | 'tutrice' | 'beau-parent' | 'famille-accueil' | 'autre';
export type FamilySituation = 'marie' | 'pacse' | 'vie-maritale' | 'celibataire' | 'separe' | 'divorce' | 'veuf' | 'autre';

export interface Phones {
  mobile?: string;
  home?: string;
  work?: string;
}

export interface PostalAddress {
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
}

/** A responsable légal, as the family file holds it (GET /api/families/:id). */
export interface Guardian {
  guardianId?: string;
  civility?: 'Mme' | 'M';
  firstName: string;
  lastName: string;
  email: string;
  quality?: GuardianQuality;
  familySituation?: FamilySituation;
  phones?: Phones;
  address?: PostalAddress;
  communicationConsent?: boolean;
  invoiceDelivery?: 'email' | 'courrier';
  professional?: { occupation?: string; employer?: string; workAddress?: string };
  caf?: { allocataire: boolean; regime?: 'general' | 'msa' | 'autre'; number?: string };
  hasAccount?: boolean;
}

export interface HealthInfo {
  doctor?: { name: string; phone?: string };
  allergies?: string;
  pai?: boolean;
  glasses?: boolean;
  dentalDevice?: boolean;
  hearingAid?: boolean;
  notes?: string;
}

export interface Authorisations {
  sport: boolean;
  photos: boolean;
  leaveAlone: boolean;
  hospitalisation: boolean;
}

export interface ChildContact {
  contactId?: string;
  lastName: string;
  firstName: string;
  relationship: string;
  phone: string;
  canPickUp: boolean;
  emergency: boolean;
}

export interface Child {
  childId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  colour: string;
  schoolClass?: string;
  birthPlace?: string;
  sex?: 'F' | 'M';
  school?: { name?: string; level?: 'maternelle' | 'elementaire'; className?: string };
  photoId?: string;
  health?: HealthInfo;
  authorisations?: Authorisations;
  contacts?: ChildContact[];
}

export interface MissingData {
  target: 'guardian' | 'child' | 'family';
  id: string;
  who: string;
  field: string;
  label: string;
}

export interface PendingChange {
  requestId: string;
  /** What is asked, as the server holds it (a child's new photo names its photoId). */
  change?: { target: 'guardian' | 'child' | 'new-child'; guardianId?: string; childId?: string; changes: { photoId?: string } & Record<string, unknown> };
  summary: string[];
  requestedAt: string;
  status: 'pending';
  statusLabel: string;
}

export interface Family {
  familyId: string;
  name: string;
  status?: 'active' | 'archived';
  subscriberCode?: string | null;
  quotient?: { value: number; updatedOn: string } | null;
  guardians: Guardian[];
  children: Child[];
  pendingChanges?: PendingChange[];
  missingData?: MissingData[];
}

/** A parent's change to the file: pending until the service validates it. Sections are replaced whole. */
export interface ChangeRequest {
  requestId: string;
  target: 'guardian' | 'child' | 'new-child';
  guardianId?: string;
  childId?: string;
  guardian?: Partial<Omit<Guardian, 'guardianId' | 'hasAccount'>>;
  child?: Partial<Omit<Child, 'childId' | 'colour'>>;
}

export interface ActivityPeriod {
  periodId: string;
  label: string;
  kind: 'school_year' | 'holiday_session';
  from: string;
  to: string;
  openWeekdays: number[];
}

/** An activity as parents see it (GET /api/activities). */
export interface Activity {
  activityId: string;
  name: string;
  kind: string;
  facilityName: string;
  startTime?: string;
  endTime?: string;
  periods?: ActivityPeriod[];
  /** open: no enrolment needed; automatic: enrolment accepted by the rules; staff: decided by the service. */
  enrolment?: 'open' | 'automatic' | 'staff';
  processing?: 'automatic' | 'manual';
  deadlineText: string;
  lateBooking?: { activityId: string; name: string; deadlineText: string } | null;
}

/** The parent's home (GET /api/families/:id/dashboard). */
export interface Dashboard {
  familyId: string;
  today: string;
  requests: { unread: number; pending: number; label: string | null };
  invoices: { available: boolean; new: number; label: string | null };
  bookings: {
    upcoming: { childId: string; firstName: string; activityId: string; activityName: string; day: string; status: string; statusLabel: string }[];
    nextMonth: number;
  };
  news: { total: number; latest: { newsId: string; title: string; publishFrom: string }[] };
}

export interface NewsItem {
  newsId: string;
  title: string;
  body: string;
  publishFrom: string;
  publishUntil: string | null;
  audience: { kind: 'commune' } | { kind: 'activity'; activityId: string };
  state: 'current' | 'scheduled' | 'ended' | 'withdrawn';
  stateLabel: string;
  publishedAt: string;
  updatedAt: string;
}

export interface Enrolment {
  familyId: string;
  childId: string;
  activityId: string;
  periodId: string;
  periodLabel: string;
  requestId: string;
  status: 'pending' | 'accepted' | 'refused';
  group: 'maternelle' | 'elementaire' | null;
  typicalWeek: number[] | null;
  requestedAt: string;
}

export interface EnrolmentRequest {
  requestId: string;
  childId: string;
  activityId: string;
  periodId: string;
  typicalWeek?: number[];
}

const familyPath = (familyId: string) => `/api/families/${encodeURIComponent(familyId)}`;

/** Same limits as the server: a JPEG or PNG photo, 5 Mo at most. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'];

/** What is wrong with a chosen photo, in French, or null (the server checks the content again). */
export function photoProblem(file: File | null): string | null {
  if (!file) return 'Choisissez une photo.';
  if (!PHOTO_TYPES.includes(file.type)) return 'Seules les photos JPEG et PNG sont acceptées.';
  if (file.size > MAX_PHOTO_BYTES) return 'La photo dépasse 5 Mo.';
  if (file.size === 0) return 'Ce fichier est vide.';
  return null;
}

export interface PhotoUploaded {
  photoId: string;
  requestId: string;
  /** recorded: set on the file (staff); pending: a parent's change waiting for the service. */
  status: 'recorded' | 'pending';
  statusLabel: string;
}

@Injectable({ providedIn: 'root' })
export class FamilyApi {
  private readonly http = inject(HttpClient);

  family(familyId: string): Observable<Family> {
    return this.http.get<Family>(`/api/families/${encodeURIComponent(familyId)}`);
  }

  activities(): Observable<Activity[]> {
    return this.http.get<{ items: Activity[] }>('/api/activities').pipe(map((r) => r.items));
  }

  requestChange(familyId: string, change: ChangeRequest): Observable<{ requestId: string; status: 'pending'; statusLabel: string }> {
    return this.http.post<{ requestId: string; status: 'pending'; statusLabel: string }>(`${familyPath(familyId)}/change-requests`, change);
  }

  /** A child's photo: set at once by staff, a change waiting for validation when a parent sends it. */
  uploadPhoto(familyId: string, childId: string, requestId: string, file: File): Observable<PhotoUploaded> {
    const body = new FormData();
    body.set('requestId', requestId);
    body.set('file', file, file.name);
    return this.http.post<PhotoUploaded>(`${familyPath(familyId)}/children/${encodeURIComponent(childId)}/photo`, body);
  }

  /** Served to the family's guardians and the commune's staff only (the session cookie goes with the image request). */
  photoUrl(familyId: string, photoId: string): string {
    return `${familyPath(familyId)}/photos/${encodeURIComponent(photoId)}`;
  }

  // --- Staff: edit the file directly, decide parents' changes, the code abonné letter ---------

  recordGuardian(familyId: string, guardianId: string, body: Record<string, unknown>): Observable<Family> {
    return this.http.put<Family>(`${familyPath(familyId)}/guardians/${encodeURIComponent(guardianId)}`, body);
  }

  recordChild(familyId: string, childId: string, body: Record<string, unknown>): Observable<Family> {
    return this.http.put<Family>(`${familyPath(familyId)}/children/${encodeURIComponent(childId)}`, body);
  }

  recordQuotient(familyId: string, body: { requestId: string; value: number; updatedOn: string }): Observable<Family> {
    return this.http.put<Family>(`${familyPath(familyId)}/quotient`, body);
  }

  acceptChange(familyId: string, changeId: string, requestId: string): Observable<Family> {
    return this.http.post<Family>(`${familyPath(familyId)}/change-requests/${encodeURIComponent(changeId)}/accept`, { requestId });
  }

  refuseChange(familyId: string, changeId: string, requestId: string, reason: string): Observable<Family> {
    return this.http.post<Family>(`${familyPath(familyId)}/change-requests/${encodeURIComponent(changeId)}/refuse`, { requestId, reason });
  }

  /** A new code abonné; the previous one stops working. */
  regenerateCode(familyId: string, requestId: string): Observable<{ subscriberCode: string }> {
    return this.http.post<{ subscriberCode: string }>(`${familyPath(familyId)}/subscriber-code`, { requestId });
  }

  letterUrl(familyId: string): string {
    return `${familyPath(familyId)}/subscriber-code-letter.pdf`;
  }

  dashboard(familyId: string): Observable<Dashboard> {
    return this.http.get<Dashboard>(`${familyPath(familyId)}/dashboard`);
  }

  /** The news online for this family (commune and its children's activities). */
  news(familyId: string): Observable<NewsItem[]> {
    return this.http.get<{ items: NewsItem[] }>(`${familyPath(familyId)}/news`, { params: { limit: 100 } }).pipe(map((r) => r.items));
  }

  enrolments(familyId: string): Observable<Enrolment[]> {
    return this.http.get<{ items: Enrolment[] }>(`${familyPath(familyId)}/enrolments`).pipe(map((r) => r.items));
  }

  requestEnrolment(request: EnrolmentRequest): Observable<{ requestId: string; status: 'accepted' | 'pending' | 'refused'; reasonText?: string }> {
    return this.http.post<{ requestId: string; status: 'accepted' | 'pending' | 'refused'; reasonText?: string }>('/api/enrolments', request);
  }
}
