import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { SepaMandateSigned } from './billing.events';

/**
 * Personal data in billing's events: only the SEPA mandate holds some (the account's IBAN and
 * BIC), sealed with the family's key. Invoices and payments hold ids and amounts only.
 */
export const billingPersonalData: PersonalDataPolicies = {
  SepaMandateSigned: {
    subject: (d) => familySubject(d.familyId),
    personalFields: ['iban', 'bic'],
    redact: (d) => ({ ...d, iban: '', bic: null }),
  } satisfies PersonalDataPolicy<SepaMandateSigned['data']>,
};
