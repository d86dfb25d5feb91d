import { createHmac } from 'node:crypto';
import { uuidFromName } from '@pf/domain';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const uuidShaped = (bytes: Buffer): string => {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x80; // version 8: a custom, non-guessable derivation
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/**
 * The ids derived from a login e-mail (the login stream that makes an e-mail unique, a staff
 * account's id): an HMAC keyed by LOGIN_KEY_SECRET, so neither the e-mail nor a guessable hash of
 * it names a stream. Whoever reads the stream names cannot test "is this e-mail registered?".
 */
export class LoginKeys {
  private readonly secret: Buffer;

  constructor(secret: string | Buffer) {
    this.secret = Buffer.from(secret);
    if (this.secret.length < 32) throw new Error('The login key secret must be at least 32 bytes long');
  }

  /** Names the stream `login-<key>` that reserves the e-mail. */
  loginKeyFor(email: string): string {
    return uuidShaped(createHmac('sha256', this.secret).update(`login:${normalizeEmail(email)}`).digest());
  }

  /** A staff account's id: one per e-mail, so running the first-run command again changes nothing. */
  accountIdFor(email: string): string {
    return uuidShaped(createHmac('sha256', this.secret).update(`account:${normalizeEmail(email)}`).digest());
  }

  /**
   * The unkeyed names used before (a plain name-based uuid of the e-mail). Only read, never
   * written: an e-mail claimed back then stays taken, and a staff account opened then stays itself.
   */
  legacyLoginKeyFor(email: string): string {
    return uuidFromName(`login:${normalizeEmail(email)}`);
  }

  legacyAccountIdFor(email: string): string {
    return uuidFromName(`account:${normalizeEmail(email)}`);
  }
}
