import { addDays } from '@pf/activities';
import { billingVerdict, type DayFacts } from '@pf/billing';
import type { PlanningDocument } from '@pf/reservations';

/**
 * Attendance figures for the CAF « bilan d'activité » (prestation de service ordinaire): per
 * activity, month and age group (age on the day), days booked, attended, absent, billed, the
 * distinct children welcomed, and the hours realised and billed (days × the activity's slot).
 * Pure: the query hands it the planning read model's documents and the children's birth dates.
 */

export type AgeGroup = 'under_6' | 'six_and_over' | 'unknown';
export const AGE_GROUPS: readonly AgeGroup[] = ['under_6', 'six_and_over', 'unknown'];
export const AGE_GROUP_LABELS: Record<AgeGroup, string> = {
  under_6: 'Moins de 6 ans',
  six_and_over: '6 ans et plus',
  unknown: 'Âge inconnu',
};
/** The CAF's age threshold: under 6 / 6 and over, on the day of the activity. */
export const CAF_AGE_THRESHOLD = 6;

/** What one day of one child in one activity says; the fields of the `planning` read model it needs. */
export type AttendanceDay = Pick<PlanningDocument, 'childId' | 'activityId' | 'day' | 'booking' | 'lateActivityId' | 'absence' | 'attendance'>;

export interface StatisticsActivity {
  activityId: string;
  name: string;
  facilityName: string;
  /** Local times 'HH:MM' of the slot, from the activity's configuration. */
  startTime: string;
  endTime: string;
}

export interface AttendanceFigures {
  /** Days booked (booking accepted), whatever happened then. */
  booked: number;
  /** Days pointed present, booked or not. */
  present: number;
  /** Of which: pointed present without a booking. */
  unexpected: number;
  /** Booked days not attended, with a justified absence (illness with a medical certificate). */
  absentJustified: number;
  /** Booked days not attended otherwise: absence declared without justification, or pointed absent. */
  absentUnjustified: number;
  /** Booked days up to today with neither a pointage nor a declared absence. */
  notRecorded: number;
  /** Days the monthly billing run invoices (billing's own rules). */
  billed: number;
  /** Distinct children pointed present at least once. */
  children: number;
  /** Present days × slot length, in hours (2 decimals). */
  presentHours: number;
  /** Billed days × slot length, in hours (2 decimals). */
  billedHours: number;
}

export type FiguresByAgeGroup = Record<AgeGroup, AttendanceFigures>;

export interface MonthStatistics {
  /** 'YYYY-MM' */
  month: string;
  /** The part of the month inside the period. */
  from: string;
  to: string;
  byAgeGroup: FiguresByAgeGroup;
  total: AttendanceFigures;
}

export interface ActivityStatistics {
  activityId: string;
  name: string;
  facilityName: string;
  slot: { startTime: string; endTime: string; minutes: number };
  months: MonthStatistics[];
  byAgeGroup: FiguresByAgeGroup;
  total: AttendanceFigures;
}

export interface AttendanceStatistics {
  from: string;
  to: string;
  /** The commune's day the figures were worked out on: days after it are booked, not yet lived. */
  asOf: string;
  activities: ActivityStatistics[];
  /** Every activity together (a child attending two activities counts once among the children). */
  total: { byAgeGroup: FiguresByAgeGroup; total: AttendanceFigures };
}

export interface StatisticsPeriod {
  from: string;
  to: string;
}

/** Full years of age on `day`; null when the birth date is missing, malformed or after the day. */
export function ageOn(birthDate: string | null | undefined, day: string): number | null {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || birthDate > day) return null;
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // Not yet the birthday this year (a 29 February birthday comes on 1 March in other years).
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export function ageGroupOn(birthDate: string | null | undefined, day: string): AgeGroup {
  const age = ageOn(birthDate, day);
  if (age === null) return 'unknown';
  return age < CAF_AGE_THRESHOLD ? 'under_6' : 'six_and_over';
}

/** Minutes between two local times 'HH:MM' of the same day (0 if the slot is not one). */
export function slotMinutes(startTime: string, endTime: string): number {
  const minutes = (time: string) => {
    const match = /^(\d{2}):(\d{2})$/.exec(time);
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  };
  const start = minutes(startTime);
  const end = minutes(endTime);
  return start === null || end === null || end <= start ? 0 : end - start;
}

/** The months the period touches, each cut to the period. */
export function monthsOf(period: StatisticsPeriod): Array<{ month: string; from: string; to: string }> {
  const months: Array<{ month: string; from: string; to: string }> = [];
  let start = period.from;
  while (start <= period.to) {
    const month = start.slice(0, 7);
    const nextMonth = addDays(`${month}-28`, 4).slice(0, 7);
    const lastDay = addDays(`${nextMonth}-01`, -1);
    const end = lastDay < period.to ? lastDay : period.to;
    months.push({ month, from: start, to: end });
    start = addDays(end, 1);
  }
  return months;
}

/**
 * The billing verdict of a planning day. The planning read model does not keep a cancellation
 * refused past the deadline; that only changes why a booked day is billed, never whether it is
 * (billing-rules: a booked day without a justified absence is billed either way), so `billed` is
 * the monthly run's.
 */
export function verdictOf(day: AttendanceDay) {
  const facts: DayFacts = {
    childId: day.childId,
    activityId: day.activityId,
    day: day.day,
    booking: day.booking,
    lateActivityId: day.lateActivityId,
    absence: day.absence ? { justified: day.absence.justified } : null,
    attendance: day.attendance,
    lateCancellation: false,
  };
  return billingVerdict(facts);
}

