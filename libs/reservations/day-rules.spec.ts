import type { ActivityConfiguration } from '@pf/activities';
import { aCanteen } from '@pf/activities/testing';
import { dayRules, eligibility } from './day-availability';
import { expandPeriod, validatePeriod } from './period';

const canteen = aCanteen();
const lateMeal: ActivityConfiguration = { ...canteen, activityId: 'late-meal', name: 'Repas non prévu (majoration)', deadline: { kind: 'daysBefore', days: 0, time: '09:00' }, lateBookingOf: 'canteen' };
const commune = { schoolZone: 'B' as const, timeZone: 'Europe/Paris' };
const emma = { birthDate: '2018-04-12' };

describe('a period booking expands to the days the activity runs', () => {
  it('a whole school year on Monday, Tuesday, Thursday and Friday is about 140 days, holidays skipped with their reason', () => {
    const { days, skipped } = expandPeriod('2026-09-01', '2027-07-03', [1, 2, 4, 5], canteen, commune);
    expect(days.length).toBeGreaterThanOrEqual(135);
    expect(days.length).toBeLessThanOrEqual(145);
    expect(days).not.toContain('2026-12-24');
    expect(skipped).toContainEqual({ day: '2026-12-24', label: 'Vacances de Noël' });
    expect(skipped).toContainEqual({ day: '2027-03-29', label: 'Jour férié : Lundi de Pâques' });
  });

  it('keeps only the weekdays asked for, and drops the weekdays the activity never opens', () => {
    const { days, skipped } = expandPeriod('2026-11-30', '2026-12-06', [1, 3, 5], canteen, commune);
    expect(days).toEqual(['2026-11-30', '2026-12-04']);
    expect(skipped).toEqual([]);
  });

  it('refuses a period over a year, reversed, or with malformed days or weekdays', () => {
    expect(() => validatePeriod('2026-09-01', '2027-08-31', undefined)).not.toThrow();
    expect(() => validatePeriod('2026-09-01', '2027-09-01', undefined)).toThrow(expect.objectContaining({ code: 'PERIOD_TOO_LONG' }));
    expect(() => validatePeriod('2026-09-02', '2026-09-01', undefined)).toThrow(expect.objectContaining({ code: 'RANGE_INVALID' }));
    expect(() => validatePeriod('2026-02-30', '2026-03-01', undefined)).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
    expect(() => validatePeriod('2026-09-01', '2026-09-30', [0])).toThrow(expect.objectContaining({ code: 'WEEKDAYS_INVALID' }));
  });
});

describe("the rules of a day, at the commune's time", () => {
  it('tells the late-booking window apart from the booking deadline (Paris time, told in UTC)', () => {
    // Tuesday 1 December 2026 at 8:30 in Paris: the 48-hour deadline is past, the late booking open until 9:00.
    expect(dayRules('2026-12-01', canteen, commune, '2026-12-01T07:30:00Z', lateMeal)).toMatchObject({
      closed: null,
      onTime: false,
      late: { activityId: 'late-meal', onTime: true },
      capacity: { total: 99, groups: { maternelle: 35, elementaire: 64 } },
    });
    expect(dayRules('2026-12-01', canteen, commune, '2026-12-01T08:01:00Z', lateMeal).late).toMatchObject({ onTime: false });
    expect(dayRules('2026-12-03', canteen, commune, '2026-12-01T07:30:00Z', lateMeal)).toMatchObject({ onTime: true });
  });

  it('an open activity takes a pupil of a welcomed group, with the group its birth date gives', () => {
    expect(eligibility('2026-12-03', canteen, emma, [])).toEqual({ eligibility: { ok: true }, group: 'elementaire' });
    expect(eligibility('2026-12-03', { ...canteen, groups: [{ group: 'maternelle', capacity: 35 }] }, emma, []).eligibility).toMatchObject({ ok: false, reasonCode: 'NOT_ELIGIBLE' });
  });

  it('an activity with enrolment takes only the children enrolled for the period of that day', () => {
    const withEnrolment = { ...canteen, enrolment: 'staff' as const };
    expect(eligibility('2026-12-03', withEnrolment, emma, []).eligibility).toMatchObject({ ok: false, reasonCode: 'NOT_ENROLLED', reasonText: expect.stringContaining('2026-2027') });
    expect(eligibility('2026-12-03', withEnrolment, emma, [{ periodId: 'annee-2026-2027', status: 'pending', group: 'elementaire' }]).eligibility).toMatchObject({ reasonCode: 'ENROLMENT_PENDING' });
    expect(eligibility('2026-12-03', withEnrolment, emma, [{ periodId: 'annee-2026-2027', status: 'accepted', group: 'maternelle' }])).toEqual({ eligibility: { ok: true }, group: 'maternelle' });
    expect(eligibility('2026-12-03', withEnrolment, emma, [{ periodId: 'other', status: 'accepted', group: 'elementaire' }]).eligibility).toMatchObject({ reasonCode: 'NOT_ENROLLED' });
  });
});
