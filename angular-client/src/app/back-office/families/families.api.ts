import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Civility } from '../../auth/auth.models';

export interface FamilySummary {
  familyId: string;
  name: string;
  subscriberCode: string | null;
  missingData?: number;
  guardians: { firstName: string; lastName: string; email: string; hasAccount?: boolean }[];
  children: { childId: string; firstName: string; lastName: string; birthDate: string }[];
}

export interface OpenFamilyFileRequest {
  requestId: string;
  guardian: { civility: Civility; lastName: string; firstName: string; email: string };
  children: { firstName: string; lastName: string; birthDate: string; schoolClass?: string }[];
}

export interface OpenedFamilyFile {
  familyId: string;
  name: string;
  subscriberCode: string;
  children: { childId: string; firstName: string }[];
}

@Injectable({ providedIn: 'root' })
export class FamiliesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<FamilySummary[]> {
    return this.http.get<{ items: FamilySummary[] }>('/api/families').pipe(map((r) => r.items));
  }

  open(request: OpenFamilyFileRequest): Observable<OpenedFamilyFile> {
    return this.http.post<OpenedFamilyFile>('/api/families', request);
  }
}
