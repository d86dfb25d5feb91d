import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseKeyEncryptionKey } from '@pf/personal-data';

/** Everything the portal reads from its environment (see README, "Configuration"). */
export interface PortalConfig {
  port: number;
  host: string;
  dataDir: string;
  /** KurrentDB / EventStoreDB connection string; unset → embedded SQLite event store. */
  eventStoreUrl?: string;
  /** MongoDB URL (replica set); unset → embedded SQLite read store. */
  mongoUrl?: string;
  mongoDb: string;
  sessionSecret: string;
  seedDemo: boolean;
  /** Folder of the built Angular client; not served when missing. */
  clientDir: string;
  /** SMTP_URL; unset → a local mail catcher (mails readable at /dev/mails). */
  smtpUrl?: string;
  /** MAIL_FROM: sender of the portal's mails. */
  mailFrom: string;
  /** PUBLIC_URL: address of the portal in links sent by mail; unset → this server's address. */
  publicUrl?: string;
  /** MAIL_CATCHER_PORT: SMTP port of the local mail catcher (0 = any free port). */
  mailCatcherPort: number;
  /** NODE_ENV=production: secrets must come from the environment, none is generated. */
  production: boolean;
  /** KEY_ENCRYPTION_KEY (32 bytes, base64): wraps the personal-data keys; unset → generated into the data folder (not in production). */
  keyEncryptionKey?: string;
  /** LOGIN_KEY_SECRET (≥ 32 characters): HMAC key naming the login streams; unset → generated into the data folder (not in production). */
  loginKeySecret?: string;
  /**
   * TRUST_PROXY: which proxies' X-Forwarded-For to believe (Express's `trust proxy`: `loopback`, a
   * number of hops, addresses or subnets); unset → none, the client address is the socket's. Sign-in
   * limits count per client address, so a header nobody vouches for must not choose it.
   */
  trustProxy: string | false;
  /** COOKIE_SECURE: session and CSRF cookies only over HTTPS; default on in production, off otherwise. */
  secureCookies: boolean;
  /** MAX_REQUESTS_IN_FLIGHT: API requests worked on at once; past it, 503 SERVER_BUSY with Retry-After. */
  maxRequestsInFlight: number;
  /** OPERATOR_KEY (≥ 32 characters): the deployment operator's key for deployment-wide controls (read model rebuilds); unset → none offered over HTTP. */
  operatorKey?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PortalConfig> = {}): PortalConfig {
  const dataDir = resolve(overrides.dataDir ?? env.DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    mongoUrl: env.MONGO_URL || undefined,
    mongoDb: env.MONGO_DB ?? 'portail_famille',
    sessionSecret: env.SESSION_SECRET || '',
    seedDemo: (env.SEED_DEMO ?? 'true') !== 'false',
    // Relative to the working folder, like DATA_DIR: `npm start` runs from the repository root.
    clientDir: resolve(env.CLIENT_DIR ?? 'angular-client/dist/browser'),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Portail Famille <ne-pas-repondre@portail-famille.localhost>',
    publicUrl: env.PUBLIC_URL || undefined,
    mailCatcherPort: Number(env.MAIL_CATCHER_PORT ?? 1025),
    production: env.NODE_ENV === 'production',
    keyEncryptionKey: env.KEY_ENCRYPTION_KEY || undefined,
    loginKeySecret: env.LOGIN_KEY_SECRET || undefined,
    trustProxy: env.TRUST_PROXY?.trim() || false,
    secureCookies: env.COOKIE_SECURE ? env.COOKIE_SECURE !== 'false' : env.NODE_ENV === 'production',
    operatorKey: env.OPERATOR_KEY || undefined,
    maxRequestsInFlight: Number(env.MAX_REQUESTS_IN_FLIGHT ?? 256),
    ...overrides,
    dataDir,
  };
}

/** A secret generated once per data folder, so sessions survive a restart without any setup. */
export function sessionSecretFor(config: PortalConfig): string {
  if (config.sessionSecret) return config.sessionSecret;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'session-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

/**
 * A secret from the environment or, outside production, generated once into the data folder
 * (0600) so `npm start` needs no setup. In production a missing one stops the start.
 */
function secretFromConfigOrDataDir(config: PortalConfig, value: string | undefined, variable: string, fileName: string, generate: () => string): string {
  if (value) return value;
  if (config.production) {
    throw new Error(`${variable} is required in production (NODE_ENV=production); see README, "Configuration"`);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, fileName);
  if (!existsSync(file)) writeFileSync(file, generate(), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

/** The master key that wraps every personal-data key (KEY_ENCRYPTION_KEY or DATA_DIR/key-encryption-key). */
export function keyEncryptionKeyFor(config: PortalConfig): Buffer {
  const value = secretFromConfigOrDataDir(config, config.keyEncryptionKey, 'KEY_ENCRYPTION_KEY', 'key-encryption-key', () => randomBytes(32).toString('base64'));
  return parseKeyEncryptionKey(value, config.keyEncryptionKey ? 'KEY_ENCRYPTION_KEY' : join(config.dataDir, 'key-encryption-key'));
}

/** The HMAC key naming the login streams (LOGIN_KEY_SECRET or DATA_DIR/login-key-secret). */
export function loginKeySecretFor(config: PortalConfig): string {
  const secret = secretFromConfigOrDataDir(config, config.loginKeySecret, 'LOGIN_KEY_SECRET', 'login-key-secret', () => randomBytes(48).toString('base64url'));
  if (secret.length < 32) throw new Error('LOGIN_KEY_SECRET must be at least 32 characters');
  return secret;
}

/**
 * What production refuses to start without: a real mail server (the local mail catcher would
 * publish password-reset links at /dev/mails) and the portal's public address (links in mails and
 * the payment return must not point at localhost).
 */
export function productionProblems(config: PortalConfig): string[] {
  if (!config.production) return [];
  const problems: string[] = [];
  if (!config.smtpUrl) problems.push('SMTP_URL is required in production (NODE_ENV=production): without it mails would go to the local mail catcher');
  if (config.operatorKey !== undefined && config.operatorKey.length < 32) problems.push('OPERATOR_KEY must be at least 32 characters');
  if (!config.publicUrl) problems.push('PUBLIC_URL is required in production (NODE_ENV=production): it is the address links in mails and payment returns lead to');
  return problems;
}
