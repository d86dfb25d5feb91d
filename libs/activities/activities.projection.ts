import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import type { ActivityConfiguration } from './activity.events';

export const ACTIVITIES = 'activities';
export type ActivityDocument = Document & ActivityConfiguration;

export const activitiesProjection = projection('activities', 1, [{ name: ACTIVITIES, indexes: [{ fields: ['communeId'] }] }], {
  ActivityConfigured: async (event, uow) => {
    const configuration = event.data as ActivityConfiguration;
    await uow.collection<ActivityDocument>(ACTIVITIES).upsert({ _id: configuration.activityId, ...configuration });
  },
});
