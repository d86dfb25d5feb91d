import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import type { ChildGroup } from '@pf/activities';
import type { EnrolmentEvent, EnrolmentFacts } from './enrolment.events';

export const ENROLMENTS = 'enrolments';

/** The current enrolment of a child in an activity for a period (the latest request that was not refused at once). */
export interface EnrolmentDocument extends Document {
  communeId: string;
  familyId: string;
  childId: string;
  activityId: string;
  periodId: string;
  periodLabel: string;
  requestId: string;
  status: 'pending' | 'accepted' | 'refused';
  group: ChildGroup | null;
  typicalWeek: number[] | null;
  requestedAt: string;
}

export const enrolmentKey = (k: Pick<EnrolmentFacts, 'childId' | 'activityId' | 'periodId'>) => `${k.childId}|${k.activityId}|${k.periodId}`;

type Data<T extends EnrolmentEvent['type']> = Extract<EnrolmentEvent, { type: T }>['data'];

// v2: documents kept per commune.
export const enrolmentsProjection = projection(
  'enrolments',
  2,
  [{ name: ENROLMENTS, indexes: [{ fields: ['familyId'] }, { fields: ['status'] }, { fields: ['requestId'] }] }],
  {
    EnrolmentRequested: async (event, uow) => {
      const data = event.data as Data<'EnrolmentRequested'>;
      const enrolments = uow.collection<EnrolmentDocument>(ENROLMENTS);
      const current = await enrolments.get(enrolmentKey(data));
      if (current && current.status !== 'refused' && current.requestId !== data.requestId) return;
      await enrolments.upsert(document(data, event.metadata.communeId, 'pending', current?.requestId === data.requestId ? current.requestedAt : event.metadata.occurredAt));
    },
    EnrolmentAccepted: async (event, uow) => {
      const data = event.data as Data<'EnrolmentAccepted'>;
      const enrolments = uow.collection<EnrolmentDocument>(ENROLMENTS);
      const current = await enrolments.get(enrolmentKey(data));
      await enrolments.upsert(document(data, event.metadata.communeId, 'accepted', current?.requestedAt ?? event.metadata.occurredAt));
    },
    EnrolmentRefused: async (event, uow) => {
      const data = event.data as Data<'EnrolmentRefused'>;
      const enrolments = uow.collection<EnrolmentDocument>(ENROLMENTS);
      const current = await enrolments.get(enrolmentKey(data));
      if (current && current.requestId === data.requestId) await enrolments.upsert({ ...current, status: 'refused' });
    },
  },
);

function document(data: EnrolmentFacts, communeId: string, status: EnrolmentDocument['status'], requestedAt: string): EnrolmentDocument {
  const { requestId, familyId, childId, activityId, periodId, periodLabel, group, typicalWeek } = data;
  return { _id: enrolmentKey(data), communeId, familyId, childId, activityId, periodId, periodLabel, requestId, status, group, typicalWeek, requestedAt };
}
