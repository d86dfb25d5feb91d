import {
  daysOfMonth,
  formatCents,
  formatDate,
  formatDateTime,
  formatLongDay,
  formatMonth,
  isoWeekday,
  parseFrenchDate,
  todayInParis,
} from './french-format';

/** Intl puts narrow no-break spaces in French numbers: compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('French formatting', () => {
  it('shows a calendar day as dd/mm/yyyy without shifting it', () => {
    expect(formatDate('2026-05-05')).toBe('05/05/2026');
    expect(formatDate('2019-12-31')).toBe('31/12/2019');
  });

  it('shows an instant as the day it is in Paris, not in UTC', () => {
    // 23:30 UTC on 31 December is already New Year's Day in Paris (UTC+1 in winter).
    expect(formatDate('2025-12-31T23:30:00Z')).toBe('01/01/2026');
  });

  it('shows date and time in Paris with a 24-hour clock, summer and winter', () => {
    expect(formatDateTime('2026-05-05T12:07:00Z')).toBe('05/05/2026 14:07');
    expect(formatDateTime('2026-01-15T07:00:00Z')).toBe('15/01/2026 08:00');
    expect(formatDateTime('2026-03-29T00:30:00Z')).toBe('29/03/2026 01:30');
    expect(formatDateTime('2026-03-29T01:30:00Z')).toBe('29/03/2026 03:30');
  });

  it('returns an empty string for a missing value and the input for an unreadable one', () => {
    expect(formatDate(undefined)).toBe('');
    expect(formatDateTime('')).toBe('');
    expect(formatDate('bientôt')).toBe('bientôt');
  });

  it('writes days and months in words, in French', () => {
    expect(formatLongDay('2026-05-05')).toBe('mardi 5 mai 2026');
    expect(formatLongDay('2026-12-01')).toBe('mardi 1er décembre 2026');
    expect(formatLongDay('2027-06-01')).toBe('mardi 1er juin 2027');
    expect(formatLongDay('2026-12-31')).toBe('jeudi 31 décembre 2026');
    expect(formatMonth(2026, 2)).toBe('février 2026');
  });

  it('shows amounts from integer cents in euros with a decimal comma', () => {
    expect(plain(formatCents(450))).toBe('4,50 €');
    expect(plain(formatCents(123456))).toBe('1 234,56 €');
    expect(plain(formatCents(0))).toBe('0,00 €');
  });

  it('reads a date typed as jj/mm/aaaa and refuses days that do not exist', () => {
    expect(parseFrenchDate('14/03/2019')).toBe('2019-03-14');
    expect(parseFrenchDate(' 1/2/2020 ')).toBe('2020-02-01');
    expect(parseFrenchDate('29/02/2024')).toBe('2024-02-29');
    expect(parseFrenchDate('29/02/2023')).toBeNull();
    expect(parseFrenchDate('31/04/2020')).toBeNull();
    expect(parseFrenchDate('2019-03-14')).toBeNull();
  });

  it('knows today in Paris around midnight UTC', () => {
    expect(todayInParis(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('lists the days of a month and their weekday', () => {
    expect(daysOfMonth(2024, 2)).toHaveLength(29);
    expect(daysOfMonth(2026, 5)[0]).toBe('2026-05-01');
    expect(isoWeekday('2026-05-04')).toBe(1);
    expect(isoWeekday('2026-05-10')).toBe(7);
  });
});
