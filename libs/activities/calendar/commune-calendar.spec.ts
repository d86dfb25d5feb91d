import { bookingDeadline } from '@pf/reservations';
import {
  ActivityCalendarProfile,
  closedDaysBetween,
  closedReason,
  CommuneCalendar,
  isClosed,
  isWorkingDay,
  validateCommuneCalendar,
  workingDaysOf,
} from './commune-calendar';

// Plan d'Orgon (académie d'Aix-Marseille, zone B), with two days closed by the service.
const PLAN_D_ORGON: CommuneCalendar = {
  zone: 'B',
  extraClosedDays: [
    { day: '2026-06-05', reason: 'Journée de formation des animateurs' },
    { day: '2026-08-17', reason: 'Fermeture estivale du centre de loisirs' },
    { day: '2026-05-14', reason: 'Pont de l’Ascension' },
  ],
};
const A_ZONE_A_COMMUNE: CommuneCalendar = { zone: 'A' };
const STRASBOURG: CommuneCalendar = { zone: 'B', alsaceMoselle: true };

const CANTEEN: ActivityCalendarProfile = { opensDuringSchoolHolidays: false };
const HOLIDAY_CENTRE: ActivityCalendarProfile = { opensDuringSchoolHolidays: true };

describe('Jours de fermeture d’une activité', () => {
  it('the canteen is open on an ordinary school day', () => {
    expect(closedReason('2026-03-10', PLAN_D_ORGON, CANTEEN)).toBeNull();
  });

  it('the canteen is closed during the winter holidays of the commune’s zone, the holiday centre is open', () => {
    expect(closedReason('2026-02-16', PLAN_D_ORGON, CANTEEN)).toEqual({ code: 'SCHOOL_HOLIDAY', label: 'Vacances d’hiver' });
    expect(closedReason('2026-02-16', PLAN_D_ORGON, HOLIDAY_CENTRE)).toBeNull();
  });

  it('the zone decides: on Monday 23 February 2026 zone A is back at school while zone B is on holiday', () => {
    expect(closedReason('2026-02-23', A_ZONE_A_COMMUNE, CANTEEN)).toBeNull();
    expect(closedReason('2026-02-23', PLAN_D_ORGON, CANTEEN)?.code).toBe('SCHOOL_HOLIDAY');
  });

  it('the holiday centre is closed on a bank holiday even in the holidays, and so is the canteen', () => {
    expect(closedReason('2026-07-14', PLAN_D_ORGON, HOLIDAY_CENTRE)).toEqual({
      code: 'BANK_HOLIDAY',
      label: 'Jour férié : Fête nationale',
    });
    expect(closedReason('2026-04-06', A_ZONE_A_COMMUNE, CANTEEN)).toEqual({
      code: 'BANK_HOLIDAY',
      label: 'Jour férié : Lundi de Pâques',
    });
    expect(closedReason('2026-11-11', PLAN_D_ORGON, CANTEEN)?.label).toBe('Jour férié : Armistice 1918');
  });

  it('a day closed by the service closes every activity, with the service’s own words', () => {
    expect(closedReason('2026-06-05', PLAN_D_ORGON, CANTEEN)).toEqual({
      code: 'COMMUNE_CLOSED_DAY',
      label: 'Journée de formation des animateurs',
    });
    expect(closedReason('2026-08-17', PLAN_D_ORGON, HOLIDAY_CENTRE)).toEqual({
      code: 'COMMUNE_CLOSED_DAY',
      label: 'Fermeture estivale du centre de loisirs',
    });
  });

  it('a bank holiday is shown as such even when the service also closed that day', () => {
    expect(closedReason('2026-05-14', PLAN_D_ORGON, CANTEEN)?.code).toBe('BANK_HOLIDAY');
  });

  it('on the Ascension bridge the canteen is closed and the holiday centre may open', () => {
    expect(closedReason('2026-05-13', PLAN_D_ORGON, CANTEEN)).toBeNull();
    expect(closedReason('2026-05-15', PLAN_D_ORGON, CANTEEN)).toEqual({ code: 'SCHOOL_HOLIDAY', label: 'Pont de l’Ascension' });
    expect(closedReason('2026-05-15', PLAN_D_ORGON, HOLIDAY_CENTRE)).toBeNull();
  });

  it('without an activity, the day is read for a school-time activity', () => {
    expect(closedReason('2026-02-16', PLAN_D_ORGON)?.code).toBe('SCHOOL_HOLIDAY');
    expect(isClosed('2026-03-10', PLAN_D_ORGON)).toBe(false);
  });

  it('in Alsace-Moselle, Good Friday closes the canteen; elsewhere it is a school day', () => {
    expect(closedReason('2026-04-03', STRASBOURG, CANTEEN)).toEqual({ code: 'BANK_HOLIDAY', label: 'Jour férié : Vendredi saint' });
    expect(closedReason('2026-04-03', PLAN_D_ORGON, CANTEEN)).toBeNull();
  });

  it('a closed day with no reason written still says it is closed', () => {
    const calendar: CommuneCalendar = { zone: 'C', extraClosedDays: [{ day: '2026-03-10', reason: '  ' }] };
    expect(closedReason('2026-03-10', calendar)).toEqual({ code: 'COMMUNE_CLOSED_DAY', label: 'Fermeture exceptionnelle' });
  });

  it('lists the closed days of May 2026 for the canteen of a zone B commune', () => {
    expect(closedDaysBetween('2026-05-01', '2026-05-31', { zone: 'B' }, CANTEEN)).toEqual([
      { day: '2026-05-01', code: 'BANK_HOLIDAY', label: 'Jour férié : Fête du Travail' },
      { day: '2026-05-08', code: 'BANK_HOLIDAY', label: 'Jour férié : Victoire 1945' },
      { day: '2026-05-14', code: 'BANK_HOLIDAY', label: 'Jour férié : Ascension' },
      { day: '2026-05-15', code: 'SCHOOL_HOLIDAY', label: 'Pont de l’Ascension' },
      { day: '2026-05-16', code: 'SCHOOL_HOLIDAY', label: 'Pont de l’Ascension' },
      { day: '2026-05-17', code: 'SCHOOL_HOLIDAY', label: 'Pont de l’Ascension' },
      { day: '2026-05-25', code: 'BANK_HOLIDAY', label: 'Jour férié : Lundi de Pentecôte' },
    ]);
  });

  it('refuses a malformed day', () => {
    expect(() => closedReason('14/05/2026', PLAN_D_ORGON)).toThrow(RangeError);
  });
});

