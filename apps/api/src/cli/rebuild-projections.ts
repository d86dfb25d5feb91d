import 'reflect-metadata';
import { ProjectionRunner } from '@pf/projections';
import { configFromEnv } from '../config';
import { PORTAL_PROJECTIONS } from '../projections';
import { openPortalStores } from '../stores';

/**
 * `npm run projections:rebuild -- <name…|all>`: drops read models and replays every event.
 * With the embedded stores, stop the portal first (it holds the data folder); a running portal
 * offers the same through POST /api/admin/projections/:name/rebuild.
 */
async function main(names: string[]) {
  const config = configFromEnv();
  // Projections read personal data through the same sealing decorator as the running portal.
  const stores = await openPortalStores(config);
  const { events, reads } = stores;
  const runner = new ProjectionRunner(events, reads, PORTAL_PROJECTIONS, { log: console.warn });
  try {
    const wanted = names.length === 0 || names.includes('all') ? runner.names : names;
    const unknown = wanted.filter((n) => !runner.names.includes(n));
    if (unknown.length) throw new Error(`Unknown projection(s): ${unknown.join(', ')}. Known: ${runner.names.join(', ')}`);
    await runner.start();
    for (const name of wanted) {
      const started = Date.now();
      await runner.rebuild(name);
      console.log(`rebuilt ${name} in ${Date.now() - started} ms`);
    }
    // The others may still be catching up (a new data folder): the table shows them all at the head.
    if (!(await runner.waitFor(await events.headPosition(), 30 * 60_000))) console.warn('some read models did not reach the head of the log within 30 minutes');
    console.table(await runner.status());
  } finally {
    await runner.stop();
    await stores.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
