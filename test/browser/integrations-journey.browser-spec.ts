/**
 * The service hands the town's software its access, in Debian chromium at phone and desktop sizes:
 * an API key issued (shown once, then hidden) and checked by a software's own call, a webhook
 * subscribed for that key to an address that first fails (each failure in words on its deliveries
 * page) then receives, the subscription cancelled, the key revoked. And the browser itself reads
 * native date fields in French (jj/mm/aaaa) on the attendance register.
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build --workspace angular-client && npx jest test/browser/integrations-journey --selectProjects browser
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { STAFF } from '../support/api-client';
import { IntegratorClient } from '../support/integrator-client';
import { startPortal, type RunningPortal } from '../support/portal';
import { launchBrowser, nativeDateFieldParts, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { journey, journeySteps, signIn, waitUntil, type Journey } from './support/journey';

const SHOTS = 'integrations';

// The receiver listens on 127.0.0.1 over http; quick retries so a failure shows in seconds.
const WEBHOOK_ENV = { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOKS_RETRY_BASE_MS: '200', WEBHOOKS_RETRY_MAX_MS: '400', WEBHOOKS_POLL_MS: '100', WEBHOOKS_TIMEOUT_MS: '1000' };
const savedEnv = Object.fromEntries(Object.keys(WEBHOOK_ENV).map((k) => [k, process.env[k]]));

jest.setTimeout(180_000);

let portal: RunningPortal;
let browser: Browser;
let receiver: Server;
let receiverBase: string;
/** What the software's endpoint answers, per path: 503 until the test says it is back. */
const answers = new Map<string, number>();
const received: string[] = [];
const apiCalls = new Set<string>();

