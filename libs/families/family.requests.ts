import type { RequestSteps } from '@pf/requests';
import type { FamilyEvent } from './family.events';

type Data<T extends FamilyEvent['type']> = Extract<FamilyEvent, { type: T }>['data'];

/** What a parent's change to the file means in "Mes demandes". */
export const familyRequestSteps: RequestSteps = {
  FamilyChangeRequested: (event) => {
    const data = event.data as Data<'FamilyChangeRequested'>;
    const description = `Modification du dossier famille${data.summary.length ? ` — ${data.summary.join(' ; ')}` : ''}`;
    return [{ requestId: data.requestId, familyId: data.familyId, opened: { kind: 'family_change', description: description.slice(0, 300) }, label: 'Demande de modification reçue' }];
  },
  FamilyChangeAccepted: (event) => {
    const data = event.data as Data<'FamilyChangeAccepted'>;
    return [{ requestId: data.requestId, familyId: data.familyId, status: 'accepted', label: 'Modification acceptée et enregistrée au dossier', notifiesFamily: true }];
  },
  FamilyChangeRefused: (event) => {
    const data = event.data as Data<'FamilyChangeRefused'>;
    return [
      {
        requestId: data.requestId,
        familyId: data.familyId,
        status: 'refused',
        label: 'Modification refusée',
        reason: { code: 'REFUSED_BY_STAFF', text: data.reason },
        notifiesFamily: true,
      },
    ];
  },
};
