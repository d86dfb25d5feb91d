import { rangeOf, shift, stepLabels, titleOf } from './planning-view';

describe('Planning views', () => {
  it('shows a whole month, a week from Monday, a 5-day week or one day', () => {
    expect(rangeOf('month', '2026-12-17')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(rangeOf('week', '2026-12-03')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(rangeOf('workweek', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-04' });
    expect(rangeOf('day', '2026-12-03')).toEqual({ from: '2026-12-03', to: '2026-12-03' });
    expect(rangeOf('list', '2026-12-03')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('moves by the unit of the view', () => {
    expect(shift('month', '2026-12-17', 1)).toBe('2027-01-01');
    expect(shift('week', '2026-12-03', -1)).toBe('2026-11-23');
    expect(shift('day', '2026-12-31', 1)).toBe('2027-01-01');
    expect(stepLabels('workweek')).toEqual({ previous: 'Semaine précédente', next: 'Semaine suivante' });
  });

  it('titles each view in French', () => {
    expect(titleOf('month', '2026-12-17')).toBe('Décembre 2026');
    expect(titleOf('week', '2026-12-03')).toBe('Semaine du 30 novembre au 6 décembre 2026');
    expect(titleOf('workweek', '2026-12-09')).toBe('Semaine du 7 au 11 décembre 2026');
    expect(titleOf('week', '2026-12-31')).toBe('Semaine du 28 décembre 2026 au 3 janvier 2027');
    expect(titleOf('day', '2026-12-01')).toBe('Mardi 1er décembre 2026');
    expect(titleOf('week', '2027-02-03')).toBe('Semaine du 1er au 7 février 2027');
  });
});
