import {
  bookingDeadline,
  DeadlineContext,
  DeadlineRule,
  describeDeadline,
  describeDeadlineRule,
  isDeadlineRule,
  isOnTime,
  validateDeadlineRule,
} from './deadline-rules';

// French bank holidays falling on weekdays in 2026 (the real calendar lives in
// libs/activities/calendar; this spec stays independent of it on purpose).
const BANK_HOLIDAYS = [
  '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25',
  '2026-07-14', '2026-11-11', '2026-12-25', '2027-01-01',
];
const mondayToFridayExceptBankHolidays = (day: string): boolean => {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !BANK_HOLIDAYS.includes(day);
};

const CANTEEN: Omit<DeadlineContext, 'isWorkingDay'> = { timeZone: 'Europe/Paris', startTime: '11:30' };
const MORNING_CARE: Omit<DeadlineContext, 'isWorkingDay'> = { timeZone: 'Europe/Paris', startTime: '07:30' };

/** given(an activity and its rule).forTheDay(day) → then the deadline / a request at … */
function given(activity: Omit<DeadlineContext, 'isWorkingDay'>, rule: DeadlineRule, isWorkingDay = mondayToFridayExceptBankHolidays) {
  const ctx: DeadlineContext = { ...activity, isWorkingDay };
  return {
    forTheDay: (day: string) => ({
      deadline: () => bookingDeadline(rule, day, ctx),
      inWords: () => describeDeadline(rule, day, ctx),
      requestAt: (now: string) => (isOnTime(rule, day, now, ctx) ? 'on time' : 'late'),
    }),
  };
}

const hoursBefore = (hours: number): DeadlineRule => ({ kind: 'hoursBefore', hours });
const daysBefore = (days: number, time: string): DeadlineRule => ({ kind: 'daysBefore', days, time });
const workingDaysBefore = (days: number, time: string): DeadlineRule => ({ kind: 'workingDaysBefore', days, time });
const weekdayOfPreviousWeek = (weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7, time: string): DeadlineRule => ({
  kind: 'weekdayOfPreviousWeek',
  weekday,
  time,
});
const THURSDAY = 4;

