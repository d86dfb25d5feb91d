import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from './read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

describeReadStoreContract('embedded (SQLite)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pf-read-store-'));
  const store = await SqliteReadStore.open({ dataDir });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
