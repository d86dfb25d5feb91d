import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '@pf/domain';

/**
 * Whitelist + forbid unknown fields; every problem reported per field with a French message
 * (DTOs carry French messages on their decorators) and the constraint name as a stable code.
 */
export function portalValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'Certaines informations sont manquantes ou invalides.',
        details: flatten(errors),
      }),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      constraint === 'whitelistValidation'
        ? { field, code: 'UNKNOWN_FIELD', message: `Champ inconnu : ${field}.` }
        : { field, code: constraintCode(constraint), message },
    );
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const constraintCode = (constraint: string) =>
  constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
