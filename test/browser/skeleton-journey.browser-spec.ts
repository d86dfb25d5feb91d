/**
 * Walking skeleton, through the real portal (API + built client) in Debian chromium:
 * a town-hall agent opens a family file and reads its code abonné; the parent creates an account
 * with that code, activates it from the e-mail (caught by a real SMTP test mailbox), books the
 * first free canteen day and follows the request in « Mes demandes ».
 *
 * Everything is found the way a person (or a screen reader) finds it: roles, labels, text.
 * axe-core checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build --workspace angular-client && npx jest --selectProjects browser
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal } from '../support/portal';
import {
  expectNoAxeViolations,
  launchBrowser,
  openPage,
  removeScreenshots,
  screenshot,
  type OpenedPage,
  type ScreenSize,
} from './support/browser';

const STAFF = { email: 'agent.enfance@saint-hilaire-du-bois.fr', password: 'Enfance-2026' };
const PARENT_PASSWORD = 'Soleil-du-Matin-7';
const CANTEEN = 'Restaurant scolaire';
/** Screenshot names start with this; the previous run's are removed first. */
const SHOTS = 'parcours';

type Portal = Awaited<ReturnType<typeof startPortal>>;

// `testTimeout` in a jest project entry is ignored (it is a global option): set it here.
jest.setTimeout(180_000);

let portal: Portal;
let mailbox: Mailbox;
let browser: Browser;

