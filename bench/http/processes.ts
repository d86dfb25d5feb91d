/**
 * Child processes and temporary folders of the HTTP benches: the built portal and the bare NestJS
 * route, each started as its own process on 127.0.0.1, and everything they leave behind removed
 * when the bench ends, fails, is interrupted (Ctrl-C) or throws.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
/**
 * The checkout whose built portal is measured: this one, or BENCH_PORTAL_DIR (another checkout of
 * the project with its API built, e.g. an earlier commit: `git archive <commit> | tar -x -C dir`,
 * `ln -s $PWD/node_modules dir/`, `npx nest build api` there), to compare two versions on one day.
 */
export const PORTAL_DIR = resolve(process.env.BENCH_PORTAL_DIR ?? REPO);
export const PORTAL_MAIN = join(PORTAL_DIR, 'dist/apps/api/apps/api/src/main.js');
export const CLIENT_INDEX = join(REPO, 'angular-client/dist/browser/index.html');

// ---------------------------------------------------------------------------------------------
// Cleanup, whatever happens

const cleanups: Array<() => void | Promise<void>> = [];
let cleaning: Promise<void> | null = null;

/** Registers work to undo at the end (last registered, first undone). */
export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop()!;
      try {
        await fn();
      } catch (error) {
        console.error('nettoyage :', error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaning;
}

const children = new Set<ChildProcess>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: arrêt du banc, nettoyage…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  // Last resort (process.exit from elsewhere): no await possible here, so kill hard.
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

/** A fresh temporary folder, removed at cleanup unless BENCH_KEEP=1. */
export function tempFolder(prefix: string): string {
  installHandlers();
  const folder = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => {
    if (process.env.BENCH_KEEP === '1') console.log(`(BENCH_KEEP=1: ${folder} gardé)`);
    else rmSync(folder, { recursive: true, force: true });
  });
  return folder;
}

/** Runs `main`, then cleans up; exits non-zero on failure. */
export function runBench(main: () => Promise<void>): void {
  installHandlers();
  main()
    .then(() => cleanup())
    .then(() => process.exit(0))
    .catch(async (error: unknown) => {
      console.error('\nÉCHEC DU BANC :', error instanceof Error ? (error.stack ?? error.message) : error);
      await cleanup();
      process.exit(1);
    });
}

// ---------------------------------------------------------------------------------------------
// Building

