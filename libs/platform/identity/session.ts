import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from './role';

export const SESSION_COOKIE = 'pf_session';

/** How the session cookie is sent: `secure` (HTTPS only) in production, see COOKIE_SECURE. */
export interface SessionCookiePolicy {
  secure: boolean;
}
export const SESSION_COOKIE_POLICY = Symbol('SESSION_COOKIE_POLICY');

/** What every authenticated request knows about its user. */
export interface SessionUser {
  accountId: string;
  role: Role;
  communeId: string;
  familyId: string | null;
  displayName: string;
  /** The server-side session this request came with (absent for API keys). */
  sessionId?: string;
}

export interface SessionClaims {
  sub: string;
  /** Server-side session id: signing out or changing the password revokes it. */
  sid: string;
  /** Expiry, seconds since epoch. */
  exp: number;
}

/**
 * A session is an HMAC-signed, expiring claim in an httpOnly cookie, naming a server-side session
 * that can be revoked. The account is re-read on every request, so a closed account or a changed
 * role takes effect at once.
 */
export class SessionCodec {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('The session secret must have at least 32 characters');
  }

  issue(accountId: string, sessionId: string, nowMs: number, lifetimeSeconds: number): string {
    const claims: SessionClaims = { sub: accountId, sid: sessionId, exp: Math.floor(nowMs / 1000) + lifetimeSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claims, or null for a forged, malformed or expired token. */
  verify(token: string | undefined, nowMs: number): SessionClaims | null {
    if (!token) return null;
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as SessionClaims;
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') return null;
      return claims.exp * 1000 > nowMs ? claims : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
