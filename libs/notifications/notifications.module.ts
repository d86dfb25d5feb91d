import { BeforeApplicationShutdown, DynamicModule, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@pf/event-store';
import { EVENT_STORE, READ_STORE } from '@pf/event-sourcing';
import { MailOutbox, PortalLinks } from '@pf/mail';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import type { RequestSteps } from '@pf/requests';
import { NotificationsReactor } from './notifications.reactor';

const REQUEST_STEPS = Symbol('REQUEST_STEPS');

@Injectable()
class NotificationsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly reactor: NotificationsReactor) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reactor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reactor.stop();
  }
}

/** Mails about requests (receipt, decision, answer), composed from the same request steps as « Mes demandes ». */
@Module({})
export class NotificationsModule {
  static forRoot(steps: RequestSteps[]): DynamicModule {
    return {
      module: NotificationsModule,
      providers: [
        { provide: REQUEST_STEPS, useValue: steps },
        {
          provide: NotificationsReactor,
          inject: [EVENT_STORE, READ_STORE, ProjectionRunner, MailOutbox, PortalLinks, REQUEST_STEPS],
          useFactory: (events: EventStore, reads: ReadStore, runner: ProjectionRunner, outbox: MailOutbox, links: PortalLinks, requestSteps: RequestSteps[]) =>
            new NotificationsReactor(events, reads, runner, outbox, requestSteps, {
              link: (path) => links.url(path),
              log: (m) => new Logger('Notifications').warn(m),
            }),
        },
        NotificationsLifecycle,
      ],
      exports: [NotificationsReactor],
    };
  }
}
