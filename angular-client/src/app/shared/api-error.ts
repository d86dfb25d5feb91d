import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl } from '@angular/forms';

/** One problem on one field, as the API reports it (`field` is a dotted path: 'children.0.birthDate'). */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** The one error shape of the API: a stable code, a French message for people, field details. */
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  details: FieldProblem[];
}

const FALLBACK: Record<number, string> = {
  0: 'Le service est injoignable. Vérifiez votre connexion internet puis réessayez.',
  401: 'Veuillez vous connecter.',
  403: "Vous n'avez pas accès à cette page.",
  404: 'Cette information est introuvable.',
  409: 'La demande est en conflit avec une autre modification. Veuillez réessayer.',
  422: 'Certaines informations sont manquantes ou invalides.',
  429: 'Trop de tentatives. Réessayez dans quelques minutes.',
};
const GENERIC = 'Une erreur inattendue est survenue. Veuillez réessayer plus tard.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Turns anything thrown by HttpClient into an ApiError with a French message to show. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof HttpErrorResponse) {
    const body: unknown = error.error;
    const status = error.status;
    if (isRecord(body) && typeof body['message'] === 'string' && typeof body['code'] === 'string') {
      const details = Array.isArray(body['details'])
        ? body['details'].filter(
            (d): d is FieldProblem => isRecord(d) && typeof d['field'] === 'string' && typeof d['message'] === 'string',
          )
        : [];
      return { statusCode: status, code: body['code'], message: body['message'], details };
    }
    return {
      statusCode: status,
      code: status === 0 ? 'NETWORK_ERROR' : 'HTTP_ERROR',
      message: FALLBACK[status] ?? GENERIC,
      details: [],
    };
  }
  return { statusCode: -1, code: 'CLIENT_ERROR', message: GENERIC, details: [] };
}

/**
 * A definitive answer (4xx but 408/429): the request was read and rejected, so a new attempt
 * is a new request. Anything else (network, 5xx) may have been applied: retry with the same id.
 */
export function isDefinitiveRejection(error: ApiError): boolean {
  return error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 408 && error.statusCode !== 429;
}

/** Field paths from the API use dots and indexes ('children.0.birthDate' or 'children[0].birthDate'). */
export function normaliseFieldPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/**
 * Shows each API field problem next to its field (as a `server` error on the control) and
 * returns the problems that match no field, to show in the form's summary.
 */
export function applyServerErrors(form: AbstractControl, details: FieldProblem[]): FieldProblem[] {
  const unmatched: FieldProblem[] = [];
  for (const problem of details) {
    const control = form.get(normaliseFieldPath(problem.field));
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: problem.message });
      control.markAsTouched();
    } else {
      unmatched.push(problem);
    }
  }
  return unmatched;
}
