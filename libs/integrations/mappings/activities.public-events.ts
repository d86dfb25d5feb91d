import { describeDeadlineRule, type DeadlineRule } from '@pf/reservations';
import { emit, type JsonSchema, type PublicEventMappings, type PublicEventType } from '../public-event';

export interface ActivityConfiguredV1 {
  activityId: string;
  name: string;
  kind: 'canteen' | 'morning_care' | 'evening_care' | 'wednesday' | 'holiday_centre';
  facilityId: string;
  facilityName: string;
  /** Local times 'HH:MM' in the commune's time zone. */
  startTime: string;
  endTime: string;
  /** ISO weekdays (1 = Monday). */
  openWeekdays: number[];
  opensDuringSchoolHolidays: boolean;
  /** Places per day; null when the activity has no overall limit. */
  capacity: number | null;
  processing: 'automatic' | 'manual';
  deadline: DeadlineRule;
  /** The booking deadline in French, as parents read it. */
  deadlineText: string;
}

const time = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;

const deadlineSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['kind', 'hours'],
      additionalProperties: false,
      properties: { kind: { const: 'hoursBefore' }, hours: { type: 'integer', minimum: 0 } },
    },
    {
      type: 'object',
      required: ['kind', 'days', 'time'],
      additionalProperties: false,
      properties: { kind: { const: 'daysBefore' }, days: { type: 'integer', minimum: 0 }, time },
    },
    {
      type: 'object',
      required: ['kind', 'days', 'time'],
      additionalProperties: false,
      properties: { kind: { const: 'workingDaysBefore' }, days: { type: 'integer', minimum: 0 }, time },
    },
    {
      type: 'object',
      required: ['kind', 'weekday', 'time'],
      additionalProperties: false,
      properties: { kind: { const: 'weekdayOfPreviousWeek' }, weekday: { type: 'integer', minimum: 1, maximum: 7 }, time },
    },
  ],
};

const schema: JsonSchema = {
  type: 'object',
  required: [
    'activityId',
    'name',
    'kind',
    'facilityId',
    'facilityName',
    'startTime',
    'endTime',
    'openWeekdays',
    'opensDuringSchoolHolidays',
    'capacity',
    'processing',
    'deadline',
    'deadlineText',
  ],
  additionalProperties: false,
  properties: {
    activityId: { type: 'string', format: 'uuid' },
    name: { type: 'string', minLength: 1 },
    kind: { type: 'string', enum: ['canteen', 'morning_care', 'evening_care', 'wednesday', 'holiday_centre'] },
    facilityId: { type: 'string', minLength: 1 },
    facilityName: { type: 'string', minLength: 1 },
    startTime: time,
    endTime: time,
    openWeekdays: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 }, minItems: 1, uniqueItems: true },
    opensDuringSchoolHolidays: { type: 'boolean' },
    capacity: { type: 'integer', minimum: 0, nullable: true },
    processing: { type: 'string', enum: ['automatic', 'manual'] },
    deadline: deadlineSchema,
    deadlineText: { type: 'string', minLength: 1 },
  },
};

export const activityConfiguredV1: PublicEventType<ActivityConfiguredV1> = {
  type: 'activity.configured',
  version: 1,
  meaning: {
    fr: 'Le service a créé ou modifié une activité (cantine, garderie, mercredi, centre de loisirs) : créneau, jours d’ouverture, places par jour et délai de prévenance. Le dernier reçu pour une activité fait foi.',
    en: 'The service created or changed an activity (canteen, after-school care, Wednesday, holiday centre): time slot, opening days, places per day and booking deadline. The latest one received for an activity is the one in force.',
  },
  schema,
  example: {
    activityId: '3c2b1a09-8f7e-5d6c-9b5a-4f3e2d1c0b9a',
    name: 'Restaurant scolaire',
    kind: 'canteen',
    facilityId: 'restaurant-jules-ferry',
    facilityName: 'Restaurant scolaire Jules-Ferry',
    startTime: '11:45',
    endTime: '13:30',
    openWeekdays: [1, 2, 4, 5],
    opensDuringSchoolHolidays: false,
    capacity: 99,
    processing: 'automatic',
    deadline: { kind: 'hoursBefore', hours: 48 },
    deadlineText: 'au plus tard 48 heures avant',
  },
  scopes: { accounting: 'full', 'caf-statistics': 'full', 'school-software': 'full' },
};

/** The fields of the internal ActivityConfigured event this mapping reads (its other fields may change freely). */
type ActivityConfiguredData = Omit<ActivityConfiguredV1, 'deadlineText'> & { communeId: string };

/** Activities carry no personal data: every scope receives them whole. */
export const activityPublicEvents: PublicEventMappings = {
  types: [activityConfiguredV1],
  map: {
    ActivityConfigured: (event) => {
      const a = event.data as ActivityConfiguredData;
      return [
        emit(activityConfiguredV1, {
          activityId: a.activityId,
          name: a.name,
          kind: a.kind,
          facilityId: a.facilityId,
          facilityName: a.facilityName,
          startTime: a.startTime,
          endTime: a.endTime,
          openWeekdays: a.openWeekdays,
          opensDuringSchoolHolidays: a.opensDuringSchoolHolidays,
          capacity: a.capacity,
          processing: a.processing,
          deadline: a.deadline,
          deadlineText: describeDeadlineRule(a.deadline),
        }),
      ];
    },
  },
};
