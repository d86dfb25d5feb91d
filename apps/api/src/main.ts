import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createPortal } from './bootstrap';
import { configFromEnv } from './config';

async function main() {
  const config = configFromEnv();
  const { app, demo } = await createPortal(config);
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const log = new Logger('Portail');
  log.log(`Portail Famille : ${url}  (API ${url}/api, santé ${url}/api/health)`);
  log.log(`Événements : ${config.eventStoreUrl ? `KurrentDB ${config.eventStoreUrl}` : `embarqué (SQLite) dans ${config.dataDir}`}`);
  log.log(`Vues (read models) : ${config.mongoUrl ? `MongoDB ${config.mongoUrl}` : `embarquées (SQLite) dans ${config.dataDir}`}`);
  if (demo) {
    log.log(`Commune de démonstration : ${demo.communeName}`);
    for (const login of demo.logins) log.log(`  ${login.role.padEnd(8)} ${login.email} / ${login.password}`);
    for (const code of demo.codesToSignUp) log.log(`  code abonné à utiliser pour créer un compte (${code.family}) : ${code.subscriberCode}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
