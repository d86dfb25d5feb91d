import { Global, Module } from '@nestjs/common';
import { bridgeProjectionsToHub, LiveHub } from '@pf/live';
import { ProjectionRunner } from '@pf/projections';
import { DashboardCounters } from './dashboard-counters';
import { DashboardController, liveTopicsOf, LiveShutdown } from './dashboard.controller';

/** The read models whose changes a family's browser is told about. */
export const LIVE_PROJECTIONS = ['requests', 'planning'];

/** Global so billing can register its counter in DashboardCounters. */
@Global()
@Module({
  controllers: [DashboardController],
  providers: [
    DashboardCounters,
    {
      provide: LiveHub,
      inject: [ProjectionRunner],
      useFactory: (runner: ProjectionRunner) => {
        const hub = new LiveHub();
        bridgeProjectionsToHub(runner, hub, { projections: LIVE_PROJECTIONS, topicsOf: liveTopicsOf });
        return hub;
      },
    },
    LiveShutdown,
  ],
  exports: [DashboardCounters, LiveHub],
})
export class DashboardModule {}
