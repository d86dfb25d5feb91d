/**
 * What parents and staff hit on a fresh portal (issue 17), walked through as they would, in Debian
 * chromium at phone and desktop sizes, from Tuesday 1 December 2026, 8:30 in Paris:
 * - the service lowers the capacity of « Garderie du soir » to 3 places (a number field);
 * - a parent signs up (the API says a missing confirmation is missing), opens the planning on the
 *   first bookable week, with long dates as French writes them (« mardi 1er décembre 2026 »);
 * - a late booking shows its price, the surcharge on its own line, and that without a QF on file
 *   the highest bracket applies (and how to give the QF);
 * - a day already full says « Complet — liste d'attente (rang 1) » before the parent commits, in
 *   the week, in the day's dialog and in the period preview; the period's decision is the rules';
 * - the invoice PDF reads as a town hall's (rendered to an image when poppler's pdftoppm is
 *   there); the parent, on the portal opened at another address than the one it listens on, pays
 *   online and comes back to it; no empty tax certificate is offered, the 2026 one is in January;
 * - opened during the Christmas holidays, the planning opens on the first week to book.
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build && npx jest --selectProjects browser --testPathPatterns acceptance-journey
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { FixedClock } from '@pf/domain';
import { pdfText } from '@pf/testing';
import { ApiClient, STAFF, requestId } from '../support/api-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';
import { SCREENSHOT_DIR, launchBrowser, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { journey, journeySteps, signIn, waitUntil, type Journey } from './support/journey';

const NOW = '2026-12-01T07:30:00Z'; // Tuesday, 8:30 in Paris: the canteen books 48 hours ahead, late until 9:00 the same day
const PASSWORD = 'Soleil-du-Matin-7';
const CANTEEN = 'Restaurant scolaire';
const EVENING = 'Garderie du soir';
const SHOTS = 'recette';

jest.setTimeout(240_000);

let portal: RunningPortal;
let mailbox: Mailbox;
let browser: Browser;
/** Every API call the journeys made, checked against the OpenAPI document at the end. */
const apiCalls = new Set<string>();
let staff: ApiClient;
let activities: Array<{ activityId: string; name: string }>;
const clock = new FixedClock(NOW);
const activity = (name: string) => activities.find((a) => a.name === name)!;

/** Moves the portal's clock; sessions are signed at a given time, so the service signs in again. */
async function at(instant: string): Promise<void> {
  clock.set(instant);
  await staff.signIn(STAFF.email, STAFF.password);
}

/** A family the town hall opened, its children enrolled at the evening care (accepted at once: enrolment « automatique »). */
async function openFamily(lastName: string, children: Array<{ firstName: string; birthDate: string; schoolClass: string }>, email = `${lastName.toLowerCase()}.${requestId().slice(0, 8)}@exemple.fr`) {
  const file = await staff.post('/api/families', {
    requestId: requestId(),
    guardian: { civility: 'Mme', firstName: 'Sophie', lastName, email },
    children: children.map((c) => ({ ...c, lastName })),
  });
  expect(file.status).toBe(201);
  const ids = (file.body.children as Array<{ childId: string }>).map((c) => c.childId);
  for (const childId of ids) {
    const enrolled = await staff.post('/api/enrolments', { requestId: requestId(), childId, activityId: activity(EVENING).activityId, periodId: 'annee-2026-2027' });
    expect(enrolled.body.status).toBe('accepted');
  }
  return { familyId: file.body.familyId as string, subscriberCode: file.body.subscriberCode as string, children: ids };
}

beforeAll(async () => {
  removeScreenshots(SHOTS);
  mailbox = await startMailbox();
  [portal, browser] = await Promise.all([startPortal({ smtpUrl: mailbox.smtpUrl, clock }), launchBrowser()]);
  staff = new ApiClient(portal.baseUrl);
  await staff.signIn(STAFF.email, STAFF.password);
  activities = (await staff.get('/api/activities')).body.items;
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await mailbox?.close();
});

