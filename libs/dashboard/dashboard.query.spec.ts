import type { FamilyDocument } from '@pf/families';
import { newsProjection } from '@pf/news';
import { ENROLMENTS } from '@pf/enrolments';
import { PLANNING } from '@pf/reservations';
import { ACTIVITIES } from '@pf/activities';
import type { RequestSteps } from '@pf/requests';
import { requestsProjection } from '@pf/requests';
import { AGENT, HARNESS_COMMUNE, ProjectionHarness, RULES, type GivenEvent } from '@pf/testing';
import { DashboardCounters } from './dashboard-counters';
import { familyLiveTopic, liveTopicsOf } from './dashboard.controller';
import { familyDashboard } from './dashboard.query';

const OTHER_COMMUNE = 'autre-commune';
const FAMILY = 'family-1';
const steps: RequestSteps = {
  BookingAsked: (e) => [{ requestId: e.data.requestId, familyId: e.data.familyId, opened: { kind: 'reservation', description: 'Réservation' }, label: 'Demande reçue' }],
  BookingAccepted: (e) => [{ requestId: e.data.requestId, familyId: e.data.familyId, status: 'accepted', label: 'Acceptée', notifiesFamily: true }],
};
const family = (communeId: string) => ({ _id: FAMILY, communeId, children: [] }) as unknown as FamilyDocument;
const news = (newsId: string, title: string): GivenEvent => ({
  type: 'NewsItemPublished',
  data: { newsId, title, body: 'Texte', publishFrom: '2026-12-01', publishUntil: null, audience: { kind: 'commune' } },
  actor: AGENT,
});

describe('the parent’s home page', () => {
  let h: ProjectionHarness;
  beforeEach(async () => {
    h = await ProjectionHarness.start([requestsProjection([steps]), newsProjection]);
    for (const name of [ENROLMENTS, PLANNING, ACTIVITIES]) await h.reads.ensureCollection({ name });
  });
  afterEach(() => h.stop());

  it('counts the requests and news of the caller’s commune only, when another commune uses the same ids', async () => {
    await h.given(
      { type: 'BookingAsked', data: { requestId: 'r1', familyId: FAMILY } },
      { type: 'BookingAccepted', data: { requestId: 'r1', familyId: FAMILY }, actor: RULES },
      news('n1', 'Menus de décembre'),
      { ...news('n1', 'Ailleurs'), communeId: OTHER_COMMUNE },
      { type: 'BookingAsked', data: { requestId: 'r1', familyId: FAMILY }, communeId: OTHER_COMMUNE },
      { type: 'BookingAsked', data: { requestId: 'r2', familyId: FAMILY }, communeId: OTHER_COMMUNE },
    );
    const here = await familyDashboard(h.reads, HARNESS_COMMUNE, new DashboardCounters(), family(HARNESS_COMMUNE), '2026-12-10');
    expect(here.requests).toMatchObject({ unread: 1, pending: 0 });
    expect(here.news).toEqual({ total: 1, latest: [{ newsId: 'n1', title: 'Menus de décembre', publishFrom: '2026-12-01' }] });
    const there = await familyDashboard(h.reads, OTHER_COMMUNE, new DashboardCounters(), family(OTHER_COMMUNE), '2026-12-10');
    expect(there.requests).toMatchObject({ unread: 0, pending: 2 });
    expect(there.news.latest.map((n) => n.title)).toEqual(['Ailleurs']);
  });
});

describe('the live updates of a family', () => {
  it('go to the family of the event’s commune only', async () => {
    const h = await ProjectionHarness.start([]);
    try {
      const [ours, theirs] = await h.given(
        { type: 'BookingAsked', data: { requestId: 'r1', familyId: FAMILY } },
        { type: 'BookingAsked', data: { requestId: 'r1', familyId: FAMILY }, communeId: OTHER_COMMUNE },
      );
      expect(liveTopicsOf(ours)).toEqual([familyLiveTopic(HARNESS_COMMUNE, FAMILY)]);
      expect(liveTopicsOf(theirs)).toEqual([familyLiveTopic(OTHER_COMMUNE, FAMILY)]);
      expect(familyLiveTopic(OTHER_COMMUNE, FAMILY)).not.toBe(familyLiveTopic(HARNESS_COMMUNE, FAMILY));
    } finally {
      await h.stop();
    }
  });
});
