/**
 * A calendar day is a plain 'YYYY-MM-DD' string: a date on the commune's wall calendar, with no
 * time and no time zone. Arithmetic is done on UTC midnights, where every day lasts 24 hours, so
 * neither the server's time zone nor daylight saving can shift a day.
 */
export type CalendarDay = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Checked days and their UTC midnights: a booking works on the same few hundred days over and over. */
const midnights = new Map<CalendarDay, number>();

export function isCalendarDay(value: unknown): value is CalendarDay {
  if (typeof value !== 'string') return false;
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day;
}

export function assertCalendarDay(value: string): void {
  if (!midnights.has(value) && !isCalendarDay(value)) throw new RangeError(`Invalid day (expected YYYY-MM-DD): ${value}`);
}

export function calendarDay(year: number, month: number, day: number): CalendarDay {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(utcMidnight(day) + days * MS_PER_DAY);
  return calendarDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: CalendarDay): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const sundayFirst = new Date(utcMidnight(day)).getUTCDay();
  return (sundayFirst === 0 ? 7 : sundayFirst) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

export function isWeekend(day: CalendarDay): boolean {
  return isoWeekday(day) >= 6;
}

export function yearOf(day: CalendarDay): number {
  return Number(day.slice(0, 4));
}

function utcMidnight(day: CalendarDay): number {
  const known = midnights.get(day);
  if (known !== undefined) return known;
  assertCalendarDay(day);
  const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  if (midnights.size < 50_000) midnights.set(day, ms);
  return ms;
}
