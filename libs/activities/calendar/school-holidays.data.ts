/**
 * National school calendar of metropolitan France (zones A, B, C), as published by the Ministère de
 * l'Éducation nationale:
 * - 2023-2024 to 2025-2026: arrêté fixing the school calendar of those three years, published in
 *   the Journal officiel of 8 December 2022;
 * - 2026-2027: arrêté fixing the school calendar of the year 2026-2027 (one year only; the draft
 *   was put before the Conseil supérieur de l'éducation in September 2025);
 * - the same dates as open data: data.education.gouv.fr, dataset « fr-en-calendrier-scolaire »
 *   (« Calendrier scolaire »), and https://www.education.gouv.fr/calendrier-scolaire-100148.
 *
 * Corsica and the overseas academies set their own calendars (code de l'éducation, D. 521-6 and
 * D. 521-7) and are not covered here.
 *
 * Convention, exactly as the Ministry publishes it: `classesEndAfter` is the day classes end,
 * AFTER class (a Saturday, or the Wednesday before Ascension), and `classesResumeOn` is the morning
 * classes resume (a Monday, or the rentrée). The days with no school are therefore
 * classesEndAfter + 1 … classesResumeOn − 1, which school-holidays.ts exposes as
 * `firstDayOff … lastDayOff` (inclusive). Pupils without Saturday classes are also free on that
 * Saturday; it is a weekend day, which activities' opening days already exclude.
 *
 * How sure are these dates (written from knowledge of the published calendar, then checked
 * against pages quoting it — this repository has no live access to the dataset):
 * - 2025-2026, all periods and zones: sure (published since December 2022, widely relayed).
 * - Summer 2025 (end of 2024-2025) and rentrée 2025: sure.
 * - 2026-2027: rentrée, Toussaint, Noël, Ascension bridge and summer start are common to all zones
 *   and sure; zone B winter and spring are confirmed by the published calendar; zones A and C
 *   winter and spring are the dates of the draft arrêté, which the published zone B dates match —
 *   very likely, to be checked against the dataset when it is next loaded.
 * - The end of summer 2027 depends on the rentrée 2027, not published: `classesResumeOn` is null
 *   and the holidays are assumed to run to 31 August 2027 (flagged `provisional`).
 * When the 2027-2028 calendar is published, add its year here and in SCHOOL_YEARS.
 */
import type { CalendarDay } from './calendar-day';

export type SchoolZone = 'A' | 'B' | 'C';
export const SCHOOL_ZONES: readonly SchoolZone[] = ['A', 'B', 'C'];

export type SchoolHolidayKind = 'toussaint' | 'noel' | 'hiver' | 'printemps' | 'pontAscension' | 'ete';

export const SCHOOL_HOLIDAY_NAMES: Record<SchoolHolidayKind, string> = {
  toussaint: 'Vacances de la Toussaint',
  noel: 'Vacances de Noël',
  hiver: 'Vacances d’hiver',
  printemps: 'Vacances de printemps',
  pontAscension: 'Pont de l’Ascension',
  ete: 'Vacances d’été',
};

export interface PublishedSchoolHoliday {
  kind: SchoolHolidayKind;
  /** '2025-2026'; the summer belongs to the school year it ends. */
  schoolYear: string;
  zones: readonly SchoolZone[];
  /** « Fin des cours »: classes end after class on that day. */
  classesEndAfter: CalendarDay;
  /** « Reprise des cours »: classes resume that morning; null while not published. */
  classesResumeOn: CalendarDay | null;
}

export interface PublishedSchoolYear {
  schoolYear: string;
  /** « Rentrée scolaire des élèves »: the first school day (the teachers' prérentrée is not needed here). */
  pupilsReturnOn: CalendarDay;
}

/** When the rentrée that ends a summer is not published yet, the summer is assumed to end on 31 August. */
export const UNPUBLISHED_SUMMER_END_MONTH_DAY = '08-31';

const ALL: readonly SchoolZone[] = SCHOOL_ZONES;

export const SCHOOL_YEARS: readonly PublishedSchoolYear[] = [
  { schoolYear: '2025-2026', pupilsReturnOn: '2025-09-01' },
  { schoolYear: '2026-2027', pupilsReturnOn: '2026-09-01' },
];

