import type { DomainEvent } from '@pf/event-sourcing';

/** A request the family had not read yet, identified with the news it had not read (the last notice). */
export interface SeenRequest {
  requestId: string;
  /** Id of the event that last made this request unread: a newer notice makes it unread again. */
  noticeEventId: string;
}

/** A guardian read one request, or marked them all as read ("tout marquer comme lu"). */
export type FamilyRequestsRead = DomainEvent<'FamilyRequestsRead', { familyId: string; scope: 'one' | 'all'; seen: SeenRequest[] }>;

export type RequestInboxEvent = FamilyRequestsRead;

/** One small stream per family for what its guardians have read, so the unread markers are rebuilt from events too. */
export const familyInboxStream = (communeId: string, familyId: string) => `familyinbox-${communeId}.${familyId}`;
