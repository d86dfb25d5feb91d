import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from './event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('embedded (SQLite)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pf-event-store-'));
  const store = SqliteEventStore.open({ dataDir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

const eventStoreUrl = process.env.EVENTSTORE_URL;
if (eventStoreUrl) {
  describeEventStoreContract(`KurrentDB (${eventStoreUrl.replace(/\/\/[^@/]*@/, '//***@')})`, async () => {
    const store = KurrentDbEventStore.connect(eventStoreUrl);
    return { store, cleanup: () => store.close() };
  });
} else {
  describe('EventStore contract: KurrentDB', () => {
    // At collection time: jest runs no hook of a describe whose tests are all skipped.
    console.warn(
      [
        '',
        '************************************************************************',
        '*  KurrentDB CONTRACT NOT RUN: EVENTSTORE_URL is not set.              *',
        '*  Only the embedded adapter was checked. To run it against a server:  *',
        '*  EVENTSTORE_URL=kurrentdb://localhost:2113?tls=false npx jest ...    *',
        '************************************************************************',
        '',
      ].join('\n'),
    );
    it.skip('KurrentDB contract SKIPPED: set EVENTSTORE_URL to run it', () => undefined);
  });
}
