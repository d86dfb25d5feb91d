import { addDays, addMonths, dayDiff, daysBetween, endOfMonth, startOfMonth, startOfWeek, weekdaysText } from './calendar';

describe('Calendar days', () => {
  it('moves across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', -12)).toBe('2025-12-15');
  });

  it('starts weeks on Monday, as in France', () => {
    expect(startOfWeek('2026-12-01')).toBe('2026-11-30'); // a Tuesday
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30'); // a Sunday
    expect(startOfWeek('2026-11-30')).toBe('2026-11-30');
  });

  it('knows the first and last day of a month', () => {
    expect(startOfMonth('2026-02-17')).toBe('2026-02-01');
    expect(endOfMonth('2028-02-03')).toBe('2028-02-29');
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(dayDiff('2026-12-30', '2027-01-02')).toBe(3);
  });

  it('names weekdays in French', () => {
    expect(weekdaysText([5, 1, 2, 4])).toBe('lundi, mardi, jeudi et vendredi');
    expect(weekdaysText([3])).toBe('mercredi');
  });
});