describe('Délai « 48 heures avant » (hoursBefore)', () => {
  const meal = given(CANTEEN, hoursBefore(48)).forTheDay('2026-05-19'); // mardi 19 mai 2026, 11h30

  it('a Tuesday 11:30 meal can be booked until Sunday 11:30', () => {
    expect(meal.deadline()).toBe('2026-05-17T11:30:00+02:00');
  });

  it('a request made exactly at the deadline is on time', () => {
    expect(meal.requestAt('2026-05-17T11:30:00+02:00')).toBe('on time');
  });

  it('a request made during the deadline minute is still on time', () => {
    expect(meal.requestAt('2026-05-17T11:30:59.999+02:00')).toBe('on time');
  });

  it('a request made one minute after the deadline is late', () => {
    expect(meal.requestAt('2026-05-17T11:31:00+02:00')).toBe('late');
  });

  it('refuses a booking 47 hours before the meal', () => {
    expect(meal.requestAt('2026-05-17T12:30:00+02:00')).toBe('late');
  });

  it('accepts a booking made well in advance', () => {
    expect(meal.requestAt('2026-05-01T08:00:00+02:00')).toBe('on time');
  });

  it('reads the request time in any offset (the server clock speaks UTC)', () => {
    expect(meal.requestAt('2026-05-17T09:30:00Z')).toBe('on time');
    expect(meal.requestAt('2026-05-17T09:31:00.000Z')).toBe('late');
  });

  it('counts from the start of the activity: the morning care at 7:30 closes earlier than the canteen', () => {
    expect(given(MORNING_CARE, hoursBefore(48)).forTheDay('2026-05-19').deadline()).toBe('2026-05-17T07:30:00+02:00');
  });

  it('« 0 heure » means until the activity starts', () => {
    const sameDay = given(CANTEEN, hoursBefore(0)).forTheDay('2026-05-19');
    expect(sameDay.deadline()).toBe('2026-05-19T11:30:00+02:00');
    expect(sameDay.requestAt('2026-05-19T11:30:00+02:00')).toBe('on time');
    expect(sameDay.requestAt('2026-05-19T11:31:00+02:00')).toBe('late');
  });

  describe('across the daylight-saving changes, 48 hours are 48 real hours', () => {
    it('spring change (Sunday 29 March 2026): 48 h before Monday 11:30 is Saturday 10:30, winter time', () => {
      const monday = given(CANTEEN, hoursBefore(48)).forTheDay('2026-03-30');
      expect(monday.deadline()).toBe('2026-03-28T10:30:00+01:00');
      expect(monday.requestAt('2026-03-28T10:30:00+01:00')).toBe('on time');
      expect(monday.requestAt('2026-03-28T10:31:00+01:00')).toBe('late');
      // « Saturday 11:30 » on the wall clock would only leave 47 hours of notice.
      expect(monday.requestAt('2026-03-28T11:30:00+01:00')).toBe('late');
    });

    it('autumn change (Sunday 25 October 2026): 48 h before Monday 11:30 is Saturday 12:30, summer time', () => {
      const monday = given(CANTEEN, hoursBefore(48)).forTheDay('2026-10-26');
      expect(monday.deadline()).toBe('2026-10-24T12:30:00+02:00');
      expect(monday.requestAt('2026-10-24T12:30:00+02:00')).toBe('on time');
      expect(monday.requestAt('2026-10-24T12:31:00+02:00')).toBe('late');
      // Saturday 11:30 on the wall clock gives 49 hours of notice: on time, of course.
      expect(monday.requestAt('2026-10-24T11:30:00+02:00')).toBe('on time');
    });

    it('a window that does not contain the change keeps the same wall-clock time', () => {
      expect(given(MORNING_CARE, hoursBefore(48)).forTheDay('2026-03-31').deadline()).toBe('2026-03-29T07:30:00+02:00');
      expect(given(CANTEEN, hoursBefore(48)).forTheDay('2026-10-27').deadline()).toBe('2026-10-25T11:30:00+01:00');
    });
  });
});

describe('Délai « N jours avant, avant HH:MM » (daysBefore)', () => {
  it('8 days before at 10:00: a Friday 22 May 2026 meal can be booked until Thursday 14 May at 10:00', () => {
    expect(given(CANTEEN, daysBefore(8, '10:00')).forTheDay('2026-05-22').deadline()).toBe('2026-05-14T10:00:00+02:00');
  });

  it('counts calendar days: weekends and bank holidays are not skipped', () => {
    // Thursday 14 May 2026 is Ascension Day: the deadline stays on that day.
    expect(given(CANTEEN, daysBefore(1, '10:00')).forTheDay('2026-05-15').deadline()).toBe('2026-05-14T10:00:00+02:00');
    expect(given(CANTEEN, daysBefore(2, '10:00')).forTheDay('2026-05-18').deadline()).toBe('2026-05-16T10:00:00+02:00');
  });

  it('a request at 10:00 sharp is on time, at 10:01 it is late', () => {
    const day = given(CANTEEN, daysBefore(2, '10:00')).forTheDay('2026-06-10');
    expect(day.requestAt('2026-06-08T10:00:00+02:00')).toBe('on time');
    expect(day.requestAt('2026-06-08T10:01:00+02:00')).toBe('late');
  });

  it('« 0 jour » means the same day, before the given time', () => {
    expect(given(CANTEEN, daysBefore(0, '09:00')).forTheDay('2026-06-10').deadline()).toBe('2026-06-10T09:00:00+02:00');
  });

  it('keeps the wall-clock time across the spring change', () => {
    expect(given(CANTEEN, daysBefore(2, '10:00')).forTheDay('2026-03-30').deadline()).toBe('2026-03-28T10:00:00+01:00');
    expect(given(CANTEEN, daysBefore(1, '10:00')).forTheDay('2026-03-30').deadline()).toBe('2026-03-29T10:00:00+02:00');
  });

  it('keeps the wall-clock time across the autumn change', () => {
    expect(given(CANTEEN, daysBefore(2, '18:00')).forTheDay('2026-10-26').deadline()).toBe('2026-10-24T18:00:00+02:00');
    expect(given(CANTEEN, daysBefore(1, '18:00')).forTheDay('2026-10-26').deadline()).toBe('2026-10-25T18:00:00+01:00');
  });

  it('goes back across the new year', () => {
    expect(given(CANTEEN, daysBefore(7, '12:00')).forTheDay('2027-01-04').deadline()).toBe('2026-12-28T12:00:00+01:00');
  });
});