describe('Jours ouvrés', () => {
  it.each<[string, string, boolean]>([
    ['an ordinary Wednesday', '2026-05-13', true],
    ['Ascension Day', '2026-05-14', false],
    ['the Ascension bridge (not a bank holiday)', '2026-05-15', true],
    ['a Saturday', '2026-05-16', false],
    ['a Sunday', '2026-05-17', false],
    ['Pentecost Monday', '2026-05-25', false],
    ['11 November 2026', '2026-11-11', false],
    ['12 November 2026', '2026-11-12', true],
    ['Easter Monday 2027', '2027-03-29', false],
    ['a day of the school holidays', '2026-02-16', true],
  ])('%s (%s) is a working day: %s', (_, day, expected) => {
    expect(isWorkingDay(day)).toBe(expected);
  });

  it('Good Friday is not a working day in Alsace-Moselle', () => {
    expect(isWorkingDay('2026-04-03')).toBe(true);
    expect(isWorkingDay('2026-04-03', { alsaceMoselle: true })).toBe(false);
    expect(workingDaysOf(STRASBOURG)('2026-04-03')).toBe(false);
    expect(workingDaysOf(PLAN_D_ORGON)('2026-04-03')).toBe(true);
  });

  it('drives the « jours ouvrés » deadline: 2 working days before Monday 18 May 2026 is Wednesday 13 May', () => {
    const ctx = { timeZone: 'Europe/Paris', startTime: '11:30', isWorkingDay: workingDaysOf(PLAN_D_ORGON) };
    expect(bookingDeadline({ kind: 'workingDaysBefore', days: 2, time: '10:00' }, '2026-05-18', ctx)).toBe(
      '2026-05-13T10:00:00+02:00',
    );
    expect(bookingDeadline({ kind: 'workingDaysBefore', days: 1, time: '10:00' }, '2026-11-12', ctx)).toBe(
      '2026-11-10T10:00:00+01:00',
    );
    // Good Friday then Easter Monday: in Strasbourg, 1 working day before Tuesday 30 March 2027 is Thursday 25 March.
    const strasbourg = { ...ctx, isWorkingDay: workingDaysOf(STRASBOURG) };
    expect(bookingDeadline({ kind: 'workingDaysBefore', days: 1, time: '10:00' }, '2027-03-30', strasbourg)).toBe(
      '2027-03-25T10:00:00+01:00',
    );
  });
});

describe('Contrôle du calendrier saisi par le service', () => {
  it('accepts a zone with closed days', () => {
    expect(validateCommuneCalendar(PLAN_D_ORGON)).toEqual([]);
    expect(validateCommuneCalendar(STRASBOURG)).toEqual([]);
  });

  it('explains every problem in French', () => {
    expect(
      validateCommuneCalendar({
        zone: 'D',
        alsaceMoselle: 'oui',
        extraClosedDays: [
          { day: '2026-06-05', reason: 'Formation' },
          { day: '2026-06-05', reason: 'Doublon' },
          { day: '2026-02-30', reason: 'Date impossible' },
          { day: '2026-06-08', reason: '' },
        ],
      }),
    ).toEqual([
      'La zone de vacances scolaires doit être A, B ou C.',
      'L’option Alsace-Moselle doit valoir oui ou non.',
      'Jour de fermeture n° 2 : le 05/06/2026 est déjà déclaré fermé.',
      'Jour de fermeture n° 3 : la date doit être une date valide au format AAAA-MM-JJ.',
      'Jour de fermeture n° 4 : indiquez le motif de la fermeture.',
    ]);
    expect(validateCommuneCalendar(null)).toEqual(['Le calendrier de la commune est absent.']);
    expect(validateCommuneCalendar({ zone: 'A', extraClosedDays: 'mardi' })).toEqual([
      'Les jours de fermeture doivent être une liste.',
    ]);
  });
});
