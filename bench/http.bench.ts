/**
 * npm run bench:http
 *
 * The portal over real HTTP, as parents use it: the built portal (`node dist/.../main.js`) started
 * as a child process on 127.0.0.1 with embedded stores in a fresh DATA_DIR (default durability),
 * driven by a closed-loop load generator (undici) in this process, each parent with a real session
 * (sign-up with the code abonné, activation link from the local mail catcher, sign-in) and the CSRF
 * cookie echoed on writes.
 *   (a) single-day bookings, POST /api/reservations, BENCH_CLIENTS (100) concurrent clients for
 *       BENCH_SECONDS (30), every request a distinct child × day (the children enrolled in a canteen
 *       of the demo commune, the days open and within the booking deadline).
 *       Targets: >= 0.8 × the bare route's bookings/s, p99 <= 2 × its p99.
 *   (b) the same load on a bare NestJS route (bench/http/bare-app.ts, its own process): the same
 *       DTO shape through the same validation pipe, one SQLite insert (WAL, synchronous FULL).
 *   (c) mixed traffic for BENCH_MIXED_SECONDS (60), BENCH_CLIENTS clients: 60 % planning reads (the
 *       family planning a parent's screen loads, month or week), 25 % bookings, 15 % cancellations
 *       of earlier bookings. Targets: p99 < 250 ms for reads, < 500 ms for bookings, RSS flat after
 *       warm-up.
 * Then every acknowledged booking (and cancellation) is looked for in the family's planning.
 * Bounded in time; child processes and temporary folders are removed at the end, even on failure.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connectionPool, expectStatus, type Reply, Session } from './http/client';
import {
  type BenchFamily,
  CANTEEN_WEEKDAYS,
  createCanteen,
  createFacility,
  elapsed,
  enrol,
  healthLag,
  MailFolder,
  openFamilies,
  schoolYearNow,
  signUpGuardians,
  staffSession,
  todayInParis,
  waitCaughtUp,
} from './http/commune';
import { closedLoop, withCpu } from './http/load';
import { ensureBuilt, printLogProblems, processCpuMs, profilePhase, runBench, startBare, startPortal, tempFolder, type ServerProcess } from './http/processes';
import { fmt, KindStats, machineLoad, ms, printKinds, sampler, seededRandom, shuffle } from './http/stats';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CHILDREN = Number(process.env.BENCH_HTTP_CHILDREN ?? 600);
const FAMILY_SIZE = Math.max(1, Number(process.env.BENCH_FAMILY_SIZE ?? 2));
const SETUP_CONCURRENCY = Number(process.env.BENCH_SETUP_CONCURRENCY ?? 32);
const PARTS = (process.env.BENCH_PART ?? 'a,b,c').split(',');

interface Pair {
  family: BenchFamily;
  childId: string;
  day: string;
}

interface Acknowledged {
  family: BenchFamily;
  childId: string;
  day: string;
  /** What the planning must say now: reserved, waitlisted, cancelled. */
  expected: string;
  cancellable: boolean;
}

