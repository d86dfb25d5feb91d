import { asDayEvents } from '@pf/reservations';
import { emit, type JsonSchema, type Meaning, type PublicEventDraft, type PublicEventFacts, type PublicEventMapper, type PublicEventMappings, type PublicEventType, type ScopeView } from '../public-event';
import { ageGroup, ageOn, type AgeGroup } from './ages';

/** The fields of the internal reservation events this mapping reads (their other fields may change freely). */
interface ReservationKey {
  requestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
}
type Data<T extends string> = T extends 'ReservationRefused'
  ? ReservationKey & { reasonCode: string; reasonText: string }
  : T extends 'ReservationWaitlisted'
    ? ReservationKey & { rank: number }
    : ReservationKey;

export interface ReservationV1 {
  /** The parent's request (« Mes demandes »): the same id runs through requested → accepted / refused / waitlisted. */
  requestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  /** 'YYYY-MM-DD' in the commune's calendar. */
  day: string;
}
export interface ReservationRefusedV1 extends ReservationV1 {
  /** Stable code, e.g. DAY_CLOSED, PAST_DEADLINE, ALREADY_BOOKED (new codes may appear). */
  reasonCode: string;
  /** The French explanation the parent was given. */
  reasonText: string;
}
export interface ReservationWaitlistedV1 extends ReservationV1 {
  /** 1 is the next child to get a freed place. */
  rank: number;
}

/** What CAF statistics receive of a reservation: ages and counts, no name, no family or child id. */
export interface ReservationStatisticsV1 {
  activityId: string;
  day: string;
  /** Full years on the day booked; null when the birth date is unknown. */
  childAge: number | null;
  ageGroup: AgeGroup | null;
}
export interface ReservationRefusedStatisticsV1 extends ReservationStatisticsV1 {
  reasonCode: string;
}
export interface ReservationWaitlistedStatisticsV1 extends ReservationStatisticsV1 {
  rank: number;
}

