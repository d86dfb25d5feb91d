import { addDays, isoWeekday } from './calendar-day';
import { bankHolidayOn } from './bank-holidays';
import {
  ACADEMY_ZONES,
  isSchoolCalendarKnown,
  knownSchoolYears,
  schoolCalendarCoverage,
  schoolHolidayOn,
  schoolHolidays,
  SchoolZone,
  SCHOOL_ZONES,
} from './school-holidays';

const zonesOnHoliday = (day: string): SchoolZone[] => SCHOOL_ZONES.filter((zone) => schoolHolidayOn(day, zone) !== null);
const holidayName = (day: string, zone: SchoolZone) => schoolHolidayOn(day, zone)?.name ?? 'école';

describe('Vacances scolaires — convention du ministère', () => {
  it('the holidays start the day after classes end: Saturday 18 October 2025 is the last day with classes', () => {
    expect(schoolHolidayOn('2025-10-18', 'A')).toBeNull();
    expect(holidayName('2025-10-19', 'A')).toBe('Vacances de la Toussaint');
  });

  it('classes resume on the published morning: Monday 3 November 2025 is a school day', () => {
    expect(holidayName('2025-11-02', 'B')).toBe('Vacances de la Toussaint');
    expect(schoolHolidayOn('2025-11-03', 'B')).toBeNull();
  });

  it('keeps the published dates next to the days with no school', () => {
    expect(schoolHolidays('B', '2025-2026')[0]).toEqual({
      name: 'Vacances de la Toussaint',
      kind: 'toussaint',
      schoolYear: '2025-2026',
      zone: 'B',
      classesEndAfter: '2025-10-18',
      classesResumeOn: '2025-11-03',
      firstDayOff: '2025-10-19',
      lastDayOff: '2025-11-02',
      provisional: false,
    });
  });
});

describe('Vacances scolaires 2025-2026', () => {
  it('Christmas 2025 is the same for all zones: no school from Sunday 21 December to Sunday 4 January', () => {
    for (const zone of SCHOOL_ZONES) {
      expect(schoolHolidayOn('2025-12-20', zone)).toBeNull();
      expect(schoolHolidayOn('2025-12-21', zone)).toMatchObject({ name: 'Vacances de Noël', schoolYear: '2025-2026' });
      expect(schoolHolidayOn('2026-01-04', zone)).toMatchObject({ name: 'Vacances de Noël', schoolYear: '2025-2026' });
      expect(schoolHolidayOn('2026-01-05', zone)).toBeNull();
    }
  });

  it.each<[string, SchoolZone[]]>([
    ['2026-02-02', []],
    ['2026-02-09', ['A']],
    ['2026-02-16', ['A', 'B']],
    ['2026-02-23', ['B', 'C']],
    ['2026-03-02', ['C']],
    ['2026-03-09', []],
  ])('winter 2026 differs by zone: on Monday %s the zones on holiday are %j', (day, zones) => {
    expect(zonesOnHoliday(day)).toEqual(zones);
  });

  it.each<[SchoolZone, string, string]>([
    ['A', '2026-02-08', '2026-02-22'],
    ['B', '2026-02-15', '2026-03-01'],
    ['C', '2026-02-22', '2026-03-08'],
  ])('winter 2026 in zone %s: no school from %s to %s', (zone, first, last) => {
    const winter = schoolHolidays(zone, '2025-2026').find((h) => h.kind === 'hiver');
    expect([winter?.firstDayOff, winter?.lastDayOff]).toEqual([first, last]);
  });

  it.each<[string, SchoolZone[]]>([
    ['2026-03-30', []],
    ['2026-04-07', ['A']],
    ['2026-04-13', ['A', 'B']],
    ['2026-04-20', ['B', 'C']],
    ['2026-04-27', ['C']],
    ['2026-05-04', []],
  ])('spring 2026 differs by zone: on %s the zones on holiday are %j', (day, zones) => {
    expect(zonesOnHoliday(day)).toEqual(zones);
  });

  it('the Ascension bridge 2026 runs from Thursday 14 to Sunday 17 May in every zone; Wednesday 13 is a school day', () => {
    expect(zonesOnHoliday('2026-05-13')).toEqual([]);
    for (const day of ['2026-05-14', '2026-05-15', '2026-05-16', '2026-05-17']) {
      expect(SCHOOL_ZONES.map((zone) => holidayName(day, zone))).toEqual(Array(3).fill('Pont de l’Ascension'));
    }
    expect(zonesOnHoliday('2026-05-18')).toEqual([]);
  });

  it('the summer 2026 runs from Sunday 5 July to Monday 31 August; the rentrée is Tuesday 1 September', () => {
    expect(zonesOnHoliday('2026-07-04')).toEqual([]);
    expect(schoolHolidayOn('2026-07-05', 'C')).toMatchObject({ name: 'Vacances d’été', schoolYear: '2025-2026' });
    expect(schoolHolidayOn('2026-08-31', 'C')).toMatchObject({ name: 'Vacances d’été', schoolYear: '2025-2026' });
    expect(zonesOnHoliday('2026-09-01')).toEqual([]);
  });

  it('the end of summer 2025 belongs to 2024-2025 and ends with the rentrée of Monday 1 September 2025', () => {
    expect(schoolHolidayOn('2025-08-29', 'A')).toMatchObject({ name: 'Vacances d’été', schoolYear: '2024-2025' });
    expect(schoolHolidayOn('2025-09-01', 'A')).toBeNull();
  });

  it('lists the six holidays of the year for a zone, in calendar order', () => {
    expect(schoolHolidays('B', '2025-2026').map((h) => `${h.name} : ${h.firstDayOff} → ${h.lastDayOff}`)).toEqual([
      'Vacances de la Toussaint : 2025-10-19 → 2025-11-02',
      'Vacances de Noël : 2025-12-21 → 2026-01-04',
      'Vacances d’hiver : 2026-02-15 → 2026-03-01',
      'Vacances de printemps : 2026-04-12 → 2026-04-26',
      'Pont de l’Ascension : 2026-05-14 → 2026-05-17',
      'Vacances d’été : 2026-07-05 → 2026-08-31',
    ]);
  });
});

