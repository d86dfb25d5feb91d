import { accountPersonalData } from '@pf/accounts';
import { attestationPersonalData } from '@pf/attestations';
import { billingPersonalData } from '@pf/billing';
import { contactPersonalData } from '@pf/contact';
import { documentPersonalData } from '@pf/documents';
import { familyPersonalData, preRegistrationPersonalData } from '@pf/families';
import { composePolicies } from '@pf/personal-data';
import { reservationPersonalData } from '@pf/reservations';

/** What each capability's events hold of a person (sealed per family / account in the event store). */
export const PERSONAL_DATA_POLICIES = composePolicies(familyPersonalData, preRegistrationPersonalData, accountPersonalData, documentPersonalData, contactPersonalData, billingPersonalData, attestationPersonalData, reservationPersonalData);
