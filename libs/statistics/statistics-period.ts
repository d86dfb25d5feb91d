import { invalid } from '@pf/domain';
import { addDays, isCalendarDay } from '@pf/activities';
import type { StatisticsPeriod } from './attendance-statistics';

/** What the agent asked for: a month, or a period from / to (at most a year). */
export interface PeriodQuery {
  month?: string;
  from?: string;
  to?: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** '2026-10-01' → '01/10/2026', as French texts show dates. */
export const frenchDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The last day a period starting on `from` may reach: the eve of the same day a year later. */
export function lastDayOfYearFrom(from: string): string {
  const [year, month, day] = from.split('-');
  const nextYear = String(Number(year) + 1).padStart(4, '0');
  // 29 February: a year later is 1 March (the eve is 28 February).
  const anniversary = isCalendarDay(`${nextYear}-${month}-${day}`) ? `${nextYear}-${month}-${day}` : `${nextYear}-03-01`;
  return addDays(anniversary, -1);
}

/** Checks the period asked for; every refusal is a 422 with a stable code and a French message. */
export function statisticsPeriod(query: PeriodQuery): StatisticsPeriod {
  const { month, from, to } = query;
  if (month !== undefined && (from !== undefined || to !== undefined)) {
    throw invalid('STATISTICS_PERIOD_AMBIGUOUS', 'Indiquez soit un mois, soit une période du … au …, pas les deux.');
  }
  if (month !== undefined) {
    if (!MONTH.test(month)) {
      throw invalid('STATISTICS_DATE_INVALID', 'Le mois doit être au format AAAA-MM.', [{ field: 'month', code: 'MONTH_INVALID', message: 'Le mois doit être au format AAAA-MM.' }]);
    }
    const first = `${month}-01`;
    return { from: first, to: addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1) };
  }
  if (from === undefined && to === undefined) {
    throw invalid('STATISTICS_PERIOD_REQUIRED', 'Indiquez un mois (month=AAAA-MM) ou une période (from et to, au format AAAA-MM-JJ).');
  }
  const problems = (['from', 'to'] as const)
    .filter((field) => !isCalendarDay(query[field]))
    .map((field) => ({
      field,
      code: query[field] === undefined ? 'DATE_REQUIRED' : 'DATE_INVALID',
      message: query[field] === undefined ? `Indiquez ${field === 'from' ? 'le début' : 'la fin'} de la période.` : 'La date doit être un jour du calendrier au format AAAA-MM-JJ.',
    }));
  if (problems.length) throw invalid('STATISTICS_DATE_INVALID', 'La période doit aller d’un jour à un autre, au format AAAA-MM-JJ.', problems);
  const period = { from: from!, to: to! };
  if (period.to < period.from) {
    throw invalid('STATISTICS_PERIOD_INVERTED', `La fin de la période (${frenchDate(period.to)}) précède son début (${frenchDate(period.from)}).`, [
      { field: 'to', code: 'PERIOD_INVERTED', message: 'La fin doit suivre le début.' },
    ]);
  }
  const limit = lastDayOfYearFrom(period.from);
  if (period.to > limit) {
    throw invalid('STATISTICS_PERIOD_TOO_LONG', `Une période de statistiques couvre au plus un an : du ${frenchDate(period.from)} au ${frenchDate(limit)} au plus.`, [
      { field: 'to', code: 'PERIOD_TOO_LONG', message: `Au plus le ${frenchDate(limit)}.` },
    ]);
  }
  return period;
}
