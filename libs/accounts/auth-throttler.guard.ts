import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Attempts are counted per client address and per e-mail tried, so one attacker cannot lock others out. */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
    const account = typeof req.body?.accountId === 'string' ? req.body.accountId : '';
    return `${req.ip}|${email || account}`;
  }
}

/** Limits per route (attempts per window). */
export const AUTH_LIMITS = {
  signIn: { auth: { limit: 10, ttl: 15 * 60_000 } },
  signUp: { auth: { limit: 20, ttl: 60 * 60_000 } },
  mailLink: { auth: { limit: 5, ttl: 15 * 60_000 } },
  token: { auth: { limit: 10, ttl: 15 * 60_000 } },
};
