import { decideMarkRequestsRead, evolveInbox, initialInboxState, type InboxState } from './request-inbox.decider';
import type { RequestInboxEvent } from './request-inbox.events';

const given = (...events: RequestInboxEvent[]): InboxState => events.reduce(evolveInbox, initialInboxState);
const read = (requestId: string, noticeEventId: string, scope: 'one' | 'all' = 'one'): RequestInboxEvent => ({
  type: 'FamilyRequestsRead',
  data: { familyId: 'f1', scope, seen: [{ requestId, noticeEventId }] },
});

describe('marking requests as read', () => {
  it('records every unread request when the parent marks them all as read', () => {
    const events = decideMarkRequestsRead(
      { familyId: 'f1', scope: 'all', unread: [{ requestId: 'r1', noticeEventId: 'e1' }, { requestId: 'r2', noticeEventId: 'e2' }] },
      initialInboxState,
    );
    expect(events).toEqual([
      { type: 'FamilyRequestsRead', data: { familyId: 'f1', scope: 'all', seen: [{ requestId: 'r1', noticeEventId: 'e1' }, { requestId: 'r2', noticeEventId: 'e2' }] } },
    ]);
  });

  it('writes nothing when everything was already read', () => {
    expect(decideMarkRequestsRead({ familyId: 'f1', scope: 'all', unread: [] }, initialInboxState)).toEqual([]);
    expect(decideMarkRequestsRead({ familyId: 'f1', scope: 'one', unread: [{ requestId: 'r1', noticeEventId: 'e1' }] }, given(read('r1', 'e1')))).toEqual([]);
  });

  it('marks a request read again once a newer decision made it unread', () => {
    const events = decideMarkRequestsRead({ familyId: 'f1', scope: 'one', unread: [{ requestId: 'r1', noticeEventId: 'e9' }] }, given(read('r1', 'e1')));
    expect(events).toEqual([read('r1', 'e9')]);
  });
});
