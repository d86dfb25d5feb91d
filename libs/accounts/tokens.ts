import { createHash, randomBytes } from 'node:crypto';

/** A link token: 32 random bytes for the mail, only its SHA-256 in the events. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const ACTIVATION_TTL_MS = 24 * 3600_000;
export const PASSWORD_RESET_TTL_MS = 3600_000;
export const EMAIL_CHANGE_TTL_MS = 24 * 3600_000;

export const plus = (now: string, ms: number) => new Date(Date.parse(now) + ms).toISOString();
