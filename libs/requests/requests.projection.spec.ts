import type { RequestSteps } from './request-steps';
import { REQUEST_NAMES, REQUESTS, requestsProjection, type RequestDocument } from './requests.projection';
import { AGENT, HARNESS_COMMUNE, PARENT, ProjectionHarness, RULES, type GivenEvent } from '@pf/testing';

/** A small capability of its own, so these specs test the composition and not one capability's wording. */
const steps: RequestSteps = {
  BookingAsked: async (e, names) => [
    {
      requestId: e.data.requestId,
      familyId: e.data.familyId,
      opened: { kind: 'reservation', description: `Réservation ${await names.activity(e.data.activityId)} — ${await names.child(e.data.childId)}` },
      label: 'Demande reçue',
    },
  ],
  BookingAccepted: (e) => [{ requestId: e.data.requestId, familyId: e.data.familyId, status: 'accepted', label: 'Acceptée', notifiesFamily: true }],
  BookingRefused: (e) => [
    {
      requestId: e.data.requestId,
      familyId: e.data.familyId,
      status: 'refused',
      label: 'Refusée',
      reason: { code: e.data.reasonCode, text: e.data.reasonText },
      notifiesFamily: true,
    },
  ],
  PeriodAsked: (e) => [
    { requestId: e.data.requestId, familyId: e.data.familyId, opened: { kind: 'period_reservation', description: 'Période' }, label: 'Demande reçue' },
  ],
  PeriodDayDecided: (e) => [
    { requestId: e.data.requestId, familyId: e.data.familyId, outcome: { key: e.data.day, status: e.data.status }, label: 'Jour décidé', silent: true },
  ],
  PeriodSummarised: (e) => [
    { requestId: e.data.requestId, familyId: e.data.familyId, label: 'Jours décidés', actor: { kind: 'rule', name: 'Règles de réservation' } },
  ],
  NoteSent: (e) => [
    { requestId: e.data.requestId, familyId: e.data.familyId, label: 'Message du service', message: { from: 'staff', text: e.data.text }, notifiesFamily: true },
  ],
};

const FAMILY = 'family-1';
const OTHER_COMMUNE = 'autre-commune';
const family: GivenEvent = {
  type: 'FamilyFileOpened',
  data: { familyId: FAMILY, name: 'Famille MARTIN', guardians: [], children: [{ childId: 'child-1', firstName: 'Léa' }] },
  actor: AGENT,
};
const canteen: GivenEvent = { type: 'ActivityConfigured', data: { activityId: 'canteen', name: 'Restaurant scolaire' }, actor: AGENT };
const asked = (requestId: string, at = '2026-12-01T08:00:00.000Z'): GivenEvent => ({
  type: 'BookingAsked',
  data: { requestId, familyId: FAMILY, childId: 'child-1', activityId: 'canteen', day: '2026-12-03' },
  at,
});