describe('Vacances scolaires 2026-2027', () => {
  it('Toussaint and Christmas are common to all zones', () => {
    for (const zone of SCHOOL_ZONES) {
      expect(holidayName('2026-10-17', zone)).toBe('école');
      expect(holidayName('2026-10-18', zone)).toBe('Vacances de la Toussaint');
      expect(holidayName('2026-11-01', zone)).toBe('Vacances de la Toussaint');
      expect(holidayName('2026-11-02', zone)).toBe('école');
      expect(holidayName('2026-12-20', zone)).toBe('Vacances de Noël');
      expect(holidayName('2027-01-03', zone)).toBe('Vacances de Noël');
      expect(holidayName('2027-01-04', zone)).toBe('école');
    }
  });

  it.each<[string, SchoolZone[]]>([
    ['2027-02-01', []],
    ['2027-02-08', ['C']],
    ['2027-02-15', ['A', 'C']],
    ['2027-02-22', ['A', 'B']],
    ['2027-03-01', ['B']],
    ['2027-03-08', []],
  ])('winter 2027 starts with zone C: on Monday %s the zones on holiday are %j', (day, zones) => {
    expect(zonesOnHoliday(day)).toEqual(zones);
  });

  it.each<[string, SchoolZone[]]>([
    ['2027-03-29', []],
    ['2027-04-05', ['C']],
    ['2027-04-12', ['A', 'C']],
    ['2027-04-19', ['A', 'B']],
    ['2027-04-26', ['B']],
    ['2027-05-03', []],
  ])('spring 2027 starts with zone C: on Monday %s the zones on holiday are %j', (day, zones) => {
    expect(zonesOnHoliday(day)).toEqual(zones);
  });

  it('the Ascension bridge 2027 runs from Thursday 6 to Sunday 9 May', () => {
    expect(zonesOnHoliday('2027-05-05')).toEqual([]);
    expect(zonesOnHoliday('2027-05-06')).toEqual(['A', 'B', 'C']);
    expect(zonesOnHoliday('2027-05-09')).toEqual(['A', 'B', 'C']);
    expect(zonesOnHoliday('2027-05-10')).toEqual([]);
  });

  it('the summer 2027 starts on Sunday 4 July; its end is provisional until the rentrée 2027 is published', () => {
    expect(zonesOnHoliday('2027-07-03')).toEqual([]);
    expect(schoolHolidays('A', '2026-2027').at(-1)).toMatchObject({
      name: 'Vacances d’été',
      classesEndAfter: '2027-07-03',
      classesResumeOn: null,
      firstDayOff: '2027-07-04',
      lastDayOff: '2027-08-31',
      provisional: true,
    });
  });
});

