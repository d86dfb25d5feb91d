import { communeScoped, type ReadStore } from './commune-scope';
import { MongoReadStore } from './mongodb-read-store';
import { SqliteReadStore } from './sqlite-read-store';

export interface ReadStoreConfig {
  /** When set (non-blank), the read models live in MongoDB; otherwise in SQLite under dataDir. */
  mongoUrl?: string;
  dataDir: string;
}

/** The portal's read store: the configured adapter, each commune's documents kept apart. */
export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore & { readonly documents: SqliteReadStore | MongoReadStore }> {
  const mongoUrl = config.mongoUrl?.trim();
  const documents = mongoUrl ? await MongoReadStore.connect({ url: mongoUrl }) : await SqliteReadStore.open({ dataDir: config.dataDir });
  return communeScoped(documents) as ReadStore & { readonly documents: SqliteReadStore | MongoReadStore };
}
