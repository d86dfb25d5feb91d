import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** The figures of GET /api/statistics/attendance (AttendanceFiguresDto in the OpenAPI document). */
export interface AttendanceFigures {
  booked: number;
  present: number;
  unexpected: number;
  absentJustified: number;
  absentUnjustified: number;
  notRecorded: number;
  billed: number;
  children: number;
  presentHours: number;
  billedHours: number;
}

export type AgeGroup = 'under_6' | 'six_and_over' | 'unknown';
export type FiguresByAgeGroup = Record<AgeGroup, AttendanceFigures>;

export interface MonthStatistics {
  month: string;
  from: string;
  to: string;
  byAgeGroup: FiguresByAgeGroup;
  total: AttendanceFigures;
}

export interface ActivityStatistics {
  activityId: string;
  name: string;
  facilityName: string;
  slot: { startTime: string; endTime: string; minutes: number };
  months: MonthStatistics[];
  byAgeGroup: FiguresByAgeGroup;
  total: AttendanceFigures;
}

export interface AttendanceStatistics {
  from: string;
  to: string;
  asOf: string;
  activities: ActivityStatistics[];
  total: { byAgeGroup: FiguresByAgeGroup; total: AttendanceFigures };
}

/** A month ('YYYY-MM'), or a period from / to ('YYYY-MM-DD'); optionally one activity. */
export type StatisticsFilters = ({ month: string } | { from: string; to: string }) & { activityId?: string };

function paramsOf(filters: StatisticsFilters): HttpParams {
  let params = new HttpParams();
  if ('month' in filters) params = params.set('month', filters.month);
  else params = params.set('from', filters.from).set('to', filters.to);
  if (filters.activityId) params = params.set('activityId', filters.activityId);
  return params;
}

@Injectable({ providedIn: 'root' })
export class StatisticsApi {
  private readonly http = inject(HttpClient);

  attendance(filters: StatisticsFilters): Observable<AttendanceStatistics> {
    return this.http.get<AttendanceStatistics>('/api/statistics/attendance', { params: paramsOf(filters) });
  }

  /** The same figures as a CSV file, downloaded by the browser with the session cookie. */
  attendanceCsvUrl(filters: StatisticsFilters): string {
    return `/api/statistics/attendance.csv?${paramsOf(filters).toString()}`;
  }
}
