import { existsSync } from 'node:fs';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ServeStaticModule } from '@nestjs/serve-static';
import { AccessGuard } from '@pf/identity';
import { AccountsModule } from '@pf/accounts';
import { AttestationsModule } from '@pf/attestations';
import { ActivitiesModule } from '@pf/activities';
import { CommunesModule } from '@pf/communes';
import { systemClock, type Clock } from '@pf/domain';
import { DocumentsModule } from '@pf/documents';
import { FamiliesModule } from '@pf/families';
import { EnrolmentsModule } from '@pf/enrolments';
import { AuditModule } from '@pf/audit';
import { ContactModule } from '@pf/contact';
import { DashboardModule } from '@pf/dashboard';
import { BillingModule } from '@pf/billing';
import { DomainExceptionFilter } from '@pf/http';
import { IntegrationsModule, integrationsOptionsFromEnv } from '@pf/integrations';
import { MailModule } from '@pf/mail';
import { NewsModule } from '@pf/news';
import { NotificationsModule } from '@pf/notifications';
import { RequestsModule } from '@pf/requests';
import { ReservationsModule } from '@pf/reservations';
import { StatisticsModule } from '@pf/statistics';
import type { PortalConfig } from './config';
import { HealthController } from './health.controller';
import { PlatformModule } from './platform.module';
import type { PortalStores } from './stores';
import { PORTAL_PROJECTIONS, PORTAL_PUBLIC_EVENTS, PORTAL_REQUEST_STEPS } from './projections';
import { ProjectionsAdminController } from './projections-admin.controller';
import { DemoSeeder } from './seed/demo-seeder';

/** Composes the capabilities; serves the built Angular client beside /api. */
@Module({})
export class AppModule {
  static forRoot(config: PortalConfig, stores: PortalStores, clock: Clock = systemClock): DynamicModule {
    const client = existsSync(config.clientDir)
      ? [ServeStaticModule.forRoot({ rootPath: config.clientDir, exclude: ['/api/{*path}'] })]
      : [];
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        PlatformModule.forRoot(config, PORTAL_PROJECTIONS, stores, clock),
        MailModule.forRoot({
          smtpUrl: config.smtpUrl,
          from: config.mailFrom,
          publicUrl: config.publicUrl,
          dataDir: config.dataDir,
          catcherPort: config.mailCatcherPort,
          devPageUrl: `${config.publicUrl ?? `http://localhost:${config.port}`}/dev/mails`,
          production: config.production,
        }),
        CommunesModule,
        ActivitiesModule,
        FamiliesModule,
        DocumentsModule,
        AttestationsModule,
        AccountsModule,
        EnrolmentsModule,
        ReservationsModule,
        RequestsModule,
        ContactModule,
        NewsModule,
        AuditModule,
        DashboardModule,
        BillingModule,
        StatisticsModule,
        NotificationsModule.forRoot(PORTAL_REQUEST_STEPS),
        IntegrationsModule.forRoot(PORTAL_PUBLIC_EVENTS, integrationsOptionsFromEnv(process.env, config.dataDir)),
        ...client,
      ],
      controllers: [HealthController, ProjectionsAdminController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        DemoSeeder,
      ],
    };
  }
}
