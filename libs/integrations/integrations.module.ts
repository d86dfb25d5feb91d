import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { API_KEY_AUTHENTICATOR } from '@pf/identity';
import type { Clock } from '@pf/domain';
import { KurrentDbEventStore, type EventStore } from '@pf/event-store';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { IntegratorKeyAuthenticator } from './api-key-authenticator';
import { EventCatalogueController, IntegrationsController } from './integrations.controller';
import { INTEGRATIONS_OPTIONS, type IntegrationsOptions } from './integrations.options';
import { INTEGRATIONS_PROJECTION } from './integrations.projection';
import { IssueIntegratorKeyHandler, RevokeIntegratorKeyHandler } from './integrator-keys.handlers';
import { LiveFeeds } from './live-feeds';
import { PublicEvents } from './public-event';
import { PUBLIC_EVENTS_PROJECTION } from './public-events.projection';
import { PublicStreamsPublisher } from './public-streams.publisher';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSecrets } from './webhook-secrets';
import { ReplayWebhookHandler, RotateWebhookSecretHandler, SubscribeWebhookHandler, UnsubscribeWebhookHandler } from './webhooks.handlers';

/** Wakes the dispatcher and the live streams when public events or subscriptions change; stops them before the stores close. */
@Injectable()
export class IntegrationsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe?: () => void;
  private publicStreams?: { target: EventStore; publisher: PublicStreamsPublisher };

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly dispatcher: WebhookDispatcher,
    private readonly live: LiveFeeds,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(INTEGRATIONS_OPTIONS) private readonly options: IntegrationsOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.projections.onApplied((name) => {
      if (name === PUBLIC_EVENTS_PROJECTION) {
        this.live.wake();
        this.publicStreams?.publisher.wake();
      }
      if (name === PUBLIC_EVENTS_PROJECTION || name === INTEGRATIONS_PROJECTION) this.dispatcher.wake();
    });
    if (this.options.webhooks.enabled) await this.dispatcher.start();
    const { url, scopes } = this.options.publicStreams;
    if (url) {
      // Unreachable at start is no reason to refuse to boot: the publisher retries with back-off.
      const target = KurrentDbEventStore.connect(url);
      const publisher = new PublicStreamsPublisher(this.reads, target, { scopes, log: (m) => new Logger('PublicStreams').warn(m) });
      this.publicStreams = { target, publisher };
      await publisher.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    this.live.closeAll();
    await this.dispatcher.stop();
    if (this.publicStreams) {
      await this.publicStreams.publisher.stop();
      await this.publicStreams.target.close();
    }
  }
}

/**
 * Integrators: API keys, the public event catalogue, the per-commune feed (paged and live) and
 * signed webhooks. The app passes the composed public events (apps/api/src/projections.ts) and
 * adds `publicEventsProjection(events)` and `integrationsProjection` to its projections.
 */
@Module({})
export class IntegrationsModule {
  static forRoot(events: PublicEvents, options: IntegrationsOptions): DynamicModule {
    return {
      module: IntegrationsModule,
      controllers: [EventCatalogueController, IntegrationsController],
      providers: [
        { provide: PublicEvents, useValue: events },
        { provide: INTEGRATIONS_OPTIONS, useValue: options },
        { provide: WebhookSecrets, useFactory: () => new WebhookSecrets(options.secret) },
        LiveFeeds,
        {
          provide: WebhookDispatcher,
          inject: [READ_STORE, CLOCK, WebhookSecrets],
          useFactory: (reads: ReadStore, clock: Clock, secrets: WebhookSecrets) =>
            new WebhookDispatcher({ reads, clock, secrets, options: options.webhooks, policy: options.urlPolicy, log: (m) => new Logger('Webhooks').warn(m) }),
        },
        IntegrationsLifecycle,
        { provide: API_KEY_AUTHENTICATOR, useClass: IntegratorKeyAuthenticator },
        IssueIntegratorKeyHandler,
        RevokeIntegratorKeyHandler,
        SubscribeWebhookHandler,
        RotateWebhookSecretHandler,
        ReplayWebhookHandler,
        UnsubscribeWebhookHandler,
      ],
      exports: [API_KEY_AUTHENTICATOR],
    };
  }
}
