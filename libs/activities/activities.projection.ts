import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import { upcastActivityConfiguration, type ActivityConfiguration, type FacilityConfiguration } from './activity.events';

export const ACTIVITIES = 'activities';
export const FACILITIES = 'facilities';
export type ActivityDocument = Document & ActivityConfiguration;
export type FacilityDocument = Document & FacilityConfiguration & { communeId: string };

// v3: documents kept per commune (the same id in two communes names two activities).
export const activitiesProjection = projection(
  'activities',
  3,
  [
    { name: ACTIVITIES, indexes: [{ fields: ['lateBookingOf'] }] },
    { name: FACILITIES },
  ],
  {
    ActivityConfigured: async (event, uow) => {
      const configuration = upcastActivityConfiguration(event.data);
      await uow.collection<ActivityDocument>(ACTIVITIES).upsert({ _id: configuration.activityId, ...configuration, communeId: event.metadata.communeId });
    },
    FacilityConfigured: async (event, uow) => {
      const facility = event.data as FacilityConfiguration;
      await uow.collection<FacilityDocument>(FACILITIES).upsert({ _id: facility.facilityId, ...facility, communeId: event.metadata.communeId });
    },
  },
);
