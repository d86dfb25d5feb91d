import type { RequestSteps } from '@pf/requests';
import { CONTACT_TOPIC_LABELS, type ContactEvent } from './contact.events';

type Data<T extends ContactEvent['type']> = Extract<ContactEvent, { type: T }>['data'];

/** What contact events mean in "Mes demandes": a conversation with the service. */
export const contactRequestSteps: RequestSteps = {
  ContactMessageSent: (event) => {
    const data = event.data as Data<'ContactMessageSent'>;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        opened: { kind: 'contact', description: `Message au service — ${CONTACT_TOPIC_LABELS[data.topic] ?? 'Autre question'}` },
        label: 'Message envoyé au service',
        message: { from: 'family', text: data.text },
      },
    ];
  },
  ContactMessageAnswered: (event) => {
    const data = event.data as Data<'ContactMessageAnswered'>;
    return [
      { requestId: data.requestId, familyId: data.familyId, status: 'answered', label: 'Réponse du service', message: { from: 'staff', text: data.text }, notifiesFamily: true },
    ];
  },
  ContactMessageFollowedUp: (event) => {
    const data = event.data as Data<'ContactMessageFollowedUp'>;
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'pending', label: 'Nouveau message du parent', message: { from: 'family', text: data.text } }];
  },
};
