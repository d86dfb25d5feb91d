import { DateTime } from 'luxon';
import { notFound } from '@pf/domain';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { FAMILY_CHILDREN, type ChildDocument } from '@pf/families';

/**
 * Read-model look-ups of the command handlers. None can race with the decision: a child's family,
 * an activity's rules and a commune's profile change only by staff configuration.
 */

/** A guardian reaches only their own children, staff their commune's (the child is looked up in that commune only); anything else is « not found ». */
export async function reachableChild(reads: ReadStore, childId: string, user: Pick<SessionUser, 'role' | 'familyId'>, communeId: string): Promise<ChildDocument> {
  const child = await reads.inCommune(communeId).collection<ChildDocument>(FAMILY_CHILDREN).get(childId);
  const reachable = child && (user.role !== 'guardian' || child.familyId === user.familyId);
  if (!child || !reachable) throw notFound('CHILD_NOT_FOUND', user.role === 'guardian' ? 'Enfant introuvable dans votre dossier famille.' : 'Enfant introuvable dans les dossiers de la commune.');
  return child;
}

/** An activity of the commune; another commune's id is « not found ». */
export async function communeActivity(reads: ReadStore, activityId: string, communeId: string): Promise<ActivityDocument> {
  const activity = await reads.inCommune(communeId).collection<ActivityDocument>(ACTIVITIES).get(activityId);
  if (!activity) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
  return activity;
}

export async function communeProfile(reads: ReadStore, communeId: string): Promise<CommuneDocument> {
  const commune = await reads.collection<CommuneDocument>(COMMUNES).get(communeId);
  if (!commune) throw notFound('COMMUNE_NOT_FOUND', 'Commune inconnue.');
  return commune;
}

/** The commune's calendar day at `now`. */
export const todayIn = (timeZone: string, now: string): string => DateTime.fromISO(now, { zone: timeZone }).toISODate()!;
