import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';

interface ContactText {
  familyId: string;
  text: string;
}

const text: PersonalDataPolicy<ContactText> = {
  subject: (d) => familySubject(d.familyId),
  personalFields: ['text'],
  redact: (d) => ({ ...d, text: '' }),
};

/** Free text written by a parent or to a parent is the family's personal data, sealed with its key. */
export const contactPersonalData: PersonalDataPolicies = {
  ContactMessageSent: text,
  ContactMessageAnswered: text,
  ContactMessageFollowedUp: text,
};
