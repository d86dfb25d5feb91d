/**
 * Is an activity closed on a given day in this commune, and why (in French, for the planning)?
 *
 * - Bank holidays close every activity.
 * - Days the staff close (« journée pédagogique », « fermeture estivale », a bridge…) close every
 *   activity too.
 * - School holidays of the commune's zone close the school-time activities (restaurant scolaire,
 *   garderie matin / soir, mercredi) and are exactly when the holiday centre (ALSH vacances) opens.
 *
 * When several reasons apply, the first of that list wins: a bank holiday in the school holidays is
 * shown as the bank holiday. Weekdays are not this module's business: an activity's opening days
 * (Monday–Friday, Wednesdays only…) exclude weekends on their own.
 */
import { bankHolidayOn, BankHolidayOptions, isBankHoliday } from './bank-holidays';
import { addDays, assertCalendarDay, CalendarDay, isCalendarDay, isWeekend } from './calendar-day';
import { isSchoolZone, schoolHolidayOn, SchoolZone } from './school-holidays';

export interface CommuneClosedDay {
  day: CalendarDay;
  /** French, written by the staff: « Journée pédagogique ». */
  reason: string;
}

export interface CommuneCalendar {
  zone: SchoolZone;
  extraClosedDays?: CommuneClosedDay[];
  /** Communes of Bas-Rhin, Haut-Rhin and Moselle: Good Friday and 26 December are bank holidays. */
  alsaceMoselle?: boolean;
}

export interface ActivityCalendarProfile {
  /** true for the holiday centre (ALSH vacances); false for canteen, garderie and other school-time activities. */
  opensDuringSchoolHolidays: boolean;
}

export type ClosedReasonCode = 'BANK_HOLIDAY' | 'SCHOOL_HOLIDAY' | 'COMMUNE_CLOSED_DAY';

export interface ClosedReason {
  code: ClosedReasonCode;
  /** French: « Jour férié : Lundi de Pâques », « Vacances d’hiver », « Journée pédagogique ». */
  label: string;
}

/** A school-time activity: the safe default when no activity is given. */
const SCHOOL_TIME: ActivityCalendarProfile = { opensDuringSchoolHolidays: false };

/** Why `day` is closed for `activity` (a school-time activity when omitted), or null when open. */
export function closedReason(
  day: CalendarDay,
  calendar: CommuneCalendar,
  activity: ActivityCalendarProfile = SCHOOL_TIME,
): ClosedReason | null {
  assertCalendarDay(day);
  const bankHoliday = bankHolidayOn(day, bankHolidayOptions(calendar));
  if (bankHoliday) return { code: 'BANK_HOLIDAY', label: `Jour férié : ${bankHoliday.name}` };

  const closedDay = calendar.extraClosedDays?.find((closed) => closed.day === day);
  if (closedDay) return { code: 'COMMUNE_CLOSED_DAY', label: closedDay.reason.trim() || 'Fermeture exceptionnelle' };

  if (!activity.opensDuringSchoolHolidays) {
    const holiday = schoolHolidayOn(day, calendar.zone);
    if (holiday) return { code: 'SCHOOL_HOLIDAY', label: holiday.name };
  }
  return null;
}

export function isClosed(day: CalendarDay, calendar: CommuneCalendar, activity?: ActivityCalendarProfile): boolean {
  return closedReason(day, calendar, activity) !== null;
}

/** Every closed day from `firstDay` to `lastDay` (inclusive), for a planning view. */
export function closedDaysBetween(
  firstDay: CalendarDay,
  lastDay: CalendarDay,
  calendar: CommuneCalendar,
  activity?: ActivityCalendarProfile,
): Array<{ day: CalendarDay } & ClosedReason> {
  assertCalendarDay(firstDay);
  assertCalendarDay(lastDay);
  const closed: Array<{ day: CalendarDay } & ClosedReason> = [];
  for (let day = firstDay, count = 0; day <= lastDay; day = addDays(day, 1), count++) {
    if (count > 400) throw new RangeError('closedDaysBetween covers at most 400 days');
    const reason = closedReason(day, calendar, activity);
    if (reason) closed.push({ day, ...reason });
  }
  return closed;
}

/**
 * Jour ouvré: Monday to Friday and not a bank holiday. This is the day count of the
 * `workingDaysBefore` deadline rule; staff closed days and school holidays do not change it.
 */
export function isWorkingDay(day: CalendarDay, options: BankHolidayOptions = {}): boolean {
  return !isWeekend(day) && !isBankHoliday(day, options);
}

/** The `isWorkingDay` of one commune (Alsace-Moselle aware), ready for a DeadlineContext. */
export function workingDaysOf(calendar: Pick<CommuneCalendar, 'alsaceMoselle'>): (day: CalendarDay) => boolean {
  const options = bankHolidayOptions(calendar);
  return (day) => isWorkingDay(day, options);
}

/** French messages for the back office, [] when the calendar is valid. */
export function validateCommuneCalendar(calendar: unknown): string[] {
  if (typeof calendar !== 'object' || calendar === null) return ['Le calendrier de la commune est absent.'];
  const { zone, extraClosedDays, alsaceMoselle } = calendar as Record<string, unknown>;
  const errors: string[] = [];
  if (!isSchoolZone(zone)) errors.push('La zone de vacances scolaires doit être A, B ou C.');
  if (alsaceMoselle !== undefined && typeof alsaceMoselle !== 'boolean') {
    errors.push('L’option Alsace-Moselle doit valoir oui ou non.');
  }
  if (extraClosedDays === undefined) return errors;
  if (!Array.isArray(extraClosedDays)) return [...errors, 'Les jours de fermeture doivent être une liste.'];
  const seen = new Set<string>();
  extraClosedDays.forEach((closed: unknown, index) => {
    const { day, reason } = (typeof closed === 'object' && closed !== null ? closed : {}) as Record<string, unknown>;
    const position = `Jour de fermeture n° ${index + 1}`;
    if (!isCalendarDay(day)) {
      errors.push(`${position} : la date doit être une date valide au format AAAA-MM-JJ.`);
    } else if (seen.has(day)) {
      errors.push(`${position} : le ${frenchDate(day)} est déjà déclaré fermé.`);
    } else {
      seen.add(day);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      errors.push(`${position} : indiquez le motif de la fermeture.`);
    } else if (reason.length > 200) {
      errors.push(`${position} : le motif ne doit pas dépasser 200 caractères.`);
    }
  });
  return errors;
}

function bankHolidayOptions(calendar: Pick<CommuneCalendar, 'alsaceMoselle'>): BankHolidayOptions {
  return { alsaceMoselle: calendar.alsaceMoselle === true };
}

function frenchDate(day: CalendarDay): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
