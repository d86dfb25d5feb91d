import type { ReadStore } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';
import { ReadStoreUnavailableError } from './read-store.port';

export interface ReadStoreConfig {
  /** When set (non-blank), the read models live in MongoDB; otherwise in SQLite under dataDir. */
  mongoUrl?: string;
  dataDir: string;
}

export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  const mongoUrl = config.mongoUrl?.trim();
  if (mongoUrl) throw new ReadStoreUnavailableError('The MongoDB read store adapter is not available yet.');
  return SqliteReadStore.open({ dataDir: config.dataDir });
}
