import { invalid, type FieldProblem } from '@pf/domain';
import { validateDeadlineRule } from '../reservations/deadline-rules';
import type { ActivityConfiguration, ActivityEvent } from './activity.events';

export interface ActivityState {
  configuration: ActivityConfiguration | null;
}

export const initialActivityState: ActivityState = { configuration: null };

export function evolveActivity(state: ActivityState, event: ActivityEvent): ActivityState {
  switch (event.type) {
    case 'ActivityConfigured':
      return { configuration: event.data };
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Staff (or the seed) set an activity's rules; configuring it again with the same rules is a no-op. */
export function decideConfigureActivity(configuration: ActivityConfiguration, state: ActivityState): ActivityEvent[] {
  const problems: FieldProblem[] = [];
  if (!configuration.name.trim()) problems.push({ field: 'name', code: 'REQUIRED', message: "Le nom de l'activité est obligatoire." });
  if (!TIME.test(configuration.startTime)) problems.push({ field: 'startTime', code: 'TIME_INVALID', message: "L'heure de début doit être au format HH:MM." });
  if (!TIME.test(configuration.endTime)) problems.push({ field: 'endTime', code: 'TIME_INVALID', message: "L'heure de fin doit être au format HH:MM." });
  if (TIME.test(configuration.startTime) && TIME.test(configuration.endTime) && configuration.endTime <= configuration.startTime) {
    problems.push({ field: 'endTime', code: 'END_BEFORE_START', message: "L'heure de fin doit suivre l'heure de début." });
  }
  if (configuration.openWeekdays.length === 0 || configuration.openWeekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    problems.push({ field: 'openWeekdays', code: 'WEEKDAYS_INVALID', message: "Indiquez au moins un jour d'ouverture (1 = lundi … 7 = dimanche)." });
  }
  if (configuration.capacity !== null && (!Number.isInteger(configuration.capacity) || configuration.capacity < 1)) {
    problems.push({ field: 'capacity', code: 'CAPACITY_INVALID', message: 'La capacité doit être un nombre entier de places, au moins 1.' });
  }
  for (const message of validateDeadlineRule(configuration.deadline)) {
    problems.push({ field: 'deadline', code: 'DEADLINE_INVALID', message });
  }
  if (problems.length) throw invalid('ACTIVITY_CONFIGURATION_INVALID', "La configuration de l'activité est invalide.", problems);
  if (state.configuration && JSON.stringify(state.configuration) === JSON.stringify(configuration)) return [];
  return [{ type: 'ActivityConfigured', data: configuration }];
}
