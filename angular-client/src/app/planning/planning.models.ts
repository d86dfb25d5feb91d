export type DayStatus =
  | 'free'
  | 'unavailable'
  | 'requested'
  | 'reserved'
  | 'waitlisted'
  | 'cancellation_requested'
  | 'cancelled'
  | 'absent_justified'
  | 'absent_unjustified'
  | 'present'
  | 'billed';

export type DayAction = 'book' | 'cancel' | 'declare_absence' | 'late_book';

export interface PlanningDay {
  childId: string;
  activityId: string;
  day: string;
  status: DayStatus;
  statusLabel: string;
  reasonText?: string;
  actions: DayAction[];
  requestId?: string;
  /** With `late_book`: the day can still be booked through this activity, at its surcharge. */
  lateBooking?: { activityId: string; name: string };
  /** A free day that is full: booking it puts the child on the waiting list at this rank (« Complet — liste d'attente (rang 1) »). */
  waitingListRank?: number;
}

export interface Planning {
  from: string;
  to: string;
  children: { childId: string; firstName: string; colour: string }[];
  activities: { activityId: string; name: string; lateBooking?: { activityId: string; name: string } }[];
  days: PlanningDay[];
}

export interface ReservationRequest {
  requestId: string;
  childId: string;
  activityId: string;
  day: string;
  /** The parent agreed to a late booking at its surcharge (the deadline is past). */
  late?: boolean;
}

export interface ReservationOutcome {
  requestId: string;
  status: 'accepted' | 'refused' | 'waitlisted' | 'pending';
  reasonCode?: string;
  reasonText?: string;
  rank?: number;
  lateActivityId?: string;
}

export type AbsenceReason = 'illness' | 'family' | 'other';

export const ABSENCE_REASONS: { value: AbsenceReason; label: string }[] = [
  { value: 'illness', label: 'Maladie' },
  { value: 'family', label: 'Raison familiale' },
  { value: 'other', label: 'Autre raison' },
];

export interface CancellationRequest {
  requestId: string;
  childId: string;
  activityId: string;
  day: string;
  reason?: string;
}

export interface AbsenceRequest {
  requestId: string;
  childId: string;
  activityId: string;
  day: string;
  reason: AbsenceReason;
  medicalCertificate: boolean;
}

/** The answer to a cancellation or an absence: decided at once by the rules, or waiting for the service. */
export interface DayRequestOutcome {
  requestId: string;
  status: 'accepted' | 'refused' | 'pending';
  reasonCode?: string;
  reasonText?: string;
  justified?: boolean;
  /** An absence sent with its medical certificate: the service checks it. */
  certificate?: { documentId: string; status: 'pending' };
}

/** One chosen day of the model week, or one copy of it: a child, an activity, a day. */
export interface SelectedDay {
  childId: string;
  activityId: string;
  day: string;
}

export type CopiedDay = DayOutcome & { childId: string; activityId: string };

/** « Recopier la sélection »: what copying the chosen days to the following weeks gives (or would give), day by day. */
export interface CopyPreview {
  counts: OutcomeCounts;
  days: CopiedDay[];
  /** Copies falling on a day the activity does not run, and why. */
  skipped: (SelectedDay & { label: string })[];
  from: string;
  until: string;
  lateBookings: { activityId: string; lateActivityId: string; name: string }[];
}

export interface CopyOutcome extends CopyPreview {
  requestId: string;
  status: PeriodOutcome['status'];
}

/** A period to cancel: the child's days of the activity from / to (weekdays: all when left out). */
export interface CancellationPeriodFields {
  childId: string;
  activityId: string;
  from: string;
  to: string;
  weekdays?: number[];
  reason?: string;
}

/** One day the child holds, and what cancelling the period gives (or would give) on it. */
export interface CancellationDay {
  day: string;
  /** kept: nothing is asked for that day (absence declared, attendance taken…), and why. */
  status: 'cancelled' | 'refused' | 'pending' | 'kept';
  previousStatus: 'accepted' | 'waitlisted' | 'pending';
  reasonCode?: string;
  reasonText?: string;
  lateActivityId?: string;
}

export interface CancellationPreview {
  counts: { cancelled: number; refused: number; pending: number; kept: number };
  days: CancellationDay[];
}

export interface CancellationOutcome extends CancellationPreview {
  requestId: string;
  status: 'accepted' | 'partially_accepted' | 'refused' | 'pending';
}

/** A period: from / to, weekdays (ISO, 1 = lundi); without weekdays, the child's typical week. */
export interface PeriodFields {
  childId: string;
  activityId: string;
  from: string;
  to: string;
  weekdays?: number[];
  late?: boolean;
}

/** One day of a period, as the rules decide (or would decide) it. */
export interface DayOutcome {
  day: string;
  status: 'accepted' | 'refused' | 'waitlisted' | 'pending';
  reasonCode?: string;
  reasonText?: string;
  rank?: number;
  lateActivityId?: string;
}

export interface OutcomeCounts {
  accepted: number;
  waitlisted: number;
  refused: number;
  pending: number;
  skipped: number;
}

export interface PeriodPreview {
  counts: OutcomeCounts;
  days: DayOutcome[];
  /** Asked weekdays the activity does not run (holidays, closures), and why. */
  skipped: { day: string; label: string }[];
  lateBooking: { activityId: string; name: string } | null;
}

/** What days about to be booked will cost, priced as the monthly invoice will (POST /api/families/:id/price-estimates). */
export interface PriceEstimate {
  childId: string;
  lines: {
    activityId: string;
    activityName: string | null;
    kind: 'booked' | 'late_booking' | 'unexpected_presence';
    quotient: number | null;
    unitPriceCents: number;
    days: string[];
    quantity: number;
    amountCents: number;
  }[];
  totalCents: number;
  /** Days without a tariff yet: not in the total. */
  missing: { activityId: string; day: string }[];
}

export interface PeriodOutcome {
  requestId: string;
  status: 'accepted' | 'partially_accepted' | 'refused' | 'waitlisted' | 'pending';
  counts: OutcomeCounts;
  days: DayOutcome[];
  skipped: { day: string; label: string }[];
}

/** The status a day's colour says: a full day that can still be asked for looks like the waiting list it leads to. */
export const statusClassOf = (day: PlanningDay): DayStatus => (day.waitingListRank ? 'waitlisted' : day.status);

/** Nothing can be done about this day: it can be folded with others. */
export const isDeadEnd = (day: PlanningDay): boolean => day.status === 'unavailable' && day.actions.length === 0;

/** The words of each status, for the legend and when the API sends no label. */
export const DAY_STATUS_LABELS: Record<DayStatus, string> = {
  free: 'Libre',
  unavailable: 'Indisponible',
  requested: 'Demande en cours',
  reserved: 'Réservé',
  waitlisted: "Liste d'attente",
  cancellation_requested: "Demande d'annulation",
  cancelled: 'Annulé',
  absent_justified: 'Absence justifiée',
  absent_unjustified: 'Absence non justifiée',
  present: 'Présent',
  billed: 'Facturé',
};

export const LEGEND_ORDER: DayStatus[] = [
  'free',
  'requested',
  'reserved',
  'waitlisted',
  'cancellation_requested',
  'cancelled',
  'unavailable',
  'absent_justified',
  'absent_unjustified',
  'present',
  'billed',
];
