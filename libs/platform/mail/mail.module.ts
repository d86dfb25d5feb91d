import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { MailCatcher } from './mail-catcher';
import { MailSender } from './mail-sender';
import { MailOutbox } from './outbox';

export interface MailConfig {
  /** SMTP_URL (smtp://user:pass@host:587, smtps://…). Unset → the local mail catcher. */
  smtpUrl?: string;
  /** MAIL_FROM. */
  from: string;
  /** PUBLIC_URL: the address people reach the portal at, for links in mails. Unset → http://<host>:<listening port>. */
  publicUrl?: string;
  dataDir: string;
  /** Port of the local mail catcher (1025 by default; 0 = any free port). */
  catcherPort?: number;
  /** Back-off of the sender (tests shorten it). */
  retryBaseMs?: number;
  /** Where the catcher's mails can be read, announced at start. */
  devPageUrl?: string;
  /** NODE_ENV=production: a real mail server is required, the local catcher never runs. */
  production?: boolean;
}

export const MAIL_OUTBOX_PORT = Symbol('MAIL_OUTBOX');
export const MAIL_CATCHER = Symbol('MAIL_CATCHER');
const MAIL_CONFIG = Symbol('MAIL_CONFIG');

/** The address the browser used for the request being served, when it says one we can trust the shape of. */
const requestOrigin = new AsyncLocalStorage<string>();

/** A Host header: a name or an IPv4 address, or an [IPv6] address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** `http://host:port` of a request as the browser addressed it (Express's `protocol` and `host` follow TRUST_PROXY), or null. */
export function originOf(req: Pick<Request, 'protocol' | 'host'>): string | null {
  const host = req.host;
  const protocol = req.protocol;
  return typeof host === 'string' && HOST.test(host) && (protocol === 'http' || protocol === 'https') ? `${protocol}://${host}` : null;
}

/**
 * Express middleware: while a request is served, links built by `PortalLinks` without a
 * PUBLIC_URL lead where the browser came from (the Host it used), not to the listening address,
 * so a portal opened at http://192.168.1.20:3000 sends the parent back there from the payment
 * page. Only without PUBLIC_URL, which production requires (config.ts `productionProblems`).
 */
export function portalOriginOfRequests() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const origin = originOf(req);
    if (origin) requestOrigin.run(origin, next);
    else next();
  };
}

/** Builds absolute links to the portal for mails (activation, reset…) and payment returns. */
@Injectable()
export class PortalLinks {
  constructor(@Inject(MAIL_CONFIG) private readonly config: MailConfig, @Optional() private readonly http?: HttpAdapterHost) {}

  /** `path` starts with '/', e.g. '/activer-mon-compte?jeton=…'. */
  url(path: string): string {
    return `${this.base()}${path}`;
  }

  /** PUBLIC_URL; without it, the address of the request being served; else this server's listening address. */
  base(): string {
    if (this.config.publicUrl) return this.config.publicUrl.replace(/\/+$/, '');
    const fromRequest = requestOrigin.getStore();
    if (fromRequest) return fromRequest;
    const address = this.http?.httpAdapter?.getHttpServer()?.address() as AddressInfo | string | null | undefined;
    if (address && typeof address === 'object') {
      const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}`;
    }
    return 'http://localhost:3000';
  }
}

@Injectable()
class MailLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sender: MailSender,
    @Optional() @Inject(MAIL_CATCHER) private readonly catcher: MailCatcher | null,
  ) {}

  onApplicationBootstrap(): void {
    this.sender.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sender.stop();
    await this.catcher?.stop();
  }
}

/** Mail: the outbox (in the read store), its SMTP sender, and the local catcher when no SMTP_URL. */
@Global()
@Module({})
export class MailModule {
  static forRoot(config: MailConfig): DynamicModule {
    return {
      module: MailModule,
      providers: [
        { provide: MAIL_CONFIG, useValue: config },
        {
          provide: MAIL_CATCHER,
          useFactory: async () => {
            if (config.smtpUrl) return null;
            if (config.production) throw new Error('SMTP_URL is required in production (NODE_ENV=production)');
            const catcher = new MailCatcher(join(config.dataDir, 'mails'));
            await catcher.start(config.catcherPort ?? 1025);
            new Logger('Mail').log(
              `Aucun SMTP_URL : collecteur de courriels local sur ${catcher.smtpUrl}, courriels à lire sur ${config.devPageUrl ?? '/dev/mails'}`,
            );
            return catcher;
          },
        },
        {
          provide: MailOutbox,
          inject: [READ_STORE],
          useFactory: async (reads: ReadStore) => {
            const outbox = new MailOutbox(reads);
            await outbox.init();
            return outbox;
          },
        },
        { provide: MAIL_OUTBOX_PORT, useExisting: MailOutbox },
        {
          provide: MailSender,
          inject: [MailOutbox, MAIL_CATCHER],
          useFactory: (outbox: MailOutbox, catcher: MailCatcher | null) =>
            new MailSender(outbox, {
              smtpUrl: config.smtpUrl ?? catcher!.smtpUrl,
              from: config.from,
              baseDelayMs: config.retryBaseMs,
              log: (m) => new Logger('Mail').warn(m),
            }),
        },
        PortalLinks,
        MailLifecycle,
      ],
      exports: [MailOutbox, MAIL_OUTBOX_PORT, MAIL_CATCHER, PortalLinks],
    };
  }
}
