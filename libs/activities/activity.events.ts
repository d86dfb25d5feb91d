import type { DomainEvent } from '@pf/event-sourcing';
import type { DeadlineRule } from '@pf/reservations';

export type ActivityKind = 'canteen' | 'morning_care' | 'evening_care' | 'wednesday' | 'holiday_centre';

/** School groups: maternelle (2–5 years in the school year) and élémentaire (CP–CM2). */
export type ChildGroup = 'maternelle' | 'elementaire';
export const CHILD_GROUPS: readonly ChildGroup[] = ['maternelle', 'elementaire'];
export const CHILD_GROUP_LABELS: Record<ChildGroup, string> = { maternelle: 'maternelle', elementaire: 'élémentaire' };

/** A period the activity runs over, e.g. the school year or a holiday session; a child enrols per period. */
export interface ActivityPeriod {
  periodId: string;
  /** French: « Année scolaire 2026-2027 », « Vacances de la Toussaint 2026 ». */
  label: string;
  kind: 'school_year' | 'holiday_session';
  /** First and last days, 'YYYY-MM-DD', inclusive. */
  from: string;
  to: string;
  /** ISO weekdays the activity runs on in this period (1 = Monday). */
  openWeekdays: number[];
}

/** A group the activity welcomes, with its own places per day (null: only the total counts). */
export interface ActivityGroup {
  group: ChildGroup;
  capacity: number | null;
}

/** A day the service closes this activity (« journée pédagogique », a bridge…), with the reason told to parents. */
export interface ActivityClosedDay {
  day: string;
  reason: string;
}

/**
 * Who may book:
 * - 'open': every child of the commune whose group the activity welcomes (no enrolment request);
 * - 'automatic': enrolled children; an enrolment request is accepted at once by the rules;
 * - 'staff': enrolled children; the service accepts or refuses each enrolment request.
 */
export type EnrolmentPolicy = 'open' | 'automatic' | 'staff';

export interface ActivityConfiguration {
  activityId: string;
  communeId: string;
  facilityId: string;
  facilityName: string;
  name: string;
  kind: ActivityKind;
  /** The time slot: local times 'HH:MM' in the commune's time zone. */
  startTime: string;
  endTime: string;
  /** ISO weekdays the activity usually runs on (1 = Monday); each period states its own. */
  openWeekdays: number[];
  /** School-time activities close during school holidays; a holiday centre opens then. */
  opensDuringSchoolHolidays: boolean;
  deadline: DeadlineRule;
  /** Places per day, all groups together; null when only group places (or nothing) limit. */
  capacity: number | null;
  /** 'automatic': rules decide at once; 'manual': staff decide each request. */
  processing: 'automatic' | 'manual';
  /** Bookable only within these periods. */
  periods: ActivityPeriod[];
  /** Groups welcomed; empty: every child, whatever the group. */
  groups: ActivityGroup[];
  closedDays: ActivityClosedDay[];
  enrolment: EnrolmentPolicy;
  /**
   * Set on a late-booking activity (« Repas non prévu, majoration »): the activity whose places it
   * books once that activity's deadline is past, until its own `deadline`. Billed at its own tariff.
   */
  lateBookingOf: string | null;
}

/** Fields added after the first shipped shape (schemaVersion 1), with the meaning they had then. */
const V1_DEFAULTS: Pick<ActivityConfiguration, 'periods' | 'groups' | 'closedDays' | 'enrolment' | 'lateBookingOf'> = {
  periods: [],
  groups: [],
  closedDays: [],
  enrolment: 'open',
  lateBookingOf: null,
};

/** Reads an ActivityConfigured payload of any schema version as the current shape. */
export function upcastActivityConfiguration(data: unknown): ActivityConfiguration {
  return { ...V1_DEFAULTS, ...(data as Partial<ActivityConfiguration>) } as ActivityConfiguration;
}

export type ActivityConfigured = DomainEvent<'ActivityConfigured', ActivityConfiguration>;
export type ActivityEvent = ActivityConfigured;

export const ACTIVITY_CONFIGURED_SCHEMA = 2;

export const activityStream = (communeId: string, activityId: string) => `activity-${communeId}.${activityId}`;

/** An équipement (accueil périscolaire, restaurant scolaire, centre de loisirs) offering activities. */
export interface FacilityConfiguration {
  facilityId: string;
  name: string;
  /** Postal address shown to parents, optional. */
  address: string | null;
}

export type FacilityConfigured = DomainEvent<'FacilityConfigured', FacilityConfiguration>;
export type FacilityEvent = FacilityConfigured;

export const facilityStream = (communeId: string, facilityId: string) => `facility-${communeId}.${facilityId}`;
