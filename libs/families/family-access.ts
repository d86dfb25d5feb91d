import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@pf/domain';
import { READ_STORE } from '@pf/event-sourcing';
import { canReachFamily, type FamilyVisibility, type SessionUser } from '@pf/identity';
import type { ReadStore } from '@pf/read-store';
import { FAMILIES, type FamilyDocument } from './families.projection';

/**
 * A guardian reaches only their own family, staff only their commune's families: the family is
 * looked up in the caller's commune only. Anything else looks like a family that does not exist,
 * so ids cannot be probed.
 */
export async function familyVisibleTo(user: SessionUser, familyId: string, reads: ReadStore): Promise<FamilyDocument> {
  const family = await reads.inCommune(user.communeId).collection<FamilyDocument>(FAMILIES).get(familyId);
  if (!family || !canReachFamily(user, family)) throw notFound('FAMILY_NOT_FOUND', 'Dossier famille introuvable.');
  return family;
}

/** The identity port: which family of the families read model this user may see (for the access guard). */
@Injectable()
export class ReadModelFamilyVisibility implements FamilyVisibility {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async visibleFamily(user: SessionUser, familyId: string): Promise<FamilyDocument | null> {
    const family = await this.reads.inCommune(user.communeId).collection<FamilyDocument>(FAMILIES).get(familyId);
    return family && canReachFamily(user, family) ? family : null;
  }
}

/** One colour per child, in the order of the file, readable on white with a text label beside it. */
export const CHILD_COLOURS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];
export const childColour = (index: number) => CHILD_COLOURS[index % CHILD_COLOURS.length];
