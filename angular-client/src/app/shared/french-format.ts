/**
 * French formatting for the whole portal. Every date and time a person reads is shown in the
 * commune's time zone (Europe/Paris), whatever the time zone of the device.
 *
 * Two kinds of values come from the API:
 * - calendar days 'YYYY-MM-DD' (a booked day, a birth date): no time zone, never shifted;
 * - instants (ISO 8601 with offset or Z): converted to Europe/Paris.
 */

export const PORTAL_TIME_ZONE = 'Europe/Paris';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DAY = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/;

const pad = (n: number) => String(n).padStart(2, '0');

function parts(instant: Date, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat('fr-FR', { timeZone: PORTAL_TIME_ZONE, ...options }).formatToParts(instant)) {
    out[part.type] = part.value;
  }
  return out;
}

function toInstant(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Builds a Date at noon UTC for a calendar day, so that formatting in UTC never shifts it. */
function dayAsUtcNoon(isoDay: string): Date | null {
  const match = ISO_DAY.exec(isoDay);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d, 12));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}

/** '2026-05-05' → '05/05/2026'; an instant → its day in Paris. Unknown input is returned as is. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && ISO_DAY.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const instant = toInstant(value);
  if (!instant) return String(value);
  const p = parts(instant, { day: '2-digit', month: '2-digit', year: 'numeric' });
  return `${p['day']}/${p['month']}/${p['year']}`;
}

/** An instant → 'dd/mm/yyyy HH:mm' in Paris (24-hour clock). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const instant = toInstant(value);
  if (!instant) return String(value);
  const p = parts(instant, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${p['day']}/${p['month']}/${p['year']} ${p['hour']}:${p['minute']}`;
}

/**
 * '2026-05-05' → 'mardi 5 mai 2026', '2026-12-01' → 'mardi 1er décembre 2026': the weekday in
 * lowercase, as inside a sentence, and « 1er » for the first of the month. Every long date the
 * portal writes comes from here (a heading that starts with one capitalises it: `capitalised`).
 */
export function formatLongDay(isoDay: string): string {
  const date = dayAsUtcNoon(isoDay);
  if (!date) return isoDay;
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(date).map((x) => [x.type, x.value]),
  );
  return `${p['weekday']!.toLowerCase()} ${p['day'] === '1' ? '1er' : p['day']} ${p['month']} ${p['year']}`;
}

/** The first letter in capital, for a heading or a title that starts with a date or a month. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** '2026-05-05' → 'mar. 5' (compact label for a calendar cell). */
export function formatShortDay(isoDay: string): string {
  const date = dayAsUtcNoon(isoDay);
  if (!date) return isoDay;
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(date);
}

/** (2026, 5) → 'mai 2026'. Months are 1-based. */
export function formatMonth(year: number, month: number): string {
  const date = new Date(Date.UTC(year, month - 1, 15, 12));
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(date);
}

/** Integer cents → '1 234,50 €' (French grouping and decimal comma). */
export function formatCents(cents: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** '14/03/2019' (as typed by a person) → '2019-03-14', or null when it is not a real calendar day. */
export function parseFrenchDate(input: string): string | null {
  const match = FRENCH_DAY.exec(input);
  if (!match) return null;
  const [, d, m, y] = match.map(Number) as [number, number, number, number];
  const iso = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  return dayAsUtcNoon(iso) ? iso : null;
}

/** Today's calendar day in Paris, 'YYYY-MM-DD'. */
export function todayInParis(now: Date = new Date()): string {
  const p = parts(now, { day: '2-digit', month: '2-digit', year: 'numeric' });
  return `${p['year']}-${p['month']}-${p['day']}`;
}

/** Every calendar day of a month, 'YYYY-MM-DD'. */
export function daysOfMonth(year: number, month: number): string[] {
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${year}-${pad(month)}-${pad(i + 1)}`);
}

/** ISO weekday of a calendar day: 1 = lundi … 7 = dimanche. */
export function isoWeekday(isoDay: string): number {
  const date = dayAsUtcNoon(isoDay);
  if (!date) return 0;
  return ((date.getUTCDay() + 6) % 7) + 1;
}
