import { DateTime } from 'luxon';
import { invalid } from '@pf/domain';
import { activityDay, addDays, isCalendarDay, isoWeekday } from '@pf/activities';
import type { ActivityConfiguration } from '@pf/activities';
import type { CommuneProfile } from '@pf/communes';

/** A period booking covers at most one year: it ends before the same date a year later. */
export const MAX_PERIOD_BOOKING_DAYS = 366;

/** The same calendar day a year later (29 February → 1 March). */
const aYearAfter = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).plus({ years: 1 }).toISODate()!;

export interface ExpandedPeriod {
  /** Days the activity runs, each to be decided on its own. */
  days: string[];
  /** Requested weekdays on which the activity does not run (holidays, closures…), and why. */
  skipped: Array<{ day: string; label: string }>;
}

const problem = (code: string, message: string, field: string) => invalid(code, message, [{ field, code, message }]);

/** A real calendar day 'YYYY-MM-DD' (no 2026-02-30). */
export function validateDay(day: string, field: string): void {
  if (!isCalendarDay(day)) throw problem('DATE_INVALID', 'Date invalide : utilisez le format AAAA-MM-JJ.', field);
}

/** Checks a period as typed by a parent: real days, in order, at most a year, weekdays 1–7. */
export function validatePeriod(from: string, to: string, weekdays: number[] | undefined): void {
  validateDay(from, 'from');
  validateDay(to, 'to');
  if (to < from) throw problem('RANGE_INVALID', 'La date de fin doit suivre la date de début.', 'to');
  if (to >= aYearAfter(from)) throw problem('PERIOD_TOO_LONG', 'Une réservation sur une période couvre au plus un an.', 'to');
  if (weekdays && (weekdays.length === 0 || weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7))) {
    throw problem('WEEKDAYS_INVALID', 'Choisissez au moins un jour de la semaine (1 = lundi … 7 = dimanche).', 'weekdays');
  }
}

/**
 * The days of a period booking: each requested weekday from `from` to `to` on which the activity
 * runs. A requested weekday the activity does not run (school holidays, bank holidays, closures,
 * outside its periods) is skipped with its reason rather than refused: no one could book it.
 */
export function expandPeriod(from: string, to: string, weekdays: number[], activity: ActivityConfiguration, commune: Pick<CommuneProfile, 'schoolZone'>): ExpandedPeriod {
  validatePeriod(from, to, weekdays);
  const wanted = new Set(weekdays);
  const days: string[] = [];
  const skipped: ExpandedPeriod['skipped'] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!wanted.has(isoWeekday(day))) continue;
    const opening = activityDay(day, activity, commune);
    if (opening.open) days.push(day);
    else if (opening.code !== 'WEEKDAY_CLOSED') skipped.push({ day, label: opening.label });
  }
  return { days, skipped };
}
