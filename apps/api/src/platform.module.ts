import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { systemClock, type Clock } from '@pf/domain';
import type { EventStore } from '@pf/event-store';
import { CLOCK, EVENT_STORE, EventSourcedStreams, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner, type ProjectionDefinition } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { LoginKeys } from '@pf/accounts';
import { SESSION_CODEC, SESSION_COOKIE_POLICY, SessionCodec } from '@pf/identity';
import { BLOB_STORE, FolderBlobStore, GridFsBlobStore, type BlobStore } from '@pf/blob-store';
import { KEY_STORE, type KeyStore } from '@pf/personal-data';
import { loginKeySecretFor, sessionSecretFor, type PortalConfig } from './config';
import type { PortalStores } from './stores';
import { StoredEventsAppended } from './stored-events-appended';

export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');


/** The ports and their adapters, chosen by configuration; the projection runner; the clock. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly projections: ProjectionRunner,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** `stores` are opened before Nest starts (see bootstrap), so a locked data folder fails before anything else runs. */
  static forRoot(config: PortalConfig, projections: ProjectionDefinition[], stores: PortalStores, clock: Clock = systemClock): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: PORTAL_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: KEY_STORE, useValue: stores.keys },
        // Capabilities see the event store through the personal-data sealing decorator.
        { provide: EVENT_STORE, useValue: stores.events },
        {
          provide: BLOB_STORE,
          useFactory: () => (config.mongoUrl ? GridFsBlobStore.connect(config.mongoUrl, config.mongoDb) : new FolderBlobStore(config.dataDir)),
        },
        { provide: READ_STORE, useValue: stores.reads },
        {
          provide: EventSourcedStreams,
          inject: [EVENT_STORE, EventBus],
          useFactory: (store: EventStore, bus: EventBus) =>
            new EventSourcedStreams(store, { onAppended: (streamId, events) => bus.publish(new StoredEventsAppended(streamId, events)) }),
        },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_STORE],
          useFactory: async (store: EventStore, reads: ReadStore) => {
            const runner = new ProjectionRunner(store, reads, projections, { log: (m) => new Logger('Projections').warn(m) });
            await runner.start();
            return runner;
          },
        },
        { provide: SESSION_CODEC, useFactory: () => new SessionCodec(sessionSecretFor(config)) },
        { provide: SESSION_COOKIE_POLICY, useValue: { secure: config.secureCookies } },
        // Names the login streams with a keyed hash of the e-mail (LOGIN_KEY_SECRET).
        { provide: LoginKeys, useFactory: () => new LoginKeys(loginKeySecretFor(config)) },
      ],
      exports: [PORTAL_CONFIG, CLOCK, KEY_STORE, BLOB_STORE, EVENT_STORE, READ_STORE, EventSourcedStreams, ProjectionRunner, SESSION_CODEC, SESSION_COOKIE_POLICY, LoginKeys],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.reads.close();
    await this.events.close();
    await this.keys.close();
    await this.blobs.close();
    this.logger.log('stores closed');
  }
}
