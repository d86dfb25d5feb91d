import { projection } from '@pf/projections';
import type { Document, UnitOfWork } from '@pf/read-store';
import type { ReservationEvent, ReservationKey } from './reservation.events';

export const PLANNING = 'planning';

export type BookedStatus = 'requested' | 'reserved' | 'waitlisted';

/** One booked (or pending, or waiting) day of one activity for one child. Free days have no document. */
export interface PlanningDocument extends Document {
  communeId: string;
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
  status: BookedStatus;
  requestId: string;
  rank: number | null;
}

export const planningKey = (k: Pick<ReservationKey, 'childId' | 'activityId' | 'day'>) => `${k.childId}|${k.activityId}|${k.day}`;

async function set(uow: UnitOfWork, communeId: string, key: ReservationKey, status: BookedStatus, rank: number | null = null) {
  await uow.collection<PlanningDocument>(PLANNING).upsert({ _id: planningKey(key), communeId, ...key, status, rank });
}

type Data<T extends ReservationEvent['type']> = Extract<ReservationEvent, { type: T }>['data'];

export const planningProjection = projection(
  'planning',
  1,
  [{ name: PLANNING, indexes: [{ fields: ['familyId', 'day'] }, { fields: ['activityId', 'day'] }] }],
  {
    ReservationRequested: async (event, uow) => {
      const key = event.data as Data<'ReservationRequested'>;
      const current = await uow.collection<PlanningDocument>(PLANNING).get(planningKey(key));
      // A new request never hides a day already held by an earlier one.
      if (!current) await set(uow, event.metadata.communeId, key, 'requested');
    },
    ReservationAccepted: (event, uow) => set(uow, event.metadata.communeId, event.data as ReservationKey, 'reserved'),
    ReservationWaitlisted: (event, uow) => {
      const data = event.data as Data<'ReservationWaitlisted'>;
      const { rank, ...key } = data;
      return set(uow, event.metadata.communeId, key, 'waitlisted', rank);
    },
    ReservationRefused: async (event, uow) => {
      const key = event.data as Data<'ReservationRefused'>;
      const planning = uow.collection<PlanningDocument>(PLANNING);
      const current = await planning.get(planningKey(key));
      if (current && current.requestId === key.requestId) await planning.delete(current._id);
    },
  },
);