function newestSource(folder: string, newest = 0): number {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the portal when its server or its client is missing (npm run build), and the API alone
 * when a source of libs/ or apps/ is newer than the built server (BENCH_BUILD=0 skips this check,
 * BENCH_BUILD=1 always rebuilds the API).
 */
export function ensureBuilt(): void {
  const run = (script: string) => {
    console.log(`> npm run ${script}`);
    const result = spawnSync('npm', ['run', script], { cwd: REPO, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm run ${script} a échoué (${result.status ?? result.signal})`);
  };
  if (PORTAL_DIR !== REPO) {
    if (!existsSync(PORTAL_MAIN)) throw new Error(`BENCH_PORTAL_DIR : pas de portail construit (${PORTAL_MAIN})`);
    console.log(`Portail mesuré : ${PORTAL_DIR} (BENCH_PORTAL_DIR, construit le ${statSync(PORTAL_MAIN).mtime.toISOString()})`);
    return;
  }
  if (!existsSync(PORTAL_MAIN) || !existsSync(CLIENT_INDEX)) return run('build');
  if (process.env.BENCH_BUILD === '0') return;
  const built = statSync(PORTAL_MAIN).mtimeMs;
  const stale = Math.max(newestSource(join(REPO, 'libs')), newestSource(join(REPO, 'apps'))) > built;
  if (stale || process.env.BENCH_BUILD === '1') {
    console.log(stale ? 'Des sources sont plus récentes que dist/ : reconstruction de l’API.' : 'BENCH_BUILD=1 : reconstruction de l’API.');
    run('build:api');
  }
}

// ---------------------------------------------------------------------------------------------
// Servers

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface ServerProcess {
  name: string;
  pid: number;
  baseUrl: string;
  logFile: string;
  child: ChildProcess;
  /** Resident memory now and at its peak (VmRSS, VmHWM of /proc/<pid>/status), in MB. */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

/** VmRSS / VmHWM of a process (Linux), in MB; NaN elsewhere. */
export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** CPU time (user + system) of a process so far (Linux /proc/<pid>/stat), in ms; NaN elsewhere. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100 on Linux
  } catch {
    return NaN;
  }
}

async function waitHealthy(url: string, child: ChildProcess, name: string, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} s'est arrêté au démarrage (${child.exitCode ?? child.signalCode}) :\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} ne répond pas sur ${url} après ${timeoutMs / 1000} s :\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(pas de journal)';
  }
}

async function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, logFile: string, healthPath: string, cwd = REPO): Promise<ServerProcess> {
  installHandlers();
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    children.delete(child);
    log.end();
  };
  onCleanup(stop);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitHealthy(baseUrl + healthPath, child, name, 180_000, logFile);
  return { name, pid: child.pid!, baseUrl, logFile, child, memory: () => processMemory(child.pid!), stop };
}

/** Environment of the benches' servers: embedded stores, local mail catcher, never another store or mail server from the caller's shell. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['EVENTSTORE_URL', 'MONGO_URL', 'SMTP_URL', 'NODE_ENV', 'PUBLIC_URL', 'CLIENT_DIR', 'OPERATOR_KEY', 'TS_NODE_PROJECT']) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('BENCH_') || name.startsWith('npm_')) delete env[name];
  return { ...env, ...extra };
}

/**
 * The built portal (`node dist/apps/api/apps/api/src/main.js`), as `npm start` runs it: embedded
 * SQLite stores in a fresh DATA_DIR (default durability: synchronous FULL), the demo commune
 * seeded, the local mail catcher. TRUST_PROXY=loopback: it sits behind a reverse proxy on this
 * machine, as in production, so each parent's sign-in is counted from the parent's own address
 * (X-Forwarded-For), not all from 127.0.0.1 (the sign-in limits are per address).
 */
export async function startPortal(dataDir: string, logFile: string): Promise<ServerProcess> {
  const port = await freePort();
  const env = cleanEnv({
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    TRUST_PROXY: 'loopback',
    MAIL_CATCHER_PORT: '0',
    CLIENT_DIR: join(existsSync(join(PORTAL_DIR, 'angular-client/dist/browser/index.html')) ? PORTAL_DIR : REPO, 'angular-client/dist/browser'),
  });
  // BENCH_PORTAL_NODE_ARGS: node options for the portal alone. BENCH_CPU_PROF=<folder>: a CPU profile
  // of each measured phase (bench/http/cpu-profiler.js; the bench signals the phases with profilePhase).
  const nodeArgs = (process.env.BENCH_PORTAL_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  if (process.env.BENCH_CPU_PROF) {
    nodeArgs.push('-r', join(REPO, 'bench/http/cpu-profiler.js'));
    env.PF_CPU_PROF_DIR = resolve(process.env.BENCH_CPU_PROF);
    env.PF_CPU_PROF_LABELS = process.env.BENCH_CPU_PROF_LABELS ?? '';
  }
  return startServer('portail', [...nodeArgs, PORTAL_MAIN], env, port, logFile, '/api/health', PORTAL_DIR);
}

/** With BENCH_CPU_PROF: starts (then, called again, stops and writes) the portal's CPU profile of a phase. */
export function profilePhase(server: ServerProcess): void {
  if (process.env.BENCH_CPU_PROF) server.child.kill('SIGWINCH');
}

/** The bare NestJS route of bench/http/bare-app.ts (ts-node, transpile only), its SQLite file in `folder`. */
export async function startBare(folder: string, logFile: string): Promise<ServerProcess> {
  const port = await freePort();
  const env = cleanEnv({ BARE_PORT: String(port), BARE_DB: join(folder, 'bare.sqlite'), TS_NODE_TRANSPILE_ONLY: 'true' });
  const args = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(REPO, 'bench/http/bare-app.ts')];
  return startServer('route nue', args, env, port, logFile, '/api/health');
}

/** Lines of a server's log that report an error or a warning (Nest's logger, uncaught errors), with their counts. */
export function logProblems(logFile: string): Array<{ line: string; count: number }> {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, number>();
  // Nest's lines: "[Nest] 123  - 12/07/2026, 11:00:00 PM   ERROR [HTTP] message"; keep the level, context and message.
  for (const raw of text.split('\n')) {
    // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes (ESC [ … m) of Nest's logger
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    if (!/\b(ERROR|WARN)\b|Error:|ECONN|EMFILE|heap out of memory/.test(line)) continue;
    const key = line.replace(/^\[Nest\]\s+\d+\s+-\s+[^A-Z]*?(?=(ERROR|WARN))/, '').replace(/\+\d+ms$/, '').trim().slice(0, 240);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([line, count]) => ({ line, count })).sort((a, b) => b.count - a.count);
}

export function printLogProblems(server: ServerProcess, max = 8): void {
  const problems = logProblems(server.logFile);
  const total = problems.reduce((n, p) => n + p.count, 0);
  if (!total) {
    console.log(`Journal (${server.name}) : aucune erreur ni avertissement.`);
    return;
  }
  console.log(`Journal (${server.name}) : ${total} ligne(s) d'erreur ou d'avertissement, ${problems.length} distincte(s) :`);
  for (const p of problems.slice(0, max)) console.log(`  ${String(p.count).padStart(6)} × ${p.line}`);
}
