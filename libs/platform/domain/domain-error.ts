/**
 * A rule of the domain refused a command. `code` is stable for integrators, `message` is French
 * for the person in front of the screen. Controllers map `kind` to an HTTP status.
 */
export type DomainErrorKind = 'invalid' | 'conflict' | 'not_found' | 'forbidden' | 'unauthenticated';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details: FieldProblem[] = []) =>
  new DomainError('invalid', code, message, details);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
