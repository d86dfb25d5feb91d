import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BANK_HOLIDAY_YEARS, bankHolidayOn, bankHolidays, isBankHoliday } from './bank-holidays';

const days = (year: number, alsaceMoselle = false) => bankHolidays(year, { alsaceMoselle }).map((h) => h.day);

describe('Jours fériés (France métropolitaine)', () => {
  it('lists the 11 bank holidays of 2026 in calendar order, with their French names', () => {
    expect(bankHolidays(2026)).toEqual([
      { day: '2026-01-01', name: 'Jour de l’An' },
      { day: '2026-04-06', name: 'Lundi de Pâques' },
      { day: '2026-05-01', name: 'Fête du Travail' },
      { day: '2026-05-08', name: 'Victoire 1945' },
      { day: '2026-05-14', name: 'Ascension' },
      { day: '2026-05-25', name: 'Lundi de Pentecôte' },
      { day: '2026-07-14', name: 'Fête nationale' },
      { day: '2026-08-15', name: 'Assomption' },
      { day: '2026-11-01', name: 'Toussaint' },
      { day: '2026-11-11', name: 'Armistice 1918' },
      { day: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('places the movable feasts of 2026: Easter Monday 6 April, Ascension 14 May, Pentecost Monday 25 May', () => {
    expect(bankHolidayOn('2026-04-06')?.name).toBe('Lundi de Pâques');
    expect(bankHolidayOn('2026-05-14')?.name).toBe('Ascension');
    expect(bankHolidayOn('2026-05-25')?.name).toBe('Lundi de Pentecôte');
  });

  it('places the movable feasts of 2027: Easter Monday 29 March, Ascension 6 May, Pentecost Monday 17 May', () => {
    expect(days(2027)).toEqual([
      '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17',
      '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25',
    ]);
  });

  it('says whether a day is a bank holiday', () => {
    expect(isBankHoliday('2026-05-14')).toBe(true);
    expect(isBankHoliday('2026-11-11')).toBe(true);
    expect(isBankHoliday('2026-05-13')).toBe(false);
    expect(isBankHoliday('2026-05-15')).toBe(false); // the Ascension bridge is not a bank holiday
    expect(bankHolidayOn('2026-06-10')).toBeNull();
  });

  it('adds Good Friday and St Stephen’s Day for a commune of Alsace-Moselle only', () => {
    expect(days(2026, true)).toHaveLength(13);
    expect(bankHolidayOn('2026-04-03', { alsaceMoselle: true })?.name).toBe('Vendredi saint');
    expect(bankHolidayOn('2026-12-26', { alsaceMoselle: true })?.name).toBe('Saint-Étienne');
    expect(bankHolidayOn('2027-03-26', { alsaceMoselle: true })?.name).toBe('Vendredi saint');
    expect(isBankHoliday('2026-04-03')).toBe(false);
    expect(isBankHoliday('2026-12-26')).toBe(false);
  });

  it('agrees with an independent Easter computation for every year it accepts', () => {
    for (let year = BANK_HOLIDAY_YEARS.first; year <= BANK_HOLIDAY_YEARS.last; year++) {
      const easter = gregorianEaster(year);
      const offset = (n: number) => new Date(easter + n * 86_400_000).toISOString().slice(0, 10);
      const byName = Object.fromEntries(bankHolidays(year, { alsaceMoselle: true }).map((h) => [h.name, h.day]));
      expect([year, byName['Vendredi saint'], byName['Lundi de Pâques'], byName['Ascension'], byName['Lundi de Pentecôte']]).toEqual([
        year, offset(-2), offset(1), offset(39), offset(50),
      ]);
    }
  });

  it('refuses years the library computes wrongly or not at all', () => {
    expect(() => bankHolidays(2106)).toThrow(RangeError);
    expect(() => bankHolidays(1899)).toThrow(RangeError);
    expect(() => bankHolidays(2026.5)).toThrow(RangeError);
    expect(() => isBankHoliday('2026-13-01')).toThrow(RangeError);
  });

  // The library builds local-time Dates and adds 24-hour steps: a server whose own time zone changes
  // its clocks between Easter and Pentecost (Sydney: first Sunday of April) would read Easter Monday
  // as Sunday without our conversion. jest cannot switch the process time zone, so ask a child node.
  it.each(['Europe/Paris', 'UTC', 'Australia/Sydney', 'America/Santiago', 'Pacific/Kiritimati', 'America/Los_Angeles'])(
    'gives the same days whatever the server’s time zone (%s)',
    (timeZone) => {
      const script = `const { bankHolidays } = require(${JSON.stringify(join(__dirname, 'bank-holidays'))});
        const years = []; for (let y = 2020; y <= 2040; y++) years.push(bankHolidays(y, { alsaceMoselle: true }));
        process.stdout.write(JSON.stringify(years));`;
      const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
        env: { ...process.env, TZ: timeZone },
        encoding: 'utf8',
      });
      const expected = [];
      for (let year = 2020; year <= 2040; year++) expected.push(bankHolidays(year, { alsaceMoselle: true }));
      expect(JSON.parse(output)).toEqual(expected);
      expect(JSON.parse(output)[6][2]).toEqual({ day: '2026-04-06', name: 'Lundi de Pâques' });
    },
    30_000,
  );
});

/** Meeus/Jones/Butcher: Easter Sunday of the Gregorian calendar, as a UTC midnight in ms. */
function gregorianEaster(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}
