import { DateTime } from 'luxon';

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** [year, month, day] of a valid 'YYYY-MM-DD', else null. */
function calendarDay(text: string): [number, number, number] | null {
  const match = CALENDAR_DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const length = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= length ? [year, month, day] : null;
}

/** Full years between a birth date and a day, both 'YYYY-MM-DD' (a child born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: string, day: string): number | null {
  // Plain calendar days (every booking): worked out directly, a projection catching up asks this per event.
  const b = calendarDay(birthDate);
  const d = calendarDay(day);
  if (b && d) {
    if (day < birthDate) return null;
    const birthdayPassed = d[1] > b[1] || (d[1] === b[1] && d[2] >= b[2]);
    return d[0] - b[0] - (birthdayPassed ? 0 : 1);
  }
  const birth = DateTime.fromISO(birthDate, { zone: 'UTC' });
  const on = DateTime.fromISO(day, { zone: 'UTC' });
  if (!birth.isValid || !on.isValid || on < birth) return null;
  const years = on.year - birth.year;
  const birthdayPassed = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return birthdayPassed ? years : years - 1;
}

/** The age groups of CAF reports for periscolaire and ALSH: under 6, 6 and over. */
export type AgeGroup = 'under-6' | '6-and-over';
export const ageGroup = (age: number | null): AgeGroup | null => (age === null ? null : age < 6 ? 'under-6' : '6-and-over');

/** The commune's calendar day of an instant. */
export const localDay = (instant: string, timeZone: string): string =>
  DateTime.fromISO(instant, { zone: 'UTC' }).setZone(timeZone).toISODate() ?? instant.slice(0, 10);
