import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures. The header is `X-PF-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`, each
 * v1 being HMAC-SHA256(secret, `${t}.${raw body}`) for one valid secret (two during a rotation's
 * overlap). This file needs nothing but node:crypto: integrators may copy `verifyWebhookSignature`.
 */
export const SIGNATURE_HEADER = 'x-pf-signature';

export function signWebhook(body: string, timestampSeconds: number, secrets: string[]): string {
  const signatures = secrets.map((secret) => `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`);
  return [`t=${timestampSeconds}`, ...signatures].join(',');
}

export interface VerifyWebhookInput {
  /** The raw body exactly as received (not re-serialised JSON). */
  body: string | Buffer;
  /** The X-PF-Signature header. */
  header: string | undefined;
  /** Your secret, or both secrets while you switch to a rotated one. */
  secret: string | string[];
  /** Refuse signatures older or newer than this (replayed deliveries). Default 300 s. */
  toleranceSeconds?: number;
  /** Now, in unix seconds (default: the system clock). */
  nowSeconds?: number;
}

/** True when one v1 signature matches one secret over `t.body`, and t is within the tolerance. */
export function verifyWebhookSignature({ body, header, secret, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) }: VerifyWebhookInput): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const given = parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).map(([, v]) => Buffer.from(v, 'hex'));
  const payload = Buffer.concat([Buffer.from(`${t}.`), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
  for (const s of Array.isArray(secret) ? secret : [secret]) {
    const expected = createHmac('sha256', s).update(payload).digest();
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return true;
  }
  return false;
}
