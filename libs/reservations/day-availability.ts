import { boundedMemo } from '@pf/domain';
import { activityDay, childGroupOn, periodOf, isWorkingDay, CHILD_GROUP_LABELS, type ActivityConfiguration, type ChildGroup } from '@pf/activities';
import type { CommuneProfile } from '@pf/communes';
import type { EnrolmentDocument } from '@pf/enrolments';
import { bookingDeadline, describeDeadlineRule, type DeadlineRule } from './deadline-rules';
import type { DayCapacity, DayRules, Eligibility } from './reservation.decider';

type Commune = Pick<CommuneProfile, 'schoolZone' | 'timeZone'>;

const ONE_MINUTE_MS = 60_000;
const deadlines = boundedMemo<number>(100_000);

/**
 * The deadline of a day depends on the rule, the day, the zone and the start time, never on "now":
 * worked out once (a school-year booking asks for 140 of them) and kept, bounded.
 */
const ruleKeys = new WeakMap<DeadlineRule, string>();

function deadlineMs(rule: DeadlineRule, day: string, timeZone: string, startTime: string): number {
  let ruleKey = ruleKeys.get(rule);
  if (ruleKey === undefined) ruleKeys.set(rule, (ruleKey = JSON.stringify(rule)));
  const key = `${ruleKey}|${day}|${timeZone}|${startTime}`;
  return deadlines(key, () => Date.parse(bookingDeadline(rule, day, { timeZone, startTime, isWorkingDay })));
}

/** Same convention as `isOnTime` (deadline-rules.ts): on time up to and including the deadline minute. */
export function onTime(rule: DeadlineRule, day: string, now: string, timeZone: string, startTime: string): boolean {
  return Date.parse(now) < deadlineMs(rule, day, timeZone, startTime) + ONE_MINUTE_MS;
}

/** Why the activity does not run that day (outside its periods, weekday, bank or school holiday, closure), or null. */
export function closedLabel(day: string, activity: ActivityConfiguration, commune: Pick<CommuneProfile, 'schoolZone'>): string | null {
  const opening = activityDay(day, activity, commune);
  return opening.open ? null : opening.label;
}

export function dayCapacity(activity: Pick<ActivityConfiguration, 'capacity' | 'groups'>): DayCapacity {
  return { total: activity.capacity, groups: Object.fromEntries(activity.groups.map((g) => [g.group, g.capacity])) };
}

/** What does not change from day to day, worked out once per activity document (a period asks for 140 days). */
const activityRules = new WeakMap<ActivityConfiguration, { deadlineText: string; capacity: DayCapacity }>();

function rulesOf(activity: ActivityConfiguration) {
  let rules = activityRules.get(activity);
  if (!rules) activityRules.set(activity, (rules = { deadlineText: describeDeadlineRule(activity.deadline), capacity: dayCapacity(activity) }));
  return rules;
}

/** Everything the reservation decider needs to know about a day, at the instant `now`. */
export function dayRules(day: string, activity: ActivityConfiguration, commune: Commune, now: string, late: ActivityConfiguration | null = null): DayRules {
  const label = closedLabel(day, activity, commune);
  const { deadlineText, capacity } = rulesOf(activity);
  return {
    closed: label ? { label } : null,
    onTime: onTime(activity.deadline, day, now, commune.timeZone, activity.startTime),
    deadlineText,
    capacity,
    processing: activity.processing,
    late: late
      ? { activityId: late.activityId, name: late.name, onTime: onTime(late.deadline, day, now, commune.timeZone, activity.startTime), deadlineText: rulesOf(late).deadlineText }
      : null,
  };
}

/**
 * May a child book the activity on a day, and in which group? An open activity takes every child
 * whose group it welcomes (the group follows the birth date); otherwise the child needs an accepted
 * enrolment for the period of that day, which fixed the group.
 */
export function eligibility(
  day: string,
  activity: ActivityConfiguration,
  child: { birthDate: string },
  enrolments: Pick<EnrolmentDocument, 'periodId' | 'status' | 'group'>[],
): { eligibility: Eligibility; group: ChildGroup | null } {
  const period = periodOf(activity, day);
  if (activity.enrolment !== 'open') {
    const enrolment = period ? enrolments.find((e) => e.periodId === period.periodId) : undefined;
    if (enrolment?.status === 'accepted') return { eligibility: { ok: true }, group: enrolment.group };
    if (enrolment?.status === 'pending') {
      return { eligibility: { ok: false, reasonCode: 'ENROLMENT_PENDING', reasonText: `L'inscription à cette activité pour la période « ${period!.label} » attend la décision du service.` }, group: enrolment.group };
    }
    return {
      eligibility: { ok: false, reasonCode: 'NOT_ENROLLED', reasonText: period ? `Cet enfant n'est pas inscrit à cette activité pour la période « ${period.label} ».` : "Cet enfant n'est pas inscrit à cette activité." },
      group: childGroupOn(child.birthDate, day),
    };
  }
  const group = childGroupOn(child.birthDate, day);
  if (activity.groups.length > 0 && (group === null || !activity.groups.some((g) => g.group === group))) {
    const welcomed = activity.groups.map((g) => CHILD_GROUP_LABELS[g.group]).join(' et ');
    return { eligibility: { ok: false, reasonCode: 'NOT_ELIGIBLE', reasonText: `Cette activité accueille les enfants de ${welcomed} : cet enfant n'en relève pas.` }, group };
  }
  return { eligibility: { ok: true }, group };
}
