import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { SepaMandateRequested, SepaMandateSigned } from './billing.events';

/**
 * Personal data in billing's events: only the SEPA mandate and a parent's request for one hold
 * some (the account holder's name, the IBAN and BIC), sealed with the family's key. Invoices,
 * payments and refunds hold ids and amounts only.
 */
export const billingPersonalData: PersonalDataPolicies = {
  SepaMandateSigned: {
    subject: (d) => familySubject(d.familyId),
    personalFields: ['iban', 'bic', 'holderName'],
    redact: (d) => ({ ...d, iban: '', bic: null, ...(d.holderName !== undefined ? { holderName: '' } : {}) }),
  } satisfies PersonalDataPolicy<SepaMandateSigned['data']>,
  SepaMandateRequested: {
    subject: (d) => familySubject(d.familyId),
    personalFields: ['holderName', 'iban', 'bic'],
    redact: (d) => ({ ...d, holderName: '', iban: '', bic: null }),
  } satisfies PersonalDataPolicy<SepaMandateRequested['data']>,
};
