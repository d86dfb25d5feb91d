import { SqliteEventStore } from '@pf/event-store';
import { PersonalDataEventStore, SqliteKeyStore } from '@pf/personal-data';
import { ProjectionRunner } from '@pf/projections';
import { SqliteReadStore } from '@pf/read-store';
import { PERSONAL_DATA_POLICIES } from '../../apps/api/src/platform.module';
import { PORTAL_PROJECTIONS } from '../../apps/api/src/projections';

/**
 * The stores of a stopped portal's data folder, opened as `npm run projections:rebuild` does:
 * events read through the personal-data decorator, so projections see what they saw live.
 */
export async function openStoppedPortal(dataDir: string) {
  const keys = SqliteKeyStore.open(dataDir);
  const events = new PersonalDataEventStore(SqliteEventStore.open({ dataDir }), keys, PERSONAL_DATA_POLICIES);
  const reads = await SqliteReadStore.open({ dataDir });
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
      await reads.close();
      await events.close();
      await keys.close();
    },
  };
}
