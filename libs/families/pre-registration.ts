import { conflict, notFound } from '@pf/domain';
import type { DomainEvent } from '@pf/event-sourcing';
import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { ChildDetails, FamilyErased, GuardianDetails } from './family.events';
import { redactChild, redactGuardian } from './family.personal-data';

/**
 * A family without a code abonné asks to be known by the service: its guardians, children and
 * address. Staff open its file from it (the file takes the pre-registration's id, so one key
 * seals both) or decline it (its personal data is then erased at once).
 */
export type PreRegistrationSubmitted = DomainEvent<
  'PreRegistrationSubmitted',
  { preRegistrationId: string; guardians: GuardianDetails[]; children: ChildDetails[]; message: string }
>;
export type PreRegistrationConverted = DomainEvent<'PreRegistrationConverted', { preRegistrationId: string; familyId: string }>;
export type PreRegistrationDeclined = DomainEvent<'PreRegistrationDeclined', { preRegistrationId: string; reasonCode: 'DUPLICATE' | 'OUT_OF_AREA' | 'OTHER' }>;
export type PreRegistrationEvent = PreRegistrationSubmitted | PreRegistrationConverted | PreRegistrationDeclined;

export const preRegistrationStream = (communeId: string, id: string) => `preregistration-${communeId}.${id}`;

export interface PreRegistrationState {
  status: 'none' | 'pending' | 'converted' | 'declined';
  submitted: PreRegistrationSubmitted['data'] | null;
}
export const initialPreRegistrationState: PreRegistrationState = { status: 'none', submitted: null };

export function evolvePreRegistration(state: PreRegistrationState, event: PreRegistrationEvent): PreRegistrationState {
  switch (event.type) {
    case 'PreRegistrationSubmitted':
      return { status: 'pending', submitted: event.data };
    case 'PreRegistrationConverted':
      return { ...state, status: 'converted' };
    case 'PreRegistrationDeclined':
      return { status: 'declined', submitted: null };
  }
}

export function decideSubmitPreRegistration(data: PreRegistrationSubmitted['data'], state: PreRegistrationState): PreRegistrationEvent[] {
  if (state.status !== 'none') throw conflict('PRE_REGISTRATION_EXISTS', 'Cette demande a déjà été envoyée.');
  return [{ type: 'PreRegistrationSubmitted', data }];
}

function pending(state: PreRegistrationState): void {
  if (state.status === 'none') throw notFound('PRE_REGISTRATION_NOT_FOUND', 'Demande de pré-inscription introuvable.');
  if (state.status !== 'pending') throw conflict('PRE_REGISTRATION_ALREADY_DECIDED', 'Cette pré-inscription a déjà été traitée.');
}

export function decideConvertPreRegistration(command: { preRegistrationId: string }, state: PreRegistrationState): PreRegistrationEvent[] {
  pending(state);
  return [{ type: 'PreRegistrationConverted', data: { preRegistrationId: command.preRegistrationId, familyId: command.preRegistrationId } }];
}

export function decideDeclinePreRegistration(command: { preRegistrationId: string; reasonCode: PreRegistrationDeclined['data']['reasonCode'] }, state: PreRegistrationState): PreRegistrationEvent[] {
  pending(state);
  return [{ type: 'PreRegistrationDeclined', data: command }];
}

type Data<T extends PreRegistrationEvent['type']> = Extract<PreRegistrationEvent, { type: T }>['data'];

export const preRegistrationPersonalData: PersonalDataPolicies = {
  PreRegistrationSubmitted: {
    subject: (d: Data<'PreRegistrationSubmitted'>) => familySubject(d.preRegistrationId),
    personalFields: ['guardians', 'children', 'message'],
    redact: (d: Data<'PreRegistrationSubmitted'>) => ({ ...d, guardians: d.guardians.map(redactGuardian), children: d.children.map(redactChild), message: '' }),
  } satisfies PersonalDataPolicy<Data<'PreRegistrationSubmitted'>>,
};

export const PRE_REGISTRATIONS = 'pre_registrations';

export interface PreRegistrationDocument extends Document {
  communeId: string;
  status: 'pending' | 'converted';
  submittedAt: string;
  guardians: GuardianDetails[];
  children: ChildDetails[];
  message: string;
}

// v2: documents kept per commune.
export const preRegistrationsProjection = projection('pre-registrations', 2, [{ name: PRE_REGISTRATIONS, indexes: [{ fields: ['communeId', 'status'] }] }], {
  PreRegistrationSubmitted: async (event, uow) => {
    const d = event.data as Data<'PreRegistrationSubmitted'>;
    await uow.collection<PreRegistrationDocument>(PRE_REGISTRATIONS).upsert({
      _id: d.preRegistrationId,
      communeId: event.metadata.communeId,
      status: 'pending',
      submittedAt: event.metadata.occurredAt,
      guardians: d.guardians,
      children: d.children,
      message: d.message,
    });
  },
  // Once the file is open, the family's data lives in the file; the request itself goes.
  PreRegistrationConverted: (event, uow) => uow.collection(PRE_REGISTRATIONS).delete((event.data as Data<'PreRegistrationConverted'>).preRegistrationId),
  PreRegistrationDeclined: (event, uow) => uow.collection(PRE_REGISTRATIONS).delete((event.data as Data<'PreRegistrationDeclined'>).preRegistrationId),
  FamilyErased: (event, uow) => uow.collection(PRE_REGISTRATIONS).delete((event.data as FamilyErased['data']).familyId),
});
