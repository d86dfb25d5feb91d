import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { FieldProblem } from '@pf/domain';
import type { ErrorBody } from './error-body';

/**
 * Limits of every request body the portal parses (uploads excepted: multipart bodies are read by
 * the upload routes' own interceptors, with their own size limits).
 *
 * - 1 MB of JSON: the largest legitimate command (a news text of 10,000 characters, a school
 *   year's attendance sheet) is far below it. Beyond → 413 PAYLOAD_TOO_LARGE.
 * - 32 levels of nesting: the deepest legitimate body (a family file: family → child → contacts →
 *   contact → field) is 5 levels deep. Beyond → 400 BODY_TOO_DEEP, checked on the raw bytes
 *   before parsing, so that neither JSON.parse nor the validators (recursive) ever see it.
 * - Keys `__proto__`, `constructor`, `prototype` are refused anywhere in a body (400
 *   VALIDATION_FAILED, FORBIDDEN_FIELD_NAME): class-transformer would otherwise replace the
 *   prototype of the DTO instance, and validation read fields through it.
 * - A body must be JSON (UTF-8), or multipart/form-data (uploads), or form-encoded on the routes
 *   that a third party calls with forms (PayFiP's notification): anything else → 415.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
export const MAX_BODY_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A body refused before any route sees it, with the error body to answer. */
export class BodyRefused extends Error {
  constructor(readonly answer: ErrorBody) {
    super(answer.message);
  }
}

const refusal = (statusCode: number, code: string, message: string, details?: FieldProblem[]): ErrorBody => ({
  statusCode,
  code,
  message,
  ...(details?.length ? { details } : {}),
});

export const PAYLOAD_TOO_LARGE = refusal(413, 'PAYLOAD_TOO_LARGE', 'Le contenu envoyé dépasse la taille maximale autorisée (1 Mo).');
export const MALFORMED_JSON = refusal(400, 'MALFORMED_JSON', 'Le contenu envoyé n’est pas un JSON valide.');
export const BODY_TOO_DEEP = refusal(
  400,
  'BODY_TOO_DEEP',
  `Le contenu envoyé est trop imbriqué (au plus ${MAX_BODY_DEPTH} niveaux d’objets ou de listes).`,
);
export const UNSUPPORTED_MEDIA_TYPE = refusal(
  415,
  'UNSUPPORTED_MEDIA_TYPE',
  'Le contenu doit être envoyé en JSON (en-tête Content-Type: application/json, encodage UTF-8).',
);
export const MALFORMED_BODY = refusal(400, 'MALFORMED_BODY', 'Le contenu envoyé est incomplet ou mal formé.');

/**
 * What an error of body-parser (or any http-errors error raised while reading a request) means
 * for the client; null when it is not one (a fault of the server).
 */
export function bodyErrorToErrorBody(error: unknown): ErrorBody | null {
  if (error instanceof BodyRefused) return error.answer;
  if (!error || typeof error !== 'object') return null;
  const { type, status, statusCode } = error as { type?: unknown; status?: unknown; statusCode?: unknown };
  switch (type) {
    case 'entity.too.large':
    case 'parameters.too.many':
      return PAYLOAD_TOO_LARGE;
    case 'entity.parse.failed':
      return MALFORMED_JSON;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return UNSUPPORTED_MEDIA_TYPE;
    case 'request.aborted':
    case 'request.size.invalid':
    case 'entity.verify.failed':
      return MALFORMED_BODY;
  }
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 0;
  if (code === 413) return PAYLOAD_TOO_LARGE;
  if (code === 415) return UNSUPPORTED_MEDIA_TYPE;
  if (code >= 400 && code < 500 && (error as { expose?: unknown }).expose === true) return MALFORMED_BODY;
  return null;
}

/**
 * The deepest nesting of objects and arrays in a JSON text, scanned iteratively on the raw bytes
 * (strings skipped, escapes honoured): stops as soon as `max` is exceeded.
 */
export function jsonDepthExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > max) return true;
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return false;
}

/** Own keys that would reach an object's prototype, anywhere in a parsed body (iterative walk). */
export function forbiddenKeys(body: unknown): string[] {
  const found: string[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value: body, path: '' }];
  while (stack.length && found.length < 20) {
    const { value, path } = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) found.push(field);
      else stack.push({ value: (value as Record<string, unknown>)[key], path: field });
    }
  }
  return found;
}

const forbiddenKeysRefusal = (fields: string[]) =>
  refusal(
    400,
    'VALIDATION_FAILED',
    'Certaines informations sont manquantes ou invalides.',
    fields.map((field) => ({ field, code: 'FORBIDDEN_FIELD_NAME', message: `Ce nom de champ est interdit : ${field}.` })),
  );

function refuseDeepJson(_req: unknown, _res: unknown, bytes: Buffer): void {
  if (jsonDepthExceeds(bytes, MAX_BODY_DEPTH)) throw new BodyRefused(BODY_TOO_DEEP);
}

/** The request's media type (lower case, no parameters) and charset, '' when absent. */
function contentType(request: Request): { type: string; charset: string } {
  const header = String(request.headers['content-type'] ?? '');
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1] ?? '').find(Boolean) ?? '';
  return { type: type.trim().toLowerCase(), charset: charset.toLowerCase() };
}

/** A body with content: chunked, or a Content-Length above 0 (an empty POST needs no type). */
function hasContent(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = Number.parseInt(String(request.headers['content-length'] ?? ''), 10);
  return Number.isFinite(length) && length > 0;
}

const isJson = (type: string) => type === 'application/json' || /^application\/[a-z0-9.!#$%&'*^_`|~-]+\+json$/.test(type);

export interface BodyParsingOptions {
  /** Paths (exact) that accept application/x-www-form-urlencoded bodies: forms posted by third parties. */
  formPaths?: string[];
}

/**
 * The portal's one body parser (Nest's own is turned off): JSON within the limits above, forms
 * only where declared, multipart left to the upload routes. Every refusal is answered here, with
 * the portal's error body: an error passed on to Express would reach the static client's error
 * handler, which answers 404 for every /api path.
 */
export function bodyParsing(options: BodyParsingOptions = {}): RequestHandler {
  const formPaths = new Set(options.formPaths ?? []);
  const json = express.json({ limit: MAX_JSON_BODY_BYTES, strict: true, type: () => true, verify: refuseDeepJson });
  const form = express.urlencoded({ extended: false, limit: MAX_JSON_BODY_BYTES, parameterLimit: 200, type: () => true });

  return (request: Request, response: Response, next: NextFunction) => {
    const reply = (body: ErrorBody) => {
      if (!response.headersSent) response.status(body.statusCode).json(body);
    };
    const parsed = (error?: unknown) => {
      if (error) {
        const body = bodyErrorToErrorBody(error);
        if (body) return reply(body);
        return next(error);
      }
      const keys = forbiddenKeys(request.body);
      if (keys.length) return reply(forbiddenKeysRefusal(keys));
      next();
    };

    if (!hasContent(request)) return next();
    const { type, charset } = contentType(request);
    if (isJson(type)) {
      if (charset && charset !== 'utf-8' && charset !== 'utf8') return reply(UNSUPPORTED_MEDIA_TYPE);
      return json(request, response, parsed);
    }
    if (type === 'multipart/form-data') return next();
    if (type === 'application/x-www-form-urlencoded' && formPaths.has(request.path)) return form(request, response, parsed);
    // The body is not read: the connection closes after the answer (what is still coming is dropped).
    response.setHeader('connection', 'close');
    request.resume();
    reply(UNSUPPORTED_MEDIA_TYPE);
  };
}