/** Per size: the family's name, and the week whose Thursday three other families fill (each size its own week). */
describe.each<[string, ScreenSize, string, { monday: string; thursday: string; friday: string; label: RegExp }]>([
  ['sur téléphone (390×844)', 'phone', 'Durand', { monday: '2026-12-07', thursday: '2026-12-10', friday: '2026-12-11', label: /^jeudi 10 décembre 2026, / }],
  ['sur ordinateur (1280×800)', 'desktop', 'Rousseau', { monday: '2026-12-14', thursday: '2026-12-17', friday: '2026-12-18', label: /^jeudi 17 décembre 2026, / }],
])('Recette de ce que parents et agents rencontrent %s', (_label, size, lastName, week) => {
  let agent: OpenedPage;
  let parent: OpenedPage;
  let a: Journey;
  let j: Journey;
  const email = `sophie.${lastName.toLowerCase()}@exemple.fr`;
  let family: Awaited<ReturnType<typeof openFamily>>;
  /** The portal as the parent reached it: by name, not by the address it listens on (127.0.0.1). */
  let parentBase: string;

  beforeAll(async () => {
    await at('2026-11-02T07:30:00Z');
    family = await openFamily(lastName, [
      { firstName: 'Minh', birthDate: '2019-06-30', schoolClass: 'CP' },
      { firstName: 'Anh', birthDate: '2023-01-17', schoolClass: 'Petite section' },
    ], email);
    const [minh, anh] = family.children;
    // The billing guardian's postal address, invoices by post; no QF on file.
    const file = (await staff.get(`/api/families/${family.familyId}`)).body;
    const recorded = await staff.send('PUT', `/api/families/${family.familyId}/guardians/${file.guardians[0].guardianId}`, {
      requestId: requestId(),
      civility: 'Mme',
      lastName,
      firstName: 'Sophie',
      email,
      quality: 'mere',
      invoiceDelivery: 'courrier',
      phones: { mobile: '06 12 34 56 78' },
      address: { line1: '3 rue des Lilas', postcode: '44000', city: 'Saint-Hilaire-du-Bois' },
    });
    expect(recorded.status).toBe(200);
    // November: Minh ate at the canteen on the 26th and the 30th, Anh stayed at the evening care on the 5th; billed on 1 December.
    for (const [childId, activityId, day] of [
      [minh, activity(CANTEEN).activityId, '2026-11-26'],
      [minh, activity(CANTEEN).activityId, '2026-11-30'],
      [anh, activity(EVENING).activityId, '2026-11-05'],
    ] as const) {
      expect((await staff.post('/api/reservations', { requestId: requestId(), childId, activityId, day })).body.status).toBe('accepted');
    }
    // Three other families take the evening care on this week's Thursday.
    for (const other of ['Aubry', 'Blanc', 'Colin']) {
      const f = await openFamily(`${other}${size === 'phone' ? '' : 'e'}`, [{ firstName: 'Noé', birthDate: '2018-04-02', schoolClass: 'CE2' }]);
      expect((await staff.post('/api/reservations', { requestId: requestId(), childId: f.children[0], activityId: activity(EVENING).activityId, day: week.thursday })).body.status).toBe('accepted');
    }
    await at(NOW);
    const run = await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-11' });
    expect(run.status).toBe(201);

    agent = await openPage(browser, size, portal.baseUrl);
    parentBase = portal.baseUrl.replace('127.0.0.1', 'localhost');
    parent = await openPage(browser, size, parentBase);
    for (const o of [agent, parent]) await o.context.clock.setFixedTime(new Date(NOW));
    a = journey(agent.page, size, `${SHOTS}-agent`);
    j = journey(parent.page, size, `${SHOTS}-parent`);
  });

  afterAll(async () => {
    for (const o of [agent, parent]) for (const call of o?.apiCalls ?? []) apiCalls.add(call);
    await agent?.context.close();
    await parent?.context.close();
  });

  const step = journeySteps(() => j, SHOTS, size);
  const agentStep = journeySteps(() => a, `${SHOTS}-agent`, size);

  agentStep('l’agent donne 3 places à la « Garderie du soir » dans un champ numérique : l’activité est enregistrée', async () => {
    const { page } = a;
    await signIn(a, STAFF.email, STAFF.password);
    await a.heading1('Demandes').waitFor();
    await a.goTo('Activités');
    await a.heading1('Activités').waitFor();
    await page.getByRole('button', { name: `Modifier : ${EVENING}` }).click();
    await page.getByRole('heading', { level: 2, name: `Modifier « ${EVENING} »` }).waitFor();
    const capacity = page.getByLabel('Capacité totale (vide : sans limite)');
    expect(await capacity.getAttribute('type')).toBe('number');
    await capacity.fill('3');
    await a.checkScreen('activite-capacite');
    await page.getByRole('button', { name: 'Enregistrer l’activité' }).click();
    await page.getByRole('status').getByText(`« ${EVENING} » est enregistrée.`, { exact: false }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: EVENING }) });
    await card.getByText(/^3 places/).waitFor();
    const saved = ((await staff.get('/api/staff/activities')).body.items as Array<{ name: string; capacity: number | null }>).find((x) => x.name === EVENING)!;
    expect(saved.capacity).toBe(3);
    await a.checkScreen('activite-enregistree');
    expect(agent.problems).toEqual([]);
  });

  step('le parent crée son compte (l’API dit qu’une confirmation manque quand elle manque), l’active et ouvre le planning sur la semaine à réserver, dates en toutes lettres', async () => {
    const { page } = j;
    await page.goto('/inscription');
    await j.heading1('Créer un compte').waitFor();
    // A sign-up without its confirmation, as another client could send it: the answer says what is missing.
    const unconfirmed = await page.request.post('/api/auth/sign-up', {
      data: { requestId: requestId(), subscriberCode: family.subscriberCode, civility: 'Mme', lastName, firstName: 'Sophie', email, password: PASSWORD, termsAccepted: true },
    });
    expect(unconfirmed.status()).toBe(400);
    expect((await unconfirmed.json()).details).toEqual([{ field: 'passwordConfirmation', code: 'IS_STRING', message: 'La confirmation du mot de passe est obligatoire.' }]);

    await page.getByLabel('Code abonné').fill(family.subscriberCode);
    await page.getByRole('radio', { name: 'Madame' }).check();
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Prénom', { exact: true }).fill('Sophie');
    await page.getByLabel('Adresse e-mail (votre identifiant)').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirmation du mot de passe').fill(PASSWORD);
    await page.getByRole('checkbox', { name: "J'ai lu et j'accepte les conditions d'utilisation" }).check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('status').getByText('Votre compte est créé').waitFor();
    const mail = await mailbox.waitFor(email, (m) => /activ/i.test(m.subject));
    const link = new URL(mail.links.find((l) => l.includes('/activer-mon-compte'))!);
    // Opened at http://localhost:…, the portal writes its links there (no PUBLIC_URL in development).
    expect(link.origin).toBe(parentBase);
    await page.goto(link.pathname + link.search);
    await page.getByRole('status').getByText('Votre compte est activé').waitFor();
    await signIn(j, email, PASSWORD);
    await j.heading1(`Bonjour Sophie ${lastName}`).waitFor();

    await j.goTo('Planning');
    await j.heading1('Planning').waitFor();
    // This week has days to book (the canteen on Thursday): the planning opens on it, in the week view.
    await page.getByRole('heading', { level: 2, name: 'Semaine du 30 novembre au 6 décembre 2026' }).waitFor();
    expect((await page.getByRole('group', { name: 'Affichage du planning' }).getByRole('button', { pressed: true }).textContent())?.trim()).toMatch(/Semaine$/);
    const days = page.getByRole('list', { name: 'Jours de la semaine du 30 novembre au 6 décembre 2026' });
    await days.getByRole('heading', { level: 3, name: /^mardi 1er décembre 2026/ }).waitFor();
    await days.getByRole('button', { name: `jeudi 3 décembre 2026, ${CANTEEN}, Minh : Libre (réserver)` }).waitFor();
    await j.checkScreen('planning-semaine');
  });

  step('réserve la cantine d’aujourd’hui hors délai : la fenêtre dit le prix, la majoration sur sa ligne, et qu’aucun quotient familial n’est enregistré', async () => {
    const { page } = j;
    await page.getByRole('button', { name: `Réserver avec majoration : mardi 1er décembre 2026, ${CANTEEN}, Minh` }).click();
    const dialog = page.getByRole('dialog', { name: 'Souhaitez-vous réserver ?' });
    await dialog.waitFor();
    await dialog.getByText(`${CANTEEN} pour Minh, le mardi 1er décembre 2026.`).waitFor();
    const price = dialog.getByRole('region', { name: 'Prix de ce jour' });
    const lines = price.getByRole('listitem');
    await waitUntil(async () => (await lines.count()) === 3, 10_000, 'Le prix de la réservation tardive ne s’affiche pas');
    expect((await lines.allTextContents()).map((t) => t.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim())).toEqual([
      `Prix habituel (${CANTEEN}) : 4,10 €`,
      'Majoration (réservation tardive) : + 1,00 €',
      'Total : 5,10 €',
    ]);
    await price.getByText("Aucun quotient familial n'est enregistré : le tarif de la tranche la plus haute s'applique.").waitFor();
    expect(await price.getByRole('link', { name: 'Documents' }).getAttribute('href')).toBe('/documents');
    await j.checkScreen('reservation-tardive-prix');
    await dialog.getByRole('button', { name: 'Oui, réserver' }).click();
    const accepted = page.getByRole('dialog', { name: 'Réservation acceptée' });
    await accepted.waitFor();
    await accepted.getByRole('button', { name: 'Fermer' }).click();

    await j.goTo('Accueil');
    const upcoming = page.getByRole('region', { name: 'Prochaines réservations' });
    await upcoming.getByText('mardi 1er décembre 2026', { exact: true }).waitFor();
    await j.checkScreen('accueil-dates');
  });

  step('un jeudi complet dit « Complet — liste d’attente (rang 1) » avant de réserver, dans la semaine, la fenêtre du jour et l’aperçu d’une période', async () => {
    const { page } = j;
    await j.goTo('Planning');
    await j.heading1('Planning').waitFor();
    const monthDay = (day: string) => Number(day.slice(8));
    const shownWeek = (monday: string) => page.getByRole('list', { name: new RegExp(`^Jours de la semaine du ${monthDay(monday)}(er)? `) });
    for (const monday of ['2026-12-07', '2026-12-14']) {
      await page.getByRole('button', { name: 'Semaine suivante' }).click();
      await shownWeek(monday).waitFor();
      if (monday === week.monday) break;
    }
    const full = shownWeek(week.monday).getByRole('button', { name: new RegExp(`${week.label.source.slice(1)}${EVENING}, Minh : Complet — liste d'attente \\(rang 1\\) \\(réserver en liste d'attente\\)$`) });
    await full.waitFor();
    await full.getByText("Complet — liste d'attente (rang 1)").waitFor();
    await j.checkScreen('planning-jour-complet');
    await full.click();
    const dialog = page.getByRole('dialog', { name: 'Souhaitez-vous réserver ?' });
    await dialog.getByText("Ce jour est complet : votre demande sera inscrite sur la liste d'attente, au rang 1.", { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Oui, inscrire en liste d’attente' }).waitFor();
    await j.checkScreen('jour-complet-fenetre');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('link', { name: 'Réserver sur une période' }).click();
    await j.heading1('Réserver sur une période').waitFor();
    await page.getByRole('checkbox', { name: 'Minh' }).check();
    await page.getByLabel('Activité').selectOption({ label: EVENING });
    await page.getByLabel('Du', { exact: true }).fill(week.monday);
    await page.getByLabel('Au (inclus)').fill(week.friday);
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    const preview = page.getByRole('region', { name: 'Aperçu avant envoi' }).getByRole('region', { name: 'Minh' });
    await preview.getByText("3 jours seront réservés, 1 jour ira en liste d'attente.").waitFor();
    await preview.getByText("Complet — liste d'attente (rang 1)").waitFor();
    await preview.getByText("Aucun quotient familial n'est enregistré : le tarif de la tranche la plus haute s'applique.").waitFor();
    expect(await preview.getByText('au tarif de votre quotient familial').count()).toBe(0);
    await j.checkScreen('periode-apercu-complet');
  });

  step('envoie la période : l’historique de la demande dit que la règle automatique l’a décidée, pas le parent', async () => {
    const { page } = j;
    await page.getByRole('region', { name: 'Aperçu avant envoi' }).getByRole('button', { name: 'Envoyer la demande' }).click();
    const results = page.getByRole('region', { name: 'Demande envoyée' });
    await results.getByText("3 jours réservés, 1 jour en liste d'attente.").waitFor();
    await results.getByRole('link', { name: 'Suivre la demande de Minh' }).click();
    const history = page.getByRole('region', { name: 'Historique' });
    await history.waitFor();
    const received = history.getByRole('listitem').filter({ hasText: 'Demande de réservation reçue (4 jours)' });
    await received.getByText(`Par Sophie ${lastName} (Parent)`, { exact: false }).waitFor();
    const decided = history.getByRole('listitem').filter({ hasText: "3 jours acceptés, 1 jour en liste d'attente" });
    await decided.getByText('Par Règles de réservation (Règle automatique)', { exact: false }).waitFor();
    expect(await decided.getByText('(Parent)', { exact: false }).count()).toBe(0);
    await j.checkScreen('periode-historique');
  });

  step('ouvre sa facture : le PDF est celui d’une mairie (émetteur, famille une fois, adresse, dates jj/mm/aaaa) ; aucune attestation fiscale vide n’est proposée ; elle paie en ligne et revient sur le portail là où elle l’a ouvert', async () => {
    const { page } = j;
    await j.goTo('Mes factures');
    await j.heading1('Mes factures').waitFor();
    const tax = page.getByRole('region', { name: 'Attestation fiscale (frais de garde des enfants de moins de 6 ans)' });
    await tax.getByText(/^Aucune attestation fiscale pour l'instant : elle est proposée après chaque année civile où vous avez réglé des frais de garde/).waitFor();
    expect(await tax.getByRole('link').count()).toBe(0);
    await j.checkScreen('factures-sans-attestation');

    await page.getByRole('region', { name: 'Factures à payer' }).getByRole('link', { name: /^Facture FA-2026-\d{6} — Novembre 2026$/ }).click();
    await j.heading1(/^Facture FA-2026-\d{6}$/).waitFor();
    const number = (await j.heading1(/^Facture /).textContent())!.replace('Facture ', '').trim();
    const href = (await page.getByRole('link', { name: 'Télécharger le PDF' }).getAttribute('href'))!;
    const file = await page.request.get(href);
    expect(file.headers()['content-type']).toContain('application/pdf');
    const pdf = await file.body();
    const text = pdfText(pdf);
    expect(text).toContain('Commune de Saint-Hilaire-du-Bois Régie enfance-jeunesse de Saint-Hilaire-du-Bois');
    expect(text).toContain(`Famille ${lastName.toUpperCase()} Mme Sophie ${lastName} 3 rue des Lilas 44000 Saint-Hilaire-du-Bois`);
    expect(text).not.toContain('Famille Famille');
    expect(text).toContain(`Facture n° ${number}`);
    expect(text).toContain('Période facturée novembre 2026 (du 01/11/2026 au 30/11/2026)');
    expect(text).toMatch(/Minh ?Restaurant scolaire ?jours réservés, sans QF \(tranche la plus haute\) ?2 ?4,10 € ?8,20 € ?Dates : 26\/11\/2026, 30\/11\/2026/);
    expect(text).toMatch(/Anh ?Garderie du soir ?.* ?Dates : 05\/11\/2026/);
    expect(text).not.toMatch(/Jours : \d\d,/);
    expect(text).toMatch(/Total de la facture ?\d+,\d\d €/);
    expect(text).toContain('Comment payer');
    keepPdfImage(pdf, `${SHOTS}-parent-${size}-facture-pdf`);
    await j.checkScreen('facture');

    await page.getByRole('button', { name: /^Payer / }).click();
    await page.getByRole('heading', { level: 1, name: `Paiement de la facture ${number}` }).waitFor();
    // The test provider's page is where the parent opened the portal, not on the address it listens on.
    expect(new URL(page.url()).origin).toBe(parentBase);
    await page.getByRole('link', { name: 'Simuler un paiement accepté' }).click();
    await j.heading1(`Facture ${number}`).waitFor();
    expect(new URL(page.url()).origin).toBe(parentBase);
    await page.getByRole('status').getByText('Votre paiement est accepté : merci.').waitFor();
    await j.checkScreen('facture-payee');
  });

  step('pendant les vacances de Noël, le planning s’ouvre sur la première semaine à réserver ; en janvier, l’attestation fiscale 2026 est proposée', async () => {
    const { page } = j;
    // Signing out forgets what the tab remembered (the week shown): the next opening is a first one.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await j.heading1('Connexion').waitFor();
    // Only the parent acts from here: the portal's clock moves, the service does not sign in again.
    clock.set('2026-12-19T09:00:00Z'); // Saturday: the Christmas holidays run until Monday 4 January
    await parent.context.clock.setFixedTime(new Date('2026-12-19T09:00:00Z'));
    await signIn(j, email, PASSWORD);
    await j.heading1(`Bonjour Sophie ${lastName}`).waitFor();
    await j.goTo('Planning');
    await page.getByRole('heading', { level: 2, name: 'Semaine du 4 au 10 janvier 2027' }).waitFor();
    await page.getByRole('status').getByText("Aucun jour n'est réservable avant cette semaine : le planning s'ouvre sur la première semaine réservable.").waitFor();
    await page.getByRole('list', { name: 'Jours de la semaine du 4 au 10 janvier 2027' }).getByRole('button', { name: `lundi 4 janvier 2027, ${CANTEEN}, Minh : Libre (réserver)` }).waitFor();
    await j.checkScreen('planning-premiere-semaine');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await j.heading1('Connexion').waitFor();
    clock.set('2027-01-04T08:00:00Z');
    await parent.context.clock.setFixedTime(new Date('2027-01-04T08:00:00Z'));
    await signIn(j, email, PASSWORD);
    await j.heading1(`Bonjour Sophie ${lastName}`).waitFor();
    await j.goTo('Mes factures');
    await j.heading1('Mes factures').waitFor();
    const tax = page.getByRole('region', { name: 'Attestation fiscale (frais de garde des enfants de moins de 6 ans)' });
    // Anh (3 years old) stayed at the evening care in November, paid in December: that is what counts, meals do not.
    await tax.getByText(/^Pour votre déclaration de revenus : l'attestation de l'année 2026 est disponible \(\d+,\d\d\s€ de frais de garde réglés\)\.$/).waitFor();
    const link = tax.getByRole('link', { name: "Télécharger l'attestation 2026 (PDF)" });
    const certificate = await page.request.get((await link.getAttribute('href'))!);
    expect(certificate.headers()['content-type']).toContain('application/pdf');
    expect(pdfText(await certificate.body())).toContain(`atteste que la famille ${lastName.toUpperCase()} a réglé en 2026`);
    await j.checkScreen('attestation-fiscale-2026');
    clock.set(NOW);
    expect(parent.problems).toEqual([]);
  });
});

/** Keeps the PDF, and an image of its first page when poppler's pdftoppm is installed (to look at it). */
function keepPdfImage(pdf: Buffer, name: string): void {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.pdf`);
  writeFileSync(path, pdf);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', path, join(SCREENSHOT_DIR, name)], { stdio: 'ignore' });
  } catch {
    // No pdftoppm here: the PDF is kept, its text was checked.
  }
}

describe("Contrat avec l'API", () => {
  it("le client n'appelle que des routes décrites par la documentation OpenAPI de l'API (/api/docs)", async () => {
    expect(apiCalls.size).toBeGreaterThan(10);
    expect(await undocumentedApiCalls(portal.baseUrl, apiCalls)).toEqual([]);
  });
});
