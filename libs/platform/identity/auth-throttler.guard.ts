import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';

/** What the throttler reads of a request. */
export type AuthRequest = { ip?: string; body?: Record<string, unknown>; user?: { accountId?: string } };

/**
 * The account a request is about: the e-mail tried, the account id of a link, or the signed-in
 * user. Counting per account as well as per address stops an attacker who rotates addresses.
 */
export function accountTracked(req: AuthRequest): string {
  const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
  const account = typeof req.body?.accountId === 'string' ? req.body.accountId : (req.user?.accountId ?? '');
  return email || account;
}

/** Attempts are counted per client address and per e-mail tried, so one attacker cannot lock others out. */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: AuthRequest): Promise<string> {
    return `${req.ip}|${accountTracked(req)}`;
  }

  /** The standard header, so a client knows how long to wait (the throttler only names its own per limit). */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    return super.throwThrottlingException(context, detail);
  }
}

/** Limits per route (attempts per window). */
export const AUTH_LIMITS = {
  signIn: { auth: { limit: 10, ttl: 15 * 60_000 } },
  signUp: { auth: { limit: 20, ttl: 60 * 60_000 } },
  mailLink: { auth: { limit: 5, ttl: 15 * 60_000 } },
  token: { auth: { limit: 10, ttl: 15 * 60_000 } },
};
