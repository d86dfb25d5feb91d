import { DateTime } from 'luxon';
import { ageOn } from './ages';

/** The age as luxon works it out from any ISO date (the way ageOn did before its calendar-day shortcut). */
function byLuxon(birthDate: string, day: string): number | null {
  const birth = DateTime.fromISO(birthDate, { zone: 'UTC' });
  const on = DateTime.fromISO(day, { zone: 'UTC' });
  if (!birth.isValid || !on.isValid || on < birth) return null;
  const years = on.year - birth.year;
  return on.month > birth.month || (on.month === birth.month && on.day >= birth.day) ? years : years - 1;
}

describe('the age of a child on a day, for CAF statistics', () => {
  it('counts full years, a child born on 29 February turning a year older on 1 March', () => {
    expect(ageOn('2020-10-14', '2026-10-13')).toBe(5);
    expect(ageOn('2020-10-14', '2026-10-14')).toBe(6);
    expect(ageOn('2020-02-29', '2026-02-28')).toBe(5);
    expect(ageOn('2020-02-29', '2026-03-01')).toBe(6);
    expect(ageOn('2020-02-29', '2024-02-29')).toBe(4);
  });

  it('gives no age for a day before the birth or for a date that does not exist', () => {
    expect(ageOn('2020-10-14', '2020-10-13')).toBeNull();
    expect(ageOn('2020-10-14', '2020-10-14')).toBe(0);
    expect(ageOn('2021-02-29', '2026-03-01')).toBeNull();
    expect(ageOn('2020-13-01', '2026-03-01')).toBeNull();
    expect(ageOn('2020-04-31', '2026-03-01')).toBeNull();
    expect(ageOn('2020-00-10', '2026-03-01')).toBeNull();
    expect(ageOn('', '2026-03-01')).toBeNull();
  });

  it('agrees with the calendar library on every pair of days, valid or not, and on other ISO forms', () => {
    const days: string[] = [];
    for (const year of [1900, 2000, 2019, 2020, 2021, 2024, 2100]) {
      for (const month of ['00', '01', '02', '03', '04', '06', '09', '11', '12', '13']) {
        for (const day of ['00', '01', '15', '28', '29', '30', '31', '32']) days.push(`${year}-${month}-${day}`);
      }
    }
    for (const day of days) {
      expect([day, ageOn('1899-06-15', day), ageOn(day, '2100-12-31')]).toEqual([day, byLuxon('1899-06-15', day), byLuxon(day, '2100-12-31')]);
    }
    const sample = days.filter((_, i) => i % 7 === 0);
    for (const birth of sample) for (const day of sample) expect([birth, day, ageOn(birth, day)]).toEqual([birth, day, byLuxon(birth, day)]);
    for (const [birth, day] of [
      ['2020-10-14T10:00:00Z', '2026-10-14'],
      ['2020-10-14', '2026-10-14T00:00:00+02:00'],
      ['20201014', '2026-10-14'],
      ['2020-W42', '2026-10-14'],
    ]) {
      expect(ageOn(birth, day)).toEqual(byLuxon(birth, day));
    }
  });
});
