/**
 * A family without a code abonné pre-registers through the public page, then the service opens its
 * file from the request, in Debian chromium at phone and desktop sizes: the commune chosen from the
 * public list, the French errors next to each field, two guardians (the second at the same
 * address), two children, the confirmation; then the service's « Pré-inscriptions à traiter », the
 * file opened with its code abonné, and the family file with both guardians.
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build --workspace angular-client && npx jest test/browser/pre-registration-journey --selectProjects browser
 */
import type { Browser } from 'playwright-core';
import { ApiClient, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { startPortal, type RunningPortal } from '../support/portal';
import { launchBrowser, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { expectFocused, journey, journeySteps, signIn, waitUntil, type Journey } from './support/journey';

const SHOTS = 'preinscription';

jest.setTimeout(180_000);

let portal: RunningPortal;
let browser: Browser;
const apiCalls = new Set<string>();

beforeAll(async () => {
  removeScreenshots(SHOTS);
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  // A second commune on the same portal: the family chooses its own from the list.
  await registerOtherCommune(portal, new Date().toISOString());
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe.each<[string, ScreenSize, string]>([
  ['sur téléphone (390×844)', 'phone', 'Benali'],
  ['sur ordinateur (1280×800)', 'desktop', 'Lefèvre'],
])('Pré-inscription d’une famille sans code abonné %s', (_label, size, lastName) => {
  let opened: OpenedPage;
  let j: Journey;
  const guardians = `Inès ${lastName} et Karim ${lastName}`;

  beforeAll(async () => {
    opened = await openPage(browser, size, portal.baseUrl);
    j = journey(opened.page, size, SHOTS);
  });

  afterAll(async () => {
    for (const call of opened?.apiCalls ?? []) apiCalls.add(call);
    await opened?.context.close();
  });

  const step = journeySteps(() => j, SHOTS, size);

  step('trouve la pré-inscription depuis la connexion (« Pas encore de code abonné ? ») et choisit sa commune', async () => {
    const { page } = j;
    await page.goto('/connexion');
    await j.heading1('Connexion').waitFor();
    await page.getByRole('heading', { name: 'Pas encore de code abonné ?' }).waitFor();
    await page.getByRole('link', { name: 'Pré-inscrire ma famille' }).click();
    await j.heading1('Pré-inscrire ma famille').waitFor();
    const commune = page.getByLabel('Commune où vivent les enfants');
    await commune.waitFor();
    expect(await commune.locator('option').allTextContents()).toEqual(['Choisissez votre commune', 'Saint-Hilaire-du-Bois', 'Val-de-Loire-Test']);
    await j.checkScreen('formulaire');
  });

  step('est arrêtée champ par champ, en français, sur ce qui manque', async () => {
    const { page } = j;
    await page.getByRole('button', { name: 'Envoyer ma demande de pré-inscription' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choisissez votre commune.' }).waitFor();
    await expectFocused(page.getByLabel('Commune où vivent les enfants'));
    for (const message of ['Choisissez une civilité.', 'Saisissez le nom.', 'Indiquez au moins un numéro de téléphone.', 'Saisissez le numéro et la rue.', 'Saisissez la date de naissance.']) {
      await page.getByRole('alert').filter({ hasText: message }).first().waitFor();
    }
    await page.getByLabel('Code postal').fill('441');
    await page.getByLabel('Code postal').blur();
    await page.getByRole('alert').filter({ hasText: 'Code postal : 5 chiffres attendus (par exemple 44000).' }).waitFor();
    await j.checkScreen('erreurs');
  });

  step('envoie ses deux responsables (le second à la même adresse), ses deux enfants et un message', async () => {
    const { page } = j;
    await page.getByLabel('Commune où vivent les enfants').selectOption({ label: 'Saint-Hilaire-du-Bois' });
    const first = page.getByRole('group', { name: 'Premier responsable (vous)' });
    await first.getByLabel('Madame').check();
    await first.getByLabel('Nom', { exact: true }).fill(lastName);
    await first.getByLabel('Prénom').fill('Inès');
    await first.getByLabel('Adresse e-mail').fill(`ines.${size}@exemple.fr`);
    await first.getByLabel(/^Lien avec les enfants/).selectOption({ label: 'Mère' });
    await first.getByLabel(/^Portable/).fill('07 11 22 33 44');
    await first.getByLabel('Numéro et rue').fill('5 place du Marché');
    await first.getByLabel('Code postal').fill('44190');
    await first.getByLabel('Ville').fill('Saint-Hilaire-du-Bois');

    await page.getByRole('button', { name: 'Ajouter un second responsable' }).click();
    const second = page.getByRole('group', { name: 'Second responsable' });
    await expectFocused(second.getByLabel('Madame'));
    await second.getByLabel('Monsieur').check();
    await second.getByLabel('Nom', { exact: true }).fill(lastName);
    await second.getByLabel('Prénom').fill('Karim');
    await second.getByLabel('Adresse e-mail').fill(`karim.${size}@exemple.fr`);
    expect(await second.getByLabel('Même adresse que le premier responsable').isChecked()).toBe(true);

    const child1 = page.getByRole('group', { name: 'Enfant 1' });
    await child1.getByLabel('Prénom').fill('Yanis');
    // The family name is copied from the first guardian.
    expect(await child1.getByLabel('Nom', { exact: true }).inputValue()).toBe(lastName);
    await child1.getByLabel('Date de naissance').fill('14/09/2020');
    await page.getByRole('button', { name: 'Ajouter un enfant' }).click();
    const child2 = page.getByRole('group', { name: 'Enfant 2' });
    await expectFocused(child2.getByLabel('Prénom'));
    await child2.getByLabel('Prénom').fill('Lina');
    await child2.getByLabel('Date de naissance').fill('03/10/2022');
    await child2.getByLabel(/^Sexe/).selectOption({ label: 'Fille' });
    await page.getByLabel(/^Message au service enfance/).fill('Nous arrivons dans la commune en janvier.');
    await j.checkScreen('rempli');

    await page.getByRole('button', { name: 'Envoyer ma demande de pré-inscription' }).click();
    await j.heading1('Demande de pré-inscription envoyée').waitFor();
    await page.getByRole('status').getByText(/votre demande est arrivée à la mairie de Saint-Hilaire-du-Bois \(Service enfance-jeunesse\)\. Sa référence : [0-9A-F]{8}\./).waitFor();
    await j.checkScreen('envoyee');
  });

  step('le service la trouve parmi les pré-inscriptions à traiter, ouvre le dossier et le retrouve parmi les familles avec son code abonné', async () => {
    const { page } = j;
    await signIn(j, STAFF.email, STAFF.password);
    await j.heading1('Demandes').waitFor();
    await j.goTo('Familles');
    await j.heading1('Familles').waitFor();
    const queue = page.getByRole('region', { name: /^Pré-inscriptions à traiter/ });
    const request = queue.getByRole('listitem').filter({ hasText: guardians });
    await request.getByText('Enfants : Yanis (14/09/2020), Lina (03/10/2022)').waitFor();
    await request.getByText('Message : Nous arrivons dans la commune en janvier.').waitFor();
    await j.checkScreen('a-traiter');

    await request.getByRole('button', { name: `Ouvrir le dossier de ${guardians}` }).click();
    // The file is among the families at once, with its code abonné and both guardians.
    const file = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(`^Famille ${lastName}$`, 'i') }) });
    await file.getByText(/^SHB-\d{4}-\d{4}-\d{4}$/).waitFor();
    await file.getByText(`Karim ${lastName} (karim.${size}@exemple.fr)`, { exact: false }).waitFor();
    await waitUntil(async () => (await request.count()) === 0, 10_000, 'La pré-inscription est encore à traiter');
    await j.checkScreen('dossier-dans-la-liste');
    await file.getByRole('link', { name: new RegExp(`^Famille ${lastName}$`, 'i') }).click();
    await j.heading1(new RegExp(`^Dossier de la famille ${lastName}`, 'i')).waitFor();
    await page.getByText('Karim', { exact: false }).first().waitFor();
    await page.getByText('Lina', { exact: false }).first().waitFor();
    await j.checkScreen('dossier-ouvert');
    expect(opened.problems).toEqual([]);
  });
});

describe("Contrat avec l'API", () => {
  it("le client n'appelle que des routes décrites par la documentation OpenAPI de l'API (/api/docs)", async () => {
    expect([...apiCalls]).toEqual(expect.arrayContaining(['GET /api/communes', 'POST /api/pre-registrations', 'GET /api/pre-registrations']));
    expect(await undocumentedApiCalls(portal.baseUrl, apiCalls)).toEqual([]);
  });

  it('la liste publique des communes se lit sans compte', async () => {
    expect((await new ApiClient(portal.baseUrl).get('/api/communes?q=val')).body.items.map((c: { name: string }) => c.name)).toEqual(['Val-de-Loire-Test']);
  });
});
