import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LoginKeys, RegisterStaffAccountHandler, RegisterStaffAccountCommand, passwordProblems } from '@pf/accounts';
import { COMMUNES } from '@pf/communes';
import { systemClock, uuidFromName } from '@pf/domain';
import { EventSourcedStreams } from '@pf/event-sourcing';
import { loginKeySecretFor } from '../config';
import { runCli, withPortalStores } from './with-portal-stores';

const USAGE = `npm run admin:create -- --commune <id> --email <e-mail> --first-name <prénom> --last-name <nom> [--civility Mme|M]
  The password is read from ADMIN_PASSWORD; without it a strong one is generated and shown once.
  With the embedded stores, stop the portal first (it holds the data folder).`;

/**
 * The first administrator of a commune, created explicitly (there is no default admin). Running
 * it again for the same e-mail changes nothing.
 */
async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { commune: { type: 'string' }, email: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' }, civility: { type: 'string', default: 'Mme' } },
  });
  if (!values.commune || !values.email || !values['first-name'] || !values['last-name'] || !['Mme', 'M'].includes(values.civility!)) throw new Error(USAGE);
  const generated = !process.env.ADMIN_PASSWORD;
  const password = process.env.ADMIN_PASSWORD || `${randomBytes(12).toString('base64url')}-Aa1`;
  const problems = passwordProblems(password);
  if (problems.length) throw new Error(`ADMIN_PASSWORD: ${problems[0].message}`);

  await withPortalStores(async ({ config, stores: { events, reads }, runner }) => {
    if (!(await reads.collection(COMMUNES).get(values.commune!))) throw new Error(`Unknown commune ${values.commune} (open it first: npm run commune:create)`);
    const handler = new RegisterStaffAccountHandler(new EventSourcedStreams(events), new LoginKeys(loginKeySecretFor(config)));
    const { accountId, position } = await handler.execute(
      new RegisterStaffAccountCommand(
        { role: 'admin', civility: values.civility as 'Mme' | 'M', firstName: values['first-name']!, lastName: values['last-name']!, email: values.email!, password },
        {
          communeId: values.commune!,
          actor: { kind: 'system', id: 'admin-create', name: 'Commande de premier démarrage' },
          channel: 'system',
          requestId: uuidFromName(`admin:create:${values.email!.trim().toLowerCase()}`),
          now: systemClock.now(),
        },
      ),
    );
    await runner.waitFor(position);
    console.log(`Administrateur ${values.email} (compte ${accountId}) prêt pour la commune ${values.commune}.`);
    if (generated) console.log(`Mot de passe (affiché une seule fois, à changer à la première connexion) : ${password}`);
  });
}

runCli(() => main(process.argv.slice(2)));
