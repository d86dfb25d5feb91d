/**
 * Délai de prévenance: until when may a parent still book (or cancel) one day of an activity?
 *
 * Pure domain rules: no clock, no I/O. The commune's time zone, the activity's local start time
 * and the working-day calendar come in through {@link DeadlineContext}; "now" is an argument.
 *
 * Conventions, decided once for the whole product:
 * - The deadline is the LAST moment a request is still on time. Deadlines are stated to the minute
 *   (« avant 10h00 », « à 23h59 »), so a request made at any second of the deadline minute is on
 *   time and the first late request is one minute after the deadline (10:01:00, 00:00:00).
 *   {@link isOnTime} is the single place that applies this; do not compare instants by hand.
 * - `hoursBefore` counts REAL elapsed hours back from the activity's start: 48 hours before a
 *   Monday 11:30 meal just after the spring change is Saturday 10:30 wall-clock time, because the
 *   night of the change only lasts 23 hours. A parent is given exactly the advertised notice, and
 *   the staff get exactly the advertised preparation time.
 * - `daysBefore`, `workingDaysBefore` and `weekdayOfPreviousWeek` are wall-clock rules: a calendar
 *   day at a local time (« avant 10h00 »), whatever the offset that day.
 * - A local time that does not exist (the skipped hour of the spring change) moves forward by one
 *   hour; an ambiguous one (the repeated hour in October) is read in winter time (the later one).
 * - `weekdayOfPreviousWeek` does not move when that weekday is a bank holiday: « le jeudi de la
 *   semaine précédente » is that Thursday, even on Ascension Day (use `workingDaysBefore` when the
 *   service must be open to receive the requests).
 */
import { DateTime, Info } from 'luxon';

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type DeadlineRule =
  /** e.g. 48 h before the activity's start that day (real elapsed hours). */
  | { kind: 'hoursBefore'; hours: number }
  /** before HH:MM, N calendar days before the day (0 = the same day). */
  | { kind: 'daysBefore'; days: number; time: string }
  /** before HH:MM, N working days before (skips weekends and bank holidays; 0 = the same day). */
  | { kind: 'workingDaysBefore'; days: number; time: string }
  /** e.g. Thursday (4) 23:59 of the week before the day's week (ISO weeks, Monday first). */
  | { kind: 'weekdayOfPreviousWeek'; weekday: IsoWeekday; time: string };

export type DeadlineRuleKind = DeadlineRule['kind'];

export interface DeadlineContext {
  /** IANA time zone of the commune, e.g. 'Europe/Paris'. */
  timeZone: string;
  /** 'HH:MM' local start of the activity on that day, e.g. '11:30' for the canteen. */
  startTime: string;
  /** Mon–Fri and not a bank holiday, for `workingDaysBefore` (see activities' commune calendar). */
  isWorkingDay(day: string): boolean;
}

export const DEADLINE_RULE_LIMITS = {
  hours: { min: 0, max: 720 },
  days: { min: 0, max: 60 },
  weekday: { min: 1, max: 7 },
} as const;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ONE_MINUTE_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Deadline

/**
 * The last moment a request for `day` is still on time, as an ISO instant with the commune's
 * offset, e.g. '2026-05-14T23:59:00+02:00'. Throws on a malformed rule, day or context (validate
 * user input with {@link validateDeadlineRule} first).
 */
export function bookingDeadline(rule: DeadlineRule, day: string, ctx: DeadlineContext): string {
  return format(deadlineDateTime(rule, day, ctx));
}

/**
 * Is a request made at `now` (ISO instant, any offset) on time for `day`? On time up to and
 * including the deadline minute; late from the next minute.
 */
export function isOnTime(rule: DeadlineRule, day: string, now: string, ctx: DeadlineContext): boolean {
  const at = DateTime.fromISO(now, { setZone: true });
  if (!at.isValid) throw new RangeError(`Invalid instant: ${now}`);
  return at.toMillis() < deadlineDateTime(rule, day, ctx).toMillis() + ONE_MINUTE_MS;
}

function deadlineDateTime(rule: DeadlineRule, day: string, ctx: DeadlineContext): DateTime {
  assertValidRule(rule);
  const date = parseDay(day);
  assertZone(ctx.timeZone);
  switch (rule.kind) {
    case 'hoursBefore':
      // luxon's `hours` are a duration: real elapsed time, across offset changes.
      return localDateTime(date, parseTime(ctx.startTime, 'startTime'), ctx.timeZone).minus({
        hours: rule.hours,
      });
    case 'daysBefore':
      return localDateTime(date.minus({ days: rule.days }), parseTime(rule.time), ctx.timeZone);
    case 'workingDaysBefore':
      return localDateTime(workingDaysBefore(date, rule.days, ctx), parseTime(rule.time), ctx.timeZone);
    case 'weekdayOfPreviousWeek': {
      const mondayOfPreviousWeek = date.minus({ days: date.weekday - 1 + 7 });
      return localDateTime(mondayOfPreviousWeek.plus({ days: rule.weekday - 1 }), parseTime(rule.time), ctx.timeZone);
    }
  }
}

