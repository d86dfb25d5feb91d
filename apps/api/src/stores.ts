import { createEventStore, type EventStore } from '@pf/event-store';
import { MongoKeyStore, PersonalDataEventStore, SqliteKeyStore, type KeyStore } from '@pf/personal-data';
import { createReadStore, type ReadStore } from '@pf/read-store';
import { keyEncryptionKeyFor, type PortalConfig } from './config';
import { PERSONAL_DATA_POLICIES } from './personal-data-policies';

export interface PortalStores {
  keys: KeyStore;
  /** The event store as every capability must see it: through the personal-data sealing decorator. */
  events: EventStore;
  reads: ReadStore;
  close(): Promise<void>;
}

/** The key store, its keys wrapped by the key-encryption key (a wrong one fails here, before anything runs). */
export const openKeyStore = (config: PortalConfig): Promise<KeyStore> | KeyStore => {
  const keyEncryptionKey = keyEncryptionKeyFor(config);
  return config.mongoUrl ? MongoKeyStore.connect(config.mongoUrl, config.mongoDb, { keyEncryptionKey }) : SqliteKeyStore.open(config.dataDir, { keyEncryptionKey });
};

export async function sealedEventStore(config: PortalConfig, keys: KeyStore): Promise<EventStore> {
  return new PersonalDataEventStore(await createEventStore({ eventStoreUrl: config.eventStoreUrl, dataDir: config.dataDir }), keys, PERSONAL_DATA_POLICIES);
}

/**
 * The stores opened the one way the portal opens them, for tools that run without the HTTP app
 * (projection rebuilds, tests): a raw event store would show sealed personal data as erased.
 */
export async function openPortalStores(config: PortalConfig): Promise<PortalStores> {
  const keys = await openKeyStore(config);
  let events: EventStore | undefined;
  let reads: ReadStore;
  try {
    events = await sealedEventStore(config, keys);
    reads = await createReadStore({ mongoUrl: config.mongoUrl, dataDir: config.dataDir });
  } catch (error) {
    // E.g. the data folder is in use by another portal: release what was opened, then say so.
    await events?.close();
    await keys.close();
    throw error;
  }
  return {
    keys,
    events,
    reads,
    close: async () => {
      await reads.close();
      await events.close();
      await keys.close();
    },
  };
}
