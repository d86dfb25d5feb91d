import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionHarness, AGENT } from '@pf/testing';
import type { SessionUser } from '@pf/identity';
import { activitiesProjection } from '@pf/activities';
import { aCanteen } from '@pf/activities/testing';
import { communesProjection } from '@pf/communes';
import { familiesProjection } from '@pf/families';
import { ENROLMENTS, enrolmentsProjection } from './enrolments.projection';
import { RequestEnrolmentCommand, RequestEnrolmentHandler } from './request-enrolment.handler';

const A = 'saint-hilaire-du-bois';
const B = 'val-de-loire';
const family = (communeId: string, familyId: string, childId: string) => ({
  type: 'FamilyFileOpened',
  communeId,
  data: {
    familyId,
    name: 'Famille DUBOIS',
    guardians: [{ guardianId: `${familyId}-g`, civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'j@example.fr' }],
    children: [{ childId, firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12' }],
  },
});
const staffOf = (communeId: string): SessionUser => ({ accountId: `agent-${communeId}`, role: 'staff', communeId, familyId: null, displayName: 'Agent' });
const ctx = (communeId: string, requestId: string): CommandContext & { requestId: string } => ({
  communeId,
  actor: AGENT,
  channel: 'back-office',
  requestId,
  now: '2026-12-01T08:00:00.000Z',
});

describe('an enrolment asked in one commune', () => {
  let h: ProjectionHarness;
  let handler: RequestEnrolmentHandler;

  beforeEach(async () => {
    h = await ProjectionHarness.start([activitiesProjection, familiesProjection, communesProjection, enrolmentsProjection]);
    handler = new RequestEnrolmentHandler(new EventSourcedStreams(h.events), h.reads);
    await h.given(
      { type: 'ActivityConfigured', communeId: A, data: aCanteen({ communeId: A, enrolment: 'staff' }) },
      family(A, 'family-a', 'emma'),
      family(B, 'family-b', 'hugo'),
      { type: 'EnrolmentRequested', communeId: A, data: { requestId: 'r-a', familyId: 'family-a', childId: 'emma', activityId: 'canteen', periodId: 'annee-2026-2027', periodLabel: 'Année scolaire 2026-2027', group: 'elementaire', typicalWeek: null } },
    );
  });
  afterEach(() => h.stop());

  it("cannot name another commune's child or activity: « not found », and nothing is written", async () => {
    const before = await h.find(ENROLMENTS, {}, undefined, A);
    const head = await h.events.headPosition();
    const request = (childId: string, requestId: string) =>
      handler.execute(new RequestEnrolmentCommand({ childId, activityId: 'canteen', periodId: 'annee-2026-2027' }, staffOf(B), ctx(B, requestId)));
    await expect(request('emma', 'r-b1')).rejects.toMatchObject({ code: 'CHILD_NOT_FOUND', kind: 'not_found' });
    await expect(request('hugo', 'r-b2')).rejects.toMatchObject({ code: 'ACTIVITY_NOT_FOUND', kind: 'not_found' });
    expect(await h.events.headPosition()).toBe(head);
    expect(await h.find(ENROLMENTS, {}, undefined, A)).toEqual(before);
    expect(before).toEqual([expect.objectContaining({ _id: 'emma|canteen|annee-2026-2027', communeId: A, status: 'pending', requestId: 'r-a' })]);
    expect(await h.find(ENROLMENTS, {}, undefined, B)).toEqual([]);
  });

  it('keeps the same enrolment key of two communes apart', async () => {
    await h.given({ type: 'EnrolmentAccepted', communeId: B, data: { requestId: 'r-b', familyId: 'family-b', childId: 'emma', activityId: 'canteen', periodId: 'annee-2026-2027', periodLabel: 'Année 2026-2027', group: 'elementaire', typicalWeek: null } });
    expect(await h.get(ENROLMENTS, 'emma|canteen|annee-2026-2027', A)).toMatchObject({ communeId: A, familyId: 'family-a', status: 'pending' });
    expect(await h.get(ENROLMENTS, 'emma|canteen|annee-2026-2027', B)).toMatchObject({ communeId: B, familyId: 'family-b', status: 'accepted' });
  });
});
