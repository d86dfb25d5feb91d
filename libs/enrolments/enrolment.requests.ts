import type { RequestSteps } from '@pf/requests';
import type { EnrolmentEvent } from './enrolment.events';

type Data<T extends EnrolmentEvent['type']> = Extract<EnrolmentEvent, { type: T }>['data'];

/** What enrolment events mean in « Mes demandes ». */
export const enrolmentRequestSteps: RequestSteps = {
  EnrolmentRequested: async (event, names) => {
    const data = event.data as Data<'EnrolmentRequested'>;
    const description = `Inscription ${await names.activity(data.activityId)} — ${await names.child(data.childId)} — ${data.periodLabel}`;
    return [{ requestId: data.requestId, familyId: data.familyId, opened: { kind: 'enrolment', description }, label: "Demande d'inscription reçue" }];
  },
  EnrolmentAccepted: (event) => {
    const data = event.data as Data<'EnrolmentAccepted'>;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        status: 'accepted',
        label: 'Inscription acceptée',
        ...(data.message ? { reason: { code: 'STAFF_MESSAGE', text: data.message } } : {}),
        notifiesFamily: true,
      },
    ];
  },
  EnrolmentRefused: (event) => {
    const data = event.data as Data<'EnrolmentRefused'>;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        status: 'refused',
        label: 'Inscription refusée',
        reason: { code: data.reasonCode, text: data.reasonText },
        notifiesFamily: true,
      },
    ];
  },
};