describe('Délai « N jours ouvrés avant, avant HH:MM » (workingDaysBefore)', () => {
  it('skips the weekend: 2 working days before Tuesday 19 May 2026 is Friday 15 May', () => {
    expect(given(CANTEEN, workingDaysBefore(2, '10:00')).forTheDay('2026-05-19').deadline()).toBe('2026-05-15T10:00:00+02:00');
  });

  it('skips Ascension Day: 1 working day before Friday 15 May 2026 is Wednesday 13 May', () => {
    expect(given(CANTEEN, workingDaysBefore(1, '10:00')).forTheDay('2026-05-15').deadline()).toBe('2026-05-13T10:00:00+02:00');
  });

  it('skips the weekend and Ascension Day: 2 working days before Monday 18 May 2026 is Wednesday 13 May', () => {
    expect(given(CANTEEN, workingDaysBefore(2, '10:00')).forTheDay('2026-05-18').deadline()).toBe('2026-05-13T10:00:00+02:00');
  });

  it('skips Pentecost Monday: 1 working day before Tuesday 26 May 2026 is Friday 22 May', () => {
    expect(given(CANTEEN, workingDaysBefore(1, '10:00')).forTheDay('2026-05-26').deadline()).toBe('2026-05-22T10:00:00+02:00');
  });

  it('skips 11 November: 1 working day before Thursday 12 November 2026 is Tuesday 10 November', () => {
    expect(given(CANTEEN, workingDaysBefore(1, '10:00')).forTheDay('2026-11-12').deadline()).toBe('2026-11-10T10:00:00+01:00');
    expect(given(CANTEEN, workingDaysBefore(2, '10:00')).forTheDay('2026-11-13').deadline()).toBe('2026-11-10T10:00:00+01:00');
  });

  it('a request at 10:00 sharp is on time, at 10:01 it is late', () => {
    const day = given(CANTEEN, workingDaysBefore(1, '10:00')).forTheDay('2026-11-12');
    expect(day.requestAt('2026-11-10T10:00:00+01:00')).toBe('on time');
    expect(day.requestAt('2026-11-10T10:01:00+01:00')).toBe('late');
    // 11 November is a bank holiday: a request that day is already too late.
    expect(day.requestAt('2026-11-11T08:00:00+01:00')).toBe('late');
  });

  it('« 0 jour ouvré » means the same day, before the given time', () => {
    expect(given(CANTEEN, workingDaysBefore(0, '09:00')).forTheDay('2026-05-18').deadline()).toBe('2026-05-18T09:00:00+02:00');
  });

  it('follows the commune calendar it is given (here a commune that also closes Friday 15 May 2026)', () => {
    const closedOnTheBridge = (day: string) => day !== '2026-05-15' && mondayToFridayExceptBankHolidays(day);
    expect(given(CANTEEN, workingDaysBefore(1, '10:00'), closedOnTheBridge).forTheDay('2026-05-18').deadline()).toBe(
      '2026-05-13T10:00:00+02:00',
    );
  });

  it('refuses to search forever when the calendar has no working day at all', () => {
    expect(() => given(CANTEEN, workingDaysBefore(1, '10:00'), () => false).forTheDay('2026-05-18').deadline()).toThrow(
      RangeError,
    );
  });
});

