import { ProjectionRunner } from '@pf/projections';
import { configFromEnv } from '../../apps/api/src/config';
import { PORTAL_PROJECTIONS } from '../../apps/api/src/projections';
import { openPortalStores } from '../../apps/api/src/stores';

/**
 * The stores of a stopped portal's data folder, opened as `npm run projections:rebuild` does:
 * events read through the personal-data decorator, so projections see what they saw live.
 */
export async function openStoppedPortal(dataDir: string) {
  const stores = await openPortalStores(configFromEnv({ ...process.env, EVENTSTORE_URL: '', MONGO_URL: '' }, { dataDir }));
  const { events, reads } = stores;
  const runner = new ProjectionRunner(events, reads, PORTAL_PROJECTIONS, { retryDelayMs: 50 });
  return {
    events,
    reads,
    runner,
    /** Rebuilds every read model from the first event; fails instead of waiting for ever on a stalled projection. */
    async rebuildAll(timeoutMs = 30_000): Promise<void> {
      await runner.start();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(async () => reject(new Error(`rebuild did not finish in ${timeoutMs} ms: ${JSON.stringify(await runner.status())}`)), timeoutMs);
      });
      try {
        for (const name of runner.names) await Promise.race([runner.rebuild(name), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close(): Promise<void> {
      await runner.stop();
      await stores.close();
    },
  };
}
