import type { FieldProblem } from '@pf/domain';

/** The one error shape every HTTP error has: a stable code for integrators, French for people. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: FieldProblem[];
}
