import type { CommuneProfile } from '@pf/communes';
import type { PublicEventFacts, PublicEventMappings } from '../public-event';

const TIME_ZONE = 'commune:timeZone';

/** The commune's time zone, to read instants as the commune's calendar days (Europe/Paris until known). */
export const communeTimeZone = async (facts: PublicEventFacts) => (await facts.get<string>(TIME_ZONE)) ?? 'Europe/Paris';

/** Communes publish nothing; their registration is kept as a fact the other mappings read. */
export const communePublicEvents: PublicEventMappings = {
  types: [],
  map: {
    CommuneRegistered: async (event, facts) => {
      await facts.set(TIME_ZONE, (event.data as CommuneProfile).timeZone);
      return [];
    },
  },
};
