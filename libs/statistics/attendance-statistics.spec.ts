import { billingVerdict, type DayFacts } from '@pf/billing';
import {
  ageGroupOn,
  ageOn,
  attendanceStatistics,
  monthsOf,
  slotMinutes,
  type AttendanceDay,
  type AttendanceFigures,
  type StatisticsActivity,
} from './attendance-statistics';

const CANTEEN: StatisticsActivity = { activityId: 'canteen', name: 'Restaurant scolaire', facilityName: 'Restaurant Jules-Ferry', startTime: '11:45', endTime: '13:30' };
const WEDNESDAY: StatisticsActivity = { activityId: 'wednesday', name: 'Mercredi loisirs', facilityName: 'Centre de loisirs', startTime: '08:30', endTime: '17:30' };
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
/** After October: every booked day of October has been lived. */
const TODAY = '2026-11-03';

const NONE: AttendanceFigures = { booked: 0, present: 0, unexpected: 0, absentJustified: 0, absentUnjustified: 0, notRecorded: 0, billed: 0, children: 0, presentHours: 0, billedHours: 0 };
const figures = (f: Partial<AttendanceFigures>): AttendanceFigures => ({ ...NONE, ...f });

/** A booked day, pointed present unless told otherwise. */
const day = (childId: string, date: string, change: Partial<AttendanceDay> = {}): AttendanceDay => ({
  childId,
  activityId: CANTEEN.activityId,
  day: date,
  booking: 'accepted',
  lateActivityId: null,
  absence: null,
  attendance: 'present',
  ...change,
});

const given = (days: AttendanceDay[], births: Record<string, string | null>, options: { period?: { from: string; to: string }; today?: string; activities?: StatisticsActivity[] } = {}) =>
  attendanceStatistics({
    period: options.period ?? OCTOBER,
    today: options.today ?? TODAY,
    activities: options.activities ?? [CANTEEN],
    days,
    birthDates: new Map(Object.entries(births)),
  });

