import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CSRF_COOKIE = 'pf_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit cookie: a readable random cookie that the client echoes in a header. Checked on
 * every write that a session cookie would authenticate (API-key calls carry no cookie).
 */
export function csrfProtection(options: { secure: boolean; sessionCookie: string }) {
  return (request: Request, response: Response, next: NextFunction) => {
    const cookies = (request.cookies ?? {}) as Record<string, string>;
    let token = cookies[CSRF_COOKIE];
    if (!token) {
      token = randomBytes(24).toString('base64url');
      response.cookie(CSRF_COOKIE, token, { httpOnly: false, sameSite: 'strict', secure: options.secure, path: '/' });
    }
    if (SAFE.has(request.method) || !cookies[options.sessionCookie]) return next();
    const header = request.header(CSRF_HEADER) ?? '';
    const expected = Buffer.from(cookies[CSRF_COOKIE] ?? '');
    const given = Buffer.from(header);
    if (expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given)) return next();
    response.status(403).json({
      statusCode: 403,
      code: 'CSRF_TOKEN_INVALID',
      message: 'La page a expiré. Rechargez-la puis recommencez.',
    });
  };
}
