import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTEGRATOR_SCOPES, isIntegratorScope, type IntegratorScope } from './scopes';
import type { WebhookUrlPolicy } from './webhook-url';

export const INTEGRATIONS_OPTIONS = Symbol('INTEGRATIONS_OPTIONS');

export interface WebhookDispatchOptions {
  /** Off on every portal process but one when several share the stores (one dispatcher keeps the order). */
  enabled: boolean;
  /** First retry delay; it doubles at each failure up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Bound on one delivery (connect, send, response). */
  timeoutMs: number;
  /** How often idle subscriptions look for work when nothing woke them. */
  pollMs: number;
  /** Delivery log entries older than this are dropped. */
  logRetentionDays: number;
}

export interface IntegrationsOptions {
  /** Key from which each webhook subscription's signing secrets derive (never stored in events). */
  secret: string;
  urlPolicy: WebhookUrlPolicy;
  webhooks: WebhookDispatchOptions;
  /** Copies of the feed in a KurrentDB that integrators of the operator's network read (docs/integrations.md); off without a URL. */
  publicStreams: { url: string | null; scopes: IntegratorScope[] };
  stream: {
    /** A live stream is closed after this long; the client reconnects with Last-Event-ID and misses nothing. */
    maxSeconds: number;
    heartbeatSeconds: number;
  };
}

const int = (value: string | undefined, fallback: number, min: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${value})`);
  return n;
};

/** The integrations' settings (README, "Integrators"); the secret is generated once per data folder when unset. */
export function integrationsOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): IntegrationsOptions {
  return {
    secret: env.INTEGRATIONS_SECRET || integrationsSecretFile(dataDir),
    urlPolicy: { allowPrivateNetworks: env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS === 'true' },
    webhooks: {
      enabled: env.WEBHOOKS_DISPATCH !== 'false',
      retryBaseMs: int(env.WEBHOOKS_RETRY_BASE_MS, 1000, 1, 'WEBHOOKS_RETRY_BASE_MS'),
      retryMaxMs: int(env.WEBHOOKS_RETRY_MAX_MS, 5 * 60_000, 1, 'WEBHOOKS_RETRY_MAX_MS'),
      timeoutMs: int(env.WEBHOOKS_TIMEOUT_MS, 10_000, 100, 'WEBHOOKS_TIMEOUT_MS'),
      pollMs: int(env.WEBHOOKS_POLL_MS, 5000, 10, 'WEBHOOKS_POLL_MS'),
      logRetentionDays: int(env.WEBHOOKS_LOG_RETENTION_DAYS, 30, 1, 'WEBHOOKS_LOG_RETENTION_DAYS'),
    },
    publicStreams: { url: env.INTEGRATIONS_KURRENTDB_URL?.trim() || null, scopes: scopesOf(env.INTEGRATIONS_KURRENTDB_SCOPES) },
    stream: {
      maxSeconds: int(env.FEED_STREAM_MAX_SECONDS, 900, 1, 'FEED_STREAM_MAX_SECONDS'),
      heartbeatSeconds: int(env.FEED_STREAM_HEARTBEAT_SECONDS, 15, 1, 'FEED_STREAM_HEARTBEAT_SECONDS'),
    },
  };
}

function scopesOf(value: string | undefined): IntegratorScope[] {
  if (value === undefined || value.trim() === '') return ['caf-statistics'];
  const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !isIntegratorScope(s));
  if (unknown.length) throw new Error(`INTEGRATIONS_KURRENTDB_SCOPES: unknown scope ${unknown.join(', ')} (known: ${INTEGRATOR_SCOPES.join(', ')})`);
  return scopes as IntegratorScope[];
}

function integrationsSecretFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'integrations-secret');
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