beforeAll(async () => {
  removeScreenshots(SHOTS);
  Object.assign(process.env, WEBHOOK_ENV);
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const status = answers.get(request.url ?? '') ?? 404;
      if (status === 200) received.push(request.url ?? '');
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'indisponible');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe.each<[string, ScreenSize]>([
  ['sur téléphone (390×844)', 'phone'],
  ['sur ordinateur (1280×800)', 'desktop'],
])('Intégrations, par le service, %s', (_label, size) => {
  let opened: OpenedPage;
  let j: Journey;
  const label = `Comptabilité (${size})`;
  const path = `/compta-${size}/portail`;
  let key: string;

  beforeAll(async () => {
    answers.set(path, 503);
    opened = await openPage(browser, size, portal.baseUrl);
    j = journey(opened.page, size, SHOTS);
  });

  afterAll(async () => {
    for (const call of opened?.apiCalls ?? []) apiCalls.add(call);
    await opened?.context.close();
  });

  const step = journeySteps(() => j, SHOTS, size);

  step('émet une clé pour le logiciel comptable : le formulaire explique les périmètres, la clé n’est montrée qu’une fois et elle fonctionne', async () => {
    const { page } = j;
    await signIn(j, STAFF.email, STAFF.password);
    await j.heading1('Demandes').waitFor();
    await j.goTo('Intégrations');
    await j.heading1('Intégrations').waitFor();
    await page.getByRole('heading', { level: 2, name: "Clés d'API" }).waitFor();
    await j.checkScreen('accueil');

    await page.getByRole('button', { name: 'Émettre la clé' }).click();
    await page.getByRole('alert').filter({ hasText: 'Indiquez le logiciel à qui la clé est remise.' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Choisissez le périmètre de la clé.' }).waitFor();
    await page.getByLabel('Logiciel', { exact: true }).fill(label);
    await page.getByLabel('Comptabilité et facturation').check();
    await page.getByRole('button', { name: 'Émettre la clé' }).click();
    const shown = page.getByRole('region', { name: `Clé « ${label} » émise` });
    key = await shown.getByLabel("Clé d'API").inputValue();
    expect(key).toMatch(/^pfk_/);
    await j.checkScreen('cle-emise');

    // The software reads with it, at once.
    const me = await new IntegratorClient(portal.baseUrl, key).get('/api/integrations/me');
    expect(me).toMatchObject({ status: 200, body: { label, scope: 'accounting' } });

    await shown.getByRole('button', { name: /^C'est noté, masquer/ }).click();
    await waitUntil(async () => (await shown.count()) === 0, 10_000, 'La clé est encore affichée');
    expect(await page.content()).not.toContain(key);
    const card = page.getByRole('list', { name: "Clés d'API de la commune" }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: label }) });
    await card.getByText('Active', { exact: true }).waitFor();
  });

  step('abonne l’adresse du logiciel aux dossiers ouverts ; le logiciel en panne, l’échec se lit en clair', async () => {
    const { page } = j;
    const form = page.getByRole('form', { name: 'Abonner une adresse' });
    await form.getByLabel('Clé du logiciel').selectOption({ label: `${label} — Comptabilité et facturation` });
    await form.getByLabel('Adresse du logiciel').fill(`${receiverBase}${path}`);
    await form.getByRole('button', { name: 'Abonner cette adresse' }).click();
    await form.getByRole('alert').filter({ hasText: 'Choisissez au moins un type d’événement.' }).waitFor();
    await form.getByLabel('family.opened@1').check();
    await form.getByLabel("Tout l'historique de la commune, depuis le début").check();
    await form.getByRole('button', { name: 'Abonner cette adresse' }).click();
    const shown = page.getByRole('region', { name: 'Webhook abonné' });
    expect(await shown.getByLabel('Secret de signature').inputValue()).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: /^C'est noté, masquer/ }).click();

    const hooks = page.getByRole('list', { name: 'Webhooks de la commune' });
    const hook = hooks.getByRole('listitem').filter({ hasText: `${receiverBase}${path}` });
    // The software answers 503: the portal retries the first family and says why it waits.
    await waitUntil(
      async () => {
        await page.reload();
        await j.heading1('Intégrations').waitFor();
        return (await hook.getByText(/^En échec :/).count()) > 0;
      },
      20_000,
      "L'échec de livraison n'est pas affiché",
    );
    await hook.getByText(/le logiciel a répondu HTTP 503\)\. Les événements suivants attendent\./).waitFor();
    await j.checkScreen('webhook-en-echec');
  });

  step('lit chaque tentative sur la page du webhook, voit les envois passer quand le logiciel revient, puis résilie', async () => {
    const { page } = j;
    const hook = page.getByRole('listitem').filter({ hasText: `${receiverBase}${path}` });
    await hook.getByRole('link', { name: /^Voir les livraisons/ }).click();
    await j.heading1(`Webhook de « ${label} »`).waitFor();
    const table = page.getByRole('region', { name: "Livraisons du webhook, les plus récentes d'abord" });
    await table.getByText('le logiciel a répondu HTTP 503', { exact: false }).first().waitFor();
    await page.getByLabel('Échecs seulement').check();
    await page.getByRole('status').getByText(/^\d+ échecs? affichés?\.$/).waitFor();
    await j.checkScreen('livraisons-echecs');

    answers.set(path, 200);
    await waitUntil(() => Promise.resolve(received.includes(path)), 20_000, 'Le logiciel ne reçoit rien');
    await page.getByLabel('Échecs seulement').uncheck();
    await waitUntil(
      async () => {
        await page.getByRole('button', { name: 'Actualiser' }).click();
        return (await table.getByText('Livré', { exact: true }).count()) > 0;
      },
      10_000,
      'Aucune livraison réussie affichée',
    );
    await page.getByRole('definition').filter({ hasText: /^aucun$/ }).waitFor();
    await j.checkScreen('livraisons');

    await page.getByRole('button', { name: "Résilier l'abonnement" }).click();
    await page.getByRole('button', { name: 'Confirmer la résiliation' }).click();
    await page.getByRole('status').getByText('Abonnement résilié : plus aucun envoi vers cette adresse.').waitFor();
    await page.getByText('Résilié', { exact: true }).waitFor();
    await j.checkScreen('webhook-resilie');
  });

  step('révoque la clé : le logiciel n’a plus accès', async () => {
    const { page } = j;
    await page.getByRole('main').getByRole('link', { name: 'Intégrations', exact: true }).click();
    await j.heading1('Intégrations').waitFor();
    await page.getByRole('button', { name: `Révoquer la clé ${label}` }).click();
    await page.getByRole('button', { name: `Confirmer la révocation de la clé ${label}` }).click();
    await page.getByRole('status').getByText(`Clé « ${label} » révoquée : le logiciel n'a plus accès au portail.`).waitFor();
    const card = page.getByRole('list', { name: "Clés d'API de la commune" }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: label }) });
    await card.getByText('Révoquée', { exact: true }).waitFor();
    expect((await new IntegratorClient(portal.baseUrl, key).get('/api/integrations/me')).status).toBe(401);
    await j.checkScreen('cle-revoquee');
  });

  step('lit les champs de date du navigateur en français (jj/mm/aaaa)', async () => {
    const { page } = j;
    await j.goTo('Pointage');
    await j.heading1('Pointage').waitFor();
    expect(await nativeDateFieldParts(page, '#att-day')).toEqual(['Jour', 'Mois', 'Année']);
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { language: string } }).navigator.language)).toBe('fr-FR');
    await j.checkScreen('pointage-date-francaise');
    expect(opened.problems).toEqual([]);
  });
});

describe("Contrat avec l'API", () => {
  it("le client n'appelle que des routes décrites par la documentation OpenAPI de l'API (/api/docs)", async () => {
    expect([...apiCalls]).toEqual(expect.arrayContaining(['POST /api/integrations/keys', 'GET /api/events/catalogue', 'GET /api/integrations/webhooks']));
    expect(await undocumentedApiCalls(portal.baseUrl, apiCalls)).toEqual([]);
  });
});
