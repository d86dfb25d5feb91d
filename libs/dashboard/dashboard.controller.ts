import { BeforeApplicationShutdown, Controller, Get, Inject, Injectable, type MessageEvent, Param, ParseUUIDPipe, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { DateTime } from 'luxon';
import type { Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { familyTopicsOf, LiveHub } from '@pf/live';
import type { RecordedEvent } from '@pf/event-store';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { familyVisibleTo } from '@pf/families';
import { DashboardCounters } from './dashboard-counters';
import { familyDashboard, type Dashboard } from './dashboard.query';

export class DashboardDto implements Dashboard {
  @ApiProperty({ format: 'uuid' })
  familyId!: string;
  @ApiProperty({ example: '2026-12-01' })
  today!: string;
  @ApiProperty({ example: { unread: 2, pending: 1, label: '2 demandes ont évolué' }, description: 'Demandes qui ont évolué depuis la dernière lecture' })
  requests!: Dashboard['requests'];
  @ApiProperty({ example: { available: false, new: 0, label: null }, description: 'Nouvelles factures (available=false tant que la facturation n’est pas branchée)' })
  invoices!: Dashboard['invoices'];
  @ApiProperty({ description: 'Prochains jours réservés (31 jours)' })
  bookings!: Dashboard['bookings'];
  @ApiProperty({ description: 'Actualités en ligne' })
  news!: Dashboard['news'];
}

/** A family's live topic, in its commune: the same family id in another commune is another topic. */
export const familyLiveTopic = (communeId: string, familyId: string) => `${communeId}/family:${familyId}`;

/** The topics an applied event touches: the families it names, in its commune. */
export const liveTopicsOf = (event: RecordedEvent): string[] =>
  familyTopicsOf(event).map((topic) => familyLiveTopic(event.metadata.communeId, topic.slice('family:'.length)));

/** Heartbeats keep proxies from closing a quiet stream and let the browser notice a dead one. */
export const LIVE_HEARTBEAT_MS = 25_000;

@ApiTags('Accueil')
@Controller('api/families/:familyId')
export class DashboardController {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly counters: DashboardCounters,
    private readonly hub: LiveHub,
  ) {}

  @Get('dashboard')
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: "Page d'accueil du parent : demandes qui ont évolué, nouvelles factures, prochaines réservations, actualités" })
  @ApiOkResponse({ type: DashboardDto })
  async dashboard(@Param('familyId', new ParseUUIDPipe()) familyId: string, @CurrentUser() user: SessionUser): Promise<Dashboard> {
    const family = await familyVisibleTo(user, familyId, this.reads);
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(user.communeId);
    const today = DateTime.fromISO(this.clock.now(), { zone: commune?.timeZone ?? 'Europe/Paris' }).toISODate()!;
    return familyDashboard(this.reads, user.communeId, this.counters, family, today);
  }

  /**
   * Server-Sent Events: 'ready' at once, then 'requests' or 'planning' (with the position reached)
   * each time the family's requests or planning change, and 'heartbeat' every 25 s.
   */
  @Sse('live')
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: 'Mises à jour en direct (Server-Sent Events) quand le planning ou les demandes de la famille changent' })
  @ApiProduces('text/event-stream')
  async live(@Param('familyId', new ParseUUIDPipe()) familyId: string, @CurrentUser() user: SessionUser): Promise<Observable<MessageEvent>> {
    await familyVisibleTo(user, familyId, this.reads);
    return this.hub.stream(familyLiveTopic(user.communeId, familyId), LIVE_HEARTBEAT_MS);
  }
}

/** Ends the live streams before the HTTP server closes, which would otherwise wait for them. */
@Injectable()
export class LiveShutdown implements BeforeApplicationShutdown {
  constructor(private readonly hub: LiveHub) {}

  beforeApplicationShutdown(): void {
    this.hub.close();
  }
}
