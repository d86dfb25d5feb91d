import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { COMMUNES, RegisterCommuneCommand, RegisterCommuneHandler, type CommuneDocument, type CommuneProfile, type SchoolZone } from '@pf/communes';
import { systemClock, uuidFromName } from '@pf/domain';
import { EventSourcedStreams } from '@pf/event-sourcing';
import { runCli, withPortalStores } from './with-portal-stores';

const USAGE = `npm run commune:create -- --id <identifiant> --name <nom> --zone A|B|C --prefix <préfixe des codes abonnés> --service-email <e-mail>
    [--service-name "Service enfance"] [--time-zone Europe/Paris]
  The id is the commune's slug (lowercase letters, digits, dashes), e.g. saint-hilaire-du-bois.
  With the embedded stores, stop the portal first (it holds the data folder). Running it again with
  the same values changes nothing.`;

const PROFILE_FIELDS: Array<keyof CommuneProfile> = ['name', 'timeZone', 'schoolZone', 'subscriberCodePrefix', 'serviceName', 'serviceEmail'];

/** Reads and checks the command line; the commune's own rules (id, prefix) are the decider's. */
export function profileFromArgs(argv: string[]): CommuneProfile {
  const { values } = parseArgs({
    args: argv,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      zone: { type: 'string' },
      prefix: { type: 'string' },
      'service-email': { type: 'string' },
      'service-name': { type: 'string', default: 'Service enfance' },
      'time-zone': { type: 'string', default: 'Europe/Paris' },
    },
  });
  const missing = (['id', 'name', 'zone', 'prefix', 'service-email'] as const).filter((k) => !values[k]?.trim());
  if (missing.length) throw new Error(`Missing --${missing.join(', --')}\n${USAGE}`);
  const zone = values.zone!.trim().toUpperCase();
  if (!['A', 'B', 'C'].includes(zone)) throw new Error(`--zone must be A, B or C (the school holiday zone)\n${USAGE}`);
  const serviceEmail = values['service-email']!.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(serviceEmail)) throw new Error(`--service-email is not an e-mail address: ${serviceEmail}`);
  const timeZone = values['time-zone']!.trim();
  if (!Intl.supportedValuesOf('timeZone').includes(timeZone)) throw new Error(`--time-zone is not a known time zone: ${timeZone}`);
  return {
    communeId: values.id!.trim(),
    name: values.name!.trim(),
    timeZone,
    schoolZone: zone as SchoolZone,
    subscriberCodePrefix: values.prefix!.trim(),
    serviceName: values['service-name']!.trim(),
    serviceEmail,
  };
}

/** Opens a commune in the deployment: `npm run commune:create -- …` (see USAGE). */
async function main(argv: string[]) {
  const profile = profileFromArgs(argv);
  await withPortalStores(async ({ stores, runner }) => {
    const existing = await stores.reads.collection<CommuneDocument>(COMMUNES).get(profile.communeId);
    if (existing) {
      const different = PROFILE_FIELDS.filter((field) => existing[field] !== profile[field]);
      if (different.length) {
        throw new Error(`La commune ${profile.communeId} existe déjà avec d'autres valeurs (${different.map((f) => `${f}: ${String(existing[f])}`).join(', ')}) ; rien n'a été changé.`);
      }
      console.log(`La commune ${profile.communeId} (${profile.name}) est déjà enregistrée : rien à faire.`);
      return;
    }
    const handler = new RegisterCommuneHandler(new EventSourcedStreams(stores.events), stores.reads);
    const { position } = await handler.execute(
      new RegisterCommuneCommand(profile, {
        communeId: profile.communeId,
        actor: { kind: 'system', id: 'commune-create', name: "Commande d'ouverture de commune" },
        channel: 'system',
        requestId: uuidFromName(`commune:create:${profile.communeId}`),
        now: systemClock.now(),
      }),
    );
    await runner.waitFor(position);
    console.log(`Commune ${profile.name} (${profile.communeId}, zone ${profile.schoolZone}, codes abonnés ${profile.subscriberCodePrefix}-…) enregistrée.`);
    console.log(`Créez son premier administrateur : npm run admin:create -- --commune ${profile.communeId} --email … --first-name … --last-name …`);
  });
}

if (require.main === module) runCli(() => main(process.argv.slice(2)));
