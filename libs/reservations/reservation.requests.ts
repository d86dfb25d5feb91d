import { DateTime } from 'luxon';
import { boundedMemo } from '@pf/domain';
import type { RecordedEvent } from '@pf/event-store';
import type { RequestStep, RequestSteps } from '../requests/request-steps';
import { ABSENCE_REASON_LABELS, type PeriodReservationEvent, type ReservationEvent } from './reservation.events';
import { BOOKING_RULES } from './reservation.decider';

const WEEKDAYS = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const SHORT_WEEKDAYS = ['', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'];
/** « mardi 03/11/2026 »; asked for every booking a projection catches up on, so kept per day. */
const frenchDays = boundedMemo<string>(4000);
export const frenchDay = (day: string) =>
  frenchDays(day, () => {
    const d = DateTime.fromISO(day, { zone: 'UTC' });
    return `${WEEKDAYS[d.weekday]} ${d.toFormat('dd/MM/yyyy')}`;
  });
const shortDate = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).toFormat('dd/MM/yyyy');
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

type Data<T extends (ReservationEvent | PeriodReservationEvent)['type']> = Extract<ReservationEvent | PeriodReservationEvent, { type: T }>['data'];

const byStaff = (event: RecordedEvent) => event.metadata.actor.kind === 'staff' || event.metadata.actor.kind === 'admin';
/** A day of a period decided when the period was asked: the period's summary event tells it. */
const decidedWithThePeriod = (event: RecordedEvent, data: { requestId: string; period?: true }) => data.period === true && event.metadata.requestId === data.requestId;
const staffMessage = (message: string | undefined) => (message ? { reason: { code: 'STAFF_MESSAGE', text: message } } : {});

/** A day of a period booking is one outcome among many: silent unless someone wrote to the family about it. */
function dayOutcome(data: { requestId: string; familyId: string; day: string }, status: 'accepted' | 'refused' | 'waitlisted' | 'cancelled', label: string, visible: boolean, extra: Partial<RequestStep> = {}): RequestStep {
  return {
    requestId: data.requestId,
    familyId: data.familyId,
    outcome: { key: data.day, status },
    label: `${label} (${frenchDay(data.day)})`,
    ...(visible ? { notifiesFamily: true } : { silent: true }),
    ...extra,
  };
}

