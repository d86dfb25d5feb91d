import { addDays, addMonths, endOfMonth, startOfMonth, startOfWeek } from '../shared/calendar';
import { capitalised, formatLongDay, formatMonth } from '../shared/french-format';

/** The planning's views, as in the guides: month, week, 5-day week, day and list. */
export type PlanningView = 'month' | 'week' | 'workweek' | 'day' | 'list';

export const VIEWS: { view: PlanningView; label: string }[] = [
  { view: 'month', label: 'Mois' },
  { view: 'week', label: 'Semaine' },
  { view: 'workweek', label: 'Semaine 5 jours' },
  { view: 'day', label: 'Jour' },
  { view: 'list', label: 'Liste' },
];

export interface ViewRange {
  from: string;
  to: string;
}

/** The days a view shows around a given day. */
export function rangeOf(view: PlanningView, anchor: string): ViewRange {
  switch (view) {
    case 'month':
    case 'list':
      return { from: startOfMonth(anchor), to: endOfMonth(anchor) };
    case 'week':
      return { from: startOfWeek(anchor), to: addDays(startOfWeek(anchor), 6) };
    case 'workweek':
      return { from: startOfWeek(anchor), to: addDays(startOfWeek(anchor), 4) };
    case 'day':
      return { from: anchor, to: anchor };
  }
}

/** The day shown after « suivant » (+1) or « précédent » (-1). */
export function shift(view: PlanningView, anchor: string, delta: number): string {
  switch (view) {
    case 'month':
    case 'list':
      return addMonths(startOfMonth(anchor), delta);
    case 'week':
    case 'workweek':
      return addDays(startOfWeek(anchor), 7 * delta);
    case 'day':
      return addDays(anchor, delta);
  }
}

/** « Mois suivant », « Semaine précédente »… the words of the navigation buttons. */
export function stepLabels(view: PlanningView): { previous: string; next: string } {
  switch (view) {
    case 'month':
    case 'list':
      return { previous: 'Mois précédent', next: 'Mois suivant' };
    case 'week':
    case 'workweek':
      return { previous: 'Semaine précédente', next: 'Semaine suivante' };
    case 'day':
      return { previous: 'Jour précédent', next: 'Jour suivant' };
  }
}

/** « Décembre 2026 », « Semaine du 30 novembre au 6 décembre 2026 », « Mardi 1er décembre 2026 ». */
export function titleOf(view: PlanningView, anchor: string): string {
  const { from, to } = rangeOf(view, anchor);
  switch (view) {
    case 'month':
    case 'list':
      return capitalised(formatMonth(Number(from.slice(0, 4)), Number(from.slice(5, 7))));
    case 'day':
      return capitalised(formatLongDay(anchor));
    case 'week':
    case 'workweek': {
      const start = formatLongDay(from).split(' ').slice(1); // ['30', 'novembre', '2026']
      const end = formatLongDay(to).split(' ').slice(1);
      const sameYear = start[2] === end[2];
      const sameMonth = sameYear && start[1] === end[1];
      const first = sameMonth ? start[0] : sameYear ? `${start[0]} ${start[1]}` : start.join(' ');
      return `Semaine du ${first} au ${end.join(' ')}`;
    }
  }
}