describe('the requests read model ("Mes demandes")', () => {
  let h: ProjectionHarness;
  beforeEach(async () => (h = await ProjectionHarness.start([requestsProjection([steps])])));
  afterEach(() => h.stop());

  const request = async (id: string) => (await h.get<RequestDocument>(REQUESTS, id))!;

  it('opens a request with a reference, a description in words and what it is about', async () => {
    await h.given(family, canteen, asked('r1'));
    expect(await request('r1')).toMatchObject({
      reference: 'D-2026-000001',
      kind: 'reservation',
      description: 'Réservation Restaurant scolaire — Léa',
      familyId: FAMILY,
      communeId: 'saint-hilaire',
      childId: 'child-1',
      activityId: 'canteen',
      firstDay: '2026-12-03',
      lastDay: '2026-12-03',
      status: 'pending',
      unread: false,
      messages: [],
    });
  });

  it('numbers requests per commune and year in the order they arrived', async () => {
    await h.given(family, asked('r1'), asked('r2'), { ...asked('r3', '2027-01-04T08:00:00.000Z') });
    expect([(await request('r1')).reference, (await request('r2')).reference, (await request('r3')).reference]).toEqual([
      'D-2026-000001',
      'D-2026-000002',
      'D-2027-000001',
    ]);
  });

  it('keeps every step in the timeline with who, when, why and through which channel', async () => {
    await h.given(
      family,
      asked('r1'),
      {
        type: 'BookingRefused',
        data: { requestId: 'r1', familyId: FAMILY, reasonCode: 'PAST_DEADLINE', reasonText: 'Le délai de réservation est dépassé.' },
        actor: RULES,
        at: '2026-12-01T08:00:01.000Z',
      },
    );
    const doc = await request('r1');
    expect(doc.status).toBe('refused');
    expect(doc.reasonText).toBe('Le délai de réservation est dépassé.');
    expect(doc.timeline.map(({ eventId: _e, position: _p, ...t }) => t)).toEqual([
      { at: '2026-12-01T08:00:00.000Z', type: 'BookingAsked', label: 'Demande reçue', actor: { kind: 'guardian', name: 'Claire Martin' }, channel: 'web' },
      {
        at: '2026-12-01T08:00:01.000Z',
        type: 'BookingRefused',
        label: 'Refusée',
        actor: { kind: 'rule', name: 'Règles de réservation' },
        channel: 'web',
        reasonCode: 'PAST_DEADLINE',
        reasonText: 'Le délai de réservation est dépassé.',
      },
    ]);
  });

  it('shows a decision as unread until the parent reads it', async () => {
    const [, , accepted] = await h.given(family, asked('r1'), { type: 'BookingAccepted', data: { requestId: 'r1', familyId: FAMILY }, actor: RULES });
    expect(await request('r1')).toMatchObject({ unread: true, lastNoticeEventId: accepted.id });
    await h.given({ type: 'FamilyRequestsRead', data: { familyId: FAMILY, scope: 'all', seen: [{ requestId: 'r1', noticeEventId: accepted.id }] } });
    expect((await request('r1')).unread).toBe(false);
  });

  it('shows a newer message as unread even when the parent read an older decision meanwhile', async () => {
    const [, , accepted, note] = await h.given(
      family,
      asked('r1'),
      { type: 'BookingAccepted', data: { requestId: 'r1', familyId: FAMILY }, actor: RULES },
      { type: 'NoteSent', data: { requestId: 'r1', familyId: FAMILY, text: 'Pensez au pique-nique.' }, actor: AGENT, channel: 'back-office' },
    );
    // The parent had seen the decision only: their read mark names it, so the note stays unread.
    await h.given({ type: 'FamilyRequestsRead', data: { familyId: FAMILY, scope: 'one', seen: [{ requestId: 'r1', noticeEventId: accepted.id }] } });
    const doc = await request('r1');
    expect(doc.unread).toBe(true);
    expect(doc.lastNoticeEventId).toBe(note.id);
    expect(doc.messages).toEqual([
      { eventId: note.id, position: note.position, at: note.metadata.occurredAt, from: 'staff', authorName: 'Agent Enfance', text: 'Pensez au pique-nique.' },
    ]);
  });

  it('ignores a read mark from another family', async () => {
    const [, , accepted] = await h.given(family, asked('r1'), { type: 'BookingAccepted', data: { requestId: 'r1', familyId: FAMILY }, actor: RULES });
    await h.given({ type: 'FamilyRequestsRead', data: { familyId: 'family-2', scope: 'all', seen: [{ requestId: 'r1', noticeEventId: accepted.id }] } });
    expect((await request('r1')).unread).toBe(true);
  });

  it('derives the status of a period booking from its days, without a timeline line per day', async () => {
    const day = (d: string, status: string): GivenEvent => ({ type: 'PeriodDayDecided', data: { requestId: 'p1', familyId: FAMILY, day: d, status }, actor: RULES });
    await h.given(family, { type: 'PeriodAsked', data: { requestId: 'p1', familyId: FAMILY, from: '2026-12-07', to: '2026-12-18' } }, day('2026-12-07', 'accepted'));
    expect(await request('p1')).toMatchObject({ status: 'accepted', firstDay: '2026-12-07', lastDay: '2026-12-18' });
    await h.given(day('2026-12-08', 'waitlisted'));
    expect((await request('p1')).status).toBe('partially_accepted');
    expect((await request('p1')).timeline).toHaveLength(1);
  });

  it('says who a step names as its maker rather than the actor its event was recorded with', async () => {
    await h.given(family, { type: 'PeriodAsked', data: { requestId: 'p2', familyId: FAMILY, from: '2026-12-07', to: '2026-12-18' }, actor: PARENT });
    await h.given({ type: 'PeriodSummarised', data: { requestId: 'p2', familyId: FAMILY }, actor: PARENT });
    expect((await request('p2')).timeline.map((t) => [t.label, t.actor])).toEqual([
      ['Demande reçue', { kind: 'guardian', name: 'Claire Martin' }],
      ['Jours décidés', { kind: 'rule', name: 'Règles de réservation' }],
    ]);
  });

  it('ignores steps of a request it never saw opened', async () => {
    await h.given({ type: 'BookingAccepted', data: { requestId: 'ghost', familyId: FAMILY } });
    expect(await h.find(REQUESTS)).toEqual([]);
  });

  it('keeps the names it needs to describe requests by itself', async () => {
    await h.given(family, canteen);
    expect(await h.find(REQUEST_NAMES)).toEqual([
      { _id: 'activity:canteen', name: 'Restaurant scolaire', communeId: HARNESS_COMMUNE },
      { _id: 'child:child-1', name: 'Léa', communeId: HARNESS_COMMUNE },
      { _id: 'family:family-1', name: 'Famille MARTIN', communeId: HARNESS_COMMUNE },
    ]);
  });

  it('keeps each commune’s requests, names and numbers apart when another commune reuses the same ids', async () => {
    await h.given(family, canteen, asked('r1'), { type: 'BookingAccepted', data: { requestId: 'r1', familyId: FAMILY }, actor: RULES });
    const before = await request('r1');
    const elsewhere = (e: GivenEvent): GivenEvent => ({ ...e, communeId: OTHER_COMMUNE });
    await h.given(
      elsewhere({ ...family, data: { familyId: FAMILY, name: 'Famille DURAND', guardians: [], children: [{ childId: 'child-1', firstName: 'Hugo' }] } }),
      elsewhere(asked('r1')),
      elsewhere({ type: 'FamilyRequestsRead', data: { familyId: FAMILY, scope: 'all', seen: [{ requestId: 'r1', noticeEventId: before.lastNoticeEventId }] } }),
    );
    expect(await request('r1')).toEqual(before);
    expect(await h.get<RequestDocument>(REQUESTS, 'r1', OTHER_COMMUNE)).toMatchObject({
      communeId: OTHER_COMMUNE,
      reference: 'D-2026-000001',
      description: 'Réservation activité — Hugo',
      status: 'pending',
      unread: false,
    });
    expect(await h.get(REQUEST_NAMES, 'family:family-1')).toMatchObject({ name: 'Famille MARTIN' });
  });

  it('forgets the family’s requests and names when the family is erased', async () => {
    await h.given(family, asked('r1'), { type: 'NoteSent', data: { requestId: 'r1', familyId: FAMILY, text: 'Bien reçu.' }, actor: AGENT });
    await h.given({ type: 'FamilyErased', data: { familyId: FAMILY, reasonCode: 'RIGHT_TO_ERASURE', childIds: ['child-1'], guardianIds: [], accountIds: [] }, actor: AGENT });
    expect(await h.find(REQUESTS)).toEqual([]);
    expect(await h.find(REQUEST_NAMES)).toEqual([]);
  });

  it('gives the very same documents when rebuilt from the first event', async () => {
    const [, , , accepted] = await h.given(
      family,
      canteen,
      asked('r1'),
      { type: 'BookingAccepted', data: { requestId: 'r1', familyId: FAMILY }, actor: RULES },
      asked('r2'),
      { type: 'NoteSent', data: { requestId: 'r2', familyId: FAMILY, text: 'Bien reçu.' }, actor: AGENT },
    );
    await h.given({ type: 'FamilyRequestsRead', data: { familyId: FAMILY, scope: 'one', seen: [{ requestId: 'r1', noticeEventId: accepted.id }] } });
    const collections = [REQUESTS, REQUEST_NAMES, 'request_counters'];
    const live = await h.snapshot(collections);
    await h.rebuild('requests');
    expect(await h.snapshot(collections)).toBe(live);
  });
});

