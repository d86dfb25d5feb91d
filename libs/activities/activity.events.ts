import type { DomainEvent } from '@pf/event-sourcing';
import type { DeadlineRule } from '../reservations/deadline-rules';

export type ActivityKind = 'canteen' | 'morning_care' | 'evening_care' | 'wednesday' | 'holiday_centre';

export interface ActivityConfiguration {
  activityId: string;
  communeId: string;
  facilityId: string;
  facilityName: string;
  name: string;
  kind: ActivityKind;
  /** Local times 'HH:MM' in the commune's time zone. */
  startTime: string;
  endTime: string;
  /** ISO weekdays the activity runs on (1 = Monday). */
  openWeekdays: number[];
  /** School-time activities close during school holidays; a holiday centre opens then. */
  opensDuringSchoolHolidays: boolean;
  deadline: DeadlineRule;
  /** Places per day; null when the activity has no limit. */
  capacity: number | null;
  /** 'automatic': rules decide at once; 'manual': staff decide each request. */
  processing: 'automatic' | 'manual';
}

export type ActivityConfigured = DomainEvent<'ActivityConfigured', ActivityConfiguration>;
export type ActivityEvent = ActivityConfigured;

export const activityStream = (communeId: string, activityId: string) => `activity-${communeId}.${activityId}`;
