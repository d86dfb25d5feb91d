import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@pf/identity';
import type { EventStore } from '@pf/event-store';
import { EVENT_STORE, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';

@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly projections: ProjectionRunner,
  ) {}

  /** Each store's adapter and reachability, and each projection's checkpoint and lag (head − checkpoint). */
  @Get()
  @Public()
  async health() {
    const [eventStore, readStore, projections] = await Promise.all([this.events.health(), this.reads.health(), this.projections.status()]);
    const healthy = eventStore.reachable && readStore.reachable && projections.every((p) => p.state !== 'failing');
    return {
      status: healthy ? 'ok' : 'degraded',
      eventStore,
      readStore,
      headPosition: await this.events.headPosition(),
      projections,
      maxLag: Math.max(0, ...projections.map((p) => p.lag)),
    };
  }
}
