/**
 * npm run bench:projections
 *
 * (1) Catch-up: every read model of the portal (PORTAL_PROJECTIONS) built from position 0 over
 *     100,000 events of a realistic mix (families, bookings accepted / refused / waiting-listed,
 *     contact conversations, read marks, news), read through the personal-data decorator as the
 *     portal reads them. Target: >= 20,000 events/s. Each projection is then timed alone, and the
 *     embedded read store's raw unit-of-work cost is measured, to say where the time goes.
 * (2) Lag under a steady command load: the real portal (HTTP on 127.0.0.1) receives booking and
 *     contact commands at a fixed rate, open loop; the lag of an event is the time from its append to
 *     the moment the last read model has it. Target: p99 < 1 s.
 * Bounded: fixed counts and a fixed load duration; everything lives in temporary folders.
 * When tuning: BENCH_ONLY=audit,planning catches up only those read models (the target line is
 * then about them only); BENCH_BATCH=n sets the runner's batch size instead of the portal's;
 * BENCH_REPEAT=n runs the catch-up of them all n times (default 3) and counts the median.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { EventBus } from '@nestjs/cqrs';
import { FixedClock } from '@pf/domain';
import { SqliteEventStore, type EventToAppend, type RecordedEvent } from '@pf/event-store';
import { PersonalDataEventStore } from '@pf/personal-data';
import { ProjectionRunner, type ProjectionDefinition } from '@pf/projections';
import { communeScoped, SqliteReadStore } from '@pf/read-store';
import { createPortal } from '../apps/api/src/bootstrap';
import { configFromEnv } from '../apps/api/src/config';
import { PERSONAL_DATA_POLICIES } from '../apps/api/src/personal-data-policies';
import { PORTAL_PROJECTIONS } from '../apps/api/src/projections';
import { StoredEventsAppended } from '../apps/api/src/stored-events-appended';
import { openKeyStore } from '../apps/api/src/stores';
import { ApiClient, STAFF } from '../test/support/api-client';

const TOTAL_EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const CATCH_UP_TARGET = 20_000;
const LOAD_RATE_PER_S = Number(process.env.BENCH_RATE ?? 50);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LAG_TARGET_MS = 1000;
const COMMUNE = 'saint-hilaire-du-bois';
const BATCH_SIZE = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

/** The read models caught up: the portal's, or those BENCH_ONLY names. */
function chosenProjections(): ProjectionDefinition[] {
  const names = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  if (!names?.length) return PORTAL_PROJECTIONS;
  const unknown = names.filter((n) => !PORTAL_PROJECTIONS.some((d) => d.name === n));
  if (unknown.length) throw new Error(`BENCH_ONLY: no read model named ${unknown.join(', ')} (known: ${PORTAL_PROJECTIONS.map((d) => d.name).join(', ')})`);
  return PORTAL_PROJECTIONS.filter((d) => names.includes(d.name));
}

const clock = new FixedClock('2026-11-02T08:00:00Z');

