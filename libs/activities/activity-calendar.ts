import { isoWeekday } from './calendar/calendar-day';
import { closedReason, type ClosedReasonCode } from './calendar/commune-calendar';
import type { SchoolZone } from './calendar/school-holidays';
import type { ActivityConfiguration, ActivityPeriod, ChildGroup } from './activity.events';

const WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export type DayOpening =
  | { open: true; period: ActivityPeriod }
  | { open: false; code: 'OUTSIDE_PERIOD' | 'WEEKDAY_CLOSED' | ClosedReasonCode; label: string; period: ActivityPeriod | null };

/** The period of the activity that contains `day`, if any. */
export function periodOf(activity: Pick<ActivityConfiguration, 'periods'>, day: string): ActivityPeriod | null {
  return activity.periods.find((p) => p.from <= day && day <= p.to) ?? null;
}

/**
 * Does the activity run on `day`, and if not why (French, for the planning)? Outside its periods,
 * on a weekday the period does not open, on a bank holiday, on a day the service closed it, or in
 * the school holidays for a school-time activity.
 */
export function activityDay(day: string, activity: ActivityConfiguration, commune: { schoolZone: SchoolZone }): DayOpening {
  // The same configuration object asks again for the same days within one request (expansion, then rules).
  let known = openings.get(activity);
  if (!known) openings.set(activity, (known = new Map()));
  const cacheKey = `${commune.schoolZone}|${day}`;
  let opening = known.get(cacheKey);
  if (!opening) known.set(cacheKey, (opening = openingOf(day, activity, commune)));
  return opening;
}

const openings = new WeakMap<ActivityConfiguration, Map<string, DayOpening>>();

function openingOf(day: string, activity: ActivityConfiguration, commune: { schoolZone: SchoolZone }): DayOpening {
  const period = periodOf(activity, day);
  if (!period) return { open: false, code: 'OUTSIDE_PERIOD', label: "hors des périodes d'ouverture", period: null };
  const weekday = isoWeekday(day);
  if (!period.openWeekdays.includes(weekday)) return { open: false, code: 'WEEKDAY_CLOSED', label: `pas d'accueil le ${WEEKDAY_NAMES[weekday]}`, period };
  const reason = closedReason(
    day,
    { zone: commune.schoolZone, extraClosedDays: activity.closedDays.map((c) => ({ day: c.day, reason: c.reason })) },
    { opensDuringSchoolHolidays: activity.opensDuringSchoolHolidays },
  );
  return reason ? { open: false, code: reason.code, label: reason.label, period } : { open: true, period };
}

/**
 * The school group of a child on a day, from the year of birth, as French schools place pupils:
 * maternelle from the school year of their 2nd–3rd birthday (TPS/PS) to grande section (5),
 * élémentaire from CP (6) to CM2 (10). Null for a child too young or already at collège.
 */
export function childGroupOn(birthDate: string, day: string): ChildGroup | null {
  const year = Number(day.slice(0, 4));
  const schoolYearStart = Number(day.slice(5, 7)) >= 9 ? year : year - 1;
  const age = schoolYearStart - Number(birthDate.slice(0, 4));
  if (age >= 2 && age <= 5) return 'maternelle';
  if (age >= 6 && age <= 10) return 'elementaire';
  return null;
}
