import type { ProjectionDefinition } from '@pf/projections';
import type { FamilyErased } from './family.events';

/** A collection of a read model and the field that names the family in its documents. */
export interface FamilyKeyedCollection {
  collection: string;
  /** 'familyId' by default. */
  field?: string;
}

/**
 * Makes a read model forget an erased family: on FamilyErased, deletes its documents keyed by the
 * family (after the projection's own FamilyErased handler, if any). For read models whose owner
 * has not written that handler yet, composed in apps/api/src/projections.ts.
 */
export function forgetErasedFamilies(definition: ProjectionDefinition, collections: FamilyKeyedCollection[]): ProjectionDefinition {
  const own = definition.handlers.FamilyErased;
  return {
    ...definition,
    handlers: {
      ...definition.handlers,
      FamilyErased: async (event, uow) => {
        await own?.(event, uow);
        const { familyId } = event.data as FamilyErased['data'];
        for (const { collection, field = 'familyId' } of collections) await uow.collection(collection).deleteMany({ [field]: familyId });
      },
    },
  };
}
