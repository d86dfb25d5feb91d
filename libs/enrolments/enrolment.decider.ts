import { conflict, invalid } from '@pf/domain';
import type { Actor } from '@pf/event-store';
import { CHILD_GROUP_LABELS, type ChildGroup, type EnrolmentPolicy } from '@pf/activities';
import type { EnrolmentEvent, EnrolmentFacts, EnrolmentRefusalReason } from './enrolment.events';

export interface EnrolmentState {
  status: 'none' | 'pending' | 'accepted';
  facts: EnrolmentFacts | null;
}

export const initialEnrolmentState: EnrolmentState = { status: 'none', facts: null };

export function evolveEnrolment(state: EnrolmentState, event: EnrolmentEvent): EnrolmentState {
  switch (event.type) {
    case 'EnrolmentRequested':
      // A request refused at once (already enrolled…) leaves the current enrolment as it was.
      return state.status === 'none' ? { status: 'pending', facts: event.data } : state;
    case 'EnrolmentAccepted':
      return { status: 'accepted', facts: event.data };
    case 'EnrolmentRefused':
      return state.facts?.requestId === event.data.requestId ? initialEnrolmentState : state;
  }
}

export const ENROLMENT_RULES: Actor = { kind: 'rule', id: 'enrolment-rules', name: "Règles d'inscription" };

/** What the activity and the calendar say about this enrolment, worked out by the caller. */
export interface EnrolmentRules {
  policy: EnrolmentPolicy;
  /** Groups the activity welcomes; empty: every child. */
  groups: ChildGroup[];
  /** Weekdays the period opens, for the typical week. */
  openWeekdays: number[];
  /** The period's last day is past. */
  periodOver: boolean;
}

/** A parent (or staff) asks to enrol a child in an activity for a period, optionally with a typical week. */
export function decideRequestEnrolment(request: EnrolmentFacts, state: EnrolmentState, rules: EnrolmentRules): EnrolmentEvent[] {
  if (request.typicalWeek && request.typicalWeek.some((d) => !rules.openWeekdays.includes(d))) {
    throw invalid('TYPICAL_WEEK_INVALID', "La semaine type ne peut compter que des jours d'ouverture de la période.", [
      { field: 'typicalWeek', code: 'TYPICAL_WEEK_INVALID', message: "Choisissez des jours d'ouverture de l'activité." },
    ]);
  }
  const requested: EnrolmentEvent = { type: 'EnrolmentRequested', data: request };
  const refuse = (reasonCode: EnrolmentRefusalReason, reasonText: string): EnrolmentEvent[] => [
    requested,
    { type: 'EnrolmentRefused', data: { ...request, reasonCode, reasonText }, actor: ENROLMENT_RULES },
  ];
  if (state.status === 'accepted') return refuse('ALREADY_ENROLLED', `Cet enfant est déjà inscrit pour la période « ${request.periodLabel} ».`);
  if (state.status === 'pending') {
    return refuse('ENROLMENT_PENDING', `Une demande d'inscription pour la période « ${request.periodLabel} » est déjà en cours de traitement.`);
  }
  if (rules.periodOver) return refuse('PERIOD_OVER', `La période « ${request.periodLabel} » est terminée.`);
  if (rules.groups.length > 0 && (request.group === null || !rules.groups.includes(request.group))) {
    const welcomed = rules.groups.map((g) => CHILD_GROUP_LABELS[g]).join(' et ');
    return refuse('NOT_ELIGIBLE', `Cette activité accueille les enfants de ${welcomed} : cet enfant n'en relève pas pour cette période.`);
  }
  if (rules.policy === 'staff') return [requested];
  return [requested, { type: 'EnrolmentAccepted', data: request, actor: ENROLMENT_RULES }];
}

export interface StaffDecision {
  decision: 'accept' | 'refuse';
  /** French message to the family; required to refuse. */
  message?: string;
}

/** The service accepts or refuses a pending enrolment request. */
export function decideEnrolmentDecision(requestId: string, decision: StaffDecision, state: EnrolmentState): EnrolmentEvent[] {
  if (state.status !== 'pending' || !state.facts || state.facts.requestId !== requestId) {
    throw conflict('REQUEST_NOT_PENDING', "Cette demande d'inscription n'est plus en attente de décision.");
  }
  if (decision.decision === 'accept') {
    return [{ type: 'EnrolmentAccepted', data: { ...state.facts, ...(decision.message ? { message: decision.message } : {}) } }];
  }
  if (!decision.message?.trim()) throw invalid('MESSAGE_REQUIRED', 'Indiquez à la famille le motif du refus.');
  return [{ type: 'EnrolmentRefused', data: { ...state.facts, reasonCode: 'REFUSED_BY_STAFF', reasonText: decision.message.trim() } }];
}