/** What reservation events mean in « Mes demandes ». */
export const reservationRequestSteps: RequestSteps = {
  ReservationRequested: async (event, names) => {
    const data = event.data as Data<'ReservationRequested'>;
    if (data.period) return [];
    const late = data.lateActivityId ? ` (réservation tardive : ${await names.activity(data.lateActivityId)})` : '';
    const description = `Réservation ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — ${frenchDay(data.day)}${late}`;
    return [{ requestId: data.requestId, familyId: data.familyId, opened: { kind: 'reservation', description }, label: 'Demande de réservation reçue' }];
  },
  ReservationAccepted: (event) => {
    const data = event.data as Data<'ReservationAccepted'>;
    if (decidedWithThePeriod(event, data)) return [];
    if (data.period) return [dayOutcome(data, 'accepted', 'Jour accepté', Boolean(data.message), staffMessage(data.message))];
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'accepted', label: 'Réservation acceptée', notifiesFamily: true, ...staffMessage(data.message) }];
  },
  ReservationRefused: (event) => {
    const data = event.data as Data<'ReservationRefused'>;
    const reason = { reason: { code: data.reasonCode, text: data.reasonText } };
    if (decidedWithThePeriod(event, data)) return [];
    if (data.period) return [dayOutcome(data, 'refused', 'Jour refusé', byStaff(event), reason)];
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'refused', label: 'Réservation refusée', notifiesFamily: true, ...reason }];
  },
  ReservationWaitlisted: (event) => {
    const data = event.data as Data<'ReservationWaitlisted'>;
    if (decidedWithThePeriod(event, data)) return [];
    if (data.period) return [dayOutcome(data, 'waitlisted', `En liste d'attente, rang ${data.rank}`, byStaff(event))];
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'waitlisted', label: `Placée en liste d'attente (rang ${data.rank})`, notifiesFamily: true }];
  },
  ReservationPromoted: (event) => {
    const data = event.data as Data<'ReservationPromoted'>;
    if (data.period) return [dayOutcome(data, 'accepted', 'Place libérée : jour accepté', true)];
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'accepted', label: 'Place libérée : réservation acceptée', notifiesFamily: true }];
  },
  CancellationRequested: async (event, names) => {
    const data = event.data as Data<'CancellationRequested'>;
    const description = `Annulation ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — ${frenchDay(data.day)}`;
    return [{ requestId: data.requestId, familyId: data.familyId, opened: { kind: 'cancellation', description }, label: "Demande d'annulation reçue" }];
  },
  ReservationCancelled: (event) => {
    const data = event.data as Data<'ReservationCancelled'>;
    const booking = { requestId: data.reservationRequestId, familyId: data.familyId, day: data.day };
    return [
      { requestId: data.requestId, familyId: data.familyId, status: 'accepted', label: 'Annulation acceptée', notifiesFamily: true, ...staffMessage(data.message) },
      data.reservationPeriod
        ? dayOutcome(booking, 'cancelled', 'Jour annulé', true)
        : { requestId: data.reservationRequestId, familyId: data.familyId, status: 'cancelled', label: 'Réservation annulée' },
    ];
  },
  CancellationRefused: (event) => {
    const data = event.data as Data<'CancellationRefused'>;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        status: 'refused',
        label: 'Annulation refusée',
        reason: { code: data.reasonCode, text: data.reasonText },
        notifiesFamily: true,
      },
    ];
  },
  AbsenceDeclared: async (event, names) => {
    const data = event.data as Data<'AbsenceDeclared'>;
    const description = `Absence ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — ${frenchDay(data.day)} (${ABSENCE_REASON_LABELS[data.reason]})`;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        opened: { kind: 'absence', description },
        status: 'accepted',
        label: data.justified ? 'Absence enregistrée : justifiée (certificat médical), non facturée' : 'Absence enregistrée : non justifiée',
        notifiesFamily: true,
      },
    ];
  },
  PeriodReservationRequested: async (event, names) => {
    const data = event.data as Data<'PeriodReservationRequested'>;
    const weekdays = data.weekdays.map((d) => SHORT_WEEKDAYS[d]).join(' ');
    const late = data.lateActivityId ? `, réservation tardive : ${await names.activity(data.lateActivityId)}` : '';
    const description = `Réservation ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — du ${shortDate(data.from)} au ${shortDate(data.to)} (${weekdays}${late})`;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        opened: { kind: 'period_reservation', description },
        label: `Demande de réservation reçue (${plural(data.days, 'jour', 'jours')})`,
      },
    ];
  },
  PeriodReservationDecided: (event) => {
    const data = event.data as Data<'PeriodReservationDecided'>;
    const { accepted, waitlisted, refused, pending } = data;
    const parts = [
      accepted.length ? plural(accepted.length, 'jour accepté', 'jours acceptés') : '',
      waitlisted.length ? `${plural(waitlisted.length, 'jour', 'jours')} en liste d'attente` : '',
      refused.length ? plural(refused.length, 'jour refusé', 'jours refusés') : '',
      pending.length ? `${plural(pending.length, 'jour', 'jours')} en attente de la décision du service` : '',
    ].filter(Boolean);
    const base = { requestId: data.requestId, familyId: data.familyId };
    const silent = (day: string, status: 'accepted' | 'waitlisted' | 'refused'): RequestStep => ({ ...base, outcome: { key: day, status }, label: '', silent: true });
    const firstReason = refused.length ? (Object.entries(data.reasons)[0] as [string, string] | undefined) : undefined;
    return [
      ...accepted.map((day) => silent(day, 'accepted')),
      ...waitlisted.map((day) => silent(day, 'waitlisted')),
      ...refused.map((r) => silent(r.day, 'refused')),
      {
        ...base,
        label: parts.join(', ') || 'Aucun jour à réserver',
        // Decided by the booking rules when the request was received (events recorded before the
        // event said so carry the parent as actor).
        actor: { kind: 'rule', name: BOOKING_RULES.name! },
        ...(firstReason ? { reason: { code: firstReason[0], text: firstReason[1] } } : {}),
        ...(accepted.length + waitlisted.length + refused.length > 0 ? { notifiesFamily: true } : {}),
      },
    ];
  },
};
