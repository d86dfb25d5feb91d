import { DomainError } from '@pf/domain';
import { lastDayOfYearFrom, statisticsPeriod, type PeriodQuery } from './statistics-period';

const refusal = (query: PeriodQuery) => {
  try {
    statisticsPeriod(query);
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('The period was accepted');
};

describe('the period of the statistics', () => {
  it('is a whole month when a month is asked for', () => {
    expect(statisticsPeriod({ month: '2026-10' })).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(statisticsPeriod({ month: '2028-02' })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('may run from one day to another, up to a whole school year', () => {
    expect(statisticsPeriod({ from: '2026-09-01', to: '2027-08-31' })).toEqual({ from: '2026-09-01', to: '2027-08-31' });
    expect(statisticsPeriod({ from: '2026-10-05', to: '2026-10-05' })).toEqual({ from: '2026-10-05', to: '2026-10-05' });
  });

  it('is refused beyond one year, saying the last day allowed', () => {
    expect(refusal({ from: '2026-09-01', to: '2027-09-01' })).toMatchObject({
      kind: 'invalid',
      code: 'STATISTICS_PERIOD_TOO_LONG',
      message: 'Une période de statistiques couvre au plus un an : du 01/09/2026 au 31/08/2027 au plus.',
    });
    expect(lastDayOfYearFrom('2028-02-29')).toBe('2029-02-28');
  });

  it('is refused when it ends before it starts', () => {
    expect(refusal({ from: '2026-10-31', to: '2026-10-01' })).toMatchObject({ code: 'STATISTICS_PERIOD_INVERTED', message: 'La fin de la période (01/10/2026) précède son début (31/10/2026).' });
  });

  it('is refused, field by field, when a date is not a day of the calendar or is missing', () => {
    expect(refusal({ from: '2026-02-30', to: '2026-03-31' })).toMatchObject({ code: 'STATISTICS_DATE_INVALID', details: [{ field: 'from', code: 'DATE_INVALID' }] });
    expect(refusal({ from: '2026-10-01' })).toMatchObject({ code: 'STATISTICS_DATE_INVALID', details: [{ field: 'to', code: 'DATE_REQUIRED', message: 'Indiquez la fin de la période.' }] });
    expect(refusal({ month: '2026-13' })).toMatchObject({ code: 'STATISTICS_DATE_INVALID', details: [{ field: 'month' }] });
    expect(refusal({ month: '2026-10-01' })).toMatchObject({ code: 'STATISTICS_DATE_INVALID' });
  });

  it('must be asked for, one way only', () => {
    expect(refusal({})).toMatchObject({ code: 'STATISTICS_PERIOD_REQUIRED' });
    expect(refusal({ month: '2026-10', from: '2026-10-01', to: '2026-10-31' })).toMatchObject({ code: 'STATISTICS_PERIOD_AMBIGUOUS' });
  });
});
