/**
 * The town-hall service's journey through the back office in Debian chromium, at phone and
 * desktop sizes, on Tuesday 1 December 2026, 8:30 in Paris: the request queue filtered and decided
 * in bulk with a message (a refusal without one is stopped at the field), a request's page and its
 * audit trail, occupancy, the attendance register (one tap per child, large targets), the family
 * file with its code abonné letter and audit timeline, activities and news.
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build --workspace angular-client && npx jest test/browser/staff-journey --selectProjects browser
 */
import type { Browser } from 'playwright-core';
import { FixedClock } from '@pf/domain';
import { ApiClient, STAFF, requestId } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';
import { launchBrowser, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { journey, journeySteps, signIn, waitUntil, type Journey } from './support/journey';

const NOW = '2026-12-01T07:30:00Z';
const TODAY = '2026-12-01';
const CANTEEN = 'Restaurant scolaire';
const WEDNESDAY = 'Mercredi loisirs (journée avec repas)';
const SHOTS = 'agent';
/** A real 1×1 PNG, so the browser draws it. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** Runs in the page: the image was fetched and decoded (an image the server refused has no width). */
const isDrawn = (img: unknown) => (img as { complete: boolean; naturalWidth: number }).complete && (img as { naturalWidth: number }).naturalWidth > 0;

jest.setTimeout(180_000);

let portal: RunningPortal;
let browser: Browser;
/** Every API call the journeys made, checked against the OpenAPI document at the end. */
const apiCalls = new Set<string>();
let staff: ApiClient;
let activities: Array<{ activityId: string; name: string; kind: string }>;
const clock = new FixedClock(NOW);

/** Moves the portal's clock; sessions are signed at a given time, so the service signs in again. */
async function at(instant: string): Promise<void> {
  clock.set(instant);
  await staff.signIn(STAFF.email, STAFF.password);
}

beforeAll(async () => {
  removeScreenshots(SHOTS);
  [portal, browser] = await Promise.all([startPortal({ clock }), launchBrowser()]);
  staff = new ApiClient(portal.baseUrl);
  await staff.signIn(STAFF.email, STAFF.password);
  activities = (await staff.get('/api/activities')).body.items;
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe.each<[string, ScreenSize, string]>([
  ['sur téléphone (390×844)', 'phone', 'Perrin'],
  ['sur ordinateur (1280×800)', 'desktop', 'Fabre'],
])("Parcours de l'agent %s", (_label, size, lastName) => {
  let opened: OpenedPage;
  let j: Journey;
  let familyId: string;
  const family = new RegExp(`Famille ${lastName}`, 'i');

  beforeAll(async () => {
    // A family of the commune: two enrolment requests for the Wednesday (decided by the service)
    // and two canteen meals booked late this morning, at the surcharge.
    const file = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'M', firstName: 'Karim', lastName, email: `karim.${lastName.toLowerCase()}@exemple.fr` },
      children: [
        { firstName: 'Jules', lastName, birthDate: '2018-05-12', schoolClass: 'CE2' },
        { firstName: 'Lina', lastName, birthDate: '2021-10-03', schoolClass: 'Moyenne section' },
      ],
    });
    familyId = file.body.familyId;
    const wednesday = activities.find((a) => a.name === WEDNESDAY)!;
    const canteen = activities.find((a) => a.name === CANTEEN)!;
    // Jules ate at the canteen on two November days (to bill once November is over).
    await at('2026-11-02T07:30:00Z');
    for (const day of ['2026-11-05', '2026-11-06']) {
      const booked = await staff.post('/api/reservations', { requestId: requestId(), childId: file.body.children[0].childId, activityId: canteen.activityId, day });
      expect(booked.body.status).toBe('accepted');
    }
    await at(NOW);
    for (const child of file.body.children as Array<{ childId: string }>) {
      const enrolment = await staff.post('/api/enrolments', { requestId: requestId(), childId: child.childId, activityId: wednesday.activityId, periodId: 'annee-2026-2027' });
      expect(enrolment.body.status).toBe('pending');
      const meal = await staff.post('/api/reservations', { requestId: requestId(), childId: child.childId, activityId: canteen.activityId, day: TODAY, late: true });
      expect(meal.body.status).toBe('accepted');
    }
    opened = await openPage(browser, size, portal.baseUrl);
    await opened.context.clock.setFixedTime(new Date(NOW));
    j = journey(opened.page, size, SHOTS);
  });

  afterAll(async () => {
    for (const call of opened?.apiCalls ?? []) apiCalls.add(call);
    await opened?.context.close();
  });

  const step = journeySteps(() => j, SHOTS, size);

  step('arrive sur la file des demandes, filtre les inscriptions et les accepte en une fois avec un message', async () => {
    const { page } = j;
    await signIn(j, STAFF.email, STAFF.password);
    await j.heading1('Demandes').waitFor();
    await page.getByText(/^\d+ demandes? à traiter/).waitFor();
    await j.checkScreen('demandes');

    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Inscriptions' });
    const mine = page.getByRole('listitem').filter({ hasText: family });
    await waitUntil(async () => (await mine.count()) === 2, 10_000, 'Les deux inscriptions de la famille ne sont pas listées');
    for (const child of ['Jules', 'Lina']) {
      await page.getByRole('checkbox', { name: new RegExp(`^Sélectionner : Inscription ${WEDNESDAY.replace(/[()]/g, '.')} — ${child} — .*${lastName}`, 'i') }).check();
    }
    const bulk = page.getByRole('region', { name: '2 demandes sélectionnées' });
    await bulk.waitFor();
    // A refusal says why: without a message it is stopped next to the field.
    await bulk.getByRole('button', { name: 'Refuser la sélection' }).click();
    await bulk.getByRole('alert').filter({ hasText: 'Indiquez aux familles le motif du refus.' }).waitFor();
    await j.checkScreen('demandes-selection');

    await bulk.getByLabel(/Message aux familles/).fill('Bienvenue au centre de loisirs du mercredi : les réservations sont ouvertes.');
    await bulk.getByRole('button', { name: 'Accepter la sélection' }).click();
    await page.getByRole('status').getByText('2 demandes acceptées : les familles sont prévenues.').waitFor();
    await waitUntil(async () => (await mine.count()) === 0, 10_000, 'Les demandes acceptées sont encore dans la file');
    await j.checkScreen('demandes-acceptees');
  });

  step("ouvre une demande décidée, son historique et son journal d'audit", async () => {
    const { page } = j;
    await page.getByLabel('État', { exact: true }).selectOption({ label: 'Acceptées' });
    const jules = page.getByRole('listitem').filter({ hasText: family }).filter({ hasText: 'Jules' }).filter({ hasText: 'Inscription' });
    await jules.getByRole('link').click();
    await j.heading1(new RegExp(`^Inscription ${WEDNESDAY.replace(/[()]/g, '.')} — Jules`)).waitFor();
    const history = page.getByRole('region', { name: 'Historique' });
    await history.getByText(/Agent du service/).first().waitFor();
    await page.getByText('Bienvenue au centre de loisirs du mercredi', { exact: false }).first().waitFor();
    await j.checkScreen('demande');

    await page.getByRole('link', { name: "Journal d'audit de la demande" }).click();
    await j.heading1("Journal d'audit de la demande").waitFor();
    const events = page.getByRole('list', { name: 'Événements' });
    await events.getByText('Inscription demandée', { exact: true }).waitFor();
    await events.getByText('Inscription acceptée', { exact: true }).waitFor();
    await j.checkScreen('audit-demande');
  });

  step("voit l'occupation de la cantine jour par jour", async () => {
    const { page } = j;
    await j.goTo('Occupation');
    await j.heading1("Occupation et listes d'attente").waitFor();
    await page.getByLabel('Activité', { exact: true }).selectOption({ label: CANTEEN });
    const table = page.getByRole('table');
    await table.getByRole('rowheader', { name: /^Mar\. 1/ }).waitFor();
    await j.checkScreen('occupation');
  });

  step('pointe la cantine du jour sur une tablette : un toucher par enfant, de grandes cibles, et le registre garde le pointage', async () => {
    const { page } = j;
    await j.goTo('Pointage');
    await j.heading1('Pointage').waitFor();
    await page.getByLabel('Activité', { exact: true }).selectOption({ label: CANTEEN });
    const register = page.getByRole('list', { name: `Enfants attendus, ${CANTEEN}` });
    await register.waitFor();
    const present = register.getByRole('button', { name: `Présent : Jules ${lastName}` });
    const absent = register.getByRole('button', { name: `Absent : Lina ${lastName}` });
    for (const button of [present, absent]) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
    await present.click();
    await absent.click();
    const row = (name: string) => register.getByRole('listitem').filter({ hasText: `${lastName} ${name}` });
    await row('Jules').getByText('Présent', { exact: true }).first().waitFor();
    await waitUntil(async () => (await present.getAttribute('aria-pressed')) === 'true' && (await absent.getAttribute('aria-pressed')) === 'true');
    await j.checkScreen('pointage');

    // The register comes back as it was recorded.
    await page.reload();
    await j.heading1('Pointage').waitFor();
    await register.waitFor();
    await waitUntil(async () => (await present.getAttribute('aria-pressed')) === 'true' && (await absent.getAttribute('aria-pressed')) === 'true', 10_000, 'Le pointage n’est pas conservé');
  });

  step("ouvre le dossier de la famille, son courrier de code abonné, y met la photo d'un enfant et ouvre son journal d'audit", async () => {
    const { page } = j;
    await j.goTo('Familles');
    await j.heading1('Familles').waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher une famille' }).fill(lastName);
    await page.getByRole('link', { name: family }).click();
    await j.heading1(new RegExp(`^Dossier de la famille ${lastName}`, 'i')).waitFor();
    const letter = page.getByRole('link', { name: 'Imprimer le courrier du code abonné (PDF)' });
    expect(await letter.getAttribute('href')).toBe(`/api/families/${familyId}/subscriber-code-letter.pdf`);
    const pdf = await fetch(`${portal.baseUrl}/api/families/${familyId}/subscriber-code-letter.pdf`, { headers: { cookie: staff.cookieHeader() } });
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    await j.checkScreen('dossier-famille');

    // The service sets Jules's photo at once (a parent's would wait for validation).
    const jules = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: `Jules ${lastName}` }) });
    await jules.getByLabel('Ajouter une photo de Jules').setInputFiles({ name: 'jules.png', mimeType: 'image/png', buffer: PHOTO });
    await jules.getByRole('button', { name: 'Enregistrer la photo de Jules' }).click();
    await page.getByRole('status').getByText('La photo de Jules est enregistrée.').waitFor();
    const photo = jules.getByRole('img', { name: `Photo de Jules ${lastName}` });
    await waitUntil(() => photo.evaluate(isDrawn), 10_000, 'La photo de Jules ne s’affiche pas');
    await j.checkScreen('dossier-famille-photo');

    await page.getByRole('link', { name: "Journal d'audit", exact: true }).click();
    await j.heading1("Journal d'audit de la famille").waitFor();
    const events = page.getByRole('list', { name: 'Événements' });
    await events.getByText('Dossier famille ouvert', { exact: true }).waitFor();
    await events.getByText('Présence pointée', { exact: true }).first().waitFor();
    await page.getByLabel('Auteur', { exact: true }).selectOption({ label: 'Agent du service' });
    await page.getByRole('status').getByText(/\d+ événements?\./).waitFor();
    expect(await page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href')).toContain(`/api/audit/family/${familyId}/export.csv?actorKind=staff`);
    await j.checkScreen('audit-famille');
  });

  step('facture novembre, retrouve la facture de la famille, enregistre un règlement au guichet et ouvre son journal d’audit', async () => {
    const { page } = j;
    await j.goTo('Facturation');
    await j.heading1('Facturation').waitFor();
    expect(await page.getByLabel('Mois (terminé)').inputValue()).toBe('2026-11');
    await page.getByRole('button', { name: 'Lancer la facturation' }).click();
    await page.getByRole('status').getByText(/^Novembre 2026 : \d+ facture\(s\) émise\(s\) pour /).waitFor();
    await j.checkScreen('facturation');

    const number = (await staff.get(`/api/billing/invoices?familyId=${familyId}`)).body.items[0].number as string;
    await page.getByLabel('Numéro de facture').fill(number);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: number }).click();
    await j.heading1(`Facture ${number}`).waitFor();
    await page.getByLabel('Montant (€)').fill('1,00');
    await page.getByLabel('Mode de règlement').selectOption({ label: 'Chèque' });
    await page.getByLabel(/^Référence/).fill('CHQ 0001234');
    await page.getByRole('button', { name: 'Enregistrer le règlement' }).click();
    await page.getByRole('status').getByText('Règlement de 1,00 € enregistré.').waitFor();
    await page.getByText('Partiellement payée', { exact: true }).waitFor();
    await j.checkScreen('facture');

    await page.getByRole('link', { name: "Journal d'audit de la facture" }).click();
    await j.heading1("Journal d'audit de la facture").waitFor();
    const events = page.getByRole('list', { name: 'Événements' });
    await events.getByText('Facture émise', { exact: true }).waitFor();
    await events.getByText('Règlement reçu', { exact: true }).waitFor();
    await j.checkScreen('audit-facture');
  });

  step('consulte la configuration des activités, corrige un tarif par tranche de QF et publie une actualité', async () => {
    const { page } = j;
    await j.goTo('Activités');
    await j.heading1('Activités').waitFor();
    await page.getByRole('button', { name: `Modifier : ${CANTEEN}` }).click();
    await page.getByRole('heading', { level: 2, name: `Modifier « ${CANTEEN} »` }).waitFor();
    expect(await page.getByLabel('Capacité totale (vide : sans limite)').inputValue()).toBe('99');
    await j.checkScreen('activite');
    await page.getByRole('button', { name: 'Annuler' }).click();

    // Its tariff by QF bracket, for the school year.
    await page.getByRole('button', { name: `Modifier le tarif : ${CANTEEN}, Année scolaire 2026-2027` }).click();
    await page.getByRole('heading', { level: 2, name: `Tarif : ${CANTEEN} — Année scolaire 2026-2027` }).waitFor();
    const firstPrice = page.getByLabel('Prix par jour, tranche 1 (€)');
    const price = await firstPrice.inputValue();
    await firstPrice.fill('3,2,1');
    await page.getByRole('button', { name: 'Enregistrer le tarif' }).click();
    await page.getByRole('alert').filter({ hasText: 'Un montant en euros, par exemple 3,20.' }).waitFor();
    await j.checkScreen('tarif');
    await firstPrice.fill(price);
    await page.getByRole('button', { name: 'Enregistrer le tarif' }).click();
    await page.getByRole('status').getByText(`Tarif de « ${CANTEEN} » (Année scolaire 2026-2027) enregistré.`).waitFor();

    await j.goTo('Actualités');
    await j.heading1('Actualités').waitFor();
    await page.getByLabel('Titre').fill(`Menus de décembre (${size})`);
    await page.getByLabel('Texte').fill('Repas de Noël le jeudi 17 décembre : pensez à réserver.');
    await page.getByRole('button', { name: 'Publier' }).click();
    await page.getByRole('status').getByText(`« Menus de décembre (${size}) » est publiée (en ligne).`).waitFor();
    await j.checkScreen('actualites');
    expect(opened.problems).toEqual([]);
  });

  step("prépare le bilan CAF : la fréquentation de novembre par tranche d'âge, son export CSV, puis l'année scolaire mois par mois", async () => {
    const { page } = j;
    await j.goTo('Statistiques');
    await j.heading1('Statistiques').waitFor();
    // Last month by default: November, when Jules (8 years old) ate twice at the canteen.
    expect(await page.getByLabel('Mois', { exact: true }).inputValue()).toBe('2026-11');
    const totals = page.getByRole('table', { name: `${CANTEEN} — Novembre 2026 : totaux par tranche d'âge` });
    await totals.waitFor();
    const canteen = activities.find((a) => a.name === CANTEEN)!;
    const november = (await staff.get(`/api/statistics/attendance?month=2026-11&activityId=${canteen.activityId}`)).body.activities[0];
    expect(november.byAgeGroup.six_and_over.booked).toBeGreaterThanOrEqual(2);
    const booked = totals.getByRole('row', { name: /^Jours réservés \d/ });
    expect((await booked.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual([
      String(november.byAgeGroup.under_6.booked),
      String(november.byAgeGroup.six_and_over.booked),
      String(november.total.booked),
    ]);
    expect(await totals.getByRole('columnheader').allTextContents()).toEqual(['Chiffre', 'Moins de 6 ans', '6 ans et plus', 'Total']);
    const csvLink = page.getByRole('link', { name: 'Exporter (CSV)' });
    expect(await csvLink.getAttribute('href')).toBe('/api/statistics/attendance.csv?month=2026-11');
    const csv = await fetch(`${portal.baseUrl}/api/statistics/attendance.csv?month=2026-11`, { headers: { cookie: staff.cookieHeader() } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')[0]).toContain("Activité;Équipement;Mois;Du;Au;Tranche d'âge;Jours réservés");
    await j.checkScreen('statistiques');

    // The whole school year of the canteen, month by month.
    await page.getByLabel('Du … au … (un an au plus)').check();
    await page.getByRole('button', { name: "Toute l'année scolaire" }).click();
    await page.getByLabel('Activité', { exact: true }).selectOption({ label: CANTEEN });
    await page.getByRole('button', { name: 'Afficher les statistiques' }).click();
    await page.getByRole('status').getByText('Du 01/09/2026 au 31/08/2027 · 1 activité(s)').waitFor();
    await page.getByText("La période n'est pas terminée", { exact: false }).waitFor();
    await page.getByLabel('Chiffre mois par mois').selectOption({ label: 'Jours réservés' });
    const byMonth = page.getByRole('table', { name: `${CANTEEN} — Jours réservés par mois et tranche d'âge` });
    await byMonth.getByRole('rowheader', { name: 'Novembre 2026' }).waitFor();
    expect(await byMonth.getByRole('rowheader').count()).toBe(13);
    await j.checkScreen('statistiques-annee');
    expect(opened.problems).toEqual([]);
  });
});

describe("Contrat avec l'API", () => {
  it("le client n'appelle que des routes décrites par la documentation OpenAPI de l'API (/api/docs)", async () => {
    expect(apiCalls.size).toBeGreaterThan(10);
    expect(await undocumentedApiCalls(portal.baseUrl, apiCalls)).toEqual([]);
    // …and a route the API does not have would be caught.
    expect(await undocumentedApiCalls(portal.baseUrl, ['GET /api/families/0e6c1a52-0000-4000-8000-000000000000/nulle-part'])).toHaveLength(1);
  });
});