/** Monday on or before `day`, Sunday on or after the month's end: the month view of the planning. */
function monthView(day: string): { from: string; to: string } {
  const first = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const from = new Date(first);
  from.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  const to = new Date(last);
  to.setUTCDate(last.getUTCDate() + ((7 - last.getUTCDay()) % 7));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** Monday … Sunday of the week of `day`: the week view. */
function weekView(day: string): { from: string; to: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const from = new Date(d);
  from.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  const to = new Date(from);
  to.setUTCDate(from.getUTCDate() + 6);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

runBench(async () => {
  console.log(`bench:http — ${CLIENTS} clients, (a)/(b) ${SECONDS} s, (c) ${MIXED_SECONDS} s, ${CHILDREN} enfants (${FAMILY_SIZE} par famille), parties ${PARTS.join(',')}`);
  ensureBuilt();
  const root = tempFolder('pf-bench-http-');
  const dataDir = join(root, 'data');
  const startedAll = performance.now();
  const portal = await startPortal(dataDir, join(root, 'portal.log'));
  console.log(`Portail démarré (pid ${portal.pid}, ${portal.baseUrl}, DATA_DIR ${dataDir}) en ${elapsed(startedAll)}`);
  const pool = connectionPool(portal.baseUrl, { connections: Math.max(CLIENTS, SETUP_CONCURRENCY) });

  // --- Setup, over HTTP -----------------------------------------------------------------------
  const setupStarted = performance.now();
  const staff = await staffSession(pool);
  const today = todayInParis();
  const year = schoolYearNow(today);
  const facilityId = await createFacility(staff, 'Restaurant scolaire du banc HTTP');
  const canteenId = await createCanteen(staff, facilityId, 'Restaurant scolaire (banc HTTP)', 10_000, year);
  const families = await openFamilies(staff, Math.ceil(CHILDREN / FAMILY_SIZE), FAMILY_SIZE, SETUP_CONCURRENCY, randomUUID().slice(0, 8));
  const children = families.flatMap((f) => f.children.map((childId) => ({ family: f, childId }))).slice(0, CHILDREN);
  await enrol(staff, children.map((c) => ({ childId: c.childId, activityId: canteenId })), year.id, SETUP_CONCURRENCY);
  const mails = new MailFolder(join(dataDir, 'mails'));
  mails.start();
  const signUpDetail = await signUpGuardians(pool, families, mails, SETUP_CONCURRENCY);
  mails.stop();
  // The open days within the deadline, as the portal itself sees them (preview: nothing written); the
  // first one is left out, so that its deadline cannot pass during the run.
  const preview = expectStatus(
    await families[0].session!.post('/api/reservations/preview', { childId: families[0].children[0], activityId: canteenId, from: today, to: year.to, weekdays: CANTEEN_WEEKDAYS }),
    200,
    'aperçu des jours réservables',
  ).body;
  const days: string[] = preview.days.filter((d: { status: string }) => d.status === 'accepted').map((d: { day: string }) => d.day).slice(1);
  if (days.length < 5) throw new Error(`trop peu de jours réservables d'ici le ${year.to} : ${days.length}`);
  const pairs: Pair[] = shuffle(
    children.flatMap((c) => days.map((day) => ({ ...c, day }))),
    seededRandom(42),
  );
  console.log(
    `Mise en place par HTTP : ${families.length} familles, ${children.length} enfants inscrits, ${families.length} parents inscrits, activés et connectés en ${elapsed(setupStarted)} (${signUpDetail}); ` +
      `${days.length} jours réservables (${days[0]} … ${days[days.length - 1]}), ${fmt(pairs.length)} couples enfant × jour distincts`,
  );

  const acknowledged: Acknowledged[] = [];
  const cancellable: Acknowledged[] = [];
  let nextPair = 0;
  let outOfPairs = false;
  const book = (stats: KindStats) => {
    if (nextPair >= pairs.length) {
      outOfPairs = true;
      return null;
    }
    const pair = pairs[nextPair++];
    return async () => {
      const reply = await pair.family.session!.post('/api/reservations', { requestId: randomUUID(), childId: pair.childId, activityId: canteenId, day: pair.day });
      stats.add(reply);
      if (reply.status === 201) {
        const status = reply.body?.status;
        const ack = { family: pair.family, childId: pair.childId, day: pair.day, expected: status === 'accepted' ? 'reserved' : status, cancellable: status === 'accepted' };
        acknowledged.push(ack);
        if (ack.cancellable) cancellable.push(ack);
      }
    };
  };

  const results: Record<string, { rate: number; p99: number; p50: number }> = {};

  // --- (a) single-day bookings on the portal ------------------------------------------------
  const caughtUp = await waitCaughtUp(staff, 60_000);
  if (PARTS.includes('a') || PARTS.includes('b')) {
    const load = machineLoad();
    if (WARMUP_SECONDS > 0) await closedLoop(CLIENTS, WARMUP_SECONDS, () => book(new KindStats('échauffement')));
    const stats = new KindStats('réservation (jour)');
    const mem = sampler(1000, () => portal.memory().rssMb);
    const serverCpu = processCpuMs(portal.pid);
    profilePhase(portal);
    const run = await withCpu(() => closedLoop(CLIENTS, SECONDS, () => book(stats)));
    profilePhase(portal);
    const serverCpuMs = processCpuMs(portal.pid) - serverCpu;
    mem.stop();
    const s = stats.summary();
    results.portal = { rate: s.count / (run.wallMs / 1000), p99: s.p99, p50: s.p50 };
    console.log(`\n(a) Portail, POST /api/reservations, ${CLIENTS} clients, ${SECONDS} s (après ${WARMUP_SECONDS} s d'échauffement; lag de départ ${caughtUp.lag}) :`);
    console.log(`  ${load}`);
    printKinds([stats], run.wallMs / 1000);
    console.log(`  RSS du portail ${fmt(mem.samples[0].value)} → ${fmt(mem.samples[mem.samples.length - 1].value)} MB; CPU du portail ${fmt(serverCpuMs / 1000, 1)} s, du générateur ${fmt(run.cpuMs / 1000, 1)} s, pour ${fmt(run.wallMs / 1000, 1)} s${outOfPairs ? '; COUPLES ÉPUISÉS : augmentez BENCH_HTTP_CHILDREN' : ''}`);
  }

  // --- (b) the same load on the bare route -------------------------------------------------
  if (PARTS.includes('b')) {
    const bare = await startBare(root, join(root, 'bare.log'));
    const barePool = connectionPool(bare.baseUrl, { connections: CLIENTS });
    // The same bodies and the same parents' cookies (which the bare route ignores), from its own pairs.
    const bareSessions = new Map<BenchFamily, Session>();
    const bareSession = (p: Pair) => {
      let s = bareSessions.get(p.family);
      if (!s) {
        s = new Session(barePool);
        for (const [k, v] of p.family.session!.cookies) s.cookies.set(k, v);
        bareSessions.set(p.family, s);
      }
      return s;
    };
    let barePair = 0;
    const bareBook = (stats: KindStats) => {
      const pair = pairs[barePair++ % pairs.length];
      return async () => stats.add(await bareSession(pair).post('/api/reservations', { requestId: randomUUID(), childId: pair.childId, activityId: canteenId, day: pair.day }));
    };
    const load = machineLoad();
    if (WARMUP_SECONDS > 0) await closedLoop(CLIENTS, WARMUP_SECONDS, () => bareBook(new KindStats('échauffement')));
    const stats = new KindStats('route nue');
    const serverCpu = processCpuMs(bare.pid);
    const run = await withCpu(() => closedLoop(CLIENTS, SECONDS, () => bareBook(stats)));
    const serverCpuMs = processCpuMs(bare.pid) - serverCpu;
    const s = stats.summary();
    results.bare = { rate: s.count / (run.wallMs / 1000), p99: s.p99, p50: s.p50 };
    console.log(`\n(b) Route NestJS nue (même DTO, même ValidationPipe, un INSERT SQLite WAL synchronous FULL), ${CLIENTS} clients, ${SECONDS} s :`);
    console.log(`  ${load}`);
    printKinds([stats], run.wallMs / 1000);
    console.log(`  RSS de la route nue ${fmt(bare.memory().rssMb)} MB; CPU de la route nue ${fmt(serverCpuMs / 1000, 1)} s, du générateur ${fmt(run.cpuMs / 1000, 1)} s, pour ${fmt(run.wallMs / 1000, 1)} s`);
    printLogProblems(bare);
    await barePool.close();
    await bare.stop();
    if (results.portal) {
      const rateRatio = results.portal.rate / results.bare.rate;
      const p99Ratio = results.portal.p99 / results.bare.p99;
      console.log(
        `\n  portail / route nue : réservations/s ${fmt(results.portal.rate)} / ${fmt(results.bare.rate)} = ${fmt(rateRatio, 2)}× (cible ≥ 0,8×) ${rateRatio >= 0.8 ? 'ATTEINTE' : 'NON ATTEINTE'}; ` +
          `p99 ${ms(results.portal.p99)} / ${ms(results.bare.p99)} = ${fmt(p99Ratio, 2)}× (cible ≤ 2×) ${p99Ratio <= 2 ? 'ATTEINTE' : 'NON ATTEINTE'}`,
      );
    }
  }

  // --- (c) mixed traffic --------------------------------------------------------------------
  if (PARTS.includes('c')) {
    await waitCaughtUp(staff, 60_000);
    const reads = new KindStats('lecture du planning');
    const bookings = new KindStats('réservation (jour)');
    const cancellations = new KindStats('annulation');
    const random = seededRandom(7);
    const cancelled: Acknowledged[] = [];
    const pick = () => {
      const roll = random();
      if (roll < 0.6) {
        const family = families[Math.floor(random() * families.length)];
        const anchor = days[Math.floor(random() * days.length)];
        const view = random() < 0.75 ? monthView(anchor) : weekView(anchor);
        return async () => reads.add(await family.session!.get(`/api/families/${family.familyId}/planning?from=${view.from}&to=${view.to}`));
      }
      if (roll < 0.85 || cancellable.length === 0) return book(bookings);
      const index = Math.floor(random() * cancellable.length);
      const target = cancellable[index];
      cancellable[index] = cancellable[cancellable.length - 1];
      cancellable.pop();
      return async () => {
        const reply: Reply = await target.family.session!.post('/api/reservations/cancellations', { requestId: randomUUID(), childId: target.childId, activityId: canteenId, day: target.day });
        cancellations.add(reply);
        if (reply.status === 201 && reply.body?.status === 'accepted') {
          target.expected = 'cancelled';
          cancelled.push(target);
        }
      };
    };
    const load = machineLoad();
    const rssStart = portal.memory().rssMb;
    const mem = sampler(1000, () => portal.memory().rssMb);
    const serverCpu = processCpuMs(portal.pid);
    profilePhase(portal);
    const run = await withCpu(() => closedLoop(CLIENTS, MIXED_SECONDS, pick));
    profilePhase(portal);
    const serverCpuMs = processCpuMs(portal.pid) - serverCpu;
    mem.stop();
    const lag = await healthLag(staff);
    console.log(`\n(c) Trafic mêlé, ${CLIENTS} clients, ${MIXED_SECONDS} s (60 % lectures du planning, 25 % réservations, 15 % annulations) :`);
    console.log(`  ${load}`);
    printKinds([reads, bookings, cancellations], run.wallMs / 1000);
    const at = (sec: number) => mem.samples.find((s) => s.at >= sec * 1000)?.value ?? NaN;
    const series = [0, 10, 20, 30, 40, 50, 60].filter((t) => t * 1000 <= run.wallMs).map((t) => `${t} s ${fmt(at(t))}`);
    console.log(`  RSS du portail (MB) : début ${fmt(rssStart)}, fin ${fmt(mem.samples[mem.samples.length - 1].value)}, max ${fmt(Math.max(...mem.samples.map((s) => s.value)))}; ${series.join(', ')}`);
    console.log(`  lag des projections à la fin : ${lag.maxLag} (tête ${lag.headPosition}, ${lag.status}); CPU du portail ${fmt(serverCpuMs / 1000, 1)} s, du générateur ${fmt(run.cpuMs / 1000, 1)} s, pour ${fmt(run.wallMs / 1000, 1)} s${outOfPairs ? '; COUPLES ÉPUISÉS : augmentez BENCH_HTTP_CHILDREN' : ''}`);
    const readP99 = reads.summary().p99;
    const bookP99 = bookings.summary().p99;
    console.log(`  cibles : p99 lectures ${ms(readP99)} < 250 ms ${readP99 < 250 ? 'ATTEINTE' : 'NON ATTEINTE'}; p99 réservations ${ms(bookP99)} < 500 ms ${bookP99 < 500 ? 'ATTEINTE' : 'NON ATTEINTE'}`);
  }

  // --- Every acknowledged booking in the planning read model ---------------------------------
  const caught = await waitCaughtUp(staff, 120_000);
  const verifyStarted = performance.now();
  const byFamily = new Map<BenchFamily, Acknowledged[]>();
  for (const a of acknowledged) byFamily.set(a.family, [...(byFamily.get(a.family) ?? []), a]);
  let checked = 0;
  const missing: string[] = [];
  for (const [family, list] of byFamily) {
    const sorted = list.map((a) => a.day).sort();
    const read = () => family.session!.get(`/api/families/${family.familyId}/planning?from=${sorted[0]}&to=${sorted[sorted.length - 1]}`);
    let reply = await read();
    if (reply.status === 0) reply = await read(); // a connection the server closed meanwhile: once more
    expectStatus(reply, 200, 'planning de vérification');
    const status = new Map<string, string>();
    for (const d of reply.body.days) if (d.activityId === canteenId) status.set(`${d.childId}|${d.day}`, d.status);
    for (const a of list) {
      checked++;
      const found = status.get(`${a.childId}|${a.day}`);
      if (found !== a.expected) missing.push(`${a.childId} ${a.day}: attendu ${a.expected}, lu ${found}`);
    }
  }
  console.log(
    `\nVérification (lag ${caught.lag} après ${ms(caught.ms)}) : ${fmt(checked)} réservations acquittées (dont ${fmt(acknowledged.filter((a) => a.expected === 'cancelled').length)} annulées ensuite) relues dans le planning des familles en ${elapsed(verifyStarted)} — manquantes ou fausses : ${missing.length}`,
  );
  for (const m of missing.slice(0, 10)) console.log(`  ${m}`);
  printLogProblems(portal as ServerProcess);
  console.log(`RSS du portail à la fin ${fmt(portal.memory().rssMb)} MB (pic ${fmt(portal.memory().peakMb)} MB); banc terminé en ${elapsed(startedAll)}`);
  await pool.close();
  if (missing.length) throw new Error(`${missing.length} réservations acquittées absentes du planning`);
});
