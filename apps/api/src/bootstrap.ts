import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { SESSION_COOKIE } from '@pf/identity';
import type { Clock } from '@pf/domain';
import { bodyParsing, csrfProtection, loadShedding, portalValidationPipe } from '@pf/http';
import { MAIL_CATCHER, mailCatcherPage, portalOriginOfRequests, type MailCatcher } from '@pf/mail';
import { setupApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { productionProblems, type PortalConfig } from './config';
import { openPortalStores } from './stores';
import { DemoSeeder, type DemoSummary } from './seed/demo-seeder';

export interface Portal {
  app: NestExpressApplication;
  demo: DemoSummary | null;
}

/** Builds the whole portal (API + client) without listening, for main.ts and for tests. */
export async function createPortal(config: PortalConfig, options: { clock?: Clock; logger?: false | LogLevel[] } = {}): Promise<Portal> {
  const unsafe = productionProblems(config);
  if (unsafe.length) throw new Error(`The portal will not start in production like this:\n- ${unsafe.join('\n- ')}`);
  // The stores first: a data folder in use by another portal fails here, before any server starts.
  const stores = await openPortalStores(config);
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, stores, options.clock), {
      logger: options.logger ?? ['error', 'warn', 'log'],
      // Throw instead of exiting, so main.ts prints a clear message and tests see the error.
      abortOnError: false,
      // The portal parses bodies itself (bodyParsing below): size, depth, media type, stable errors.
      bodyParser: false,
    });
  } catch (error) {
    await stores.close();
    throw error;
  }
  app.enableShutdownHooks();
  // Which proxy may say who the client is (TRUST_PROXY); by default none, so no header picks the address sign-in limits count.
  app.set('trust proxy', config.trustProxy);
  // First: a request refused for load costs nothing more than this.
  app.use(loadShedding({ maxInFlight: config.maxRequestsInFlight, exempt: (path) => path === '/api/health' }));
  // Without PUBLIC_URL (development: production requires it), links the portal builds while serving a
  // request (payment page and return, mails) lead to the address the browser used, not to localhost.
  if (!config.publicUrl) app.use(portalOriginOfRequests());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'style-src': ["'self'", "'unsafe-inline'"] },
      },
    }),
  );
  app.use(cookieParser());
  app.use(csrfProtection({ secure: config.secureCookies, sessionCookie: SESSION_COOKIE }));
  // JSON up to 1 MB and 32 levels deep; forms only where a payment provider posts them; multipart
  // left to the upload routes (their own limits); anything else 415 (libs/platform/http/body-parsing.ts).
  app.use(bodyParsing({ formPaths: ['/api/payments/notifications/payfip', '/api/payments/notifications/test'] }));
  app.useGlobalPipes(portalValidationPipe());
  // The local mail catcher's page exists only when no SMTP_URL is configured, never in production
  // (it would publish password-reset links to anyone).
  const catcher = app.get<MailCatcher | null>(MAIL_CATCHER, { strict: false });
  if (catcher && !config.production) app.use('/dev/mails', mailCatcherPage(catcher));
  setupApiDocs(app);
  await app.init();
  const demo = config.seedDemo ? await app.get(DemoSeeder).seed() : null;
  return { app, demo };
}
