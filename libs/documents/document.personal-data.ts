import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { DocumentEvent } from './document.events';

type Data<T extends DocumentEvent['type']> = Extract<DocumentEvent, { type: T }>['data'];
const policy = <T extends DocumentEvent['type']>(p: PersonalDataPolicy<Data<T>>) => p;

/** File names a family gives may name its members; a refusal's reason may too. */
export const documentPersonalData: PersonalDataPolicies = {
  FamilyDocumentUploaded: policy<'FamilyDocumentUploaded'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['fileName'],
    redact: (d) => ({ ...d, fileName: '' }),
  }),
  FamilyDocumentRefused: policy<'FamilyDocumentRefused'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['reason'],
    redact: (d) => ({ ...d, reason: '' }),
  }),
};
