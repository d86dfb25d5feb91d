/**
 * npm run bench:rentree
 *
 * Opening day over real HTTP: BENCH_CHILDREN children (10,000) each booked for the canteen for the
 * rest of the school year in one period booking (POST /api/reservations/period, the days the
 * canteen opens from the first day still within the 48-hour deadline to the end of the school
 * year, Monday, Tuesday, Thursday, Friday), by their parent signed in with a real session, over
 * BENCH_CONNECTIONS (2,500) concurrent connections to the built portal (child process, embedded
 * stores, fresh DATA_DIR, default durability).
 *   spread: the children spread over BENCH_CANTEENS (10) canteens, one per school, as a commune has.
 *   single: the same children all booking one more canteen (everyone on the same month streams).
 * Targets (10 canteens): 10,000 children × a school year (1.4 M days) within 2 minutes, i.e.
 * >= 11,700 booked days/s, 0 failed requests, peak RSS < 1 GB; single canteen >= 10,000 booked days/s.
 * Prints wall time, booked days/s, p50/p99 per request, failed requests (a 503 with Retry-After
 * that the client sent again with the same request id and that then landed counts as served),
 * the server's peak RSS, the projection lag at the end, and this process's own CPU time (it shares
 * the 2 cores); then checks every acknowledged day against the planning read model (the staff's
 * attendance sheet of each canteen and day, and the parents' planning of a sample of families).
 * Setup (staff open the families and enrol the children, the parents sign up with their code
 * abonné, activate their account from the mail catcher's mail and sign in, all over HTTP) is timed
 * on its own.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { connectionPool, expectStatus, inParallel, type Reply, Session } from './http/client';
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
import { withCpu } from './http/load';
import { ensureBuilt, printLogProblems, processCpuMs, profilePhase, runBench, startPortal, tempFolder } from './http/processes';
import { fmt, KindStats, machineLoad, ms, printKinds, sampler, seededRandom, shuffle } from './http/stats';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 2_500);
const CANTEENS = Number(process.env.BENCH_CANTEENS ?? 10);
const FAMILY_SIZE = Math.max(1, Number(process.env.BENCH_FAMILY_SIZE ?? 2));
const SETUP_CONCURRENCY = Number(process.env.BENCH_SETUP_CONCURRENCY ?? 32);
const PARTS = (process.env.BENCH_PART ?? 'spread,single').split(',');
const PHASE_TIMEOUT_S = Number(process.env.BENCH_PHASE_TIMEOUT_S ?? 900);
const VERIFY_FAMILIES = Number(process.env.BENCH_VERIFY_FAMILIES ?? 200);
const TARGET_DAYS_PER_S = { spread: 11_700, single: 10_000 };
const TARGET_RSS_MB = 1024;

/** A read (idempotent) sent again when the connection failed, up to 3 times. */
async function readAgain(read: () => Promise<Reply>): Promise<Reply> {
  let reply = await read();
  for (let attempt = 1; reply.status === 0 && attempt < 3; attempt++) reply = await read();
  return reply;
}

interface Booking {
  family: BenchFamily;
  childId: string;
  activityId: string;
}

