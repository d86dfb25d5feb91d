import { DateTime } from 'luxon';
import { boundedMemo } from '@pf/domain';
import type { RecordedEvent } from '@pf/event-store';
import type { RequestStep, RequestSteps } from '@pf/requests';
import {
  ABSENCE_REASON_LABELS,
  type PeriodCancellationEvent,
  type PeriodReservationEvent,
  type ReservationEvent,
  type SelectedDay,
  type SelectionCopyEvent,
} from './reservation.events';
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

type AnyEvent = ReservationEvent | PeriodReservationEvent | PeriodCancellationEvent | SelectionCopyEvent;
type Data<T extends AnyEvent['type']> = Extract<AnyEvent, { type: T }>['data'];

const byStaff = (event: RecordedEvent) => event.metadata.actor.kind === 'staff' || event.metadata.actor.kind === 'admin';
/** A day of a period decided when the period was asked: the period's summary event tells it. */
const decidedWithThePeriod = (event: RecordedEvent, data: { requestId: string; period?: true }) => data.period === true && event.metadata.requestId === data.requestId;
const staffMessage = (message: string | undefined) => (message ? { reason: { code: 'STAFF_MESSAGE', text: message } } : {});

/**
 * The key of one day's outcome in a request of many days: a copied selection holds several
 * children and activities, so the day alone does not name it.
 */
export const outcomeKey = (d: { childId: string; activityId: string; day: string }) => `${d.childId}|${d.activityId}|${d.day}`;

/**
 * A day of a request of many days is one outcome among many: silent unless someone wrote to the
 * family about it ('notify'); 'quiet' shows it in the timeline without telling the family again.
 */
function dayOutcome(
  data: { requestId: string; familyId: string; childId: string; activityId: string; day: string },
  status: 'accepted' | 'refused' | 'waitlisted' | 'cancelled',
  label: string,
  shown: boolean | 'quiet',
  extra: Partial<RequestStep> = {},
): RequestStep {
  return {
    requestId: data.requestId,
    familyId: data.familyId,
    outcome: { key: outcomeKey(data), status },
    label: `${label} (${frenchDay(data.day)})`,
    ...(shown === true ? { notifiesFamily: true } : shown === 'quiet' ? {} : { silent: true }),
    ...extra,
  };
}

