/**
 * npm run bench:store
 *
 * Events appended per second through SqliteEventStore, next to raw better-sqlite3 inserts of the
 * same rows into the same schema with the same pragmas (WAL, exclusive locking, same `synchronous`):
 *   (a) 1 event per append   vs  one transaction per row
 *   (b) 100 events per append vs  100 rows per transaction
 * Target: adapter / raw >= 0.5 in each mode. The raw side gets its JSON already serialised, so the
 * ratio charges the adapter with everything it does (serialising, revision check, id check, promise).
 * Fixed counts keep each measurement to a few seconds at most.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventToAppend, SQLITE_EVENTS_SCHEMA, SQLITE_INSERT_EVENT_SQL, SqliteEventStore } from '@pf/event-store';

type Synchronous = 'FULL' | 'NORMAL';
const TARGET = 0.5;
const STREAMS = 50;

interface Mode {
  name: string;
  perAppend: number;
  /** Total events, per synchronous setting (FULL pays an fsync per commit). */
  events: Record<Synchronous, number>;
}

const MODES: Mode[] = [
  { name: '(a) 1 event / append', perAppend: 1, events: { FULL: 3_000, NORMAL: 30_000 } },
  { name: '(b) 100 events / append', perAppend: 100, events: { FULL: 50_000, NORMAL: 100_000 } },
];

function makeEvents(count: number): EventToAppend[] {
  const occurredAt = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: 'ReservationRequested',
    data: { requestId: randomUUID(), childId: `child-${i % 300}`, day: '2026-05-19', activityId: 'cantine', note: null },
    metadata: {
      communeId: 'commune-bench',
      actor: { kind: 'guardian', id: `guardian-${i % 200}`, name: 'Camille Martin' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt,
      schemaVersion: 1,
      channel: 'web',
    },
  }));
}

/** Splits the events into appends, each to one of STREAMS streams, with its exact expected revision. */
function plan(events: EventToAppend[], perAppend: number) {
  const last = new Map<string, number>();
  const appends: { stream: string; events: EventToAppend[]; expected: number | 'no_stream'; firstRevision: number }[] = [];
  for (let i = 0; i < events.length; i += perAppend) {
    const stream = `bench-${(i / perAppend) % STREAMS}`;
    const revision = last.get(stream);
    const batch = events.slice(i, i + perAppend);
    appends.push({ stream, events: batch, expected: revision ?? 'no_stream', firstRevision: (revision ?? -1) + 1 });
    last.set(stream, (revision ?? -1) + batch.length);
  }
  return appends;
}

async function viaAdapter(dir: string, synchronous: Synchronous, appends: ReturnType<typeof plan>): Promise<number> {
  const store = SqliteEventStore.open({ dataDir: dir, synchronous });
  const started = process.hrtime.bigint();
  for (const a of appends) await store.append(a.stream, a.events, a.expected);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return seconds;
}

function viaRaw(dir: string, synchronous: Synchronous, appends: ReturnType<typeof plan>): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(SQLITE_EVENTS_SCHEMA);
  const insert = db.prepare(SQLITE_INSERT_EVENT_SQL);
  type Row = [string, string, number, string, string, string, string];
  const insertMany = db.transaction((rows: Row[]) => {
    for (const row of rows) insert.run(...row);
  });
  const recordedAt = new Date().toISOString();
  const batches: Row[][] = appends.map((a) =>
    a.events.map((e, i) => [e.id, a.stream, a.firstRevision + i, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), recordedAt]),
  );
  const started = process.hrtime.bigint();
  for (const rows of batches) insertMany(rows);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return seconds;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pf-bench-store-'));
  const rows: string[][] = [];
  let failed = false;
  try {
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      for (const mode of MODES) {
        const count = mode.events[synchronous];
        const appends = plan(makeEvents(count), mode.perAppend);
        // Warm up both paths (JIT, page cache) on a small run in throw-away folders.
        const warm = plan(makeEvents(Math.min(count, 2_000)), mode.perAppend);
        await viaAdapter(mkdtempSync(join(root, 'warm-')), synchronous, warm);
        viaRaw(mkdtempSync(join(root, 'warm-')), synchronous, warm);

        const raw = viaRaw(mkdtempSync(join(root, 'raw-')), synchronous, appends);
        const adapter = await viaAdapter(mkdtempSync(join(root, 'adapter-')), synchronous, appends);
        const adapterRate = count / adapter;
        const rawRate = count / raw;
        const ratio = adapterRate / rawRate;
        if (ratio < TARGET) failed = true;
        rows.push([
          synchronous === 'FULL' ? 'FULL (default)' : 'NORMAL',
          mode.name,
          String(count),
          fmt(adapterRate),
          fmt(rawRate),
          ratio.toFixed(2),
          ratio >= TARGET ? 'ok' : 'BELOW TARGET',
        ]);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  const header = ['synchronous', 'mode', 'events', 'adapter ev/s', 'raw ev/s', 'adapter/raw', `target >= ${TARGET}`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(`SqliteEventStore vs raw better-sqlite3 — Node ${process.version}, ${tmpdir()}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(`Target: each adapter/raw ratio >= ${TARGET}. ${failed ? 'NOT MET.' : 'Met.'}`);
  if (failed) process.exitCode = 1;
}

function fmt(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
