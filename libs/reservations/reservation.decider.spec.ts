import { decideRequestReservation, DayRules, DayState, evolveDay, initialDayState } from './reservation.decider';
import type { ReservationEvent, ReservationKey } from './reservation.events';

const request = (childId = 'emma', requestId = `r-${childId}`): ReservationKey => ({
  requestId,
  familyId: 'f1',
  childId,
  activityId: 'canteen',
  day: '2026-12-03',
});
const open: DayRules = { closed: null, onTime: true, deadlineText: 'au plus tard 48 heures avant', capacity: 2 };
const given = (...events: ReservationEvent[]): DayState => events.reduce(evolveDay, initialDayState);
const accepted = (childId: string): ReservationEvent => ({ type: 'ReservationAccepted', data: request(childId) });
const types = (events: ReservationEvent[]) => events.map((e) => e.type);

describe('booking a canteen day', () => {
  it('accepts an on-time request for an open day with free places', () => {
    expect(types(decideRequestReservation(request(), given(), open))).toEqual(['ReservationRequested', 'ReservationAccepted']);
  });

  it('says the rules decided, not the parent', () => {
    expect(decideRequestReservation(request(), given(), open)[1].actor).toMatchObject({ kind: 'rule' });
  });

  it('refuses a closed day and says why', () => {
    const [, refused] = decideRequestReservation(request(), given(), { ...open, closed: { label: 'vacances de Noël' } });
    expect(refused).toMatchObject({ type: 'ReservationRefused', data: { reasonCode: 'DAY_CLOSED' } });
    expect((refused.data as { reasonText: string }).reasonText).toContain('vacances de Noël');
  });

  it('refuses a late request and tells the parent the rule', () => {
    const [, refused] = decideRequestReservation(request(), given(), { ...open, onTime: false });
    expect(refused.data).toMatchObject({ reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('48 heures') });
  });

  it('checks the closed day before the deadline', () => {
    const [, refused] = decideRequestReservation(request(), given(), { ...open, onTime: false, closed: { label: 'jour férié' } });
    expect(refused.data).toMatchObject({ reasonCode: 'DAY_CLOSED' });
  });

  it('refuses a second booking of the same day for the same child', () => {
    const [, refused] = decideRequestReservation(request('emma', 'r-2'), given(accepted('emma')), open);
    expect(refused.data).toMatchObject({ reasonCode: 'ALREADY_BOOKED' });
  });

  it('puts the request on the waiting list when the day is full, in arrival order', () => {
    const full = given(accepted('a'), accepted('b'));
    const [, first] = decideRequestReservation(request('c'), full, open);
    expect(first).toMatchObject({ type: 'ReservationWaitlisted', data: { rank: 1 } });
    const [, second] = decideRequestReservation(request('d'), given(accepted('a'), accepted('b'), first), open);
    expect(second).toMatchObject({ type: 'ReservationWaitlisted', data: { rank: 2 } });
  });

  it('never limits an activity without capacity', () => {
    const many = given(...Array.from({ length: 200 }, (_, i) => accepted(`c${i}`)));
    expect(types(decideRequestReservation(request(), many, { ...open, capacity: null }))).toContain('ReservationAccepted');
  });
});
