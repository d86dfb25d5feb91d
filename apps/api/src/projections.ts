import { accountsProjection } from '@pf/accounts';
import { attestationRequestSteps, attestationsProjection } from '@pf/attestations';
import { activitiesProjection } from '@pf/activities';
import { communesProjection } from '@pf/communes';
import { enrolmentRequestSteps, enrolmentsProjection } from '@pf/enrolments';
import { documentRequestSteps, documentsProjection } from '@pf/documents';
import { familiesProjection, preRegistrationsProjection, familyRequestSteps, forgetErasedFamilies } from '@pf/families';
import { auditProjection } from '@pf/audit';
import { billingFactsProjection, billingProjection } from '@pf/billing';
import { contactRequestSteps } from '@pf/contact';
import { newsProjection } from '@pf/news';
import {
  activityPublicEvents,
  billingPublicEvents,
  communePublicEvents,
  composePublicEvents,
  familyPublicEvents,
  integrationsProjection,
  publicEventsProjection,
  reservationPublicEvents,
  dayFollowUpPublicEvents,
} from '@pf/integrations';
import { eventually, type ProjectionDefinition } from '@pf/projections';
import { requestsProjection, type RequestSteps } from '@pf/requests';
import { planningProjection, reservationRequestSteps } from '@pf/reservations';

/** What each capability's events mean in « Mes demandes » (read model and notification mails). */
export const PORTAL_REQUEST_STEPS: RequestSteps[] = [familyRequestSteps, documentRequestSteps, reservationRequestSteps, enrolmentRequestSteps, contactRequestSteps, attestationRequestSteps];

/** What each capability publishes to integrators (stable, versioned public events), composed like the request steps. */
export const PORTAL_PUBLIC_EVENTS = composePublicEvents([communePublicEvents, familyPublicEvents, activityPublicEvents, reservationPublicEvents, dayFollowUpPublicEvents, billingPublicEvents]);

/** Every read model the API serves. */
export const PORTAL_PROJECTIONS: ProjectionDefinition[] = [
  communesProjection,
  activitiesProjection,
  familiesProjection,
  preRegistrationsProjection,
  accountsProjection,
  documentsProjection,
  attestationsProjection,
  enrolmentsProjection,
  planningProjection,
  requestsProjection(PORTAL_REQUEST_STEPS),
  newsProjection,
  // Log-like read models nobody reads right after writing: commands do not wait for them, their readers do.
  eventually(auditProjection),
  billingFactsProjection,
  billingProjection,
  integrationsProjection,
  // Until the public feed forgets erased families itself: their rows go with the family.
  eventually(forgetErasedFamilies(publicEventsProjection(PORTAL_PUBLIC_EVENTS), [{ collection: 'public_events' }])),
];
