import { emit, type JsonSchema, type PublicEventMappings, type PublicEventType, type ScopeView } from '../public-event';
import { day, example, statistics, statisticsExample, statisticsProperties, statisticsRequired, uuid, type ReservationStatisticsV1 } from './reservations.public-events';

/** What happens to a booked day afterwards: cancelled, an absence declared, the register taken. */

export interface ReservationCancelledV1 {
  /** The parent's cancellation request (« Mes demandes »). */
  requestId: string;
  /** The booking request it cancels (the requestId of reservation.accepted / waitlisted / requested). */
  reservationRequestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
  /** What the child gave up: a place, a waiting-list rank, or a request the service had not decided. */
  previousStatus: 'accepted' | 'waitlisted' | 'pending';
}

export interface AbsenceDeclaredV1 {
  requestId: string;
  reservationRequestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
  /** Illness with a medical certificate: the day is not billed. The reason itself is health data and is not published. */
  justified: boolean;
}

export interface AttendanceRecordedV1 {
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
  status: 'present' | 'absent';
  /** false: present without a booking (billed as an unexpected presence). */
  expected: boolean;
}

export interface AttendanceStatisticsV1 extends ReservationStatisticsV1 {
  status: 'present' | 'absent';
  expected: boolean;
}

const object = (required: string[], properties: Record<string, unknown>): JsonSchema => ({ type: 'object', required, additionalProperties: false, properties });
const dayKey = { familyId: uuid, childId: uuid, activityId: uuid, day };
const statisticsView: ScopeView<{ childId: string; activityId: string; day: string }, ReservationStatisticsV1> = {
  schema: object([...statisticsRequired], statisticsProperties),
  example: statisticsExample,
  reduce: statistics,
};

export const reservationCancelledV1: PublicEventType<ReservationCancelledV1> = {
  type: 'reservation.cancelled',
  version: 1,
  meaning: {
    fr: 'Le jour réservé est annulé (dans les délais, ou accepté par le service) : l’enfant n’est plus attendu et le jour n’est pas facturé. Une place libérée va au premier de la liste d’attente (reservation.promoted).',
    en: 'The booked day is cancelled (in time, or accepted by the service): the child is no longer expected and the day is not billed. A freed place goes to the first child on the waiting list (reservation.promoted).',
  },
  schema: object(['requestId', 'reservationRequestId', 'familyId', 'childId', 'activityId', 'day', 'previousStatus'], {
    requestId: uuid,
    reservationRequestId: uuid,
    ...dayKey,
    previousStatus: { type: 'string', enum: ['accepted', 'waitlisted', 'pending'] },
  }),
  example: { ...example, requestId: '7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a098', reservationRequestId: example.requestId, previousStatus: 'accepted' },
  scopes: { accounting: 'full', 'school-software': 'full', 'caf-statistics': statisticsView },
};

export const absenceDeclaredV1: PublicEventType<AbsenceDeclaredV1> = {
  type: 'absence.declared',
  version: 1,
  meaning: {
    fr: 'La famille a signalé l’absence de l’enfant un jour réservé. Justifiée (maladie avec certificat médical), le jour n’est pas facturé ; sinon il l’est. Le motif lui-même n’est pas publié.',
    en: 'The family reported the child absent on a booked day. Justified (illness with a medical certificate), the day is not billed; otherwise it is. The reason itself is not published.',
  },
  schema: object(['requestId', 'reservationRequestId', 'familyId', 'childId', 'activityId', 'day', 'justified'], {
    requestId: uuid,
    reservationRequestId: uuid,
    ...dayKey,
    justified: { type: 'boolean' },
  }),
  example: { ...example, requestId: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9', reservationRequestId: example.requestId, justified: true },
  scopes: { accounting: 'full', 'school-software': 'full' },
};

export const attendanceRecordedV1: PublicEventType<AttendanceRecordedV1> = {
  type: 'attendance.recorded',
  version: 1,
  meaning: {
    fr: 'Le service a pointé l’enfant présent ou absent ce jour-là (expected : false, présent sans réservation). Un nouveau pointage du même jour remplace le précédent.',
    en: 'The service marked the child present or absent that day (expected: false, present without a booking). A later marking of the same day replaces the earlier one.',
  },
  schema: object(['familyId', 'childId', 'activityId', 'day', 'status', 'expected'], { ...dayKey, status: { type: 'string', enum: ['present', 'absent'] }, expected: { type: 'boolean' } }),
  example: { familyId: example.familyId, childId: example.childId, activityId: example.activityId, day: example.day, status: 'present', expected: true },
  scopes: {
    accounting: 'full',
    'school-software': 'full',
    'caf-statistics': {
      schema: object([...statisticsRequired, 'status', 'expected'], { ...statisticsProperties, status: { type: 'string', enum: ['present', 'absent'] }, expected: { type: 'boolean' } }),
      example: { ...statisticsExample, status: 'present', expected: true },
      reduce: async (p, facts) => ({ ...(await statistics(p, facts)), status: p.status, expected: p.expected }),
    } satisfies ScopeView<AttendanceRecordedV1, AttendanceStatisticsV1>,
  },
};

/** The fields of the internal events read here (their other fields may change freely). */
interface DayFacts {
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
}

const dayOf = ({ familyId, childId, activityId, day: d }: DayFacts) => ({ familyId, childId, activityId, day: d });

export const dayFollowUpPublicEvents: PublicEventMappings = {
  types: [reservationCancelledV1, absenceDeclaredV1, attendanceRecordedV1],
  map: {
    ReservationCancelled: (event) => {
      const data = event.data as DayFacts & { requestId: string; reservationRequestId: string; previousStatus: ReservationCancelledV1['previousStatus'] };
      return [emit(reservationCancelledV1, { requestId: data.requestId, reservationRequestId: data.reservationRequestId, ...dayOf(data), previousStatus: data.previousStatus }, data.familyId)];
    },
    AbsenceDeclared: (event) => {
      const data = event.data as DayFacts & { requestId: string; reservationRequestId: string; justified: boolean };
      return [emit(absenceDeclaredV1, { requestId: data.requestId, reservationRequestId: data.reservationRequestId, ...dayOf(data), justified: data.justified }, data.familyId)];
    },
    AttendanceRecorded: (event) => {
      const data = event.data as DayFacts & { status: 'present' | 'absent'; expected: boolean };
      return [emit(attendanceRecordedV1, { ...dayOf(data), status: data.status, expected: data.expected }, data.familyId)];
    },
  },
};
