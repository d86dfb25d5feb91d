/**
 * A separate process for the embedded store's crash and lock specs (not a test itself).
 *   writer <dataDir>: appends batches of 5 events forever, printing "ACK <stream> <revision>" per append.
 *   holder <dataDir>: opens the store, prints "READY", and keeps it open until killed.
 */
import { randomUUID } from 'node:crypto';
import { EventToAppend } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const [mode, dataDir] = process.argv.slice(2);

async function writer(): Promise<void> {
  const store = SqliteEventStore.open({ dataDir });
  const last = new Map<string, number>();
  for (let i = 0; ; i++) {
    const stream = `crash-${i % 7}`;
    // On a restart after a kill, carry on from what the store holds.
    if (!last.has(stream)) {
      const existing = await store.readStream(stream);
      if (existing.length > 0) last.set(stream, existing[existing.length - 1].revision);
    }
    const revision = last.get(stream);
    const batch: EventToAppend[] = Array.from({ length: 5 }, (_, n) => ({
      id: randomUUID(),
      type: 'CrashTestEvent',
      data: { batch: i, n, padding: 'x'.repeat(200) },
      metadata: {
        communeId: 'c',
        actor: { kind: 'system', id: 'crash-writer' },
        correlationId: `batch-${i}`,
        causationId: `batch-${i}`,
        occurredAt: new Date().toISOString(),
        schemaVersion: 1,
      },
    }));
    const result = await store.append(stream, batch, revision ?? 'no_stream');
    last.set(stream, result.nextExpectedRevision);
    process.stdout.write(`ACK ${stream} ${result.nextExpectedRevision}\n`);
  }
}

function holder(): void {
  SqliteEventStore.open({ dataDir });
  process.stdout.write('READY\n');
  setInterval(() => undefined, 60_000);
}

if (mode === 'writer') {
  writer().catch((error) => {
    process.stderr.write(`writer failed: ${String(error)}\n`);
    process.exit(1);
  });
} else if (mode === 'holder') {
  try {
    holder();
  } catch (error) {
    process.stderr.write(`holder failed: ${String(error)}\n`);
    process.exit(1);
  }
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
