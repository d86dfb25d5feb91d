import { invalid } from '@pf/domain';
import type { CommuneReads, ReadStore } from '@pf/read-store';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import { communeActivity } from '@pf/enrolments';
import { FAMILY_CHILDREN, type ChildDocument } from '@pf/families';
import { PLANNING, type PlanningDocument } from '@pf/reservations';
import { AttendanceTally, monthsOf, type AttendanceStatistics, type StatisticsActivity, type StatisticsPeriod } from './attendance-statistics';

/** Children's birth dates are read by id, this many at a time. */
const CHILDREN_BATCH = 500;

/**
 * The attendance statistics of one commune, read from existing read models only (no read model
 * of its own): `planning` (one document per child × activity × day with a story), `family_children`
 * (birth dates) and `activities` (slot times). Read one activity-month at a time, on the
 * (activityId, day) index the planning read model already has.
 */
export async function attendanceStatisticsOf(
  reads: ReadStore,
  request: { communeId: string; period: StatisticsPeriod; activityId?: string; today: string },
): Promise<AttendanceStatistics> {
  const commune = reads.inCommune(request.communeId);
  const activities = await statisticsActivities(reads, request.communeId, request.activityId);
  const tally = new AttendanceTally(request.period, activities, request.today);
  const births = new Map<string, string | null>();
  const planning = commune.collection<PlanningDocument>(PLANNING);
  for (const activity of activities) {
    for (const month of monthsOf(request.period)) {
      const days = await planning.find({ activityId: activity.activityId, day: { $gte: month.from, $lte: month.to } });
      await readBirthDates(commune, days, births);
      for (const day of days) tally.add(day, births.get(day.childId) ?? null);
    }
  }
  return tally.result();
}

/** The commune's activities (one, when asked), sorted by name; late-booking ones count with the activity they book. */
async function statisticsActivities(reads: ReadStore, communeId: string, activityId: string | undefined): Promise<StatisticsActivity[]> {
  const activities = reads.inCommune(communeId).collection<ActivityDocument>(ACTIVITIES);
  if (activityId !== undefined) {
    const activity = await communeActivity(reads, activityId, communeId);
    if (activity.lateBookingOf) {
      const booked = await activities.get(activity.lateBookingOf);
      throw invalid(
        'STATISTICS_LATE_BOOKING_ACTIVITY',
        `Les repas réservés hors délai (« ${activity.name} ») sont comptés avec l'activité qu'ils réservent${booked ? ` (« ${booked.name} »)` : ''}.`,
      );
    }
    return [toStatisticsActivity(activity)];
  }
  const all = await activities.find({}, { sort: { name: 1 } });
  return all.filter((a) => !a.lateBookingOf).map(toStatisticsActivity);
}

const toStatisticsActivity = (a: ActivityDocument): StatisticsActivity => ({
  activityId: a._id,
  name: a.name,
  facilityName: a.facilityName,
  startTime: a.startTime,
  endTime: a.endTime,
});

/** Birth dates of the children not met yet; a child no longer on file (erased family) is of unknown age. */
async function readBirthDates(commune: CommuneReads, days: PlanningDocument[], births: Map<string, string | null>): Promise<void> {
  const missing = [...new Set(days.map((d) => d.childId))].filter((id) => !births.has(id));
  for (let start = 0; start < missing.length; start += CHILDREN_BATCH) {
    const ids = missing.slice(start, start + CHILDREN_BATCH);
    const children = await commune.collection<ChildDocument>(FAMILY_CHILDREN).find({ _id: { $in: ids } });
    for (const id of ids) births.set(id, null);
    for (const child of children) births.set(child._id, child.birthDate || null);
  }
}
