import { activityDay, childGroupOn } from './activity-calendar';
import { aCanteen } from '@pf/activities/testing';
import { decideConfigureActivity, evolveActivity, initialActivityState, type ActivityState } from './activity.decider';
import type { ActivityConfiguration, ActivityEvent } from './activity.events';

const canteen = aCanteen({ closedDays: [{ day: '2027-03-19', reason: 'Journée pédagogique' }] });
const lateMeal: ActivityConfiguration = { ...canteen, activityId: 'late-meal', name: 'Repas non prévu (majoration)', deadline: { kind: 'daysBefore', days: 0, time: '09:00' }, periods: [], lateBookingOf: 'canteen' };
const given = (...events: ActivityEvent[]): ActivityState => events.reduce(evolveActivity, initialActivityState);
const problems = (configuration: ActivityConfiguration, context = {}) => {
  try {
    decideConfigureActivity(configuration, given(), context);
    return [];
  } catch (error) {
    return (error as { details: Array<{ code: string }> }).details.map((d) => d.code);
  }
};

describe('staff configure an activity', () => {
  it('records the configuration once, and configuring the same rules again changes nothing', () => {
    const [configured] = decideConfigureActivity(canteen, given());
    expect(configured).toMatchObject({ type: 'ActivityConfigured', data: canteen, schemaVersion: 2 });
    expect(decideConfigureActivity({ ...canteen }, given(configured))).toEqual([]);
    expect(decideConfigureActivity({ ...canteen, capacity: 100 }, given(configured))).toHaveLength(1);
  });

  it('reads a configuration of the first shape (no periods, groups…) with the meaning it had', () => {
    const { periods: _p, groups: _g, closedDays: _c, enrolment: _e, lateBookingOf: _l, ...v1 } = canteen;
    expect(given({ type: 'ActivityConfigured', data: v1 as ActivityConfiguration }).configuration).toMatchObject({ periods: [], groups: [], enrolment: 'open', lateBookingOf: null });
  });

  it.each<[string, Partial<ActivityConfiguration>, string]>([
    ['an activity without a name', { name: ' ' }, 'REQUIRED'],
    ['an end before the start', { endTime: '11:00' }, 'END_BEFORE_START'],
    ['no opening day', { openWeekdays: [] }, 'WEEKDAYS_INVALID'],
    ['a capacity of zero places', { capacity: 0 }, 'CAPACITY_INVALID'],
    ['an invalid deadline', { deadline: { kind: 'hoursBefore', hours: -1 } }, 'DEADLINE_INVALID'],
    ['no period at all', { periods: [] }, 'PERIOD_REQUIRED'],
    ['a period ending before it starts', { periods: [{ ...canteen.periods[0], from: '2027-07-03', to: '2026-09-01' }] }, 'RANGE_INVALID'],
    ['a period of two years', { periods: [{ ...canteen.periods[0], to: '2028-07-03' }] }, 'PERIOD_TOO_LONG'],
    [
      'two overlapping periods',
      { periods: [canteen.periods[0], { ...canteen.periods[0], periodId: 'toussaint', label: 'Toussaint', from: '2026-10-19', to: '2026-10-30' }] },
      'PERIODS_OVERLAP',
    ],
    ['the same group twice', { groups: [canteen.groups[0], canteen.groups[0]] }, 'GROUP_DUPLICATE'],
    ['a closed day without a reason', { closedDays: [{ day: '2027-03-19', reason: '' }] }, 'CLOSED_DAY_INVALID'],
  ])('refuses %s, naming the field', (_name, change, code) => {
    expect(problems({ ...canteen, ...change })).toContain(code);
  });

  it('attaches a late-booking activity only to an existing ordinary activity of the commune', () => {
    expect(problems(lateMeal, { lateBookingTarget: canteen })).toEqual([]);
    // Not looked up at all (no context): a configuration problem; looked up and absent: « not found » (below).
    expect(problems(lateMeal)).toContain('LATE_BOOKING_TARGET_UNKNOWN');
    expect(problems(lateMeal, { lateBookingTarget: { ...canteen, lateBookingOf: 'other' } })).toContain('LATE_BOOKING_TARGET_INVALID');
    expect(problems({ ...lateMeal, lateBookingOf: 'late-meal' }, { lateBookingTarget: lateMeal })).toContain('LATE_BOOKING_TARGET_INVALID');
  });

  it('answers « not found » when the activity a late booking books for is not in the commune (looked up, none)', () => {
    expect(() => decideConfigureActivity(lateMeal, initialActivityState, { lateBookingTarget: null })).toThrow(expect.objectContaining({ code: 'ACTIVITY_NOT_FOUND', kind: 'not_found' }));
    expect(decideConfigureActivity(lateMeal, initialActivityState, { lateBookingTarget: canteen })).toEqual([expect.objectContaining({ type: 'ActivityConfigured' })]);
  });
});

describe('the days an activity runs', () => {
  const zoneB = { schoolZone: 'B' as const };

  it('runs on the opening weekdays of its period', () => {
    expect(activityDay('2026-12-03', canteen, zoneB)).toMatchObject({ open: true, period: { periodId: 'annee-2026-2027' } });
    expect(activityDay('2026-12-02', canteen, zoneB)).toMatchObject({ open: false, code: 'WEEKDAY_CLOSED', label: "pas d'accueil le mercredi" });
  });

  it('is closed outside its periods, on bank holidays, in the school holidays and on the days the service closed it', () => {
    expect(activityDay('2027-07-05', canteen, zoneB)).toMatchObject({ open: false, code: 'OUTSIDE_PERIOD' });
    expect(activityDay('2027-03-29', canteen, zoneB)).toMatchObject({ open: false, code: 'BANK_HOLIDAY', label: 'Jour férié : Lundi de Pâques' });
    expect(activityDay('2027-02-22', canteen, zoneB)).toMatchObject({ open: false, code: 'SCHOOL_HOLIDAY', label: 'Vacances d’hiver' });
    expect(activityDay('2027-03-19', canteen, zoneB)).toMatchObject({ open: false, code: 'COMMUNE_CLOSED_DAY', label: 'Journée pédagogique' });
  });

  it('opens a holiday centre in the school holidays of the commune’s zone', () => {
    const alsh: ActivityConfiguration = {
      ...canteen,
      kind: 'holiday_centre',
      opensDuringSchoolHolidays: true,
      periods: [{ periodId: 'hiver-2027', label: "Vacances d'hiver 2027", kind: 'holiday_session', from: '2027-02-22', to: '2027-03-05', openWeekdays: [1, 2, 3, 4, 5] }],
    };
    expect(activityDay('2027-02-24', alsh, zoneB)).toMatchObject({ open: true });
  });
});

describe('the school group of a child', () => {
  it.each([
    ['2023-01-17', '2026-12-03', 'maternelle'],
    ['2021-09-02', '2026-12-03', 'maternelle'],
    ['2020-12-31', '2026-12-03', 'elementaire'],
    ['2016-11-21', '2026-12-03', 'elementaire'],
    ['2015-05-01', '2026-12-03', null],
    ['2025-01-01', '2026-12-03', null],
    // Before September, the day still belongs to the previous school year.
    ['2020-05-01', '2026-06-15', 'maternelle'],
  ])('a child born on %s, on %s, is in group %s', (birthDate, day, group) => {
    expect(childGroupOn(birthDate, day)).toBe(group);
  });
});
