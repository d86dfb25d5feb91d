import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { MarkRequestsReadCommand, MarkRequestsReadHandler } from './mark-requests-read.handler';
import { familyInboxStream } from './request-inbox.events';
import type { RequestSteps } from './request-steps';
import { REQUESTS, requestsProjection, type RequestDocument } from './requests.projection';
import { HARNESS_COMMUNE, ProjectionHarness, RULES } from '@pf/testing';

const steps: RequestSteps = {
  BookingAsked: (e) => [{ requestId: e.data.requestId, familyId: e.data.familyId, opened: { kind: 'reservation', description: 'Réservation' }, label: 'Demande reçue' }],
  BookingAccepted: (e) => [{ requestId: e.data.requestId, familyId: e.data.familyId, status: 'accepted', label: 'Acceptée', notifiesFamily: true }],
};
const FAMILY = 'family-1';
const REQUEST = 'r1';
const OTHER_COMMUNE = 'autre-commune';

const ctx = (communeId: string, requestId: string): CommandContext => ({
  communeId,
  actor: { kind: 'guardian', id: 'account-claire' },
  channel: 'web',
  requestId,
  now: '2026-12-01T09:00:00.000Z',
});

describe('marking requests as read', () => {
  let h: ProjectionHarness;
  let handler: MarkRequestsReadHandler;
  beforeEach(async () => {
    h = await ProjectionHarness.start([requestsProjection([steps])]);
    handler = new MarkRequestsReadHandler(new EventSourcedStreams(h.events), h.reads);
    await h.given(
      { type: 'BookingAsked', data: { requestId: REQUEST, familyId: FAMILY } },
      { type: 'BookingAccepted', data: { requestId: REQUEST, familyId: FAMILY }, actor: RULES },
    );
  });
  afterEach(() => h.stop());

  it('records the notice the family saw on its inbox', async () => {
    const result = await handler.execute(new MarkRequestsReadCommand(FAMILY, REQUEST, ctx(HARNESS_COMMUNE, 'read-1')));
    expect(result.marked).toBe(1);
  });

  it('finds the request in the caller’s commune only: another commune naming the same family and request gets a 404 and writes nothing', async () => {
    const before = await h.get<RequestDocument>(REQUESTS, REQUEST);
    await expect(handler.execute(new MarkRequestsReadCommand(FAMILY, REQUEST, ctx(OTHER_COMMUNE, 'read-2')))).rejects.toMatchObject({ code: 'REQUEST_NOT_FOUND' });
    expect(await h.events.readStream(familyInboxStream(OTHER_COMMUNE, FAMILY))).toEqual([]);
    // "Mark all" there sees nothing unread either, so it records nothing.
    expect((await handler.execute(new MarkRequestsReadCommand(FAMILY, null, ctx(OTHER_COMMUNE, 'read-3')))).marked).toBe(0);
    expect(await h.events.readStream(familyInboxStream(OTHER_COMMUNE, FAMILY))).toEqual([]);
    expect(await h.get<RequestDocument>(REQUESTS, REQUEST)).toEqual(before);
    expect(before).toMatchObject({ unread: true });
  });
});