beforeAll(async () => {
  removeScreenshots(SHOTS);
  mailbox = await startMailbox();
  [portal, browser] = await Promise.all([startPortal({ smtpUrl: mailbox.smtpUrl }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await mailbox?.close();
});

describe.each<[string, ScreenSize]>([
  ['sur téléphone (390×844)', 'phone'],
  ['sur ordinateur (1280×800)', 'desktop'],
])('Parcours de bout en bout %s', (_label, size) => {
  let opened: OpenedPage;
  let page: Page;
  let step = 0;

  /** Each screen the person reaches: no WCAG A/AA violation, and a screenshot. */
  async function checkScreen(name: string): Promise<void> {
    await expectNoAxeViolations(page, `${name} (${size})`);
    step += 1;
    await screenshot(page, `${SHOTS}-${size}-${String(step).padStart(2, '0')}-${name}`);
  }

  const heading1 = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const nav = () => page.getByRole('navigation', { name: 'Menu principal' });
  /** Follows a link of the main menu (on a phone, the menu first unfolds behind its « Menu » button). */
  async function goTo(name: string): Promise<void> {
    const toggle = nav().getByRole('button', { name: 'Menu' });
    if (await toggle.isVisible()) await toggle.click();
    await nav().getByRole('link', { name, exact: true }).click();
  }

  beforeEach(async () => {
    opened = await openPage(browser, size, portal.baseUrl);
    page = opened.page;
  });

  afterEach(async () => {
    await opened.context.close();
  });

  /** On failure, a screenshot of where the journey stopped (…/parcours-<size>-echec.png). */
  const keepFailureScreenshot = (journey: () => Promise<void>) => async () => {
    try {
      await journey();
    } catch (error) {
      await screenshot(page, `${SHOTS}-${size}-echec`).catch(() => undefined);
      throw error;
    }
  };

  it("l'agent ouvre un dossier famille, le parent crée son compte avec le code abonné, l'active depuis l'e-mail, réserve la cantine et suit sa demande", keepFailureScreenshot(async () => {
    const unique = `${size}${Date.now().toString(36)}`;
    const parent = { firstName: 'Camille', lastName: 'Bernard', email: `camille.bernard.${unique}@exemple.fr` };
    const child = { firstName: 'Léa', lastName: 'Bernard', birthDate: '14/03/2019', schoolClass: 'CE1' };

    // --- The town-hall agent signs in ---------------------------------------------------------
    await page.goto('/');
    await heading1('Connexion').waitFor();
    await checkScreen('connexion');
    await page.getByLabel('Adresse e-mail').fill(STAFF.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(STAFF.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    // The service lands on its request queue; the families are one menu entry away.
    await heading1('Demandes').waitFor();
    await goTo('Familles');
    await heading1('Familles').waitFor();
    await page.getByText(/^\d+ familles?\.$|^Aucune famille\.$/).waitFor();
    await checkScreen('familles');

    // --- …opens a family file --------------------------------------------------------------------
    await page.getByRole('link', { name: 'Ouvrir un dossier famille' }).click();
    await heading1('Ouvrir un dossier famille').waitFor();
    await checkScreen('ouvrir-dossier');

    const guardian = page.getByRole('group', { name: 'Responsable légal' });
    await guardian.getByRole('radio', { name: 'Madame' }).check();
    await guardian.getByLabel('Nom', { exact: true }).fill(parent.lastName);
    await guardian.getByLabel('Prénom', { exact: true }).fill(parent.firstName);
    await guardian.getByLabel('Adresse e-mail').fill(parent.email);
    const firstChild = page.getByRole('group', { name: 'Enfant 1' });
    await firstChild.getByLabel('Prénom', { exact: true }).fill(child.firstName);
    await firstChild.getByLabel('Nom', { exact: true }).fill(child.lastName);
    await firstChild.getByLabel('Date de naissance').fill(child.birthDate);
    await firstChild.getByLabel('Classe (facultatif)').fill(child.schoolClass);
    await page.getByRole('button', { name: 'Ouvrir le dossier' }).click();

    // --- …reads the code abonné on screen, then signs out ---------------------------------------
    await heading1('Dossier famille ouvert').waitFor();
    await page.getByText(`famille ${parent.lastName}`, { exact: false }).first().waitFor();
    const subscriberCode = (await page.getByLabel('Code abonné').textContent())?.trim() ?? '';
    expect(subscriberCode).toMatch(/^[A-Z0-9][A-Z0-9-]{5,39}$/);
    await checkScreen('dossier-ouvert');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await heading1('Connexion').waitFor();
    await page.getByRole('status').getByText('Vous êtes déconnecté').waitFor();

    // --- The parent creates an account with the code ----------------------------------------------
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await heading1('Créer un compte').waitFor();
    await checkScreen('inscription');

    // An empty form says what is missing, next to each field.
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('alert').filter({ hasText: 'Saisissez le code abonné' }).waitFor();
    await expectFocused(page.getByLabel('Code abonné'));
    await checkScreen('inscription-erreurs');

    await page.getByLabel('Code abonné').fill(subscriberCode);
    await page.getByRole('radio', { name: 'Madame' }).check();
    await page.getByLabel('Nom', { exact: true }).fill(parent.lastName);
    await page.getByLabel('Prénom', { exact: true }).fill(parent.firstName);
    await page.getByLabel('Adresse e-mail (votre identifiant)').fill(parent.email);
    // The rule is checked in the browser too, with the same words as the API.
    await page.getByLabel('Mot de passe', { exact: true }).fill('soleil');
    await page.getByLabel('Confirmation du mot de passe').focus();
    await page.getByRole('alert').filter({ hasText: 'il manque 8 caractères, un chiffre et une majuscule' }).waitFor();
    await page.getByLabel('Mot de passe', { exact: true }).fill(PARENT_PASSWORD);
    await page.getByLabel('Confirmation du mot de passe').fill(PARENT_PASSWORD);
    await page.getByRole('checkbox', { name: "J'ai lu et j'accepte les conditions d'utilisation" }).check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    // --- …is told to activate it from the e-mail, follows the link, and signs in -----------------
    await heading1('Connexion').waitFor();
    await page.getByRole('status').getByText('Votre compte est créé').waitFor();
    await checkScreen('connexion-apres-inscription');
    const mail = await mailbox.waitFor(parent.email, (m) => /activ/i.test(m.subject));
    const activationLink = mail.links.find((link) => link.includes('/activer-mon-compte'));
    expect(activationLink).toBeDefined();
    const { pathname, search } = new URL(activationLink!);
    await page.goto(pathname + search); // the mail's host is the public URL; the test portal listens elsewhere
    await heading1('Activation de votre compte').waitFor();
    await page.getByRole('status').getByText('Votre compte est activé').waitFor();
    await checkScreen('activation');
    await page.getByRole('link', { name: 'Se connecter' }).click();

    await heading1('Connexion').waitFor();
    await page.getByLabel('Adresse e-mail').fill(parent.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PARENT_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    await heading1(/^Bonjour /).waitFor();
    await page.getByRole('region', { name: 'Mes enfants' }).getByText(`${child.firstName} ${child.lastName}`).waitFor();
    await checkScreen('accueil-parent');

    // --- …opens the planning and books the first free canteen day -------------------------------
    await goTo('Planning');
    await heading1('Planning').waitFor();
    const freeCanteenDay = await findFirstFreeDay(page, CANTEEN, child.firstName);
    const dayLabel = (await freeCanteenDay.getAttribute('aria-label'))!.split(',')[0]!.trim(); // « mardi 3 novembre 2026 »
    await checkScreen('planning');

    await freeCanteenDay.click();
    const confirm = page.getByRole('dialog', { name: 'Souhaitez-vous réserver ?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`${CANTEEN} pour ${child.firstName}, le ${dayLabel}`);
    await checkScreen('planning-confirmation');
    // A modal dialog: focus starts inside and stays inside whatever the Tab presses.
    expect(await focusIsInside(confirm)).toBe(true);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await focusIsInside(confirm)).toBe(true);
    await confirm.getByRole('button', { name: 'Oui, réserver' }).click();

    const outcome = page.getByRole('dialog', { name: 'Réservation acceptée' });
    await outcome.waitFor();
    await checkScreen('planning-reservation-acceptee');
    await outcome.getByRole('button', { name: 'Fermer' }).click();
    await outcome.waitFor({ state: 'hidden' });

    // The same cell now says « Réservé » (the planning was refreshed).
    const day = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(`^${dayLabel}`) }) });
    const cell = day.getByRole('listitem').filter({ hasText: CANTEEN }).filter({ hasText: child.firstName });
    await cell.getByText('Réservé', { exact: true }).waitFor();
    // …and is now offered to be cancelled (the deadline is not past), no longer to be booked.
    expect(await cell.getByRole('button').getAttribute('aria-label')).toMatch(/ : Réservé \(annuler/);
    await checkScreen('planning-apres-reservation');

    // --- …and follows the request in « Mes demandes » ------------------------------------------
    await goTo('Mes demandes');
    await heading1('Mes demandes').waitFor();
    const request = page.getByRole('listitem').filter({ hasText: 'Acceptée' }).first();
    await request.waitFor();
    await checkScreen('mes-demandes');

    await request.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Historique' }).waitFor();
    expect(await page.getByText('Acceptée', { exact: true }).count()).toBeGreaterThan(0);
    const steps = page.getByRole('region', { name: 'Historique' }).getByRole('listitem');
    expect(await steps.count()).toBeGreaterThan(0);
    for (const when of await page.locator('time').allTextContents()) {
      expect(when.trim()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    }
    await checkScreen('demande-historique');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await heading1('Connexion').waitFor();

    expect(opened.problems).toEqual([]);
  }));
});

/**
 * The first « Libre » day of an activity for a child, from the week or month the planning opens on
 * (it opens on the first bookable week), looking up to about three months ahead.
 */
async function findFirstFreeDay(page: Page, activity: string, childFirstName: string): Promise<Locator> {
  const calendar = page.getByRole('list', { name: /^Jours de / });
  for (let step = 0; step < 14; step++) {
    await calendar.waitFor();
    const free = calendar.getByRole('button', { name: new RegExp(`${activity}, ${childFirstName} : Libre`) });
    if ((await free.count()) > 0) return free.first();
    const shown = await calendar.getAttribute('aria-label');
    await page.getByRole('button', { name: /^(Mois|Semaine) suivante?$/ }).click();
    await waitUntil(async () => (await calendar.count()) === 1 && (await calendar.getAttribute('aria-label')) !== shown);
  }
  throw new Error(`Aucun jour « Libre » pour ${activity} (${childFirstName}) dans les trois prochains mois.`);
}

function focusIsInside(container: Locator): Promise<boolean> {
  return container.evaluate((el) => {
    const node = el as unknown as { contains(other: unknown): boolean; ownerDocument: { activeElement: unknown } };
    return node.contains(node.ownerDocument.activeElement);
  });
}

/** playwright-core has no `expect`: wait until the element has the focus. */
async function expectFocused(locator: Locator): Promise<void> {
  await waitUntil(() => locator.evaluate((el) => (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el));
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('Condition non remplie dans le délai imparti.');
    await new Promise((r) => setTimeout(r, 100));
  }
}
