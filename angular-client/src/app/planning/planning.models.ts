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
}

export interface Planning {
  from: string;
  to: string;
  children: { childId: string; firstName: string; colour: string }[];
  activities: { activityId: string; name: string }[];
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
  status: 'accepted' | 'refused' | 'waitlisted';
  reasonCode?: string;
  reasonText?: string;
  lateActivityId?: string;
}

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