describe('Délai « le jeudi de la semaine précédente à 23h59 » (weekdayOfPreviousWeek)', () => {
  const rule = weekdayOfPreviousWeek(THURSDAY, '23:59');

  it('a Monday is booked until the Thursday before', () => {
    expect(given(CANTEEN, rule).forTheDay('2026-06-08').deadline()).toBe('2026-06-04T23:59:00+02:00');
  });

  it('a Friday is booked until the Thursday of the week before, not the day before', () => {
    expect(given(CANTEEN, rule).forTheDay('2026-06-12').deadline()).toBe('2026-06-04T23:59:00+02:00');
  });

  it('a whole week shares the same deadline, Sunday included (weeks start on Monday)', () => {
    const days = ['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14'];
    expect(new Set(days.map((day) => given(CANTEEN, rule).forTheDay(day).deadline()))).toEqual(
      new Set(['2026-06-04T23:59:00+02:00']),
    );
    expect(given(CANTEEN, rule).forTheDay('2026-06-15').deadline()).toBe('2026-06-11T23:59:00+02:00');
  });

  it('a request at 23:59 on Thursday is on time, at midnight it is late', () => {
    const friday = given(CANTEEN, rule).forTheDay('2026-06-12');
    expect(friday.requestAt('2026-06-04T23:59:00+02:00')).toBe('on time');
    expect(friday.requestAt('2026-06-04T23:59:59+02:00')).toBe('on time');
    expect(friday.requestAt('2026-06-05T00:00:00+02:00')).toBe('late');
  });

  it('keeps that Thursday even when it is Ascension Day', () => {
    expect(given(CANTEEN, rule).forTheDay('2026-05-18').deadline()).toBe('2026-05-14T23:59:00+02:00');
  });

  it('Sunday (7) of the previous week is the eve of a Monday', () => {
    expect(given(CANTEEN, weekdayOfPreviousWeek(7, '12:00')).forTheDay('2026-06-08').deadline()).toBe(
      '2026-06-07T12:00:00+02:00',
    );
  });

  it('goes back across the new year and across the spring change', () => {
    expect(given(CANTEEN, rule).forTheDay('2027-01-04').deadline()).toBe('2026-12-31T23:59:00+01:00');
    expect(given(CANTEEN, rule).forTheDay('2026-04-02').deadline()).toBe('2026-03-26T23:59:00+01:00');
  });
});

describe('Le délai en toutes lettres', () => {
  it.each<[string, DeadlineRule]>([
    ['au plus tard 48 heures avant', hoursBefore(48)],
    ['au plus tard 1 heure avant', hoursBefore(1)],
    ['au plus tard au début de l’activité', hoursBefore(0)],
    ['au plus tard 8 jours avant, avant 10h00', daysBefore(8, '10:00')],
    ['au plus tard la veille, avant 18h00', daysBefore(1, '18:00')],
    ['au plus tard le jour même, avant 7h30', daysBefore(0, '07:30')],
    ['au plus tard 2 jours ouvrés avant, avant 10h00', workingDaysBefore(2, '10:00')],
    ['au plus tard 1 jour ouvré avant, avant 12h00', workingDaysBefore(1, '12:00')],
    ['au plus tard le jeudi de la semaine précédente à 23h59', weekdayOfPreviousWeek(THURSDAY, '23:59')],
    ['au plus tard le lundi de la semaine précédente à 9h00', weekdayOfPreviousWeek(1, '09:00')],
  ])('shows the rule to parents as « %s »', (words, rule) => {
    expect(describeDeadlineRule(rule)).toBe(words);
  });

  it('tells the parent the exact deadline of a given day', () => {
    expect(given(CANTEEN, weekdayOfPreviousWeek(THURSDAY, '23:59')).forTheDay('2026-05-18').inWords()).toBe(
      'au plus tard le jeudi 14 mai 2026 à 23h59',
    );
    expect(given(CANTEEN, hoursBefore(48)).forTheDay('2026-03-30').inWords()).toBe('au plus tard le samedi 28 mars 2026 à 10h30');
    expect(given(MORNING_CARE, daysBefore(7, '08:05')).forTheDay('2026-10-08').inWords()).toBe(
      'au plus tard le jeudi 1er octobre 2026 à 8h05',
    );
  });
});

