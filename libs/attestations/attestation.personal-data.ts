import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { AttestationEvent } from './attestation.events';

type Data<T extends AttestationEvent['type']> = Extract<AttestationEvent, { type: T }>['data'];
const policy = <T extends AttestationEvent['type']>(p: PersonalDataPolicy<Data<T>>) => p;

/**
 * A parent's message and the service's refusal are free text: they may name anyone, so they are
 * sealed with the family's key. The issued attestation's names live only in its PDF (sealed in the
 * blob store); its event holds ids, counts and amounts.
 */
export const attestationPersonalData: PersonalDataPolicies = {
  AttestationRequested: policy<'AttestationRequested'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['message'],
    redact: (d) => ({ ...d, message: '' }),
  }),
  AttestationRefused: policy<'AttestationRefused'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['reason'],
    redact: (d) => ({ ...d, reason: '' }),
  }),
};
