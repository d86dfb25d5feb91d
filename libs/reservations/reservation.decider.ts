import type { Actor } from '@pf/event-store';
import type { RefusalReason, ReservationEvent, ReservationKey } from './reservation.events';

export interface DayState {
  /** childId → the reservation holding a place or a waiting-list rank. */
  children: Record<string, { requestId: string; status: 'accepted' | 'waitlisted' }>;
  accepted: number;
  waiting: string[];
}

export const initialDayState: DayState = { children: {}, accepted: 0, waiting: [] };

export function evolveDay(state: DayState, event: ReservationEvent): DayState {
  const { childId, requestId } = event.data;
  switch (event.type) {
    case 'ReservationRequested':
    case 'ReservationRefused':
      return state;
    case 'ReservationAccepted':
      return { ...state, children: { ...state.children, [childId]: { requestId, status: 'accepted' } }, accepted: state.accepted + 1 };
    case 'ReservationWaitlisted':
      return { ...state, children: { ...state.children, [childId]: { requestId, status: 'waitlisted' } }, waiting: [...state.waiting, childId] };
  }
}

/** What the calendar and the activity's rules say about the day, worked out by the caller. */
export interface DayRules {
  closed: { label: string } | null;
  onTime: boolean;
  /** French description of the deadline rule, told to the parent when late. */
  deadlineText: string;
  capacity: number | null;
}

export const BOOKING_RULES: Actor = { kind: 'rule', id: 'booking-rules', name: 'Règles de réservation' };

export function decideRequestReservation(request: ReservationKey, state: DayState, rules: DayRules): ReservationEvent[] {
  const requested: ReservationEvent = { type: 'ReservationRequested', data: request };
  const refuse = (reasonCode: RefusalReason, reasonText: string): ReservationEvent[] => [
    requested,
    { type: 'ReservationRefused', data: { ...request, reasonCode, reasonText }, actor: BOOKING_RULES },
  ];
  if (rules.closed) return refuse('DAY_CLOSED', `Ce jour n'est pas ouvert à la réservation (${rules.closed.label}).`);
  if (!rules.onTime) return refuse('PAST_DEADLINE', `Le délai de réservation est dépassé : réservation ${rules.deadlineText}.`);
  if (state.children[request.childId]) {
    return refuse(
      'ALREADY_BOOKED',
      state.children[request.childId].status === 'accepted'
        ? 'Ce jour est déjà réservé pour cet enfant.'
        : "Cet enfant est déjà en liste d'attente pour ce jour.",
    );
  }
  if (rules.capacity !== null && state.accepted >= rules.capacity) {
    return [requested, { type: 'ReservationWaitlisted', data: { ...request, rank: state.waiting.length + 1 }, actor: BOOKING_RULES }];
  }
  return [requested, { type: 'ReservationAccepted', data: request, actor: BOOKING_RULES }];
}
