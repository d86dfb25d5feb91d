import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { MongoReadStore } from './mongodb-read-store';
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

const mongoUrl = process.env.MONGO_URL?.trim();
if (mongoUrl) {
  const run = `pf_read_contract_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let n = 0;
  describeReadStoreContract('MongoDB', async () => {
    const dbName = `${run}_${n++}`;
    const store = await MongoReadStore.connect({ url: mongoUrl, dbName });
    return {
      store,
      async cleanup() {
        await store.close();
        const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });
} else {
  // Printed while the file loads: a beforeAll would never run, its only test being skipped.
  console.warn(
    [
      '',
      '################################################################################',
      '#  MongoDB read store contract SKIPPED: MONGO_URL is not set.                  #',
      '#  Only the embedded adapter was checked. To check MongoDB, run e.g.           #',
      '#  MONGO_URL="mongodb://localhost:27017/?replicaSet=rs0" npx jest read-store   #',
      '#  (a replica set is required: units of work are transactions).                #',
      '################################################################################',
      '',
    ].join('\n'),
  );
  describe('ReadStore contract: MongoDB', () => {
    it.skip('MongoDB contract SKIPPED: set MONGO_URL to run it', () => undefined);
  });
}