export const SCHOOL_HOLIDAYS: readonly PublishedSchoolHoliday[] = [
  // 2024-2025: only its summer, which ends at the rentrée 2025.
  { kind: 'ete', schoolYear: '2024-2025', zones: ALL, classesEndAfter: '2025-07-05', classesResumeOn: '2025-09-01' },

  // 2025-2026
  { kind: 'toussaint', schoolYear: '2025-2026', zones: ALL, classesEndAfter: '2025-10-18', classesResumeOn: '2025-11-03' },
  { kind: 'noel', schoolYear: '2025-2026', zones: ALL, classesEndAfter: '2025-12-20', classesResumeOn: '2026-01-05' },
  { kind: 'hiver', schoolYear: '2025-2026', zones: ['A'], classesEndAfter: '2026-02-07', classesResumeOn: '2026-02-23' },
  { kind: 'hiver', schoolYear: '2025-2026', zones: ['B'], classesEndAfter: '2026-02-14', classesResumeOn: '2026-03-02' },
  { kind: 'hiver', schoolYear: '2025-2026', zones: ['C'], classesEndAfter: '2026-02-21', classesResumeOn: '2026-03-09' },
  { kind: 'printemps', schoolYear: '2025-2026', zones: ['A'], classesEndAfter: '2026-04-04', classesResumeOn: '2026-04-20' },
  { kind: 'printemps', schoolYear: '2025-2026', zones: ['B'], classesEndAfter: '2026-04-11', classesResumeOn: '2026-04-27' },
  { kind: 'printemps', schoolYear: '2025-2026', zones: ['C'], classesEndAfter: '2026-04-18', classesResumeOn: '2026-05-04' },
  { kind: 'pontAscension', schoolYear: '2025-2026', zones: ALL, classesEndAfter: '2026-05-13', classesResumeOn: '2026-05-18' },
  { kind: 'ete', schoolYear: '2025-2026', zones: ALL, classesEndAfter: '2026-07-04', classesResumeOn: '2026-09-01' },

  // 2026-2027
  { kind: 'toussaint', schoolYear: '2026-2027', zones: ALL, classesEndAfter: '2026-10-17', classesResumeOn: '2026-11-02' },
  { kind: 'noel', schoolYear: '2026-2027', zones: ALL, classesEndAfter: '2026-12-19', classesResumeOn: '2027-01-04' },
  { kind: 'hiver', schoolYear: '2026-2027', zones: ['A'], classesEndAfter: '2027-02-13', classesResumeOn: '2027-03-01' },
  { kind: 'hiver', schoolYear: '2026-2027', zones: ['B'], classesEndAfter: '2027-02-20', classesResumeOn: '2027-03-08' },
  { kind: 'hiver', schoolYear: '2026-2027', zones: ['C'], classesEndAfter: '2027-02-06', classesResumeOn: '2027-02-22' },
  { kind: 'printemps', schoolYear: '2026-2027', zones: ['A'], classesEndAfter: '2027-04-10', classesResumeOn: '2027-04-26' },
  { kind: 'printemps', schoolYear: '2026-2027', zones: ['B'], classesEndAfter: '2027-04-17', classesResumeOn: '2027-05-03' },
  { kind: 'printemps', schoolYear: '2026-2027', zones: ['C'], classesEndAfter: '2027-04-03', classesResumeOn: '2027-04-19' },
  { kind: 'pontAscension', schoolYear: '2026-2027', zones: ALL, classesEndAfter: '2027-05-05', classesResumeOn: '2027-05-10' },
  { kind: 'ete', schoolYear: '2026-2027', zones: ALL, classesEndAfter: '2027-07-03', classesResumeOn: null },
];

/** Académies of each zone (arrêté of the school calendar, article on the zones). */
export const ACADEMY_ZONES: Readonly<Record<string, SchoolZone>> = {
  Besançon: 'A',
  Bordeaux: 'A',
  'Clermont-Ferrand': 'A',
  Dijon: 'A',
  Grenoble: 'A',
  Limoges: 'A',
  Lyon: 'A',
  Poitiers: 'A',
  'Aix-Marseille': 'B',
  Amiens: 'B',
  Lille: 'B',
  'Nancy-Metz': 'B',
  Nantes: 'B',
  Nice: 'B',
  Normandie: 'B',
  'Orléans-Tours': 'B',
  Reims: 'B',
  Rennes: 'B',
  Strasbourg: 'B',
  Créteil: 'C',
  Montpellier: 'C',
  Paris: 'C',
  Toulouse: 'C',
  Versailles: 'C',
};
