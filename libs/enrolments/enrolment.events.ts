import type { DomainEvent } from '@pf/event-sourcing';
import type { ChildGroup } from '@pf/activities';

export interface EnrolmentKey {
  /** The parent's request (or the staff's, when they enrol a child themselves). */
  requestId: string;
  familyId: string;
  childId: string;
  activityId: string;
  periodId: string;
}

export interface EnrolmentFacts extends EnrolmentKey {
  /** As shown to the parent when asking, e.g. « Année scolaire 2026-2027 ». */
  periodLabel: string;
  group: ChildGroup | null;
  /** Semaine type: ISO weekdays the child usually attends (1 = Monday), or null. */
  typicalWeek: number[] | null;
}

export type EnrolmentRefusalReason = 'ALREADY_ENROLLED' | 'ENROLMENT_PENDING' | 'PERIOD_OVER' | 'NOT_ELIGIBLE' | 'REFUSED_BY_STAFF';

export type EnrolmentRequested = DomainEvent<'EnrolmentRequested', EnrolmentFacts>;
/** `message`: what the service wrote to the family, when staff decided. */
export type EnrolmentAccepted = DomainEvent<'EnrolmentAccepted', EnrolmentFacts & { message?: string }>;
export type EnrolmentRefused = DomainEvent<'EnrolmentRefused', EnrolmentFacts & { reasonCode: EnrolmentRefusalReason; reasonText: string }>;

export type EnrolmentEvent = EnrolmentRequested | EnrolmentAccepted | EnrolmentRefused;

/** One stream per child, activity and period: a second enrolment for the same period is decided against the first. */
export const enrolmentStream = (communeId: string, k: Pick<EnrolmentKey, 'childId' | 'activityId' | 'periodId'>) =>
  `enrolment-${communeId}.${k.childId}.${k.activityId}.${k.periodId}`;
