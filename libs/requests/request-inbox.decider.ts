import type { RequestInboxEvent, SeenRequest } from './request-inbox.events';

export interface InboxState {
  /** requestId → the notice last marked as read. */
  read: Record<string, string>;
}

export const initialInboxState: InboxState = { read: {} };

export function evolveInbox(state: InboxState, event: RequestInboxEvent): InboxState {
  const read = { ...state.read };
  for (const seen of event.data.seen) read[seen.requestId] = seen.noticeEventId;
  return { read };
}

export interface MarkRequestsRead {
  familyId: string;
  scope: 'one' | 'all';
  /** The unread requests as the family saw them. */
  unread: SeenRequest[];
}

/** Marks as read what is not marked yet; nothing to mark writes nothing. */
export function decideMarkRequestsRead(command: MarkRequestsRead, state: InboxState): RequestInboxEvent[] {
  const seen = command.unread.filter((r) => state.read[r.requestId] !== r.noticeEventId);
  if (seen.length === 0) return [];
  return [{ type: 'FamilyRequestsRead', data: { familyId: command.familyId, scope: command.scope, seen } }];
}
