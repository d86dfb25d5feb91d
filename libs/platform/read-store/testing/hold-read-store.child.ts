/**
 * Test helper run as a separate Node process: opens the embedded read store in the folder given
 * as argument, writes one document, prints "ready", then holds the store until it is killed.
 */
import { SqliteReadStore } from '../sqlite-read-store';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: hold-read-store.child.ts <dataDir>');
  const store = await SqliteReadStore.open({ dataDir });
  await store.unitOfWork((uow) => uow.collection('holders').upsert({ _id: 'child', pid: process.pid }));
  process.stdout.write('ready\n');
  setInterval(() => undefined, 60_000); // hold the lock until killed
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
