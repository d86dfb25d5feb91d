import { DateTime } from 'luxon';
import { closedReason, isWorkingDay } from '../activities/calendar/commune-calendar';
import type { ActivityConfiguration } from '../activities/activity.events';
import type { CommuneProfile } from '../communes/commune.events';
import { describeDeadlineRule, isOnTime } from './deadline-rules';
import type { DayRules } from './reservation.decider';

const WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** Why the activity does not run that day (weekday, bank or school holiday, closure), or null. */
export function closedLabel(day: string, activity: ActivityConfiguration, commune: Pick<CommuneProfile, 'schoolZone'>): string | null {
  const weekday = DateTime.fromISO(day, { zone: 'UTC' }).weekday;
  if (!activity.openWeekdays.includes(weekday)) return `pas d'accueil le ${WEEKDAY_NAMES[weekday]}`;
  const reason = closedReason(day, { zone: commune.schoolZone }, { opensDuringSchoolHolidays: activity.opensDuringSchoolHolidays });
  return reason ? reason.label : null;
}

/** Everything the reservation decider needs to know about a day, at the instant `now`. */
export function dayRules(day: string, activity: ActivityConfiguration, commune: Pick<CommuneProfile, 'schoolZone' | 'timeZone'>, now: string): DayRules {
  const label = closedLabel(day, activity, commune);
  return {
    closed: label ? { label } : null,
    onTime: isOnTime(activity.deadline, day, now, { timeZone: commune.timeZone, startTime: activity.startTime, isWorkingDay }),
    deadlineText: describeDeadlineRule(activity.deadline),
    capacity: activity.capacity,
  };
}
