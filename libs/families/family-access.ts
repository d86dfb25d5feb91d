import { notFound } from '@pf/domain';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '../accounts/session';
import { canReachFamily } from '../accounts/access';
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

/** One colour per child, in the order of the file, readable on white with a text label beside it. */
export const CHILD_COLOURS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];
export const childColour = (index: number) => CHILD_COLOURS[index % CHILD_COLOURS.length];