describe('attendance statistics for the CAF report', () => {
  it("counts a child turning 6 within the month under 6 before the birthday and 6 and over from the birthday, and once among the month's children", () => {
    // Emma turns 6 on Wednesday 14 October 2026.
    const days = ['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15'].map((d) => day('emma', d));
    const october = given(days, { emma: '2020-10-14' }).activities[0]!.months[0]!;
    expect(october.byAgeGroup.under_6).toEqual(figures({ booked: 2, present: 2, billed: 2, children: 1, presentHours: 3.5, billedHours: 3.5 }));
    expect(october.byAgeGroup.six_and_over).toEqual(figures({ booked: 2, present: 2, billed: 2, children: 1, presentHours: 3.5, billedHours: 3.5 }));
    expect(october.total).toMatchObject({ booked: 4, present: 4, children: 1, presentHours: 7 });
  });

  it('puts the days of a child without a birth date on file in the « âge inconnu » column', () => {
    const result = given([day('sami', '2026-10-05'), day('lost', '2026-10-06')], { sami: null });
    const october = result.activities[0]!.months[0]!;
    expect(october.byAgeGroup.unknown).toEqual(figures({ booked: 2, present: 2, billed: 2, children: 2, presentHours: 3.5, billedHours: 3.5 }));
    expect(october.byAgeGroup.under_6).toEqual(NONE);
    expect(october.byAgeGroup.six_and_over).toEqual(NONE);
  });

  it('counts a child pointed present without a booking as an unexpected presence: present and billed, not booked', () => {
    const october = given([day('noah', '2026-10-08', { booking: null, attendance: 'present' })], { noah: '2018-03-01' }).activities[0]!.months[0]!;
    expect(october.byAgeGroup.six_and_over).toEqual(figures({ booked: 0, present: 1, unexpected: 1, billed: 1, children: 1, presentHours: 1.75, billedHours: 1.75 }));
  });

  it('does not bill a justified absence, bills an unjustified one, and a child pointed absent is an unjustified absence', () => {
    const days = [
      day('noah', '2026-10-05', { attendance: null, absence: { reason: 'illness', justified: true } }),
      day('noah', '2026-10-06', { attendance: 'absent', absence: { reason: 'illness', justified: true } }),
      day('noah', '2026-10-08', { attendance: null, absence: { reason: 'family', justified: false } }),
      day('noah', '2026-10-09', { attendance: 'absent' }),
    ];
    const october = given(days, { noah: '2018-03-01' }).activities[0]!.months[0]!;
    expect(october.byAgeGroup.six_and_over).toEqual(figures({ booked: 4, absentJustified: 2, absentUnjustified: 2, billed: 2, billedHours: 3.5 }));
  });

  it('counts a child pointed present after declaring an absence as present, and bills the day', () => {
    const october = given([day('noah', '2026-10-05', { absence: { reason: 'illness', justified: true } })], { noah: '2018-03-01' }).activities[0]!.months[0]!;
    expect(october.byAgeGroup.six_and_over).toEqual(figures({ booked: 1, present: 1, billed: 1, children: 1, presentHours: 1.75, billedHours: 1.75 }));
  });

  it('bills a booked day not pointed yet, and says it is still to be pointed only once the day has come', () => {
    const days = [day('emma', '2026-10-20', { attendance: null }), day('emma', '2026-10-21', { attendance: null }), day('emma', '2026-10-22', { attendance: null })];
    const october = given(days, { emma: '2021-01-10' }, { today: '2026-10-21' }).activities[0]!.months[0]!;
    expect(october.byAgeGroup.under_6).toEqual(figures({ booked: 3, notRecorded: 2, billed: 3, billedHours: 5.25 }));
  });

  it('neither counts nor bills a day cancelled in time, a pending request or a place on the waiting list', () => {
    const days = [
      day('emma', '2026-10-05', { booking: 'cancelled', attendance: null }),
      day('emma', '2026-10-06', { booking: 'pending', attendance: null }),
      day('emma', '2026-10-08', { booking: 'waitlisted', attendance: null }),
    ];
    expect(given(days, { emma: '2021-01-10' }).activities[0]!.total).toEqual(NONE);
  });

  it('bills a late booking as a booked day of the activity it books', () => {
    const october = given([day('emma', '2026-10-05', { lateActivityId: 'late-meal' })], { emma: '2021-01-10' }).activities[0]!.months[0]!;
    expect(october.byAgeGroup.under_6).toMatchObject({ booked: 1, present: 1, billed: 1 });
  });

  it("works out hours as days × the activity's slot, rounded to the hundredth only at the end", () => {
    const care: StatisticsActivity = { ...CANTEEN, activityId: 'care', startTime: '07:30', endTime: '08:35' };
    const days = ['2026-10-01', '2026-10-02', '2026-10-05'].map((d) => day('emma', d, { activityId: 'care' }));
    // 3 × 65 minutes = 195 minutes = 3.25 hours (not 3 × 1.08).
    expect(given(days, { emma: '2021-01-10' }, { activities: [care] }).activities[0]!.total).toMatchObject({ presentHours: 3.25, billedHours: 3.25 });
  });

  it('cuts a period across months, and leaves out days outside the period or of an activity not asked for', () => {
    const days = [
      day('emma', '2026-09-30'),
      day('emma', '2026-10-15'),
      day('emma', '2026-11-02'),
      day('emma', '2026-11-16'),
      day('emma', '2026-10-16', { activityId: 'holiday-centre' }),
    ];
    const result = given(days, { emma: '2021-01-10' }, { period: { from: '2026-10-15', to: '2026-11-15' } });
    const canteen = result.activities[0]!;
    expect(canteen.months.map((m) => [m.month, m.from, m.to, m.total.present])).toEqual([
      ['2026-10', '2026-10-15', '2026-10-31', 1],
      ['2026-11', '2026-11-01', '2026-11-15', 1],
    ]);
    expect(canteen.total.present).toBe(2);
  });

  it('adds every activity together, a child who came to two activities counting once among the children', () => {
    const days = [day('emma', '2026-10-07', { activityId: 'wednesday' }), day('emma', '2026-10-08'), day('noah', '2026-10-08')];
    const result = given(days, { emma: '2021-01-10', noah: '2018-03-01' }, { activities: [CANTEEN, WEDNESDAY] });
    expect(result.activities.map((a) => [a.name, a.total.present, a.total.children])).toEqual([
      ['Restaurant scolaire', 2, 2],
      ['Mercredi loisirs', 1, 1],
    ]);
    expect(result.total.total).toMatchObject({ present: 3, children: 2, presentHours: 1.75 * 2 + 9 });
    expect(result.total.byAgeGroup.under_6).toMatchObject({ present: 2, children: 1 });
    expect(result.total.byAgeGroup.six_and_over).toMatchObject({ present: 1, children: 1 });
  });

  it('lists every month of the period, with zeros where nothing happened', () => {
    const result = given([], {}, { period: { from: '2026-09-01', to: '2027-08-31' } });
    expect(result.activities[0]!.months).toHaveLength(12);
    expect(result.activities[0]!.total).toEqual(NONE);
    expect(result).toMatchObject({ from: '2026-09-01', to: '2027-08-31', asOf: TODAY });
  });

  it('bills exactly the days billing bills, whether or not a cancellation was refused past the deadline', () => {
    // The planning read model forgets refused late cancellations: it must not change `billed`.
    const bookings: Array<DayFacts['booking']> = ['accepted', 'pending', 'waitlisted', 'cancelled', null];
    const absences: Array<DayFacts['absence']> = [null, { justified: true }, { justified: false }];
    const attendances: Array<DayFacts['attendance']> = [null, 'present', 'absent'];
    for (const booking of bookings)
      for (const absence of absences)
        for (const attendance of attendances) {
          const facts = { childId: 'c', activityId: 'a', day: '2026-10-05', booking, lateActivityId: null, absence, attendance };
          expect(billingVerdict({ ...facts, lateCancellation: true }).billed).toBe(billingVerdict({ ...facts, lateCancellation: false }).billed);
          const counted = given([day('c', '2026-10-05', { booking, absence: absence && { reason: 'other', ...absence }, attendance })], { c: '2018-01-01' }).activities[0]!.total.billed;
          expect(counted).toBe(billingVerdict({ ...facts, lateCancellation: false }).billed ? 1 : 0);
        }
  });
});

