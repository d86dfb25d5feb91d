import { decideEnrolmentDecision, decideRequestEnrolment, evolveEnrolment, initialEnrolmentState, type EnrolmentRules, type EnrolmentState } from './enrolment.decider';
import type { EnrolmentEvent, EnrolmentFacts } from './enrolment.events';

const ask = (requestId = 'r1', over: Partial<EnrolmentFacts> = {}): EnrolmentFacts => ({
  requestId,
  familyId: 'f1',
  childId: 'emma',
  activityId: 'garderie-soir',
  periodId: 'annee-2026-2027',
  periodLabel: 'Année scolaire 2026-2027',
  group: 'elementaire',
  typicalWeek: [1, 4],
  ...over,
});
const automatic: EnrolmentRules = { policy: 'automatic', groups: ['maternelle', 'elementaire'], openWeekdays: [1, 2, 4, 5], periodOver: false };
const byStaff: EnrolmentRules = { ...automatic, policy: 'staff' };
const given = (...events: EnrolmentEvent[]): EnrolmentState => events.reduce(evolveEnrolment, initialEnrolmentState);
const types = (events: EnrolmentEvent[]) => events.map((e) => e.type);

describe('enrolling a child in an activity for a period', () => {
  it('is accepted at once by the rules where the activity says so', () => {
    const events = decideRequestEnrolment(ask(), given(), automatic);
    expect(types(events)).toEqual(['EnrolmentRequested', 'EnrolmentAccepted']);
    expect(events[1].actor).toMatchObject({ kind: 'rule' });
    expect(given(...events)).toMatchObject({ status: 'accepted', facts: { typicalWeek: [1, 4] } });
  });

  it('waits for the service where the activity says so', () => {
    expect(types(decideRequestEnrolment(ask(), given(), byStaff))).toEqual(['EnrolmentRequested']);
  });

  it('refuses a second request for the same activity and period, and says why', () => {
    const enrolled = given(...decideRequestEnrolment(ask(), given(), automatic));
    expect(decideRequestEnrolment(ask('r2'), enrolled, automatic)[1]).toMatchObject({
      type: 'EnrolmentRefused',
      data: { requestId: 'r2', reasonCode: 'ALREADY_ENROLLED', reasonText: expect.stringContaining('Année scolaire 2026-2027') },
    });
    const pending = given(...decideRequestEnrolment(ask(), given(), byStaff));
    expect(decideRequestEnrolment(ask('r2'), pending, byStaff)[1].data).toMatchObject({ reasonCode: 'ENROLMENT_PENDING' });
  });

  it('keeps the first enrolment when a second request is refused', () => {
    const enrolled = decideRequestEnrolment(ask(), given(), automatic);
    const second = decideRequestEnrolment(ask('r2'), given(...enrolled), automatic);
    expect(given(...enrolled, ...second)).toMatchObject({ status: 'accepted', facts: { requestId: 'r1' } });
  });

  it('refuses a period already over', () => {
    expect(decideRequestEnrolment(ask(), given(), { ...automatic, periodOver: true })[1].data).toMatchObject({ reasonCode: 'PERIOD_OVER' });
  });

  it('refuses a child of a group the activity does not welcome', () => {
    const refused = decideRequestEnrolment(ask('r1', { group: 'maternelle' }), given(), { ...automatic, groups: ['elementaire'] })[1];
    expect(refused.data).toMatchObject({ reasonCode: 'NOT_ELIGIBLE', reasonText: expect.stringContaining('élémentaire') });
    expect(decideRequestEnrolment(ask('r1', { group: null }), given(), automatic)[1].data).toMatchObject({ reasonCode: 'NOT_ELIGIBLE' });
  });

  it('accepts a new request after a refusal', () => {
    const refused = decideRequestEnrolment(ask(), given(), { ...automatic, periodOver: true });
    expect(types(decideRequestEnrolment(ask('r2'), given(...refused), automatic))).toEqual(['EnrolmentRequested', 'EnrolmentAccepted']);
  });

  it('refuses a typical week with days the activity does not open', () => {
    expect(() => decideRequestEnrolment(ask('r1', { typicalWeek: [3] }), given(), automatic)).toThrow(expect.objectContaining({ code: 'TYPICAL_WEEK_INVALID' }));
  });
});

describe('the service decides an enrolment request', () => {
  const pending = () => given(...decideRequestEnrolment(ask(), given(), byStaff));

  it('accepts it, with an optional word to the family', () => {
    expect(decideEnrolmentDecision('r1', { decision: 'accept', message: 'Bienvenue !' }, pending())[0]).toMatchObject({ type: 'EnrolmentAccepted', data: { message: 'Bienvenue !' } });
  });

  it('refuses it with the reason written to the family, which a refusal needs', () => {
    expect(decideEnrolmentDecision('r1', { decision: 'refuse', message: 'Plus de place.' }, pending())[0]).toMatchObject({
      type: 'EnrolmentRefused',
      data: { reasonCode: 'REFUSED_BY_STAFF', reasonText: 'Plus de place.' },
    });
    expect(() => decideEnrolmentDecision('r1', { decision: 'refuse' }, pending())).toThrow(expect.objectContaining({ code: 'MESSAGE_REQUIRED' }));
  });

  it('cannot decide a request that no longer waits', () => {
    const accepted = given(...decideRequestEnrolment(ask(), given(), automatic));
    expect(() => decideEnrolmentDecision('r1', { decision: 'accept' }, accepted)).toThrow(expect.objectContaining({ code: 'REQUEST_NOT_PENDING', kind: 'conflict' }));
    expect(() => decideEnrolmentDecision('other', { decision: 'accept' }, pending())).toThrow(expect.objectContaining({ code: 'REQUEST_NOT_PENDING' }));
  });
});