function portalConfig(dataDir: string) {
  return configFromEnv(
    { ...process.env, EVENTSTORE_URL: '', MONGO_URL: '' },
    { dataDir, port: 0, host: '127.0.0.1', clientDir: join(dataDir, 'no-client'), sessionSecret: 'bench-secret-0123456789-0123456789-abcdef', mailCatcherPort: 0, smtpUrl: undefined },
  );
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const rate = (events: number, millis: number) => Math.round((events / millis) * 1000);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** School days (Mon, Tue, Thu, Fri) from 2026-11-03 on. */
function schoolDays(count: number): string[] {
  const days: string[] = [];
  for (let d = new Date('2026-11-03T00:00:00Z'); days.length < count; d.setUTCDate(d.getUTCDate() + 1)) {
    if ([1, 2, 4, 5].includes(d.getUTCDay())) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

interface Seeded {
  activities: string[];
  agent: { kind: 'staff'; id: string; name: string };
}

/** The demo commune through the real portal (commune, activities, staff, three families), then closed. */
async function seedCommune(dataDir: string): Promise<Seeded> {
  const { app } = await createPortal(portalConfig(dataDir), { clock, logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const staff = new ApiClient(base);
  const me = (await staff.signIn(STAFF.email, STAFF.password)).body;
  const activities = (await staff.get('/api/activities')).body.items.filter((a: any) => a.kind !== 'holiday_centre').map((a: any) => a.activityId as string);
  await app.close();
  return { activities, agent: { kind: 'staff', id: me.accountId ?? 'agent', name: me.displayName ?? 'Agent' } };
}

/** ~100,000 events shaped like the capabilities' own, appended in large batches. */
async function generate(events: PersonalDataEventStore, seeded: Seeded, needed: number): Promise<number> {
  const families = 1000;
  const meta = (actor: EventToAppend['metadata']['actor'], channel: 'web' | 'back-office', at: string) => {
    const id = randomUUID();
    return { id, metadata: { communeId: COMMUNE, actor, channel, correlationId: id, causationId: id, occurredAt: at, schemaVersion: 1 } };
  };
  const rules = { kind: 'rule' as const, id: 'booking-rules', name: 'Règles de réservation' };
  const parents = Array.from({ length: families }, (_, i) => ({
    familyId: randomUUID(),
    accountId: randomUUID(),
    children: [randomUUID(), randomUUID()],
    name: `Famille BENCH${i}`,
  }));
  let written = 0;
  const write = async (stream: string, batch: EventToAppend[]) => {
    for (let i = 0; i < batch.length; i += 2000) await events.append(stream, batch.slice(i, i + 2000), 'any');
    written += batch.length;
  };
  const at = '2026-11-02T08:00:00.000Z';

  // Family files, with names and e-mails (sealed per family by the decorator).
  for (const p of parents) {
    await write(`family-${COMMUNE}.${p.familyId}`, [
      {
        ...meta(seeded.agent, 'back-office', at),
        type: 'FamilyFileOpened',
        data: {
          familyId: p.familyId,
          name: p.name,
          guardians: [{ guardianId: randomUUID(), civility: 'Mme', lastName: 'Bench', firstName: 'Claire', email: `parent.${p.familyId}@example.fr` }],
          children: p.children.map((childId, i) => ({ childId, firstName: `Enfant${i}`, lastName: 'Bench', birthDate: '2018-04-12' })),
        },
      },
    ]);
  }
  // Bookings: per day and activity one stream; each booking is requested then accepted, refused or waiting-listed.
  const days = schoolDays(200);
  let day = 0;
  while (written < needed - 3 * families) {
    const d = days[day % days.length];
    const activityId = seeded.activities[Math.floor(day / days.length) % seeded.activities.length];
    day++;
    const batch: EventToAppend[] = [];
    for (const p of parents.slice(0, 500)) {
      const childId = p.children[day % 2];
      const key = { requestId: randomUUID(), familyId: p.familyId, childId, activityId, day: d, group: 'elementaire' };
      const parent = { kind: 'guardian' as const, id: p.accountId, name: 'Claire Bench' };
      batch.push({ ...meta(parent, 'web', at), type: 'ReservationRequested', data: key });
      const roll = batch.length % 20;
      if (roll === 0) batch.push({ ...meta(rules, 'web', at), type: 'ReservationRefused', data: { ...key, reasonCode: 'PAST_DEADLINE', reasonText: 'Le délai de réservation est dépassé.' } });
      else if (roll === 1) batch.push({ ...meta(rules, 'web', at), type: 'ReservationWaitlisted', data: { ...key, rank: 1 } });
      else batch.push({ ...meta(rules, 'web', at), type: 'ReservationAccepted', data: key });
    }
    await write(`activityday-${COMMUNE}.${activityId}.${d}`, batch);
  }
  // Contact conversations, read marks and news.
  for (const p of parents) {
    if (written >= needed) break;
    const requestId = randomUUID();
    const parent = { kind: 'guardian' as const, id: p.accountId, name: 'Claire Bench' };
    await write(`contact-${COMMUNE}.${requestId}`, [
      { ...meta(parent, 'web', at), type: 'ContactMessageSent', data: { requestId, familyId: p.familyId, topic: 'billing', text: 'Bonjour, où est ma facture ?' } },
      { ...meta(seeded.agent, 'back-office', at), type: 'ContactMessageAnswered', data: { requestId, familyId: p.familyId, text: 'Dans votre espace.' } },
    ]);
    await write(`familyinbox-${COMMUNE}.${p.familyId}`, [{ ...meta(parent, 'web', at), type: 'FamilyRequestsRead', data: { familyId: p.familyId, scope: 'all', seen: [] } }]);
  }
  for (let i = 0; written < needed; i++) {
    const newsId = randomUUID();
    await write(`news-${COMMUNE}.${newsId}`, [
      {
        ...meta(seeded.agent, 'back-office', at),
        type: 'NewsItemPublished',
        data: { newsId, title: `Actualité ${i}`, body: 'Texte', publishFrom: '2026-11-02', publishUntil: null, audience: { kind: 'commune' } },
      },
    ]);
  }
  return written;
}

async function openStores(dataDir: string, readFile: string) {
  // The portal's own way: the key-encryption key the seeding portal used (kept in the data folder).
  const keys = await openKeyStore(portalConfig(dataDir));
  const events = new PersonalDataEventStore(SqliteEventStore.open({ dataDir, synchronous: 'NORMAL' }), keys, PERSONAL_DATA_POLICIES);
  const reads = communeScoped(await SqliteReadStore.open({ dataDir, fileName: readFile }));
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

/** CPU time (user + system, this process) of the last catch-up: less sensitive than wall time to other work on the machine. */
let lastCpuMs = 0;
/** The main thread's share of it (projections' code, reading the log); the rest is the read store's writer thread and the GC's. */
let lastMainThreadCpuMs = NaN;

/** CPU time (ms) of each thread of this process, by thread id (Linux /proc; empty elsewhere). */
function threadCpuMs(): Map<string, number> {
  const times = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      // utime and stime (fields 14 and 15), in clock ticks of 10 ms, after the command name in parentheses.
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      times.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    times.clear();
  }
  return times;
}

/** Time for `definitions` to catch up from 0 to the head, on a fresh read store file. */
async function catchUp(dataDir: string, definitions: ProjectionDefinition[], label: string): Promise<number> {
  const readFile = `bench-${label}-${randomUUID()}.sqlite`;
  const stores = await openStores(dataDir, readFile);
  const head = await stores.events.headPosition();
  // The portal's own runner settings, unless BENCH_BATCH says otherwise.
  const runner = new ProjectionRunner(stores.events, stores.reads, definitions, BATCH_SIZE ? { batchSize: BATCH_SIZE } : {});
  const started = performance.now();
  const cpu = process.cpuUsage();
  const threadsBefore = threadCpuMs();
  await runner.start();
  if (!(await runner.waitFor(head, 600_000))) throw new Error(`${label}: did not catch up`);
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  const threadsAfter = threadCpuMs();
  lastMainThreadCpuMs = threadsAfter.size ? (threadsAfter.get(String(process.pid)) ?? 0) - (threadsBefore.get(String(process.pid)) ?? 0) : NaN;
  await runner.stop();
  await stores.close();
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(join(dataDir, `${readFile}${suffix}`), { force: true });
  return elapsed;
}

/** What the embedded read store costs per unit of work and per document, without any projection logic. */
async function readStoreBaseline(dataDir: string): Promise<{ unitsPerS: number; docsPerS: number }> {
  const readFile = `bench-raw-${randomUUID()}.sqlite`;
  const reads = await SqliteReadStore.open({ dataDir, fileName: readFile });
  await reads.ensureCollection({ name: 'raw', indexes: [{ fields: ['familyId'] }] });
  const units = 2000;
  let started = performance.now();
  for (let i = 0; i < units; i++) await reads.unitOfWork((uow) => uow.collection('raw').upsert({ _id: `u${i}`, familyId: 'f' }));
  const unitsPerS = rate(units, performance.now() - started);
  const docs = 50_000;
  started = performance.now();
  for (let b = 0; b < docs / 500; b++) {
    await reads.unitOfWork(async (uow) => {
      const col = uow.collection('raw');
      for (let i = 0; i < 500; i++) {
        const id = `d${b * 500 + i}`;
        await col.get(id);
        await col.upsert({ _id: id, familyId: `f${i % 50}`, payload: { day: '2026-12-03', status: 'reserved' } });
      }
    });
  }
  const docsPerS = rate(docs, performance.now() - started);
  await reads.close();
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(join(dataDir, `${readFile}${suffix}`), { force: true });
  return { unitsPerS, docsPerS };
}

async function benchCatchUp(): Promise<number> {
  // BENCH_KEEP_EVENTS=<folder>: generate the events there once and reuse them on later runs (when tuning).
  const kept = process.env.BENCH_KEEP_EVENTS;
  const dataDir = kept ? (mkdirSync(kept, { recursive: true }), kept) : mkdtempSync(join(tmpdir(), 'pf-bench-projections-'));
  try {
    console.log(`\n(1) catch-up of every read model over ${TOTAL_EVENTS.toLocaleString('fr-FR')} events`);
    const plain = SqliteEventStore.open({ dataDir });
    const generated = (await plain.headPosition()) > 0;
    await plain.close();
    if (!generated) {
      const seeded = await seedCommune(dataDir);
      const stores = await openStores(dataDir, 'unused.sqlite');
      const started = performance.now();
      const written = await generate(stores.events, seeded, TOTAL_EVENTS - (await stores.events.headPosition()));
      await stores.close();
      console.log(`  generated ${written.toLocaleString('fr-FR')} events in ${ms(performance.now() - started)}`);
    }
    const stores = await openStores(dataDir, 'unused.sqlite');
    let started = performance.now();
    const head = await stores.events.headPosition();
    console.log(`  store head ${head.toLocaleString('fr-FR')}`);
    started = performance.now();
    const all = (await stores.events.readAll({ limit: 1_000_000 })).length;
    const readMs = performance.now() - started;
    await stores.close();
    console.log(`  reading them all through the personal-data decorator: ${rate(all, readMs).toLocaleString('fr-FR')} events/s`);

    const projections = chosenProjections();
    const alone: Array<{ name: string; ms: number; cpuMs: number }> = [];
    if (process.env.BENCH_ALONE_FIRST) {
      for (const definition of projections) {
        alone.push({ name: definition.name, ms: await catchUp(dataDir, [definition], definition.name), cpuMs: lastCpuMs });
        console.log(`    ${definition.name} ${ms(alone[alone.length - 1].ms)} heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
      }
    }
    // This machine's speed varies from run to run (a shared host): the catch-up runs REPEAT times and the median counts.
    const runs: Array<{ ms: number; cpuMs: number }> = [];
    for (let i = 0; i < REPEAT; i++) {
      const elapsed = await catchUp(dataDir, projections, 'all');
      runs.push({ ms: elapsed, cpuMs: lastCpuMs });
      const threads = Number.isNaN(lastMainThreadCpuMs) ? '' : ` (main thread ${ms(lastMainThreadCpuMs)}: projections' code and reading the log; other threads ${ms(lastCpuMs - lastMainThreadCpuMs)}: the read store's writer and the GC)`;
      console.log(`  run ${i + 1}/${REPEAT}: ${ms(elapsed)} → ${rate(head, elapsed).toLocaleString('fr-FR')} events/s, CPU ${ms(lastCpuMs)}${threads}`);
    }
    const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
    const eventsPerS = rate(head, median.ms);
    const range = runs.length > 1 ? ` (runs: ${[...runs].sort((a, b) => b.ms - a.ms).map((r) => rate(head, r.ms).toLocaleString('fr-FR')).join(', ')})` : '';
    console.log(`  ${projections === PORTAL_PROJECTIONS ? 'all ' : ''}${projections.length} projections together, median of ${runs.length}: ${ms(median.ms)} → ${eventsPerS.toLocaleString('fr-FR')} events/s${range} (target ≥ ${CATCH_UP_TARGET.toLocaleString('fr-FR')}) ${eventsPerS >= CATCH_UP_TARGET ? 'OK' : 'BELOW TARGET'}`);
    console.log(`  CPU of that run ${ms(median.cpuMs)} on ${availableParallelism()} cores`);
    // Catch-up is CPU-bound: even with every core busy all along, it cannot beat this.
    console.log(`  ceiling at this CPU cost on this machine: ${rate(head, median.cpuMs / availableParallelism()).toLocaleString('fr-FR')} events/s (every core busy all along)`);

    if (process.env.BENCH_ALONE === '0') return eventsPerS;
    console.log('  each projection alone (same events, fresh read store):');
    if (!alone.length) for (const definition of projections) alone.push({ name: definition.name, ms: await catchUp(dataDir, [definition], definition.name), cpuMs: lastCpuMs });
    // A projection's own CPU cost is its CPU alone minus that of reading the log: among all the
    // portal's read models, the cheapest one alone costs about only that.
    const reading = projections === PORTAL_PROJECTIONS ? Math.min(...alone.map((a) => a.cpuMs)) : undefined;
    for (const { name, ms: t, cpuMs } of alone.sort((a, b) => b.ms - a.ms)) {
      const own = reading === undefined ? '' : ` (own ≈ ${ms(Math.max(0, cpuMs - reading))})`;
      console.log(`    ${name.padEnd(22)} ${ms(t).padStart(9)}  ${rate(head, t).toLocaleString('fr-FR').padStart(10)} events/s   CPU ${ms(cpuMs).padStart(8)}${own}`);
    }
    const baseline = await readStoreBaseline(dataDir);
    console.log(
      `  embedded read store alone: ${baseline.unitsPerS.toLocaleString('fr-FR')} units of work/s (1 document each), ${baseline.docsPerS.toLocaleString('fr-FR')} get+upsert/s in units of 500`,
    );
    return eventsPerS;
  } finally {
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchLag(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pf-bench-lag-'));
  const { app } = await createPortal(portalConfig(dataDir), { clock, logger: false });
  try {
    console.log(`\n(2) projection lag under a steady load of ${LOAD_RATE_PER_S} commands/s for ${LOAD_SECONDS} s (real portal over HTTP)`);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const runner = app.get(ProjectionRunner);
    const appended = new Map<number, number>();
    const applied = new Map<string, Array<{ position: number; at: number }>>(runner.names.map((n) => [n, []]));
    app.get(EventBus).subscribe((e) => {
      if (e instanceof StoredEventsAppended) {
        const now = performance.now();
        for (const r of e.events as RecordedEvent[]) if (r.position > 0) appended.set(r.position, now);
      }
    });
    runner.onApplied((name, batch) => applied.get(name)!.push({ position: batch[batch.length - 1].position, at: performance.now() }));

    const parents = await Promise.all(
      [['claire.martin@example.fr'], ['thomas.bernard@example.fr']].map(async ([email]) => {
        const client = new ApiClient(base);
        const familyId = (await client.signIn(email, 'Famille-2026')).body.familyId as string;
        const children = (await client.get(`/api/families/${familyId}`)).body.children.map((c: any) => c.childId as string);
        return { client, familyId, children };
      }),
    );
    const activities = (await parents[0].client.get('/api/activities')).body.items.filter((a: any) => a.kind !== 'holiday_centre').map((a: any) => a.activityId as string);
    const combos: Array<() => Promise<unknown>> = [];
    for (const day of schoolDays(150)) {
      for (const activityId of activities) {
        for (const p of parents) for (const childId of p.children) combos.push(() => p.client.post('/api/reservations', { requestId: randomUUID(), childId, activityId, day }));
      }
    }
    const total = LOAD_RATE_PER_S * LOAD_SECONDS;
    const pending: Array<Promise<unknown>> = [];
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / LOAD_RATE_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      const command =
        i % 10 === 9
          ? () => parents[i % 2].client.post(`/api/families/${parents[i % 2].familyId}/contact`, { requestId: randomUUID(), topic: 'other', text: `Question ${i}` })
          : combos[i % combos.length];
      pending.push(command().then(() => latencies.push(performance.now() - sent)));
    }
    await Promise.all(pending);
    const loadMs = performance.now() - started;

    const lags: number[] = [];
    for (const [position, at] of appended) {
      let last = 0;
      for (const timeline of applied.values()) {
        const hit = timeline.find((t) => t.position >= position);
        if (!hit) throw new Error(`position ${position} never applied`);
        last = Math.max(last, hit.at);
      }
      lags.push(last - at);
    }
    lags.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const p99 = percentile(lags, 99);
    console.log(`  ${total} commands in ${ms(loadMs)} (${rate(total, loadMs)} commands/s), ${lags.length} events appended`);
    console.log(`  lag append → every read model: p50 ${ms(percentile(lags, 50))}, p95 ${ms(percentile(lags, 95))}, p99 ${ms(p99)}, max ${ms(lags[lags.length - 1])} (target p99 < ${LAG_TARGET_MS} ms) ${p99 < LAG_TARGET_MS ? 'OK' : 'ABOVE TARGET'}`);
    console.log(`  command answered (read-your-writes included): p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
    return p99;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const part = process.env.BENCH_PART ?? 'all';
  const eventsPerS = part === 'lag' ? NaN : await benchCatchUp();
  const p99 = part === 'catchup' ? NaN : await benchLag();
  console.log(`\nsummary: catch-up ${eventsPerS.toLocaleString('fr-FR')} events/s (≥ ${CATCH_UP_TARGET.toLocaleString('fr-FR')}), lag p99 ${ms(p99)} (< ${LAG_TARGET_MS} ms)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
