/** Closed-loop load: N clients, each sending its next request as soon as the previous one is answered. */

export type Job = () => Promise<void>;

/**
 * Runs `clients` loops for `seconds` (or until `pick` has nothing left); a request in flight at the
 * end is awaited and counted. Returns the wall time from the first send to the last answer.
 */
export async function closedLoop(clients: number, seconds: number, pick: (client: number) => Job | null): Promise<{ wallMs: number; exhausted: boolean }> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let exhausted = false;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        const job = pick(client);
        if (!job) {
          exhausted = true;
          return;
        }
        await job();
      }
    }),
  );
  return { wallMs: performance.now() - started, exhausted };
}

/** CPU time (user + system) this process used while `run` ran, and the wall time. */
export async function withCpu<T>(run: () => Promise<T>): Promise<{ result: T; cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
}
