import { MongoReadStore } from './mongodb-read-store';
import type { ReadStore } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

export interface ReadStoreConfig {
  /** When set (non-blank), the read models live in MongoDB; otherwise in SQLite under dataDir. */
  mongoUrl?: string;
  dataDir: string;
}

export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  const mongoUrl = config.mongoUrl?.trim();
  if (mongoUrl) return MongoReadStore.connect({ url: mongoUrl });
  return SqliteReadStore.open({ dataDir: config.dataDir });
}