runBench(async () => {
  console.log(
    `bench:rentree — ${fmt(CHILDREN)} enfants (${FAMILY_SIZE} par famille), ${fmt(CONNECTIONS)} connexions, ${CANTEENS} cantines, parties ${PARTS.join(',')}`,
  );
  ensureBuilt();
  const root = tempFolder('pf-bench-rentree-');
  const dataDir = join(root, 'data');
  const startedAll = performance.now();
  const portal = await startPortal(dataDir, join(root, 'portal.log'));
  console.log(`Portail démarré (pid ${portal.pid}, ${portal.baseUrl}, DATA_DIR ${dataDir}) en ${elapsed(startedAll)}`);
  const setupPool = connectionPool(portal.baseUrl, { connections: SETUP_CONCURRENCY });

  // --- Setup, over HTTP, timed apart ---------------------------------------------------------
  const setupStarted = performance.now();
  const steps: string[] = [];
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    steps.push(`${label} ${elapsed(started)}`);
    console.log(`  mise en place : ${label} en ${elapsed(started)}`);
    return result;
  };
  const staff = await staffSession(setupPool);
  const today = todayInParis();
  const year = schoolYearNow(today);
  const perCanteen = Math.ceil(CHILDREN / CANTEENS);
  const canteens = await step(`${CANTEENS + 1} cantines`, () =>
    inParallel(
      Array.from({ length: CANTEENS }, (_, i) => i),
      4,
      async (i) => createCanteen(staff, await createFacility(staff, `Restaurant scolaire de l'école ${i + 1}`), `Restaurant scolaire école ${i + 1}`, perCanteen, year),
    ),
  );
  const central = await createCanteen(staff, await createFacility(staff, 'Cuisine centrale'), 'Restaurant scolaire unique (banc)', CHILDREN, year);
  const families = await step(`${fmt(Math.ceil(CHILDREN / FAMILY_SIZE))} dossiers famille`, () =>
    openFamilies(staff, Math.ceil(CHILDREN / FAMILY_SIZE), FAMILY_SIZE, SETUP_CONCURRENCY, randomUUID().slice(0, 8), (n) => console.log(`    ${fmt(n)} familles`)),
  );
  // Siblings go to the same school, so to the same canteen.
  const children = families.flatMap((f) => f.children.map((childId) => ({ family: f, childId }))).slice(0, CHILDREN);
  const spread: Booking[] = children.map((c) => ({ ...c, activityId: canteens[c.family.index % CANTEENS] }));
  const single: Booking[] = children.map((c) => ({ ...c, activityId: central }));
  const enrolments = [...(PARTS.includes('spread') ? spread : []), ...(PARTS.includes('single') ? single : [])];
  await step(`${fmt(enrolments.length)} inscriptions`, () => enrol(staff, enrolments, year.id, SETUP_CONCURRENCY, (n) => console.log(`    ${fmt(n)} inscriptions`)));
  const mails = new MailFolder(join(dataDir, 'mails'));
  mails.start();
  const bookingPool = connectionPool(portal.baseUrl, { connections: CONNECTIONS });
  // The parents' sessions use the booking pool, as their browsers would (cookies are per session, not per connection).
  const signUpDetail = await step(`${fmt(families.length)} parents inscrits, activés, connectés`, () =>
    signUpGuardians(bookingPool, families, mails, SETUP_CONCURRENCY, (n) => console.log(`    ${fmt(n)} parents`)),
  );
  console.log(`    (${signUpDetail})`);
  mails.stop();
  // The first open day still within the deadline (as the portal sees it: preview writes nothing), plus one for safety.
  const preview = expectStatus(
    await families[0].session!.post('/api/reservations/preview', { childId: families[0].children[0], activityId: spread[0].activityId, from: today, to: year.to, weekdays: CANTEEN_WEEKDAYS }),
    200,
    'aperçu',
  ).body;
  const open = preview.days.filter((d: { status: string }) => d.status === 'accepted').map((d: { day: string }) => d.day as string);
  const from = open[1];
  const to = year.to;
  const caught = await waitCaughtUp(staff, 120_000);
  console.log(
    `Mise en place : ${elapsed(setupStarted)} (${steps.join(', ')}; lag ${caught.lag}). Période réservée : ${from} → ${to}, ${CANTEEN_WEEKDAYS.join(',')} : ${open.length - 1} jours par enfant, ${fmt((open.length - 1) * children.length)} jours en tout`,
  );

  const summary: string[] = [];
  const phase = async (name: 'spread' | 'single', label: string, bookings: Booking[]) => {
    const order = shuffle([...bookings], seededRandom(name === 'spread' ? 1 : 2));
    const stats = new KindStats('période (année)');
    const accepted = new Map<Booking, string[]>();
    let bookedDays = 0;
    let otherDays = 0;
    let next = 0;
    const load = machineLoad();
    const abort = new AbortController();
    setMaxListeners(Infinity, abort.signal); // one listener per request in flight
    const timer = setTimeout(() => abort.abort(), PHASE_TIMEOUT_S * 1000);
    const rss = sampler(200, () => portal.memory().rssMb);
    const serverCpu = processCpuMs(portal.pid);
    profilePhase(portal);
    const run = await withCpu(() =>
      Promise.all(
        Array.from({ length: Math.min(CONNECTIONS, order.length) }, async () => {
          while (next < order.length && !abort.signal.aborted) {
            const b = order[next++];
            const reply: Reply = await b.family.session!.post(
              '/api/reservations/period',
              { requestId: randomUUID(), childId: b.childId, activityId: b.activityId, from, to, weekdays: CANTEEN_WEEKDAYS },
              abort.signal,
            );
            stats.add(reply);
            if (reply.status === 201) {
              const days = (reply.body.days as Array<{ day: string; status: string }>).filter((d) => d.status === 'accepted').map((d) => d.day);
              accepted.set(b, days);
              bookedDays += days.length;
              otherDays += reply.body.days.length - days.length;
            }
          }
        }),
      ),
    );
    clearTimeout(timer);
    profilePhase(portal);
    rss.stop();
    const cpuServer = processCpuMs(portal.pid) - serverCpu;
    const lag = await healthLag(staff);
    const seconds = run.wallMs / 1000;
    const rate = bookedDays / seconds;
    const peak = Math.max(...rss.samples.map((s) => s.value));
    const s = stats.summary();
    console.log(`\n[${label}] ${fmt(order.length)} réservations de période, ${fmt(CONNECTIONS)} connexions :`);
    console.log(`  ${load}`);
    printKinds([stats], seconds);
    console.log(
      `  durée ${fmt(seconds, 1)} s; jours réservés ${fmt(bookedDays)} (${fmt(otherDays)} autres : liste d'attente ou refus) → ${fmt(rate)} jours/s (cible ≥ ${fmt(TARGET_DAYS_PER_S[name])}) ${rate >= TARGET_DAYS_PER_S[name] ? 'ATTEINTE' : 'NON ATTEINTE'}`,
    );
    console.log(
      `  requêtes en échec ${stats.failed}${abort.signal.aborted ? ` (délai de ${PHASE_TIMEOUT_S} s dépassé : ${order.length - next} jamais envoyées)` : ''}; ` +
        `RSS du portail pic ${fmt(peak)} MB (VmHWM ${fmt(portal.memory().peakMb)} MB, cible < ${TARGET_RSS_MB}) ${peak < TARGET_RSS_MB ? 'ATTEINTE' : 'NON ATTEINTE'}`,
    );
    console.log(
      `  lag des projections à la fin : ${lag.maxLag} (tête ${lag.headPosition}, ${lag.status}); CPU du portail ${fmt(cpuServer / 1000, 1)} s, du générateur ${fmt(run.cpuMs / 1000, 1)} s, pour ${fmt(seconds, 1)} s (2 cœurs : ${fmt((cpuServer + run.cpuMs) / run.wallMs / 2 * 100)} % occupés)`,
    );
    const caughtUp = await waitCaughtUp(staff, 600_000);
    console.log(`  projections à jour ${ms(caughtUp.ms)} après la dernière réponse (lag ${caughtUp.lag})`);
    summary.push(
      `${label}: ${fmt(seconds, 1)} s, ${fmt(rate)} jours/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, échecs ${stats.failed}, pic RSS ${fmt(peak)} MB, lag ${lag.maxLag}, CPU générateur ${fmt(run.cpuMs / 1000, 1)} s`,
    );
    return { accepted, bookings: order };
  };

  const verify = async (label: string, result: { accepted: Map<Booking, string[]> }) => {
    const started = performance.now();
    const verifyPool = connectionPool(portal.baseUrl, { connections: 8 });
    const verifier = new Session(verifyPool);
    for (const [k, v] of staff.cookies) verifier.cookies.set(k, v);
    // (1) The staff's attendance sheet of each canteen and day: every acknowledged day, child by child.
    const expected = new Map<string, Set<string>>();
    for (const [b, days] of result.accepted) {
      for (const day of days) {
        const key = `${b.activityId}|${day}`;
        let set = expected.get(key);
        if (!set) expected.set(key, (set = new Set()));
        set.add(b.childId);
      }
    }
    let checked = 0;
    let missing = 0;
    let extra = 0;
    const examples: string[] = [];
    await inParallel([...expected], 8, async ([key, childIds]) => {
      const [activityId, day] = key.split('|');
      const sheet = expectStatus(await readAgain(() => verifier.get(`/api/staff/attendance?activityId=${activityId}&day=${day}`)), 200, 'feuille de présence').body;
      const expectedThere = new Set<string>(sheet.items.filter((i: { expected: boolean }) => i.expected).map((i: { childId: string }) => i.childId));
      for (const childId of childIds) {
        checked++;
        if (!expectedThere.has(childId)) {
          missing++;
          if (examples.length < 5) examples.push(`${activityId} ${day} ${childId}`);
        }
      }
      for (const childId of expectedThere) if (!childIds.has(childId)) extra++;
    });
    // (2) The parents' planning of a sample of families.
    let planningChecked = 0;
    let planningMissing = 0;
    const sample = [...new Set([...result.accepted.keys()].map((b) => b.family))].slice(0, VERIFY_FAMILIES);
    await inParallel(sample, 4, async (family) => {
      const reader = new Session(verifyPool);
      for (const [k, v] of family.session!.cookies) reader.cookies.set(k, v);
      const reply = expectStatus(await readAgain(() => reader.get(`/api/families/${family.familyId}/planning?from=${from}&to=${to}`)), 200, 'planning');
      const status = new Map<string, string>();
      for (const d of reply.body.days) status.set(`${d.childId}|${d.activityId}|${d.day}`, d.status);
      for (const [b, days] of result.accepted) {
        if (b.family !== family) continue;
        for (const day of days) {
          planningChecked++;
          if (status.get(`${b.childId}|${b.activityId}|${day}`) !== 'reserved') planningMissing++;
        }
      }
    });
    await verifyPool.close();
    console.log(
      `  vérification [${label}] en ${elapsed(started)} : ${fmt(checked)} jours acquittés relus sur les feuilles de présence (${fmt(expected.size)} cantine × jour) — manquants ${fmt(missing)}; réservés sans réponse acquittée (requête échouée côté client, écrite quand même) ${fmt(extra)}; ` +
        `planning de ${sample.length} familles : ${fmt(planningChecked)} jours relus, manquants ${fmt(planningMissing)}`,
    );
    for (const e of examples) console.log(`    manquant : ${e}`);
    return missing + planningMissing;
  };

  let missing = 0;
  if (PARTS.includes('spread')) missing += await verify(`${CANTEENS} cantines`, await phase('spread', `${CANTEENS} cantines`, spread));
  if (PARTS.includes('single')) missing += await verify('une seule cantine', await phase('single', 'une seule cantine', single));

  console.log('\nRésumé :');
  console.log(`  mise en place ${steps.join(', ')}`);
  for (const line of summary) console.log(`  ${line}`);
  printLogProblems(portal);
  console.log(`Banc terminé en ${elapsed(startedAll)}`);
  await bookingPool.close();
  await setupPool.close();
  if (missing) throw new Error(`${missing} jours acquittés absents du modèle de lecture`);
});
