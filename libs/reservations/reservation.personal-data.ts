import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { AbsenceCertificateRefused, PeriodCancellationRequested } from './reservation.events';

/**
 * Free text about a family's days is the family's personal data, sealed with its key: why the
 * service refused a medical certificate, why the family cancels a period.
 */
export const reservationPersonalData: PersonalDataPolicies = {
  AbsenceCertificateRefused: {
    subject: (d) => familySubject(d.familyId),
    personalFields: ['reason'],
    redact: (d) => ({ ...d, reason: '' }),
  } satisfies PersonalDataPolicy<AbsenceCertificateRefused['data']>,
  PeriodCancellationRequested: {
    subject: (d) => familySubject(d.familyId),
    personalFields: ['reason'],
    redact: (d) => ({ ...d, reason: d.reason === null ? null : '' }),
  } satisfies PersonalDataPolicy<PeriodCancellationRequested['data']>,
};
