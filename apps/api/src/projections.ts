import { accountsProjection } from '@pf/accounts';
import { activitiesProjection } from '@pf/activities';
import { communesProjection } from '@pf/communes';
import { familiesProjection } from '@pf/families';
import type { ProjectionDefinition } from '@pf/projections';
import { requestsProjection } from '@pf/requests';
import { planningProjection, reservationRequestSteps } from '@pf/reservations';

/** Every read model the API serves. */
export const PORTAL_PROJECTIONS: ProjectionDefinition[] = [
  communesProjection,
  activitiesProjection,
  familiesProjection,
  accountsProjection,
  planningProjection,
  requestsProjection([reservationRequestSteps]),
];
