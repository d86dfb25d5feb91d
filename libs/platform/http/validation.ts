import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '@pf/domain';
import { inspectDto } from './dto-inspection';

const VALIDATION_FAILED = { code: 'VALIDATION_FAILED', message: 'Certaines informations sont manquantes ou invalides.' } as const;

/**
 * The global pipe: class-validator (whitelist, unknown fields refused, French messages on the
 * decorators, the constraint name as a stable code), then what class-validator does not check,
 * on the validated DTO (see inspectDto): control, bidi and invisible characters in every text,
 * texts made only of spaces or invisible characters in bodies, a list where one nested object is
 * declared (and the reverse), a value in a field its @ValidateIf leaves unchecked, dates outside
 * 1900–2100. A body that is not one JSON object is refused whole. Every problem is reported per
 * field, 400 VALIDATION_FAILED.
 */
export class PortalValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
      exceptionFactory: (errors) => validationFailed(flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const validated = !!metadata.metatype && this.toValidate(metadata);
    // A DTO is one object: a list (class-transformer would make a list of DTOs of it) or a scalar is refused whole.
    if (validated && metadata.type === 'body' && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw validationFailed([{ field: 'body', code: 'OBJECT_EXPECTED', message: 'Le contenu envoyé doit être un objet JSON.' }]);
    }
    const result = await super.transform(value, metadata);
    if (validated && (metadata.type === 'body' || metadata.type === 'query')) {
      const problems = inspectDto(result, { blank: metadata.type === 'body' });
      if (problems.length) throw validationFailed(problems);
    }
    return result;
  }
}

export function portalValidationPipe(): ValidationPipe {
  return new PortalValidationPipe();
}

export const validationFailed = (details: FieldProblem[]) => new BadRequestException({ ...VALIDATION_FAILED, details });

/** class-validator's own checks, which no DTO decorator words: their messages in French. */
const BUILT_IN_MESSAGES: Record<string, string> = {
  unknownValue: 'Le contenu envoyé doit être un objet JSON.',
  nestedValidation: 'Un objet est attendu ici.',
};

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      constraint === 'whitelistValidation'
        ? { field, code: 'UNKNOWN_FIELD', message: `Champ inconnu : ${field}.` }
        : { field, code: constraintCode(constraint), message: BUILT_IN_MESSAGES[constraint] ?? message },
    );
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const constraintCode = (constraint: string) =>
  constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
