import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorKind } from '@pf/domain';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@pf/event-store';
import { ReadStoreUnavailableError } from '@pf/read-store';
import { bodyErrorToErrorBody } from './body-parsing';
import type { ErrorBody } from './error-body';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  conflict: HttpStatus.CONFLICT,
  not_found: HttpStatus.NOT_FOUND,
  forbidden: HttpStatus.FORBIDDEN,
  unauthenticated: HttpStatus.UNAUTHORIZED,
};

const GENERIC: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'La demande est mal formée.' },
  401: { code: 'NOT_AUTHENTICATED', message: 'Veuillez vous connecter.' },
  403: { code: 'FORBIDDEN', message: "Vous n'avez pas accès à cette ressource." },
  404: { code: 'NOT_FOUND', message: 'Ressource introuvable.' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Méthode non autorisée.' },
  409: { code: 'CONFLICT', message: 'La demande est en conflit avec une autre modification.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Le contenu envoyé est trop volumineux.' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Ce type de contenu n’est pas accepté ici.' },
  422: { code: 'UNPROCESSABLE', message: 'La demande ne peut pas être traitée.' },
  429: { code: 'TOO_MANY_REQUESTS', message: 'Trop de tentatives. Réessayez dans quelques minutes.' },
};

/** Maps every error to { statusCode, code, message (French), details? } and never leaks internals. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    response.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof DomainError) {
      return {
        statusCode: STATUS[error.kind],
        code: error.code,
        message: error.message,
        ...(error.details.length ? { details: error.details } : {}),
      };
    }
    if (error instanceof WrongExpectedRevisionError) {
      return { statusCode: 409, code: 'CONCURRENT_MODIFICATION', message: 'Une autre modification a eu lieu en même temps. Veuillez réessayer.' };
    }
    if (error instanceof EventStoreUnavailableError || error instanceof ReadStoreUnavailableError) {
      return { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'Le service est momentanément indisponible. Veuillez réessayer.' };
    }
    if (error instanceof HttpException) {
      const statusCode = error.getStatus();
      const raw = error.getResponse();
      if (typeof raw === 'object' && raw !== null && 'code' in raw) return { statusCode, ...(raw as Omit<ErrorBody, 'statusCode'>) };
      const generic = GENERIC[statusCode] ?? { code: 'HTTP_ERROR', message: 'La demande a échoué.' };
      return { statusCode, ...generic };
    }
    // An error of the request's reading (body-parser, http-errors with a 4xx status): the client's.
    const bodyError = bodyErrorToErrorBody(error);
    if (bodyError) return bodyError;
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Une erreur inattendue est survenue. Veuillez réessayer plus tard.' };
  }
}
