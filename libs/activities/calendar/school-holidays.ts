/**
 * School holidays per zone, read from the published calendar (school-holidays.data.ts).
 *
 * A holiday is exposed as the days with NO school, `firstDayOff … lastDayOff` inclusive: the
 * Toussaint 2025, published as « fin des cours samedi 18 octobre, reprise lundi 3 novembre », is
 * Sunday 19 October … Sunday 2 November 2025. The published pair is kept alongside
 * (`classesEndAfter`, `classesResumeOn`) for display.
 *
 * Outside the published years nothing is known: `schoolHolidayOn` answers null there, so check
 * `isSchoolCalendarKnown(day)` before relying on a null for a far-away day.
 */
import { addDays, assertCalendarDay, CalendarDay } from './calendar-day';
import {
  PublishedSchoolHoliday,
  SCHOOL_HOLIDAY_NAMES,
  SCHOOL_HOLIDAYS,
  SCHOOL_YEARS,
  SCHOOL_ZONES,
  SchoolHolidayKind,
  SchoolZone,
  UNPUBLISHED_SUMMER_END_MONTH_DAY,
} from './school-holidays.data';

export type { SchoolHolidayKind, SchoolZone } from './school-holidays.data';
export { ACADEMY_ZONES, SCHOOL_ZONES } from './school-holidays.data';

export interface SchoolHoliday {
  /** French name shown to parents: « Vacances d’hiver ». */
  name: string;
  kind: SchoolHolidayKind;
  /** '2025-2026'; the summer belongs to the school year it ends. */
  schoolYear: string;
  zone: SchoolZone;
  /** As published: classes end after class that day. */
  classesEndAfter: CalendarDay;
  /** As published: classes resume that morning; null while the next rentrée is not published. */
  classesResumeOn: CalendarDay | null;
  /** First day with no school. */
  firstDayOff: CalendarDay;
  /** Last day with no school (inclusive). */
  lastDayOff: CalendarDay;
  /** True when `lastDayOff` is assumed (31 August) because the rentrée is not published yet. */
  provisional: boolean;
}

const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{4})$/;

const HOLIDAYS: readonly SchoolHoliday[] = SCHOOL_HOLIDAYS.flatMap((published) =>
  published.zones.map((zone) => toSchoolHoliday(published, zone)),
).sort((a, b) => compare(a.firstDayOff, b.firstDayOff));

/** The school holiday (of `zone`) that `day` falls in, or null on a school day or unknown year. */
export function schoolHolidayOn(day: CalendarDay, zone: SchoolZone): SchoolHoliday | null {
  assertCalendarDay(day);
  assertZone(zone);
  return HOLIDAYS.find((h) => h.zone === zone && h.firstDayOff <= day && day <= h.lastDayOff) ?? null;
}

/** The holidays of one school year in one zone, in calendar order ([] for a year not published). */
export function schoolHolidays(zone: SchoolZone, schoolYear: string): SchoolHoliday[] {
  assertZone(zone);
  assertSchoolYear(schoolYear);
  return HOLIDAYS.filter((h) => h.zone === zone && h.schoolYear === schoolYear);
}

/** School years whose whole calendar is published here, with their rentrée des élèves. */
export function knownSchoolYears(): Array<{ schoolYear: string; pupilsReturnOn: CalendarDay }> {
  return SCHOOL_YEARS.map(({ schoolYear, pupilsReturnOn }) => ({ schoolYear, pupilsReturnOn }));
}

/** The first and last days for which school-holiday data is held (same for every zone). */
export function schoolCalendarCoverage(): { firstDay: CalendarDay; lastDay: CalendarDay } {
  return {
    firstDay: HOLIDAYS[0].firstDayOff,
    lastDay: HOLIDAYS.reduce((last, h) => (h.lastDayOff > last ? h.lastDayOff : last), HOLIDAYS[0].lastDayOff),
  };
}

/** Whether `schoolHolidayOn(day, …)` answers from published data (a null then means a school day). */
export function isSchoolCalendarKnown(day: CalendarDay): boolean {
  assertCalendarDay(day);
  const { firstDay, lastDay } = schoolCalendarCoverage();
  return firstDay <= day && day <= lastDay;
}

export function isSchoolZone(value: unknown): value is SchoolZone {
  return typeof value === 'string' && (SCHOOL_ZONES as readonly string[]).includes(value);
}

function toSchoolHoliday(published: PublishedSchoolHoliday, zone: SchoolZone): SchoolHoliday {
  const firstDayOff = addDays(published.classesEndAfter, 1);
  const lastDayOff =
    published.classesResumeOn !== null
      ? addDays(published.classesResumeOn, -1)
      : `${firstDayOff.slice(0, 4)}-${UNPUBLISHED_SUMMER_END_MONTH_DAY}`;
  return {
    name: SCHOOL_HOLIDAY_NAMES[published.kind],
    kind: published.kind,
    schoolYear: published.schoolYear,
    zone,
    classesEndAfter: published.classesEndAfter,
    classesResumeOn: published.classesResumeOn,
    firstDayOff,
    lastDayOff,
    provisional: published.classesResumeOn === null,
  };
}

function assertZone(zone: string): void {
  if (!isSchoolZone(zone)) throw new RangeError(`Unknown school zone: ${zone} (expected A, B or C)`);
}

function assertSchoolYear(schoolYear: string): void {
  const match = SCHOOL_YEAR_PATTERN.exec(schoolYear);
  if (!match || Number(match[2]) !== Number(match[1]) + 1) {
    throw new RangeError(`Invalid school year: ${schoolYear} (expected e.g. 2025-2026)`);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
