import { EventStore, EventStoreUnavailableError } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { SqliteEventStore } from './sqlite-event-store';

export interface EventStoreConfig {
  /** KurrentDB / EventStoreDB connection string (EVENTSTORE_URL). When unset, the embedded store is used. */
  eventStoreUrl?: string;
  /** DATA_DIR: the embedded store's folder. */
  dataDir: string;
}

/**
 * KurrentDB when a URL is configured, else the embedded SQLite store under dataDir.
 * Fails fast with EventStoreUnavailableError: a locked data folder, or a KurrentDB server that does
 * not answer at startup (a misconfigured URL should stop the boot, not surface on the first request).
 */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  const url = config.eventStoreUrl?.trim();
  if (!url) return SqliteEventStore.open({ dataDir: config.dataDir });
  const store = KurrentDbEventStore.connect(url);
  const health = await store.health();
  if (!health.reachable) {
    await store.close();
    throw new EventStoreUnavailableError(
      `EVENTSTORE_URL is set but KurrentDB at ${health.location} does not answer: ${health.detail ?? 'unreachable'}`,
    );
  }
  return store;
}
