import { invalid, notFound, type FieldProblem } from '@pf/domain';
import { validateDeadlineRule } from '@pf/reservations';
import { isCalendarDay } from './calendar/calendar-day';
import { validateCommuneCalendar } from './calendar/commune-calendar';
import {
  ACTIVITY_CONFIGURED_SCHEMA,
  CHILD_GROUPS,
  upcastActivityConfiguration,
  type ActivityConfiguration,
  type ActivityEvent,
  type FacilityConfiguration,
  type FacilityEvent,
} from './activity.events';

export interface ActivityState {
  configuration: ActivityConfiguration | null;
}

export const initialActivityState: ActivityState = { configuration: null };

export function evolveActivity(_state: ActivityState, event: ActivityEvent): ActivityState {
  switch (event.type) {
    case 'ActivityConfigured':
      return { configuration: upcastActivityConfiguration(event.data) };
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_PERIOD_DAYS = 366;
const KINDS = ['canteen', 'morning_care', 'evening_care', 'wednesday', 'holiday_centre'];

const validWeekdays = (days: unknown): boolean =>
  Array.isArray(days) && days.length > 0 && days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) && new Set(days).size === days.length;

const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** What the decider cannot know by itself: the activity a late-booking activity points to (looked up by the handler). */
export interface ConfigureActivityContext {
  /** The commune's activity named by `lateBookingOf`, null when the commune has none of that id. */
  lateBookingTarget?: ActivityConfiguration | null;
  /** A client named the activity to change it: it must exist already (a new one's id is derived from its request). */
  mustExist?: boolean;
}

/** Every problem of a configuration at once, with the field it concerns (French messages). */
export function activityConfigurationProblems(configuration: ActivityConfiguration, context: ConfigureActivityContext = {}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, code: string, message: string) => problems.push({ field, code, message });
  if (!configuration.name.trim()) problem('name', 'REQUIRED', "Le nom de l'activité est obligatoire.");
  if (!KINDS.includes(configuration.kind)) problem('kind', 'KIND_INVALID', "Le type d'activité est inconnu.");
  if (!TIME.test(configuration.startTime)) problem('startTime', 'TIME_INVALID', "L'heure de début doit être au format HH:MM.");
  if (!TIME.test(configuration.endTime)) problem('endTime', 'TIME_INVALID', "L'heure de fin doit être au format HH:MM.");
  if (TIME.test(configuration.startTime) && TIME.test(configuration.endTime) && configuration.endTime <= configuration.startTime) {
    problem('endTime', 'END_BEFORE_START', "L'heure de fin doit suivre l'heure de début.");
  }
  if (!validWeekdays(configuration.openWeekdays)) {
    problem('openWeekdays', 'WEEKDAYS_INVALID', "Indiquez au moins un jour d'ouverture (1 = lundi … 7 = dimanche), chacun une fois.");
  }
  if (configuration.capacity !== null && (!Number.isInteger(configuration.capacity) || configuration.capacity < 1)) {
    problem('capacity', 'CAPACITY_INVALID', 'La capacité doit être un nombre entier de places, au moins 1.');
  }
  for (const message of validateDeadlineRule(configuration.deadline)) problem('deadline', 'DEADLINE_INVALID', message);
  if (configuration.processing !== 'automatic' && configuration.processing !== 'manual') {
    problem('processing', 'PROCESSING_INVALID', 'Le traitement des demandes est automatique ou par le service.');
  }
  if (!['open', 'automatic', 'staff'].includes(configuration.enrolment)) {
    problem('enrolment', 'ENROLMENT_POLICY_INVALID', "L'inscription est libre, automatique ou validée par le service.");
  }

  const periodIds = new Set<string>();
  configuration.periods.forEach((period, index) => {
    const field = `periods[${index}]`;
    if (!SLUG.test(period.periodId)) {
      problem(`${field}.periodId`, 'PERIOD_ID_INVALID', "L'identifiant de la période : lettres minuscules, chiffres et tirets (64 au plus).");
    } else if (periodIds.has(period.periodId)) {
      problem(`${field}.periodId`, 'PERIOD_DUPLICATE', `La période ${period.periodId} est déclarée deux fois.`);
    }
    periodIds.add(period.periodId);
    if (!period.label?.trim()) problem(`${field}.label`, 'REQUIRED', 'Le nom de la période est obligatoire.');
    if (period.kind !== 'school_year' && period.kind !== 'holiday_session') {
      problem(`${field}.kind`, 'PERIOD_KIND_INVALID', 'Une période est une année scolaire ou une session de vacances.');
    }
    if (!isCalendarDay(period.from) || !isCalendarDay(period.to)) {
      problem(field, 'DATE_INVALID', 'Les dates de la période doivent être au format AAAA-MM-JJ.');
    } else if (period.to < period.from) {
      problem(field, 'RANGE_INVALID', 'La période doit finir après son début.');
    } else if (daysBetween(period.from, period.to) >= MAX_PERIOD_DAYS) {
      problem(field, 'PERIOD_TOO_LONG', `Une période dure au plus ${MAX_PERIOD_DAYS} jours.`);
    }
    if (!validWeekdays(period.openWeekdays)) {
      problem(`${field}.openWeekdays`, 'WEEKDAYS_INVALID', "Indiquez au moins un jour d'ouverture de la période (1 = lundi … 7 = dimanche).");
    }
  });
  const sorted = [...configuration.periods].filter((p) => isCalendarDay(p.from) && isCalendarDay(p.to)).sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from <= sorted[i - 1].to) {
      problem('periods', 'PERIODS_OVERLAP', `Les périodes « ${sorted[i - 1].label} » et « ${sorted[i].label} » se chevauchent.`);
    }
  }
  if (configuration.lateBookingOf === null && configuration.periods.length === 0) {
    problem('periods', 'PERIOD_REQUIRED', "Indiquez au moins une période d'ouverture (année scolaire ou session de vacances).");
  }

  const groups = new Set<string>();
  configuration.groups.forEach((group, index) => {
    if (!CHILD_GROUPS.includes(group.group)) problem(`groups[${index}].group`, 'GROUP_INVALID', 'Un groupe est « maternelle » ou « élémentaire ».');
    else if (groups.has(group.group)) problem(`groups[${index}].group`, 'GROUP_DUPLICATE', `Le groupe ${group.group} est déclaré deux fois.`);
    groups.add(group.group);
    if (group.capacity !== null && (!Number.isInteger(group.capacity) || group.capacity < 1)) {
      problem(`groups[${index}].capacity`, 'CAPACITY_INVALID', 'La capacité du groupe doit être un nombre entier de places, au moins 1.');
    }
  });

  for (const message of validateCommuneCalendar({ zone: 'A', extraClosedDays: configuration.closedDays.map((c) => ({ day: c.day, reason: c.reason })) })) {
    problem('closedDays', 'CLOSED_DAY_INVALID', message);
  }

  if (configuration.lateBookingOf !== null) {
    const target = context.lateBookingTarget;
    if (configuration.lateBookingOf === configuration.activityId) {
      problem('lateBookingOf', 'LATE_BOOKING_TARGET_INVALID', "Une activité ne peut pas être la réservation tardive d'elle-même.");
    } else if (!target) {
      problem('lateBookingOf', 'LATE_BOOKING_TARGET_UNKNOWN', "L'activité dont celle-ci est la réservation tardive est introuvable.");
    } else if (target.lateBookingOf !== null) {
      problem('lateBookingOf', 'LATE_BOOKING_TARGET_INVALID', "Une réservation tardive se rattache à une activité ordinaire, pas à une autre réservation tardive.");
    }
  }
  return problems;
}