/** Counts `days` working days back from `date` (exclusive); 0 gives `date` itself. */
function workingDaysBefore(date: DateTime, days: number, ctx: DeadlineContext): DateTime {
  let current = date;
  let found = 0;
  // A calendar with no working day for a whole year is a configuration error, not a loop forever.
  for (let scanned = 0; found < days; scanned++) {
    if (scanned > 366 + DEADLINE_RULE_LIMITS.days.max * 7) {
      throw new RangeError(`No working day found before ${date.toISODate()}`);
    }
    current = current.minus({ days: 1 });
    if (ctx.isWorkingDay(current.toISODate()!)) found++;
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Descriptions (French, for parents and staff)

const WEEKDAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const MONTH_NAMES = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
] as const;

/**
 * The rule in words, e.g. « au plus tard 48 heures avant », « au plus tard 2 jours ouvrés avant,
 * avant 10h00 », « au plus tard le jeudi de la semaine précédente à 23h59 ».
 */
export function describeDeadlineRule(rule: DeadlineRule): string {
  switch (rule.kind) {
    case 'hoursBefore':
      return rule.hours === 0
        ? 'au plus tard au début de l’activité'
        : `au plus tard ${rule.hours} ${rule.hours === 1 ? 'heure' : 'heures'} avant`;
    case 'daysBefore': {
      const when =
        rule.days === 0 ? 'le jour même' : rule.days === 1 ? 'la veille' : `${rule.days} jours avant`;
      return `au plus tard ${when}, avant ${frenchTime(rule.time)}`;
    }
    case 'workingDaysBefore': {
      const when =
        rule.days === 0
          ? 'le jour même'
          : `${rule.days} ${rule.days === 1 ? 'jour ouvré' : 'jours ouvrés'} avant`;
      return `au plus tard ${when}, avant ${frenchTime(rule.time)}`;
    }
    case 'weekdayOfPreviousWeek':
      return `au plus tard le ${WEEKDAY_NAMES[rule.weekday - 1]} de la semaine précédente à ${frenchTime(rule.time)}`;
  }
}

/**
 * The concrete deadline for one day, in words: « au plus tard le jeudi 14 mai 2026 à 23h59 ».
 * Suited to a refusal message (« Demande hors délai : … »).
 */
export function describeDeadline(rule: DeadlineRule, day: string, ctx: DeadlineContext): string {
  const deadline = deadlineDateTime(rule, day, ctx).setZone(ctx.timeZone);
  const date = `${WEEKDAY_NAMES[deadline.weekday - 1]} ${deadline.day === 1 ? '1er' : deadline.day} ${
    MONTH_NAMES[deadline.month - 1]
  } ${deadline.year}`;
  return `au plus tard le ${date} à ${deadline.hour}h${String(deadline.minute).padStart(2, '0')}`;
}

/** '07:30' → '7h30', '23:59' → '23h59'. */
function frenchTime(time: string): string {
  const [hours, minutes] = time.split(':');
  return `${Number(hours)}h${minutes}`;
}

// ---------------------------------------------------------------------------------------------
// Validation (staff configure the rules in the back office)

/** French messages, [] when `rule` is a valid {@link DeadlineRule}. */
export function validateDeadlineRule(rule: unknown): string[] {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    return ['La règle de délai de prévenance est absente ou mal formée.'];
  }
  const candidate = rule as Record<string, unknown>;
  const errors: string[] = [];
  switch (candidate['kind']) {
    case 'hoursBefore':
      checkInteger(candidate['hours'], DEADLINE_RULE_LIMITS.hours, 'Le nombre d’heures', errors);
      break;
    case 'daysBefore':
    case 'workingDaysBefore':
      checkInteger(candidate['days'], DEADLINE_RULE_LIMITS.days, 'Le nombre de jours', errors);
      checkTime(candidate['time'], errors);
      break;
    case 'weekdayOfPreviousWeek':
      if (!isIntegerBetween(candidate['weekday'], DEADLINE_RULE_LIMITS.weekday)) {
        errors.push('Le jour de la semaine doit être compris entre 1 (lundi) et 7 (dimanche).');
      }
      checkTime(candidate['time'], errors);
      break;
    default:
      errors.push(
        'Le type de délai de prévenance est inconnu : choisissez un nombre d’heures, de jours, de jours ouvrés ou un jour de la semaine précédente.',
      );
  }
  return errors;
}

export function isDeadlineRule(rule: unknown): rule is DeadlineRule {
  return validateDeadlineRule(rule).length === 0;
}

function checkInteger(value: unknown, range: { min: number; max: number }, label: string, errors: string[]): void {
  if (!isIntegerBetween(value, range)) {
    errors.push(`${label} doit être un nombre entier compris entre ${range.min} et ${range.max}.`);
  }
}

function checkTime(value: unknown, errors: string[]): void {
  if (typeof value !== 'string' || !TIME_PATTERN.test(value)) {
    errors.push('L’heure limite doit être au format HH:MM, entre 00:00 et 23:59.');
  }
}

function isIntegerBetween(value: unknown, range: { min: number; max: number }): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

// ---------------------------------------------------------------------------------------------
// Parsing helpers

function assertValidRule(rule: DeadlineRule): void {
  const errors = validateDeadlineRule(rule);
  if (errors.length > 0) throw new RangeError(`Invalid deadline rule ${JSON.stringify(rule)}: ${errors.join(' ')}`);
}

/** A calendar day as a date-only value (UTC midnight, used for day arithmetic only). */
function parseDay(day: string): DateTime {
  const date = DAY_PATTERN.test(day) ? DateTime.fromISO(day, { zone: 'utc' }) : undefined;
  if (!date?.isValid) throw new RangeError(`Invalid day (expected YYYY-MM-DD): ${day}`);
  return date;
}

function parseTime(time: string, what = 'time'): { hour: number; minute: number } {
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`Invalid ${what} (expected HH:MM): ${time}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function assertZone(timeZone: string): void {
  if (!Info.isValidIANAZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
}

function localDateTime(date: DateTime, time: { hour: number; minute: number }, timeZone: string): DateTime {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute },
    { zone: timeZone },
  );
}

function format(instant: DateTime): string {
  return instant.toISO({ suppressMilliseconds: true })!;
}
