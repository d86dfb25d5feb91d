/**
 * A parent's journey through the real portal in Debian chromium, at phone and desktop sizes, on
 * Tuesday 1 December 2026, 8:30 in Paris (the portal's clock and the browser's are both set):
 * sign-up with the code abonné, activation from the e-mail, home, family file (missing data
 * flagged, a change sent as a request), enrolment request, a period booking for two children with
 * its preview (late days at a surcharge), the planning's week view to declare an absence and
 * cancel a day, « Mes demandes » where the service's decision appears live, a request's timeline,
 * and a message to the service that survives a lost connection.
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build --workspace angular-client && npx jest test/browser/parent-journey --selectProjects browser
 */
import type { Browser } from 'playwright-core';
import { FixedClock } from '@pf/domain';
import { ApiClient, STAFF, requestId } from '../support/api-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';
import { launchBrowser, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { journey, journeySteps, signIn, waitUntil, type Journey } from './support/journey';

const NOW = '2026-12-01T07:30:00Z'; // Tuesday, 8:30 in Paris: the canteen books 48 hours ahead, late until 9:00 the same day
const PASSWORD = 'Soleil-du-Matin-7';
const CANTEEN = 'Restaurant scolaire';
const WEDNESDAY = 'Mercredi loisirs (journée avec repas)';
const SHOTS = 'parent';
/** A real 1×1 PNG, so the browser draws it. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** Runs in the page: the image was fetched and decoded (an image the server refused has no width). */
const isDrawn = (img: unknown) => (img as { complete: boolean; naturalWidth: number }).complete && (img as { naturalWidth: number }).naturalWidth > 0;

jest.setTimeout(180_000);

let portal: RunningPortal;
let mailbox: Mailbox;
let browser: Browser;
/** Every API call the journeys made, checked against the OpenAPI document at the end. */
const apiCalls = new Set<string>();
let staff: ApiClient;
const clock = new FixedClock(NOW);

/** Moves the portal's clock; sessions are signed at a given time, so the service signs in again. */
async function at(instant: string): Promise<void> {
  clock.set(instant);
  await staff.signIn(STAFF.email, STAFF.password);
}

beforeAll(async () => {
  removeScreenshots(SHOTS);
  mailbox = await startMailbox();
  [portal, browser] = await Promise.all([startPortal({ smtpUrl: mailbox.smtpUrl, clock }), launchBrowser()]);
  staff = new ApiClient(portal.baseUrl);
  await staff.signIn(STAFF.email, STAFF.password);
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await mailbox?.close();
});

describe.each<[string, ScreenSize, string]>([
  ['sur téléphone (390×844)', 'phone', 'Lemoine'],
  ['sur ordinateur (1280×800)', 'desktop', 'Garnier'],
])('Parcours du parent %s', (_label, size, lastName) => {
  let opened: OpenedPage;
  let j: Journey;
  const email = `camille.${lastName.toLowerCase()}@exemple.fr`;
  let subscriberCode: string;
  let familyId: string;

  beforeAll(async () => {
    // The town hall opened the family's file (as in the skeleton journey) and printed the code.
    const file = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', firstName: 'Camille', lastName, email },
      children: [
        { firstName: 'Minh', lastName, birthDate: '2019-06-30', schoolClass: 'CP' },
        { firstName: 'Anh', lastName, birthDate: '2023-01-17', schoolClass: 'Petite section' },
      ],
    });
    expect(file.status).toBe(201);
    subscriberCode = file.body.subscriberCode;
    familyId = file.body.familyId;
    // Minh ate at the canteen twice in November (booked at the town hall); November is billed on 1 December.
    const canteen = ((await staff.get('/api/activities')).body.items as Array<{ activityId: string; name: string }>).find((a) => a.name === CANTEEN)!;
    await at('2026-11-02T07:30:00Z');
    for (const day of ['2026-11-05', '2026-11-06']) {
      const booked = await staff.post('/api/reservations', { requestId: requestId(), childId: file.body.children[0].childId, activityId: canteen.activityId, day });
      expect(booked.body.status).toBe('accepted');
    }
    await at(NOW);
    const run = await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-11' });
    expect(run.status).toBe(201);
    opened = await openPage(browser, size, portal.baseUrl);
    await opened.context.clock.setFixedTime(new Date(NOW));
    j = journey(opened.page, size, SHOTS);
  });

  afterAll(async () => {
    for (const call of opened?.apiCalls ?? []) apiCalls.add(call);
    await opened?.context.close();
  });

  const step = journeySteps(() => j, SHOTS, size);

  step('crée son compte avec le code abonné, l’active depuis l’e-mail et arrive sur son accueil', async () => {
    const { page } = j;
    await page.goto('/inscription');
    await j.heading1('Créer un compte').waitFor();
    await page.getByLabel('Code abonné').fill(subscriberCode);
    await page.getByRole('radio', { name: 'Madame' }).check();
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Prénom', { exact: true }).fill('Camille');
    await page.getByLabel('Adresse e-mail (votre identifiant)').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirmation du mot de passe').fill(PASSWORD);
    await page.getByRole('checkbox', { name: "J'ai lu et j'accepte les conditions d'utilisation" }).check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('status').getByText('Votre compte est créé').waitFor();

    const mail = await mailbox.waitFor(email, (m) => /activ/i.test(m.subject));
    const link = new URL(mail.links.find((l) => l.includes('/activer-mon-compte'))!);
    await page.goto(link.pathname + link.search);
    await page.getByRole('status').getByText('Votre compte est activé').waitFor();
    await signIn(j, email, PASSWORD);

    await j.heading1('Bonjour Camille ' + lastName).waitFor();
    await page.getByRole('region', { name: 'Depuis votre dernière visite' }).waitFor();
    await page.getByRole('region', { name: 'Prochaines réservations' }).getByText('Aucune réservation dans les 31 prochains jours.').waitFor();
    await page.getByRole('region', { name: 'Depuis votre dernière visite' }).getByRole('link', { name: 'Vous avez reçu une nouvelle facture' }).waitFor();
    await page.getByRole('region', { name: 'Mes enfants' }).getByText(`Minh ${lastName}`).waitFor();
    await j.checkScreen('accueil');
  });

  step('ouvre sa nouvelle facture, la télécharge et la paie en ligne (prestataire en mode test, aucun paiement réel)', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Vous avez reçu une nouvelle facture' }).click();
    await j.heading1('Mes factures').waitFor();
    await page.getByRole('region', { name: 'Solde' }).getByText(/^À payer : /).waitFor();
    await j.checkScreen('factures');

    await page.getByRole('region', { name: 'Factures à payer' }).getByRole('link', { name: /^Facture FA-2026-\d{6} — Novembre 2026$/ }).click();
    await j.heading1(/^Facture FA-2026-\d{6}$/).waitFor();
    const lines = page.getByRole('region', { name: 'Détail de la facture' });
    await lines.getByRole('cell', { name: 'Minh', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Télécharger le PDF' }).getAttribute('href')).toMatch(/^\/api\/billing\/invoices\/[0-9a-f-]{36}\/pdf$/);
    await j.checkScreen('facture');

    await page.getByRole('button', { name: /^Payer / }).click();
    // The test-mode provider's page (served by the portal, as PayFiP would be elsewhere).
    await page.getByRole('heading', { level: 1, name: /^Paiement de la facture FA-2026-/ }).waitFor();
    await page.getByText('Mode test — aucun paiement réel').first().waitFor();
    await page.getByRole('link', { name: 'Simuler un paiement accepté' }).click();
    await j.heading1(/^Facture FA-2026-\d{6}$/).waitFor();
    await page.getByRole('status').getByText('Votre paiement est accepté : merci.').waitFor();
    await page.getByText('Payée', { exact: true }).waitFor();
    await j.checkScreen('facture-payee');
  });

  step('voit les données obligatoires manquantes de son dossier et demande à les compléter : la modification reste en attente', async () => {
    const { page } = j;
    await j.goTo('Dossier famille');
    await j.heading1('Dossier famille').waitFor();
    const missing = page.getByRole('region', { name: 'Ces données obligatoires ne sont pas renseignées' });
    await missing.getByText('Au moins un numéro de téléphone').first().waitFor();
    await j.checkScreen('dossier-famille');

    await page.getByRole('button', { name: `Compléter ou modifier les coordonnées de Camille ${lastName}` }).click();
    await page.getByRole('heading', { level: 2, name: 'Modifier les coordonnées' }).waitFor();
    // The same rules as the server: a French phone number, a whole address.
    await page.getByLabel('Portable').fill('12 34');
    await page.getByLabel('Numéro et rue').fill('3 rue des Lilas');
    await page.getByRole('button', { name: 'Envoyer la demande de modification' }).click();
    await page.getByRole('alert').filter({ hasText: 'Numéro de téléphone français attendu' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Saisissez le code postal.' }).waitFor();
    await j.checkScreen('dossier-erreurs');

    await page.getByLabel('Portable').fill('06 12 34 56 78');
    await page.getByLabel('Code postal').fill('44000');
    await page.getByLabel('Commune', { exact: true }).fill('Saint-Hilaire-du-Bois');
    await page.getByLabel('Qualité').selectOption({ label: 'Mère' });
    await page.getByRole('radio', { name: 'Par e-mail' }).check();
    await page.getByRole('button', { name: 'Envoyer la demande de modification' }).click();
    await page.getByRole('status').getByText('Votre demande de modification est envoyée').waitFor();
    const pending = page.getByRole('region', { name: 'Modifications en attente de validation' });
    await pending.getByText('En attente de validation', { exact: true }).waitFor();
    await pending.getByText(/06 12 34 56 78/).waitFor();
    await j.checkScreen('dossier-modification-en-attente');
  });

  step('envoie une photo de Minh, qui attend la validation du service, puis figure dans le dossier une fois acceptée', async () => {
    const { page } = j;
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: `Minh ${lastName}` }) });
    await card.getByText('Pas de photo').waitFor();
    await card.getByLabel('Ajouter une photo de Minh').setInputFiles({ name: 'minh.png', mimeType: 'image/png', buffer: PHOTO });
    await card.getByRole('button', { name: 'Envoyer la photo au service de Minh' }).click();
    await page.getByRole('status').getByText('La photo de Minh est envoyée').waitFor();
    const proposed = page.getByRole('region', { name: 'Modifications en attente de validation' }).getByRole('img', { name: `Nouvelle photo proposée pour Minh ${lastName}` });
    await waitUntil(() => proposed.evaluate(isDrawn), 10_000, 'La photo envoyée ne s’affiche pas');
    await j.checkScreen('dossier-photo-en-attente');

    // The service accepts it (its own journey decides changes on screen).
    const file = await staff.get(`/api/families/${familyId}`);
    const change = (file.body.pendingChanges as Array<{ requestId: string; change: { changes: { photoId?: string } } }>).find((p) => p.change.changes.photoId)!;
    expect((await staff.post(`/api/families/${familyId}/change-requests/${change.requestId}/accept`, { requestId: requestId() })).status).toBe(200);
    await page.reload();
    const photo = card.getByRole('img', { name: `Photo de Minh ${lastName}` });
    await waitUntil(() => photo.evaluate(isDrawn), 10_000, 'La photo de Minh ne s’affiche pas');
    await j.checkScreen('dossier-photo');
  });

  step('demande l’inscription de Minh au mercredi, que le service validera', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Inscriptions aux activités' }).click();
    await j.heading1('Inscriptions aux activités').waitFor();
    await page.getByLabel('Enfant', { exact: true }).selectOption({ label: 'Minh' });
    await page.getByLabel('Activité').selectOption({ label: WEDNESDAY });
    await page.getByLabel('Période').selectOption({ index: 1 });
    await page.getByRole('checkbox', { name: 'Mercredi' }).check();
    await page.getByRole('button', { name: 'Demander l’inscription' }).click();
    await page.getByRole('status').getByText("Votre demande d'inscription de Minh").waitFor();
    await page.getByRole('region', { name: 'Inscriptions de vos enfants' }).getByText('Demande en cours').waitFor();
    await j.checkScreen('inscriptions');
  });

  step('réserve la cantine sur une période pour ses deux enfants, après un aperçu qui dit ce qui sera accepté ou refusé, et la majoration des jours hors délai', async () => {
    const { page } = j;
    await j.goTo('Planning');
    await j.heading1('Planning').waitFor();
    await page.getByRole('link', { name: 'Réserver sur une période' }).click();
    await j.heading1('Réserver sur une période').waitFor();

    // Nothing chosen: each problem is said next to its field.
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choisissez au moins un enfant.' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Choisissez une activité.' }).waitFor();
    await j.checkScreen('periode-erreurs');

    await page.getByRole('checkbox', { name: 'Minh' }).check();
    await page.getByRole('checkbox', { name: 'Anh' }).check();
    await page.getByLabel('Activité').selectOption({ label: CANTEEN });
    await page.getByLabel('Du', { exact: true }).fill('2026-12-01');
    await page.getByLabel('Au (inclus)').fill('2026-12-18');
    // The activity's days are proposed: no school on Wednesday.
    expect(await page.getByRole('checkbox', { name: 'Jeudi' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Mercredi' }).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();

    const preview = page.getByRole('region', { name: 'Aperçu avant envoi' });
    await preview.waitFor();
    for (const child of ['Minh', 'Anh']) {
      const part = preview.getByRole('region', { name: child });
      await part.getByText('10 jours seront réservés, 1 jour sera refusé.').waitFor();
      await part.getByText('mardi 1er décembre 2026').waitFor();
      await part.getByText(/Délai de réservation dépassé|délai/i).first().waitFor();
    }
    await j.checkScreen('periode-apercu');

    // Today is past the 48-hour deadline, but a late booking at a surcharge is offered.
    await page.getByRole('checkbox', { name: 'Réserver aussi les jours dont le délai est dépassé, avec majoration' }).check();
    await page.getByText('« Repas non prévu (majoration) », facturés avec une majoration', { exact: false }).waitFor();
    await preview.waitFor({ state: 'detached' }); // the choices changed: the preview must be seen again
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await preview.getByRole('region', { name: 'Minh' }).getByText('11 jours seront réservés.').waitFor();
    await preview.getByRole('region', { name: 'Minh' }).getByText(/Voir les 11 jours qui seront réservés/).click();
    await preview.getByText('Sera réservé avec majoration').first().waitFor();
    await preview.getByText('Comme « Repas non prévu (majoration) »').first().waitFor();
    // The price before sending: the demo's tariffs, the late days with their surcharge on their own line.
    const minhPrice = preview.getByRole('region', { name: 'Minh' }).locator('.preview__price');
    await minhPrice.getByText(/Coût estimé : \d+,\d\d\s€/).waitFor();
    await minhPrice.getByText(/réservation tardive .*majoration comprise/).first().waitFor();
    await j.checkScreen('periode-apercu-majoration');

    await preview.getByRole('button', { name: 'Envoyer la demande' }).click();
    const results = page.getByRole('region', { name: 'Demande envoyée' });
    await results.waitFor();
    expect(await results.getByText('Acceptée', { exact: true }).count()).toBe(2);
    await results.getByText('11 jours réservés.').first().waitFor();
    await j.checkScreen('periode-resultat');
  });

  step('dans la vue semaine, signale une absence pour maladie et annule un jour avec son motif', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Voir le planning' }).click();
    await j.heading1('Planning').waitFor();
    // The planning opens in the week view, on this week: it has the days just booked.
    await page.getByRole('group', { name: 'Affichage du planning' }).getByRole('button', { name: /Semaine$/, pressed: true }).waitFor();
    const week = page.getByRole('list', { name: 'Jours de la semaine du 30 novembre au 6 décembre 2026' });
    await week.waitFor();
    await j.checkScreen('planning-semaine');

    await week.getByRole('button', { name: `jeudi 3 décembre 2026, ${CANTEEN}, Minh : Réservé (annuler ou signaler une absence)` }).click();
    const choose = page.getByRole('dialog', { name: 'Annuler ou signaler une absence' });
    await choose.waitFor();
    await choose.getByRole('radio', { name: 'Signaler une absence' }).check();
    await choose.getByRole('button', { name: 'Signaler l’absence' }).click();
    await choose.getByRole('alert').filter({ hasText: 'Choisissez le motif de l’absence.' }).waitFor();
    await choose.getByRole('radio', { name: 'Maladie' }).check();
    await choose.getByLabel('Certificat médical').setInputFiles({ name: 'certificat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% certificat médical\n%%EOF\n') });
    await j.checkScreen('planning-absence');
    await choose.getByRole('button', { name: 'Signaler l’absence' }).click();
    const recorded = page.getByRole('dialog', { name: 'Absence enregistrée' });
    await recorded.getByText('ce jour ne sera pas facturé').waitFor();
    await recorded.getByRole('button', { name: 'Fermer' }).click();
    await week.getByText('Absent (justifié)').waitFor();

    await week.getByRole('button', { name: `vendredi 4 décembre 2026, ${CANTEEN}, Anh : Réservé (annuler ou signaler une absence)` }).click();
    const cancel = page.getByRole('dialog', { name: 'Annuler ou signaler une absence' });
    await cancel.getByRole('radio', { name: 'Annuler la réservation' }).check();
    await cancel.getByLabel("Motif de l'annulation (facultatif)").fill('Sortie au musée avec ses grands-parents');
    await cancel.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    const cancelled = page.getByRole('dialog', { name: 'Réservation annulée' });
    await cancelled.waitFor();
    await cancelled.getByRole('button', { name: 'Fermer' }).click();
    await week
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3, name: /^vendredi 4 décembre 2026/ }) })
      .getByText('Annulé')
      .first()
      .waitFor();
    await j.checkScreen('planning-apres-absence-et-annulation');
  });

  step('suit ses demandes : la décision du service apparaît sans recharger la page, puis l’historique d’une demande', async () => {
    const { page } = j;
    await j.goTo('Mes demandes');
    await j.heading1('Mes demandes').waitFor();
    const enrolment = page.getByRole('listitem').filter({ hasText: `Inscription ${WEDNESDAY}` });
    await enrolment.getByText('En cours').waitFor();
    await j.checkScreen('mes-demandes');

    // The service accepts the enrolment from its back office while the page stays open.
    await page.evaluate(() => ((globalThis as { __sansRechargement?: boolean }).__sansRechargement = true));
    const queue = await staff.get(`/api/requests?kind=enrolment&familyId=${familyId}`);
    const enrolmentId = queue.body.items[0].requestId as string;
    const decided = await staff.post('/api/staff/decisions', {
      requestId: requestId(),
      decision: 'accept',
      message: 'Bienvenue au centre de loisirs du mercredi.',
      targets: [{ requestId: enrolmentId }],
    });
    expect(decided.status).toBe(201);
    await enrolment.getByText('Acceptée').waitFor({ timeout: 10_000 });
    await enrolment.getByText('Nouveau').waitFor();
    expect(await page.evaluate(() => (globalThis as { __sansRechargement?: boolean }).__sansRechargement)).toBe(true);
    await j.checkScreen('mes-demandes-decision-en-direct');

    await page.getByRole('link', { name: new RegExp(`^Réservation ${CANTEEN} — Minh — du `) }).click();
    const history = page.getByRole('region', { name: 'Historique' });
    await history.waitFor();
    await history.getByText('Demande de réservation reçue (11 jours)').waitFor();
    await history.getByText('11 jours acceptés', { exact: false }).first().waitFor();
    for (const when of await history.locator('time').allTextContents()) expect(when.trim()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await j.checkScreen('demande-historique');
  });

  step('envoie un certificat médical au service et retrouve les documents de la commune', async () => {
    const { page } = j;
    await j.goTo('Documents');
    await j.heading1('Documents').waitFor();
    await page.getByLabel('Type de document').selectOption({ label: 'Certificat médical' });
    await page.getByLabel('Enfant concerné (facultatif)').selectOption({ label: 'Minh' });
    await page.getByLabel('Fichier').setInputFiles({ name: 'certificat-minh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% certificat médical\n%%EOF\n') });
    await page.getByRole('button', { name: 'Envoyer le document' }).click();
    await page.getByRole('status').getByText('Document envoyé : le service va le vérifier.').waitFor();
    const mine = page.getByRole('region', { name: 'Vos documents' });
    // The certificate sent with the absence is there too: this one is the file just sent.
    const sent = mine.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Télécharger certificat-minh.pdf' }) });
    await sent.getByText('En attente de validation').waitFor();
    await j.checkScreen('documents');
  });

  step('demande une attestation de présence de Minh pour son employeur, que le service émet : il télécharge le PDF depuis sa demande', async () => {
    const { page } = j;
    // The service pointed Minh present at the canteen on the two November days booked for him.
    const minh = ((await staff.get(`/api/families/${familyId}`)).body.children as Array<{ childId: string; firstName: string }>).find((c) => c.firstName === 'Minh')!;
    const canteen = ((await staff.get('/api/activities')).body.items as Array<{ activityId: string; name: string }>).find((a) => a.name === CANTEEN)!;
    for (const day of ['2026-11-05', '2026-11-06']) {
      expect((await staff.post('/api/staff/attendance', { requestId: requestId(), activityId: canteen.activityId, day, marks: [{ childId: minh.childId, status: 'present' }] })).status).toBe(201);
    }
    await j.goTo('Mes demandes');
    await j.heading1('Mes demandes').waitFor();
    await page.getByRole('link', { name: 'Demander une attestation' }).click();
    await j.heading1('Demander une attestation').waitFor();
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choisissez l’attestation à demander.' }).waitFor();
    await page.getByRole('radio', { name: 'Attestation de présence' }).check();
    await page.getByLabel('Enfant concerné').selectOption({ label: 'Minh' });
    await page.getByLabel('Premier jour de la période').fill('2026-11-30');
    await page.getByLabel('Dernier jour (inclus)').fill('2026-11-01');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('alert').filter({ hasText: 'Le dernier jour de la période suit le premier.' }).waitFor();
    await j.checkScreen('attestation-erreurs');

    await page.getByLabel('Premier jour de la période').fill('2026-11-01');
    await page.getByLabel('Dernier jour (inclus)').fill('2026-11-30');
    await page.getByLabel('Un mot au service (facultatif)').fill('Pour le comité d’entreprise de mon employeur.');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('status').getByText('Votre demande d\'attestation est envoyée au service enfance').waitFor();
    await page.getByRole('link', { name: 'Suivre la demande' }).click();
    await j.heading1('Attestation de présence — Minh — du 01/11/2026 au 30/11/2026').waitFor();
    const mine = page.getByRole('region', { name: 'Votre attestation' });
    await mine.getByText('Le service prépare votre attestation').waitFor();
    await j.checkScreen('attestation-demandee');

    // The service issues it from its back office while the page stays open: it appears without reloading.
    const queue = await staff.get(`/api/requests?kind=certificate&familyId=${familyId}`);
    const attestationId = queue.body.items[0].requestId as string;
    expect((await staff.get(`/api/families/${familyId}/attestations/${attestationId}/preview`)).body.summaryText).toBe('2 jours de présence');
    expect((await staff.post(`/api/families/${familyId}/attestations/${attestationId}/issue`, { requestId: requestId() })).status).toBe(200);
    await mine.getByText('Attestation de présence émise le 01/12/2026 : 2 jours de présence.').waitFor({ timeout: 10_000 });
    const link = mine.getByRole('link', { name: "Télécharger l'attestation (PDF)" });
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe(`/api/families/${familyId}/attestations/${attestationId}/pdf`);
    const file = await page.request.get(href);
    expect(file.headers()['content-type']).toContain('application/pdf');
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await j.checkScreen('attestation-emise');
  });

  step('écrit au service : une coupure de connexion ne perd pas son message, renvoyé ensuite une seule fois', async () => {
    const { page } = j;
    await j.goTo('Nous contacter');
    await j.heading1('Nous contacter').waitFor();
    const text = 'Bonjour, Minh ne mangera pas de porc à la cantine. Merci !';
    await page.getByLabel('Sujet').selectOption({ label: 'Réservations et planning' });
    await page.getByLabel('Votre message').fill(text);

    await opened.context.setOffline(true);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('alert').filter({ hasText: 'injoignable' }).waitFor();
    await j.checkScreen('contact-hors-ligne');
    await opened.context.setOffline(false);

    await page.reload();
    await j.heading1('Nous contacter').waitFor();
    await page.getByRole('status').getByText('Nous avons gardé le message que vous aviez commencé.').waitFor();
    expect(await page.getByLabel('Votre message').inputValue()).toBe(text);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').getByText('Votre message est envoyé au service enfance').waitFor();
    await j.checkScreen('contact-envoye');

    const contacts = await staff.get(`/api/requests?kind=contact&familyId=${familyId}`);
    expect(contacts.body.total).toBe(1);
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
