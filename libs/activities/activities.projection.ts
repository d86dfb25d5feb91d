import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import { upcastActivityConfiguration, type ActivityConfiguration, type FacilityConfiguration } from './activity.events';

export const ACTIVITIES = 'activities';
export const FACILITIES = 'facilities';
export type ActivityDocument = Document & ActivityConfiguration;
export type FacilityDocument = Document & FacilityConfiguration & { communeId: string };

export const activitiesProjection = projection(
  'activities',
  2,
  [
    { name: ACTIVITIES, indexes: [{ fields: ['communeId'] }, { fields: ['lateBookingOf'] }] },
    { name: FACILITIES, indexes: [{ fields: ['communeId'] }] },
  ],
  {
    ActivityConfigured: async (event, uow) => {
      const configuration = upcastActivityConfiguration(event.data);
      await uow.collection<ActivityDocument>(ACTIVITIES).upsert({ _id: configuration.activityId, ...configuration });
    },
    FacilityConfigured: async (event, uow) => {
      const facility = event.data as FacilityConfiguration;
      await uow.collection<FacilityDocument>(FACILITIES).upsert({ _id: facility.facilityId, communeId: event.metadata.communeId, ...facility });
    },
  },
);
