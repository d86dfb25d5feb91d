/**
 * Calendar arithmetic on 'YYYY-MM-DD' days (no time zone: a day is a day). Weeks start on Monday,
 * as in France.
 */

const pad = (n: number) => String(n).padStart(2, '0');

function toUtc(isoDay: string): Date {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
}

function fromUtc(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** '2026-12-31' + 1 → '2027-01-01'. */
export function addDays(isoDay: string, days: number): string {
  const date = toUtc(isoDay);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

/** Same day of month `months` later, clamped to the month's last day (31 January + 1 → 28/29 February). */
export function addMonths(isoDay: string, months: number): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** The Monday of the week of that day. */
export function startOfWeek(isoDay: string): string {
  const weekday = (toUtc(isoDay).getUTCDay() + 6) % 7; // 0 = Monday
  return addDays(isoDay, -weekday);
}

export function startOfMonth(isoDay: string): string {
  return `${isoDay.slice(0, 8)}01`;
}

export function endOfMonth(isoDay: string): string {
  const [y, m] = isoDay.split('-').map(Number) as [number, number];
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

/** Whole days from `from` to `to` (negative when `to` is before). */
export function dayDiff(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

export const WEEKDAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** [1, 2, 4, 5] → 'lundi, mardi, jeudi et vendredi'. */
export function weekdaysText(weekdays: number[]): string {
  const names = [...weekdays].sort((a, b) => a - b).map((d) => WEEKDAY_NAMES[d - 1] ?? String(d));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`;
}