describe('Contrôle des règles saisies par le service', () => {
  it.each<[string, unknown]>([
    ['48 heures', hoursBefore(48)],
    ['0 et 720 heures', hoursBefore(720)],
    ['8 jours avant 10h00', daysBefore(8, '10:00')],
    ['60 jours ouvrés avant minuit moins une', workingDaysBefore(60, '23:59')],
    ['le jeudi précédent à 23h59', weekdayOfPreviousWeek(THURSDAY, '23:59')],
    ['le dimanche précédent à 00h00', weekdayOfPreviousWeek(7, '00:00')],
  ])('accepts %s', (_, rule) => {
    expect(validateDeadlineRule(rule)).toEqual([]);
    expect(isDeadlineRule(rule)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['no rule at all', null, 'La règle de délai de prévenance est absente ou mal formée.'],
    ['a list instead of a rule', [], 'La règle de délai de prévenance est absente ou mal formée.'],
    ['an unknown kind', { kind: 'monthsBefore', months: 1 }, 'Le type de délai de prévenance est inconnu'],
    ['721 hours', { kind: 'hoursBefore', hours: 721 }, 'Le nombre d’heures doit être un nombre entier compris entre 0 et 720.'],
    ['negative hours', { kind: 'hoursBefore', hours: -1 }, 'Le nombre d’heures doit être un nombre entier compris entre 0 et 720.'],
    ['half hours', { kind: 'hoursBefore', hours: 1.5 }, 'Le nombre d’heures'],
    ['hours as text', { kind: 'hoursBefore', hours: '48' }, 'Le nombre d’heures'],
    ['61 days', { kind: 'daysBefore', days: 61, time: '10:00' }, 'Le nombre de jours doit être un nombre entier compris entre 0 et 60.'],
    ['missing days', { kind: 'workingDaysBefore', time: '10:00' }, 'Le nombre de jours'],
    ['24:00', { kind: 'daysBefore', days: 1, time: '24:00' }, 'L’heure limite doit être au format HH:MM, entre 00:00 et 23:59.'],
    ['9:00 without its leading zero', { kind: 'daysBefore', days: 1, time: '9:00' }, 'L’heure limite'],
    ['« 10h00 »', { kind: 'workingDaysBefore', days: 1, time: '10h00' }, 'L’heure limite'],
    ['weekday 0', { kind: 'weekdayOfPreviousWeek', weekday: 0, time: '23:59' }, 'Le jour de la semaine doit être compris entre 1 (lundi) et 7 (dimanche).'],
    ['weekday 8', { kind: 'weekdayOfPreviousWeek', weekday: 8, time: '23:59' }, 'Le jour de la semaine'],
  ])('refuses %s', (_, rule, message) => {
    const errors = validateDeadlineRule(rule);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(isDeadlineRule(rule)).toBe(false);
  });

  it('lists every problem of a rule at once', () => {
    expect(validateDeadlineRule({ kind: 'weekdayOfPreviousWeek', weekday: 9, time: '25:00' })).toHaveLength(2);
  });

  it('never computes a deadline from an invalid rule, day, time or time zone', () => {
    const ctx: DeadlineContext = { ...CANTEEN, isWorkingDay: mondayToFridayExceptBankHolidays };
    expect(() => bookingDeadline({ kind: 'hoursBefore', hours: 1000 }, '2026-05-19', ctx)).toThrow(RangeError);
    expect(() => bookingDeadline(hoursBefore(48), '2026-02-30', ctx)).toThrow(RangeError);
    expect(() => bookingDeadline(hoursBefore(48), '19/05/2026', ctx)).toThrow(RangeError);
    expect(() => bookingDeadline(hoursBefore(48), '2026-05-19', { ...ctx, startTime: '11h30' })).toThrow(RangeError);
    expect(() => bookingDeadline(hoursBefore(48), '2026-05-19', { ...ctx, timeZone: 'Europe/Lutece' })).toThrow(RangeError);
    expect(() => isOnTime(hoursBefore(48), '2026-05-19', 'hier soir', ctx)).toThrow(RangeError);
  });
});