/** Staff (or the seed) set an activity's rules; configuring it again with the same rules is a no-op. */
export function decideConfigureActivity(
  configuration: ActivityConfiguration,
  state: ActivityState,
  context: ConfigureActivityContext = {},
): ActivityEvent[] {
  if (context.mustExist && !state.configuration) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
  // The activity a late booking books for was looked up in the commune and is not there: an id the commune does not have is « not found », as anywhere else.
  if (configuration.lateBookingOf !== null && configuration.lateBookingOf !== configuration.activityId && context.lateBookingTarget === null) {
    throw notFound('ACTIVITY_NOT_FOUND', "L'activité dont celle-ci est la réservation tardive est introuvable.");
  }
  const problems = activityConfigurationProblems(configuration, context);
  if (problems.length) throw invalid('ACTIVITY_CONFIGURATION_INVALID', "La configuration de l'activité est invalide.", problems);
  if (state.configuration && canonical(state.configuration) === canonical(configuration)) return [];
  return [{ type: 'ActivityConfigured', data: configuration, schemaVersion: ACTIVITY_CONFIGURED_SCHEMA }];
}

export interface FacilityState {
  configuration: FacilityConfiguration | null;
}

export const initialFacilityState: FacilityState = { configuration: null };

export function evolveFacility(_state: FacilityState, event: FacilityEvent): FacilityState {
  return { configuration: event.data };
}

/** `mustExist`: a client named the facility to change it (a new one's id is derived from its request). */
export function decideConfigureFacility(configuration: FacilityConfiguration, state: FacilityState, context: { mustExist?: boolean } = {}): FacilityEvent[] {
  if (context.mustExist && !state.configuration) throw notFound('FACILITY_NOT_FOUND', 'Équipement introuvable.');
  const problems: FieldProblem[] = [];
  if (!configuration.name.trim() || configuration.name.length > 120) {
    problems.push({ field: 'name', code: 'NAME_INVALID', message: "Le nom de l'équipement est obligatoire (120 caractères au plus)." });
  }
  if (configuration.address !== null && configuration.address.length > 200) {
    problems.push({ field: 'address', code: 'ADDRESS_INVALID', message: "L'adresse ne doit pas dépasser 200 caractères." });
  }
  if (problems.length) throw invalid('FACILITY_CONFIGURATION_INVALID', "La configuration de l'équipement est invalide.", problems);
  if (state.configuration && canonical(state.configuration) === canonical(configuration)) return [];
  return [{ type: 'FacilityConfigured', data: configuration }];
}

/** JSON with sorted keys: the same rules given in another key order are the same rules. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
