/**
 * French bank holidays (jours fériés), built on @socialgouv/jours-feries.
 *
 * Metropolitan France has 11 bank holidays; Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle) adds
 * Good Friday and St Stephen's Day (26 December): pass `{ alsaceMoselle: true }` for a commune
 * there. Pentecost Monday is listed: it may be the « journée de solidarité » for employees, but
 * schools and childhood services are closed that day.
 */
import getJoursFeries from '@socialgouv/jours-feries';
import { assertCalendarDay, CalendarDay, calendarDay, yearOf } from './calendar-day';

export interface BankHoliday {
  day: CalendarDay;
  /** French name, as shown to parents: « Lundi de Pâques ». */
  name: string;
}

export interface BankHolidayOptions {
  /** Bas-Rhin, Haut-Rhin and Moselle: adds Vendredi saint and Saint-Étienne. */
  alsaceMoselle?: boolean;
}

/** The library's keys, written as we show them. */
const DISPLAY_NAMES: Record<string, string> = {
  "Jour de l'an": 'Jour de l’An',
  'Fête du travail': 'Fête du Travail',
  'Victoire des alliés': 'Victoire 1945',
  'Fête Nationale': 'Fête nationale',
  Assomption: 'Assomption',
  Toussaint: 'Toussaint',
  Armistice: 'Armistice 1918',
  Noël: 'Noël',
  'Lundi de Pâques': 'Lundi de Pâques',
  Ascension: 'Ascension',
  'Lundi de Pentecôte': 'Lundi de Pentecôte',
  'Vendredi Saint': 'Vendredi saint',
  'Saint Étienne': 'Saint-Étienne',
};

/**
 * Years we trust the library for. Its Easter computation agrees with the Meeus/Jones/Butcher
 * algorithm from 1900 up to 2105 and drifts from 2106 on (checked in bank-holidays.spec.ts), so we
 * stop at the end of the century rather than return a wrong Easter Monday.
 */
export const BANK_HOLIDAY_YEARS = { first: 1900, last: 2099 } as const;

/** A year's holidays never change: worked out once per year and variant (a school-year booking asks ~280 times). */
const computed = new Map<string, readonly BankHoliday[]>();

/** The bank holidays of `year`, in calendar order. */
export function bankHolidays(year: number, options: BankHolidayOptions = {}): BankHoliday[] {
  const { first, last } = BANK_HOLIDAY_YEARS;
  if (!Number.isInteger(year) || year < first || year > last) {
    throw new RangeError(`Bank holidays are computed for years ${first} to ${last}, not ${year}`);
  }
  const key = `${year}|${options.alsaceMoselle === true}`;
  let holidays = computed.get(key);
  if (!holidays) {
    const byName = getJoursFeries(year, { alsace: options.alsaceMoselle === true });
    holidays = Object.freeze(
      Object.entries(byName)
        .map(([name, date]) => Object.freeze({ day: calendarDayOfLocalMidnight(date as Date), name: DISPLAY_NAMES[name] ?? name }))
        .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)),
    );
    computed.set(key, holidays);
  }
  return [...holidays];
}

/** The bank holiday falling on `day`, or null. */
export function bankHolidayOn(day: CalendarDay, options: BankHolidayOptions = {}): BankHoliday | null {
  assertCalendarDay(day);
  return bankHolidays(yearOf(day), options).find((holiday) => holiday.day === day) ?? null;
}

export function isBankHoliday(day: CalendarDay, options: BankHolidayOptions = {}): boolean {
  return bankHolidayOn(day, options) !== null;
}

/**
 * The library builds `new Date(year, month, day)` (local midnight of the process's time zone) and
 * derives Easter Monday, Ascension and Pentecost Monday by adding multiples of 24 hours, which
 * lands on 23:00 the evening before (or 01:00) when a daylight-saving change of the server's
 * zone falls in between. Reading the local date twelve hours later absorbs that hour whatever the
 * server's zone; reading UTC getters instead would shift every holiday east of Greenwich.
 */
function calendarDayOfLocalMidnight(date: Date): CalendarDay {
  const noon = new Date(date.getTime() + 12 * 3_600_000);
  return calendarDay(noon.getFullYear(), noon.getMonth() + 1, noon.getDate());
}
