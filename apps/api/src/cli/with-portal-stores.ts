import { DomainError } from '@pf/domain';
import { ProjectionRunner } from '@pf/projections';
import { configFromEnv, type PortalConfig } from '../config';
import { PORTAL_PROJECTIONS } from '../projections';
import { openPortalStores, type PortalStores } from '../stores';

export interface CliContext {
  config: PortalConfig;
  stores: PortalStores;
  runner: ProjectionRunner;
}

/**
 * An operator's command on the portal's stores, opened the way the portal opens them (the
 * embedded folder must not be held by a running portal; KurrentDB / MongoDB may be shared with
 * one): the read models are brought up to the head of the log first, so checks read what is there.
 */
export async function withPortalStores(work: (cli: CliContext) => Promise<void>): Promise<void> {
  const config = configFromEnv();
  const stores = await openPortalStores(config);
  const runner = new ProjectionRunner(stores.events, stores.reads, PORTAL_PROJECTIONS, { log: console.warn });
  try {
    await runner.start();
    await runner.waitFor(await stores.events.headPosition(), 60_000);
    await work({ config, stores, runner });
  } finally {
    await runner.stop();
    await stores.close();
  }
}

/** Runs a command's main, printing a refusal as `CODE: message` and exiting non-zero. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof DomainError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