describe('Données du calendrier scolaire', () => {
  const years = knownSchoolYears();

  it('knows the rentrées of 2025 and 2026', () => {
    expect(years).toEqual([
      { schoolYear: '2025-2026', pupilsReturnOn: '2025-09-01' },
      { schoolYear: '2026-2027', pupilsReturnOn: '2026-09-01' },
    ]);
  });

  it.each(years.flatMap(({ schoolYear }) => SCHOOL_ZONES.map((zone) => [schoolYear, zone] as const)))(
    '%s, zone %s: six holidays as the ministry publishes them',
    (schoolYear, zone) => {
      const holidays = schoolHolidays(zone, schoolYear);
      expect(holidays.map((h) => h.kind)).toEqual(['toussaint', 'noel', 'hiver', 'printemps', 'pontAscension', 'ete']);
      const rentree = years.find((y) => y.schoolYear === schoolYear)!.pupilsReturnOn;
      const nextRentree = years.find((y) => y.schoolYear > schoolYear)?.pupilsReturnOn ?? null;
      expect(holidays[0].firstDayOff > rentree).toBe(true);
      for (const holiday of holidays) {
        // Classes end on a Saturday, except before the Ascension bridge (Wednesday).
        expect([holiday.kind, isoWeekday(holiday.classesEndAfter)]).toEqual([holiday.kind, holiday.kind === 'pontAscension' ? 3 : 6]);
        if (holiday.kind === 'ete') {
          expect(holiday.classesResumeOn).toBe(nextRentree);
        } else {
          expect([holiday.kind, isoWeekday(holiday.classesResumeOn!)]).toEqual([holiday.kind, 1]);
        }
        if (['toussaint', 'noel', 'hiver', 'printemps'].includes(holiday.kind)) {
          expect(daysBetween(holiday.firstDayOff, holiday.lastDayOff) + 1).toBe(15); // two weeks, Sunday to Sunday
        }
      }
      // Periods follow one another without overlapping.
      holidays.slice(1).forEach((holiday, i) => expect(holiday.firstDayOff > holidays[i].lastDayOff).toBe(true));
      // The bridge is the one of Ascension Day.
      const bridge = holidays.find((h) => h.kind === 'pontAscension')!;
      expect(bankHolidayOn(bridge.firstDayOff)?.name).toBe('Ascension');
    },
  );

  it('covers every day from the summer 2025 to the end of August 2027', () => {
    expect(schoolCalendarCoverage()).toEqual({ firstDay: '2025-07-06', lastDay: '2027-08-31' });
    expect(isSchoolCalendarKnown('2026-02-16')).toBe(true);
    expect(isSchoolCalendarKnown('2025-07-05')).toBe(false);
    expect(isSchoolCalendarKnown('2027-09-01')).toBe(false);
  });

  it('answers nothing for a school year not yet published, and refuses malformed questions', () => {
    expect(schoolHolidays('A', '2027-2028')).toEqual([]);
    expect(schoolHolidayOn('2027-10-25', 'A')).toBeNull();
    expect(() => schoolHolidays('A', '2025-2027')).toThrow(RangeError);
    expect(() => schoolHolidays('D' as SchoolZone, '2025-2026')).toThrow(RangeError);
    expect(() => schoolHolidayOn('2026-02-30', 'A')).toThrow(RangeError);
  });

  it('places each académie in its zone (the seed communes are in zone B)', () => {
    expect(Object.keys(ACADEMY_ZONES)).toHaveLength(24);
    expect(ACADEMY_ZONES['Aix-Marseille']).toBe('B'); // Plan d'Orgon
    expect(ACADEMY_ZONES['Rennes']).toBe('B'); // L'Hermitage
    expect(ACADEMY_ZONES['Lyon']).toBe('A');
    expect(ACADEMY_ZONES['Paris']).toBe('C');
  });
});

function daysBetween(first: string, last: string): number {
  let count = 0;
  for (let day = first; day < last; day = addDays(day, 1)) count++;
  return count;
}