/** « 3 jours acceptés, 1 jour refusé »: a request of many days, summed up. */
function decidedSummary(counts: { accepted: number; waitlisted: number; refused: number; pending: number }): string {
  return [
    counts.accepted ? plural(counts.accepted, 'jour accepté', 'jours acceptés') : '',
    counts.waitlisted ? `${plural(counts.waitlisted, 'jour', 'jours')} en liste d'attente` : '',
    counts.refused ? plural(counts.refused, 'jour refusé', 'jours refusés') : '',
    counts.pending ? `${plural(counts.pending, 'jour', 'jours')} en attente de la décision du service` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** « lun. mar. jeu. » */
const weekdaysText = (days: number[]) => days.map((d) => SHORT_WEEKDAYS[d]).join(' ');
const weekdayOf = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).weekday;

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
    // A day of a period cancellation: the request was opened by its summary.
    if (data.period) return [];
    const description = `Annulation ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — ${frenchDay(data.day)}`;
    return [{ requestId: data.requestId, familyId: data.familyId, opened: { kind: 'cancellation', description }, label: "Demande d'annulation reçue" }];
  },
  ReservationCancelled: (event) => {
    const data = event.data as Data<'ReservationCancelled'>;
    const booking = { requestId: data.reservationRequestId, familyId: data.familyId, childId: data.childId, activityId: data.activityId, day: data.day };
    // A day of a period cancellation decided when it was asked: its summary tells the family, once.
    const withThePeriod = decidedWithThePeriod(event, data);
    const cancellation: RequestStep[] = data.period
      ? withThePeriod
        ? []
        : [dayOutcome(data, 'accepted', 'Annulation acceptée', true, staffMessage(data.message))]
      : [{ requestId: data.requestId, familyId: data.familyId, status: 'accepted', label: 'Annulation acceptée', notifiesFamily: true, ...staffMessage(data.message) }];
    return [
      ...cancellation,
      data.reservationPeriod
        ? dayOutcome(booking, 'cancelled', 'Jour annulé', withThePeriod ? 'quiet' : true)
        : { requestId: data.reservationRequestId, familyId: data.familyId, status: 'cancelled', label: 'Réservation annulée' },
    ];
  },
  CancellationRefused: (event) => {
    const data = event.data as Data<'CancellationRefused'>;
    if (data.period) {
      if (decidedWithThePeriod(event, data)) return [];
      return [dayOutcome(data, 'refused', 'Annulation refusée', true, { reason: { code: data.reasonCode, text: data.reasonText } })];
    }
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
    const label = data.certificateDocumentId
      ? 'Absence enregistrée avec son certificat médical : justifiée, non facturée (le service vérifie le certificat)'
      : data.justified
        ? 'Absence enregistrée : justifiée (certificat médical), non facturée'
        : 'Absence enregistrée : non justifiée';
    return [{ requestId: data.requestId, familyId: data.familyId, opened: { kind: 'absence', description }, status: 'accepted', label, notifiesFamily: true }];
  },
  AbsenceCertificateRefused: (event) => {
    const data = event.data as Data<'AbsenceCertificateRefused'>;
    // The family is told by the certificate's own refusal (a document request), with the same reason.
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        label: 'Certificat médical refusé par le service : absence non justifiée, ce jour est facturé',
        reason: { code: 'CERTIFICATE_REFUSED', text: data.reason },
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
    const silent = (day: string, status: 'accepted' | 'waitlisted' | 'refused'): RequestStep => ({
      ...base,
      outcome: { key: outcomeKey({ childId: data.childId, activityId: data.activityId, day }), status },
      label: '',
      silent: true,
    });
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
  PeriodCancellationRequested: async (event, names) => {
    const data = event.data as Data<'PeriodCancellationRequested'>;
    const weekdays = data.weekdays.length === 7 ? 'tous les jours' : weekdaysText(data.weekdays);
    const description = `Annulation ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — du ${shortDate(data.from)} au ${shortDate(data.to)} (${weekdays})`;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        opened: { kind: 'cancellation', description },
        label: `Demande d'annulation reçue (${plural(data.days, 'jour', 'jours')})`,
        ...(data.reason ? { reason: { code: 'FAMILY_REASON', text: data.reason } } : {}),
      },
    ];
  },
  PeriodCancellationDecided: (event) => {
    const data = event.data as Data<'PeriodCancellationDecided'>;
    const base = { requestId: data.requestId, familyId: data.familyId };
    const key = (day: string) => outcomeKey({ childId: data.childId, activityId: data.activityId, day });
    const parts = [
      data.cancelled.length ? plural(data.cancelled.length, 'jour annulé', 'jours annulés') : '',
      data.refused.length ? `${plural(data.refused.length, 'jour maintenu', 'jours maintenus')} et facturé${data.refused.length > 1 ? 's' : ''} (délai dépassé)` : '',
      data.pending.length ? `${plural(data.pending.length, 'jour', 'jours')} en attente de la décision du service` : '',
    ].filter(Boolean);
    const firstReason = data.refused.length ? data.reasons.PAST_DEADLINE : undefined;
    return [
      ...data.cancelled.map((day): RequestStep => ({ ...base, outcome: { key: key(day), status: 'accepted' }, label: '', silent: true })),
      ...data.refused.map((r): RequestStep => ({ ...base, outcome: { key: key(r.day), status: 'refused' }, label: '', silent: true })),
      {
        ...base,
        label: parts.join(', ') || 'Aucun jour à annuler',
        actor: { kind: 'rule', name: BOOKING_RULES.name! },
        ...(firstReason ? { reason: { code: 'PAST_DEADLINE', text: firstReason } } : {}),
        ...(data.cancelled.length + data.refused.length > 0 ? { notifiesFamily: true } : {}),
      },
    ];
  },
  SelectionCopyRequested: async (event, names) => {
    const data = event.data as Data<'SelectionCopyRequested'>;
    const children = [...new Set(data.selection.map((s) => s.childId))];
    const activities = [...new Set(data.selection.map((s) => s.activityId))];
    const perChild: string[] = [];
    for (const childId of children) {
      const own: string[] = [];
      for (const activityId of activities) {
        const days = data.selection.filter((s: SelectedDay) => s.childId === childId && s.activityId === activityId).map((s) => weekdayOf(s.day));
        if (days.length) own.push(`${await names.activity(activityId)} ${weekdaysText([...new Set(days)].sort())}`);
      }
      perChild.push(`${await names.child(childId)} : ${own.join(', ')}`);
    }
    const description = `Recopie de la semaine du ${shortDate(data.selection[0].day)} jusqu'au ${shortDate(data.until)} — ${perChild.join(' ; ')}`;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        opened: {
          kind: 'period_reservation',
          description: description.slice(0, 300),
          ...(children.length === 1 ? { childId: children[0] } : {}),
          ...(activities.length === 1 ? { activityId: activities[0] } : {}),
          firstDay: data.from,
          lastDay: data.until,
        },
        label: `Demande de réservation reçue (${plural(data.days, 'jour', 'jours')})`,
      },
    ];
  },
  SelectionCopyDecided: (event) => {
    const data = event.data as Data<'SelectionCopyDecided'>;
    const base = { requestId: data.requestId, familyId: data.familyId };
    const silent = (d: SelectedDay, status: 'accepted' | 'waitlisted' | 'refused'): RequestStep => ({ ...base, outcome: { key: outcomeKey(d), status }, label: '', silent: true });
    const firstReason = data.refused.length ? (Object.entries(data.reasons)[0] as [string, string] | undefined) : undefined;
    const decided = data.accepted.length + data.waitlisted.length + data.refused.length;
    return [
      ...data.accepted.map((d) => silent(d, 'accepted')),
      ...data.waitlisted.map((d) => silent(d, 'waitlisted')),
      ...data.refused.map((d) => silent(d, 'refused')),
      {
        ...base,
        label: decidedSummary({ accepted: data.accepted.length, waitlisted: data.waitlisted.length, refused: data.refused.length, pending: data.pending.length }) || 'Aucun jour à réserver',
        actor: { kind: 'rule', name: BOOKING_RULES.name! },
        ...(firstReason ? { reason: { code: firstReason[0], text: firstReason[1] } } : {}),
        ...(decided > 0 ? { notifiesFamily: true } : {}),
      },
    ];
  },
};
