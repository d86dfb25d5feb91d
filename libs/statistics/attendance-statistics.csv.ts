import { stringify } from 'csv-stringify/sync';
import { AGE_GROUPS, AGE_GROUP_LABELS, type AttendanceFigures, type AttendanceStatistics } from './attendance-statistics';
import { frenchDate } from './statistics-period';

/** Column headers of the CSV export, in French for the agent's spreadsheet. */
export const CSV_HEADERS = [
  'Activité',
  'Équipement',
  'Mois',
  'Du',
  'Au',
  "Tranche d'âge",
  'Jours réservés',
  'Jours de présence',
  'dont présences non réservées',
  'Absences justifiées',
  'Absences non justifiées',
  'Jours réservés sans pointage',
  'Jours facturés',
  'Enfants accueillis (distincts)',
  'Heures réalisées',
  'Heures facturées',
];

const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** '2026-10' → 'octobre 2026' (text, so a spreadsheet does not take it for a date). */
export const frenchMonth = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Decimal comma, as a French spreadsheet reads numbers; no thousands separator. */
const number = (value: number) => String(value).replace('.', ',');

/** Excel runs cells starting with these as formulas: a leading quote keeps them text. */
const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const figures = (f: AttendanceFigures) =>
  [f.booked, f.present, f.unexpected, f.absentJustified, f.absentUnjustified, f.notRecorded, f.billed, f.children, f.presentHours, f.billedHours].map(number);

/**
 * One row per activity × month × age group, then the month's total (« Toutes »), then the whole
 * period for the activity, and last every activity together. Children are distinct within a row.
 */
export function attendanceCsvRows(statistics: AttendanceStatistics): string[][] {
  const rows: string[][] = [];
  const period = { from: frenchDate(statistics.from), to: frenchDate(statistics.to) };
  for (const activity of statistics.activities) {
    const text = (month: string, from: string, to: string, group: string) => [activity.name, activity.facilityName, month, from, to, group].map(safeCell);
    for (const month of activity.months) {
      for (const group of AGE_GROUPS) rows.push([...text(frenchMonth(month.month), frenchDate(month.from), frenchDate(month.to), AGE_GROUP_LABELS[group]), ...figures(month.byAgeGroup[group])]);
      rows.push([...text(frenchMonth(month.month), frenchDate(month.from), frenchDate(month.to), 'Toutes'), ...figures(month.total)]);
    }
    for (const group of AGE_GROUPS) rows.push([...text('Toute la période', period.from, period.to, AGE_GROUP_LABELS[group]), ...figures(activity.byAgeGroup[group])]);
    rows.push([...text('Toute la période', period.from, period.to, 'Toutes'), ...figures(activity.total)]);
  }
  for (const group of AGE_GROUPS) rows.push(['Toutes les activités', '', 'Toute la période', period.from, period.to, AGE_GROUP_LABELS[group], ...figures(statistics.total.byAgeGroup[group])]);
  rows.push(['Toutes les activités', '', 'Toute la période', period.from, period.to, 'Toutes', ...figures(statistics.total.total)]);
  return rows;
}

/** The export: `;`-separated, UTF-8 with a byte-order mark so Excel reads the accents, CRLF line ends. */
export function attendanceCsv(statistics: AttendanceStatistics): string {
  return stringify(attendanceCsvRows(statistics), { header: true, columns: CSV_HEADERS, delimiter: ';', bom: true, record_delimiter: 'windows' });
}
