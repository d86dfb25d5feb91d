import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createPortal } from '../../apps/api/src/bootstrap';
import { configFromEnv, type PortalConfig } from '../../apps/api/src/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Clock } from '@pf/domain';

export interface RunningPortal {
  baseUrl: string;
  dataDir: string;
  /** The Nest application, for the rare setup no HTTP route offers (e.g. a second commune). */
  app: NestExpressApplication;
  close(): Promise<void>;
}

/**
 * The real portal (API + built client) on 127.0.0.1 and a free port, on the embedded stores in a
 * fresh temporary data folder (or the given one), with the demo commune seeded.
 */
export async function startPortal(
  opts: {
    dataDir?: string;
    clock?: Clock;
    keepData?: boolean;
    /** a test mailbox (test/support/mailbox.ts); unset → the local catcher on a free port */
    smtpUrl?: string;
    /** Settings a test needs beside these (TRUST_PROXY, production…). */
    config?: Partial<PortalConfig>;
  } = {},
): Promise<RunningPortal> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'portail-test-'));
  const config = configFromEnv(
    { ...process.env, EVENTSTORE_URL: '', MONGO_URL: '' },
    { dataDir, port: 0, host: '127.0.0.1', clientDir: join(__dirname, '../../angular-client/dist/browser'), sessionSecret: 'test-secret-0123456789-0123456789-abcdef', smtpUrl: opts.smtpUrl, mailCatcherPort: 0, publicUrl: undefined, ...opts.config },
  );
  const { app } = await createPortal(config, { clock: opts.clock, logger: process.env.TEST_PORTAL_LOGS ? ['error', 'warn', 'log'] : false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    app,
    close: async () => {
      await app.close();
      if (!opts.dataDir && !opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