export const uuid = { type: 'string', format: 'uuid' } as const;
export const day = { type: 'string', format: 'date' } as const;
const reasonCode = { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' } as const;
const keyProperties = { requestId: uuid, familyId: uuid, childId: uuid, activityId: uuid, day };
const keyRequired = ['requestId', 'familyId', 'childId', 'activityId', 'day'] as const;

const reservationSchema: JsonSchema = {
  type: 'object',
  required: [...keyRequired],
  additionalProperties: false,
  properties: keyProperties,
};
const refusedSchema: JsonSchema = {
  type: 'object',
  required: [...keyRequired, 'reasonCode', 'reasonText'],
  additionalProperties: false,
  properties: { ...keyProperties, reasonCode, reasonText: { type: 'string', minLength: 1 } },
};
const waitlistedSchema: JsonSchema = {
  type: 'object',
  required: [...keyRequired, 'rank'],
  additionalProperties: false,
  properties: { ...keyProperties, rank: { type: 'integer', minimum: 1 } },
};

export const statisticsProperties = {
  activityId: uuid,
  day,
  childAge: { type: 'integer', minimum: 0, nullable: true },
  ageGroup: { type: 'string', enum: ['under-6', '6-and-over', null], nullable: true },
} as const;
export const statisticsRequired = ['activityId', 'day', 'childAge', 'ageGroup'] as const;

export const example: ReservationV1 = {
  requestId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  familyId: '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b',
  childId: '9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d',
  activityId: '3c2b1a09-8f7e-5d6c-9b5a-4f3e2d1c0b9a',
  day: '2026-12-03',
};
export const statisticsExample: ReservationStatisticsV1 = { activityId: example.activityId, day: example.day, childAge: 8, ageGroup: '6-and-over' };

/** The CAF view of a child's day: the activity, the day, the child's age on that day. */
export async function statistics(p: Pick<ReservationV1, 'childId' | 'activityId' | 'day'>, facts: PublicEventFacts): Promise<ReservationStatisticsV1> {
  const child = await facts.get<{ birthDate: string }>(`child:${p.childId}`);
  const childAge = child ? ageOn(child.birthDate, p.day) : null;
  return { activityId: p.activityId, day: p.day, childAge, ageGroup: ageGroup(childAge) };
}

const statisticsView: ScopeView<ReservationV1, ReservationStatisticsV1> = {
  schema: { type: 'object', required: [...statisticsRequired], additionalProperties: false, properties: statisticsProperties },
  example: statisticsExample,
  reduce: statistics,
};

function reservationType<P extends ReservationV1>(
  type: string,
  meaning: Meaning,
  schema: JsonSchema,
  payloadExample: P,
  scopes: PublicEventType<P>['scopes'],
): PublicEventType<P> {
  return { type, version: 1, meaning, schema, example: payloadExample, scopes };
}

export const reservationRequestedV1 = reservationType<ReservationV1>(
  'reservation.requested',
  {
    fr: 'Un parent (ou le service pour lui) a demandé à réserver un jour d’une activité pour un enfant. La décision suit : acceptée, refusée ou en liste d’attente, avec le même requestId.',
    en: 'A parent (or the service on their behalf) asked to book one day of an activity for a child. The decision follows with the same requestId: accepted, refused or waitlisted.',
  },
  reservationSchema,
  example,
  { 'school-software': 'full', 'caf-statistics': statisticsView },
);

export const reservationAcceptedV1 = reservationType<ReservationV1>(
  'reservation.accepted',
  {
    fr: 'La réservation est acceptée : l’enfant est attendu ce jour-là à cette activité (par les règles de réservation ou par un agent).',
    en: 'The booking is accepted: the child is expected at this activity on that day (decided by the booking rules or by staff).',
  },
  reservationSchema,
  example,
  { accounting: 'full', 'school-software': 'full', 'caf-statistics': statisticsView },
);

export const reservationRefusedV1 = reservationType<ReservationRefusedV1>(
  'reservation.refused',
  {
    fr: 'La réservation est refusée, avec le motif donné au parent (jour fermé, délai de prévenance dépassé, jour déjà réservé…).',
    en: 'The booking is refused, with the reason the parent was given (closed day, booking deadline passed, day already booked…).',
  },
  refusedSchema,
  { ...example, reasonCode: 'PAST_DEADLINE', reasonText: 'Demande hors délai : au plus tard 48 heures avant.' },
  {
    'school-software': 'full',
    'caf-statistics': {
      schema: {
        type: 'object',
        required: [...statisticsRequired, 'reasonCode'],
        additionalProperties: false,
        properties: { ...statisticsProperties, reasonCode },
      },
      example: { ...statisticsExample, reasonCode: 'PAST_DEADLINE' },
      reduce: async (p, facts) => ({ ...(await statistics(p, facts)), reasonCode: p.reasonCode }),
    } satisfies ScopeView<ReservationRefusedV1, ReservationRefusedStatisticsV1>,
  },
);

export const reservationWaitlistedV1 = reservationType<ReservationWaitlistedV1>(
  'reservation.waitlisted',
  {
    fr: 'Le jour est complet : l’enfant est placé en liste d’attente, au rang indiqué (1 = le prochain à obtenir une place libérée).',
    en: 'The day is full: the child is put on the waiting list at the given rank (1 = next to get a freed place).',
  },
  waitlistedSchema,
  { ...example, rank: 2 },
  {
    'school-software': 'full',
    'caf-statistics': {
      schema: {
        type: 'object',
        required: [...statisticsRequired, 'rank'],
        additionalProperties: false,
        properties: { ...statisticsProperties, rank: { type: 'integer', minimum: 1 } },
      },
      example: { ...statisticsExample, rank: 2 },
      reduce: async (p, facts) => ({ ...(await statistics(p, facts)), rank: p.rank }),
    } satisfies ScopeView<ReservationWaitlistedV1, ReservationWaitlistedStatisticsV1>,
  },
);

export const reservationPromotedV1 = reservationType<ReservationV1>(
  'reservation.promoted',
  {
    fr: 'Une place s’est libérée : l’enfant qui attendait en tête de la liste d’attente l’obtient, sa réservation est acceptée.',
    en: 'A place was freed: the child first on the waiting list gets it, and the booking is accepted.',
  },
  reservationSchema,
  example,
  { accounting: 'full', 'school-software': 'full', 'caf-statistics': statisticsView },
);

const key = ({ requestId, familyId, childId, activityId, day: d }: ReservationKey): ReservationV1 => ({ requestId, familyId, childId, activityId, day: d });

/** What reservation events mean for integrators, one day at a time. */
const dayMappings: Record<string, PublicEventMapper> = {
    ReservationRequested: (event) => {
      const data = event.data as Data<'ReservationRequested'>;
      return [emit(reservationRequestedV1, key(data), data.familyId)];
    },
    ReservationAccepted: (event) => {
      const data = event.data as Data<'ReservationAccepted'>;
      return [emit(reservationAcceptedV1, key(data), data.familyId)];
    },
    ReservationRefused: (event) => {
      const data = event.data as Data<'ReservationRefused'>;
      return [emit(reservationRefusedV1, { ...key(data), reasonCode: data.reasonCode, reasonText: data.reasonText }, data.familyId)];
    },
    ReservationPromoted: (event) => {
      const data = event.data as Data<'ReservationPromoted'>;
      return [emit(reservationPromotedV1, key(data), data.familyId)];
    },
    ReservationWaitlisted: (event) => {
      const data = event.data as Data<'ReservationWaitlisted'>;
      return [emit(reservationWaitlistedV1, { ...key(data), rank: data.rank }, data.familyId)];
    },
};

/** What reservation events mean for integrators. */
export const reservationPublicEvents: PublicEventMappings = {
  types: [reservationRequestedV1, reservationAcceptedV1, reservationRefusedV1, reservationWaitlistedV1, reservationPromotedV1],
  map: {
    ...dayMappings,
    // A period's days decided together are published day by day, as integrators know them.
    ReservationDaysDecided: async (event, facts) => {
      const drafts: PublicEventDraft[] = [];
      for (const day of asDayEvents(event)) {
        for (const draft of (await dayMappings[day.type]?.(day, facts)) ?? []) drafts.push({ ...draft, key: (day.data as ReservationKey).day });
      }
      return drafts;
    },
  },
};
