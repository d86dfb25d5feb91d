import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
