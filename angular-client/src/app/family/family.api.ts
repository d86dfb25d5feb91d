import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

export interface Guardian {
  civility?: 'Mme' | 'M';
  firstName: string;
  lastName: string;
  email: string;
}

export interface Child {
  childId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  colour: string;
}

export interface Family {
  familyId: string;
  name: string;
  guardians: Guardian[];
  children: Child[];
}

export interface Activity {
  activityId: string;
  name: string;
  kind: string;
  facilityName: string;
  deadlineText: string;
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
}
