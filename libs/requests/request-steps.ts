import type { RecordedEvent } from '@pf/event-store';

/**
 * How a capability tells "Mes demandes" what its events mean for a request. The requests read
 * model knows no capability's events: each capability exports a `RequestSteps` map and the app
 * composes them. A mapper is pure but for name look-ups, and must give the same steps for the same
 * event every time (rebuilds give the same documents).
 */
export type RequestKind =
  | 'reservation'
  | 'period_reservation'
  | 'enrolment'
  | 'cancellation'
  | 'absence'
  | 'family_change'
  | 'contact'
  | 'document'
  | 'certificate'
  | 'pre_registration';

export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  reservation: 'Réservation',
  period_reservation: 'Réservation sur une période',
  enrolment: 'Inscription',
  cancellation: 'Annulation',
  absence: "Déclaration d'absence",
  family_change: 'Modification du dossier',
  contact: 'Message au service',
  document: 'Document',
  certificate: "Demande d'attestation",
  pre_registration: 'Pré-inscription',
};

/** Who made a step, in words: the timeline says who, not only when. */
export const ACTOR_KIND_LABELS: Record<string, string> = {
  guardian: 'Parent',
  staff: 'Agent du service',
  admin: 'Administrateur',
  integrator: 'Logiciel de la commune',
  system: 'Portail',
  rule: 'Règle automatique',
  anonymous: 'Visiteur',
};

/** 'answered': a message the service answered (contact). */
export type RequestStatus = 'pending' | 'accepted' | 'partially_accepted' | 'refused' | 'waitlisted' | 'cancelled' | 'answered';
export type OutcomeStatus = 'accepted' | 'refused' | 'waitlisted' | 'cancelled';

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: 'En cours',
  accepted: 'Acceptée',
  partially_accepted: 'Acceptée en partie',
  refused: 'Refusée',
  waitlisted: "En liste d'attente",
  cancelled: 'Annulée',
  answered: 'Répondue',
};

/** Names this read model keeps for descriptions (child first names, activity names). */
export interface RequestNames {
  child(childId: string): Promise<string>;
  activity(activityId: string): Promise<string>;
}

/**
 * What a request is about, for the staff queue's filters. Left out, each field is taken from the
 * opening event's data when it has one of these names (`day` gives both days, `from`/`to` a range).
 */
export interface RequestSubject {
  childId?: string;
  activityId?: string;
  /** 'YYYY-MM-DD': first and last day the request covers. */
  firstDay?: string;
  lastDay?: string;
}

export interface RequestStep {
  requestId: string;
  familyId: string;
  /** On the step that opens the request. */
  opened?: { kind: RequestKind; description: string } & RequestSubject;
  /** The request's status after this step (for single-outcome requests). */
  status?: RequestStatus;
  /**
   * One outcome among several (e.g. one day of a period booking): the request's status is then
   * derived from all its outcomes.
   */
  outcome?: { key: string; status: OutcomeStatus };
  /** French label of the timeline entry. */
  label: string;
  reason?: { code: string; text: string };
  /**
   * True when the family should see this step as news (a decision, a staff message): the request
   * turns unread and the family is told by mail (a decision mail, or an answer mail with a message).
   */
  notifiesFamily?: boolean;
  /** No timeline entry of its own (many-outcome requests summarise instead). */
  silent?: boolean;
  /** A message in the request's thread (a contact message, a staff answer). Free text: personal data. */
  message?: { from: 'family' | 'staff'; text: string };
  /**
   * Who made this step when the event's recorded actor does not say it: a decision the rules took
   * at once, recorded before its event carried `{ kind: 'rule' }` itself (the timeline then says
   * « Règle automatique » for it too, rebuilt from the events).
   */
  actor?: { kind: 'rule'; name: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TODO: RecordedEvent (unknown data) as for projection handlers; the mappers' specs read `e.data` untyped and need their casts first
export type RequestStepMapper = (event: RecordedEvent<any>, names: RequestNames) => Promise<RequestStep[]> | RequestStep[];
export type RequestSteps = Record<string, RequestStepMapper>;

/** The status of a request with several outcomes. */
export function statusFromOutcomes(outcomes: Record<string, OutcomeStatus>): RequestStatus {
  const values = Object.values(outcomes);
  if (values.length === 0) return 'pending';
  const all = (s: OutcomeStatus) => values.every((v) => v === s);
  if (all('accepted')) return 'accepted';
  if (all('refused')) return 'refused';
  if (all('cancelled')) return 'cancelled';
  if (values.includes('accepted')) return 'partially_accepted';
  if (values.includes('waitlisted')) return 'waitlisted';
  return 'refused';
}