describe('age on the day', () => {
  it('is the number of full years, the birthday included', () => {
    expect(ageOn('2020-10-14', '2026-10-13')).toBe(5);
    expect(ageOn('2020-10-14', '2026-10-14')).toBe(6);
    expect(ageGroupOn('2020-10-14', '2026-10-13')).toBe('under_6');
    expect(ageGroupOn('2020-10-14', '2026-10-14')).toBe('six_and_over');
  });

  it('comes on 1 March for a child born on 29 February, in a year without one', () => {
    expect(ageOn('2020-02-29', '2026-02-28')).toBe(5);
    expect(ageOn('2020-02-29', '2026-03-01')).toBe(6);
  });

  it('is unknown without a birth date, with one that is not a date, or with one after the day', () => {
    expect(ageGroupOn(null, '2026-10-01')).toBe('unknown');
    expect(ageGroupOn('', '2026-10-01')).toBe('unknown');
    expect(ageGroupOn('14/10/2020', '2026-10-01')).toBe('unknown');
    expect(ageGroupOn('2027-01-01', '2026-10-01')).toBe('unknown');
  });
});

describe('slot and months', () => {
  it("measures an activity's slot in minutes", () => {
    expect(slotMinutes('11:45', '13:30')).toBe(105);
    expect(slotMinutes('08:30', '17:30')).toBe(540);
    expect(slotMinutes('13:30', '11:45')).toBe(0);
    expect(slotMinutes('', '13:30')).toBe(0);
  });

  it('cuts a period into its months, February of a leap year included', () => {
    expect(monthsOf({ from: '2028-01-20', to: '2028-03-02' })).toEqual([
      { month: '2028-01', from: '2028-01-20', to: '2028-01-31' },
      { month: '2028-02', from: '2028-02-01', to: '2028-02-29' },
      { month: '2028-03', from: '2028-03-01', to: '2028-03-02' },
    ]);
  });
});