interface Cell {
  booked: number;
  present: number;
  unexpected: number;
  absentJustified: number;
  absentUnjustified: number;
  notRecorded: number;
  billed: number;
  presentMinutes: number;
  billedMinutes: number;
  children: Set<string>;
}

const emptyCell = (): Cell => ({
  booked: 0,
  present: 0,
  unexpected: 0,
  absentJustified: 0,
  absentUnjustified: 0,
  notRecorded: 0,
  billed: 0,
  presentMinutes: 0,
  billedMinutes: 0,
  children: new Set(),
});

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Cells added together; children are counted once across them. */
function figuresOf(cells: Cell[]): AttendanceFigures {
  const sum = (field: Exclude<keyof Cell, 'children'>) => cells.reduce((total, cell) => total + cell[field], 0);
  const children = new Set<string>();
  for (const cell of cells) for (const child of cell.children) children.add(child);
  return {
    booked: sum('booked'),
    present: sum('present'),
    unexpected: sum('unexpected'),
    absentJustified: sum('absentJustified'),
    absentUnjustified: sum('absentUnjustified'),
    notRecorded: sum('notRecorded'),
    billed: sum('billed'),
    children: children.size,
    presentHours: hours(sum('presentMinutes')),
    billedHours: hours(sum('billedMinutes')),
  };
}

function byAgeGroup(cellsOf: (group: AgeGroup) => Cell[]): FiguresByAgeGroup {
  return { under_6: figuresOf(cellsOf('under_6')), six_and_over: figuresOf(cellsOf('six_and_over')), unknown: figuresOf(cellsOf('unknown')) };
}

/**
 * Counts days as they come (a query can feed it month by month, so a year of a big commune is
 * never held in memory at once), then gives the figures. A day outside the period or of another
 * activity is left out.
 */
export class AttendanceTally {
  private readonly months: Array<{ month: string; from: string; to: string }>;
  private readonly slots = new Map<string, number>();
  /** activityId → month → age group → cell. */
  private readonly cells = new Map<string, Map<string, Record<AgeGroup, Cell>>>();

  constructor(
    private readonly period: StatisticsPeriod,
    private readonly activities: readonly StatisticsActivity[],
    /** The commune's day today: a booked day after it cannot have been pointed yet. */
    private readonly today: string,
  ) {
    this.months = monthsOf(period);
    for (const activity of activities) {
      this.slots.set(activity.activityId, slotMinutes(activity.startTime, activity.endTime));
      const months = new Map<string, Record<AgeGroup, Cell>>();
      for (const { month } of this.months) months.set(month, { under_6: emptyCell(), six_and_over: emptyCell(), unknown: emptyCell() });
      this.cells.set(activity.activityId, months);
    }
  }

  /** One planning day, with the child's birth date ('YYYY-MM-DD', or null when unknown). */
  add(day: AttendanceDay, birthDate: string | null): void {
    if (day.day < this.period.from || day.day > this.period.to) return;
    const cell = this.cells.get(day.activityId)?.get(day.day.slice(0, 7))?.[ageGroupOn(birthDate, day.day)];
    if (!cell) return;
    const slot = this.slots.get(day.activityId) ?? 0;
    const booked = day.booking === 'accepted';
    const present = day.attendance === 'present';
    if (booked) cell.booked += 1;
    if (present) {
      cell.present += 1;
      cell.presentMinutes += slot;
      cell.children.add(day.childId);
      if (!booked) cell.unexpected += 1;
    } else if (booked) {
      if (day.absence?.justified) cell.absentJustified += 1;
      else if (day.absence || day.attendance === 'absent') cell.absentUnjustified += 1;
      else if (day.day <= this.today) cell.notRecorded += 1;
    }
    if (verdictOf(day).billed) {
      cell.billed += 1;
      cell.billedMinutes += slot;
    }
  }

  result(): AttendanceStatistics {
    const all = (activityId: string) => [...this.cells.get(activityId)!.values()];
    const activities: ActivityStatistics[] = this.activities.map((activity) => {
      const months = this.cells.get(activity.activityId)!;
      return {
        activityId: activity.activityId,
        name: activity.name,
        facilityName: activity.facilityName,
        slot: { startTime: activity.startTime, endTime: activity.endTime, minutes: this.slots.get(activity.activityId)! },
        months: this.months.map(({ month, from, to }) => {
          const groups = months.get(month)!;
          return { month, from, to, byAgeGroup: byAgeGroup((group) => [groups[group]]), total: figuresOf(Object.values(groups)) };
        }),
        byAgeGroup: byAgeGroup((group) => all(activity.activityId).map((groups) => groups[group])),
        total: figuresOf(all(activity.activityId).flatMap((groups) => Object.values(groups))),
      };
    });
    const everywhere = this.activities.flatMap((activity) => all(activity.activityId));
    return {
      from: this.period.from,
      to: this.period.to,
      asOf: this.today,
      activities,
      total: {
        byAgeGroup: byAgeGroup((group) => everywhere.map((groups) => groups[group])),
        total: figuresOf(everywhere.flatMap((groups) => Object.values(groups))),
      },
    };
  }
}

/** The figures of a period, from its planning days and the children's birth dates. */
export function attendanceStatistics(input: {
  period: StatisticsPeriod;
  today: string;
  activities: readonly StatisticsActivity[];
  days: Iterable<AttendanceDay>;
  birthDates: ReadonlyMap<string, string | null>;
}): AttendanceStatistics {
  const tally = new AttendanceTally(input.period, input.activities, input.today);
  for (const day of input.days) tally.add(day, input.birthDates.get(day.childId) ?? null);
  return tally.result();
}
