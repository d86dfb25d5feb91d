import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from './event-store.factory';
import { EventStore, EventStoreUnavailableError } from './event-store.port';

describe('createEventStore', () => {
  let dataDir: string;
  let store: EventStore | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pf-factory-'));
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses the embedded store under the data folder when no KurrentDB URL is configured', async () => {
    store = await createEventStore({ dataDir, eventStoreUrl: '  ' });
    expect(store.adapter).toBe('embedded');
    expect((await store.health()).location).toBe(join(dataDir, 'events.sqlite'));
  });

  it('stops the boot with a clear error when the configured KurrentDB does not answer', async () => {
    const started = Date.now();
    const error = await createEventStore({ dataDir, eventStoreUrl: 'kurrentdb://127.0.0.1:1?tls=false' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toMatch(/EVENTSTORE_URL is set but KurrentDB at kurrentdb:\/\/127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
