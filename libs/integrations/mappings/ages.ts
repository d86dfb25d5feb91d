import { DateTime } from 'luxon';

/** Full years between a birth date and a day, both 'YYYY-MM-DD' (a child born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: string, day: string): number | null {
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
