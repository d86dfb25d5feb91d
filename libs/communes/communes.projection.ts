import { projection } from '@pf/projections';
import { deploymentCollection, type Document } from '@pf/read-store';
import type { CommuneProfile } from './commune.events';
import { communeSearchKeys, normaliseCommuneSearch } from './commune-search';

/** Deployment-wide: the communes themselves, keyed by their id. */
export const COMMUNES = deploymentCollection('communes');
export type CommuneDocument = Document &
  CommuneProfile & {
    /** Every search that finds the commune by name (see commune-search.ts). */
    searchKeys?: string[];
    /** The name as searched: the public list is sorted on it. */
    sortName?: string;
  };

// v2: search keys and sort name for the public list of communes. v3: rebuilt with the read store kept per commune.
export const communesProjection = projection('communes', 3, [{ name: COMMUNES, indexes: [{ fields: ['sortName'] }] }], {
  CommuneRegistered: async (event, uow) => {
    const profile = event.data as CommuneProfile;
    await uow.collection<CommuneDocument>(COMMUNES).upsert({
      _id: profile.communeId,
      ...profile,
      searchKeys: communeSearchKeys(profile.name),
      sortName: normaliseCommuneSearch(profile.name),
    });
  },
});
