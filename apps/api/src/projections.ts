import { accountsProjection } from '@pf/accounts';
import { activitiesProjection } from '@pf/activities';
import { communesProjection } from '@pf/communes';
import { enrolmentRequestSteps, enrolmentsProjection } from '@pf/enrolments';
import { familiesProjection, familyRequestSteps } from '@pf/families';
import type { ProjectionDefinition } from '@pf/projections';
import { requestsProjection } from '@pf/requests';
import { planningProjection, reservationRequestSteps } from '@pf/reservations';

/** Every read model the API serves. */
export const PORTAL_PROJECTIONS: ProjectionDefinition[] = [
  communesProjection,
  activitiesProjection,
  familiesProjection,
  accountsProjection,
  enrolmentsProjection,
  planningProjection,
  requestsProjection([familyRequestSteps, reservationRequestSteps, enrolmentRequestSteps]),
];
