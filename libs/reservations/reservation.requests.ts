import { DateTime } from 'luxon';
import type { RequestSteps } from '../requests/request-steps';
import type { ReservationEvent } from './reservation.events';

const WEEKDAYS = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
export const frenchDay = (day: string) => {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  return `${WEEKDAYS[d.weekday]} ${d.toFormat('dd/MM/yyyy')}`;
};

type Data<T extends ReservationEvent['type']> = Extract<ReservationEvent, { type: T }>['data'];

/** What reservation events mean in "Mes demandes". */
export const reservationRequestSteps: RequestSteps = {
  ReservationRequested: async (event, names) => {
    const data = event.data as Data<'ReservationRequested'>;
    const description = `Réservation ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — ${frenchDay(data.day)}`;
    return [{ requestId: data.requestId, familyId: data.familyId, opened: { kind: 'reservation', description }, label: 'Demande de réservation reçue' }];
  },
  ReservationAccepted: (event) => {
    const data = event.data as Data<'ReservationAccepted'>;
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'accepted', label: 'Réservation acceptée', notifiesFamily: true }];
  },
  ReservationRefused: (event) => {
    const data = event.data as Data<'ReservationRefused'>;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        status: 'refused',
        label: 'Réservation refusée',
        reason: { code: data.reasonCode, text: data.reasonText },
        notifiesFamily: true,
      },
    ];
  },
  ReservationWaitlisted: (event) => {
    const data = event.data as Data<'ReservationWaitlisted'>;
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'waitlisted', label: `Placée en liste d'attente (rang ${data.rank})`, notifiesFamily: true }];
  },
};
