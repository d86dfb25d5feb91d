import { attendanceStatistics, type AttendanceDay } from './attendance-statistics';
import { attendanceCsv, CSV_HEADERS, frenchMonth } from './attendance-statistics.csv';

const canteen = { activityId: 'canteen', name: 'Restaurant scolaire', facilityName: 'Restaurant Jules-Ferry', startTime: '11:45', endTime: '13:30' };
const present = (childId: string, day: string): AttendanceDay => ({ childId, activityId: 'canteen', day, booking: 'accepted', lateActivityId: null, absence: null, attendance: 'present' });

describe('the CSV export of the statistics', () => {
  const statistics = attendanceStatistics({
    period: { from: '2026-10-01', to: '2026-11-30' },
    today: '2026-12-01',
    activities: [canteen, { ...canteen, activityId: 'formula', name: '=Garderie' }],
    days: [present('emma', '2026-10-12'), present('emma', '2026-10-13'), present('noah', '2026-11-05')],
    birthDates: new Map([['emma', '2021-01-10'], ['noah', '2018-03-01']]),
  });
  const csv = attendanceCsv(statistics);
  // No cell of these figures holds a « ; », a quote or a line break: splitting reads it back.
  const rows = csv.slice(1).trimEnd().split('\r\n').map((line) => line.split(';'));

  it('opens in Excel: a byte-order mark, « ; » between cells, Windows line ends, French headers', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(rows[0]).toEqual(CSV_HEADERS);
    expect(rows[0]).toContain("Tranche d'âge");
  });

  it('gives one row per activity, month and age group, the month total, the period, then every activity', () => {
    // Per activity: 2 months × (3 groups + total) + (3 groups + total) for the period; then 4 rows for all.
    expect(rows).toHaveLength(1 + 2 * (2 * 4 + 4) + 4);
    const row = rows.find((r) => r[0] === 'Restaurant scolaire' && r[2] === 'octobre 2026' && r[5] === 'Moins de 6 ans')!;
    expect(row.slice(3, 5)).toEqual(['01/10/2026', '31/10/2026']);
    // booked, present, unexpected, justified, unjustified, not recorded, billed, children, hours realised, hours billed
    expect(row.slice(6)).toEqual(['2', '2', '0', '0', '0', '0', '2', '1', '3,5', '3,5']);
    expect(rows.at(-1)!.slice(0, 6)).toEqual(['Toutes les activités', '', 'Toute la période', '01/10/2026', '30/11/2026', 'Toutes']);
    expect(rows.at(-1)!.slice(6)).toEqual(['3', '3', '0', '0', '0', '0', '3', '2', '5,25', '5,25']);
  });

  it('keeps a name starting like a formula as text', () => {
    expect(rows.some((r) => r[0] === "'=Garderie")).toBe(true);
  });

  it('names months in French, as text a spreadsheet does not turn into a date', () => {
    expect(frenchMonth('2026-02')).toBe('février 2026');
  });
});
