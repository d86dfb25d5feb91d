import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import type { CommuneProfile } from './commune.events';

export const COMMUNES = 'communes';
export type CommuneDocument = Document & CommuneProfile;

export const communesProjection = projection('communes', 1, [{ name: COMMUNES }], {
  CommuneRegistered: async (event, uow) => {
    const profile = event.data as CommuneProfile;
    await uow.collection<CommuneDocument>(COMMUNES).upsert({ _id: profile.communeId, ...profile });
  },
});
