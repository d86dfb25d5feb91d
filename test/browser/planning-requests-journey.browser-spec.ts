/**
 * What the seed portals offer on the planning and the request queue (issue 17), in Debian chromium
 * at phone and desktop sizes (the attendance sheet on the agent's tablet), on Tuesday 1 December
 * 2026, 8:30 in Paris. The canteen books and cancels 48 hours ahead; the Christmas holidays
 * (zone B) run from Saturday 19 December to Sunday 3 January.
 * - the parent copies a week's selection to the following weeks (L'Hermitage « recopier la
 *   sélection »): a preview (days booked, days without care, price), then the result;
 * - the parent cancels a period: a preview says which days are cancelled, which stay booked and
 *   billed past the deadline and why, and what it changes to the bill;
 * - the parent declares an illness absence with its medical certificate (a PDF on a computer, a
 *   photo on a phone); the service finds the certificate from the queue, sees it on the absence and
 *   refuses it with a reason; the parent then sees the day billed, and why;
 * - the service selects every request of a family waiting for a decision (a document, a change to
 *   the file, an enrolment: all counted) and accepts them at once;
 * - on a tablet, the agent adds a child who came without a booking from the attendance sheet.
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build:client && npx jest test/browser/planning-requests-journey --selectProjects browser
 */
import type { Browser } from 'playwright-core';
import { FixedClock } from '@pf/domain';
import { ApiClient, STAFF, requestId } from '../support/api-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';
import { launchBrowser, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { journey, journeySteps, signIn, waitUntil, type Journey } from './support/journey';

const NOW = '2026-12-01T07:30:00Z'; // Tuesday, 8:30 in Paris
const PASSWORD = 'Soleil-du-Matin-7';
const SHOTS = 'planning-demandes';
const CANTEEN = 'Restaurant scolaire';
const WEDNESDAY = 'Mercredi loisirs (journée avec repas)';
/** A real 1×1 PNG (a photo of the certificate, as a phone takes it). */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n% certificat médical\n%%EOF\n');
const REFUSAL = 'Le certificat ne porte ni date ni signature du médecin.';

jest.setTimeout(240_000);

let portal: RunningPortal;
let mailbox: Mailbox;
let browser: Browser;
let staff: ApiClient;
let activities: Array<{ activityId: string; name: string; kind: string }>;
const clock = new FixedClock(NOW);
const apiCalls = new Set<string>();

async function at(instant: string): Promise<void> {
  clock.set(instant);
  await staff.signIn(STAFF.email, STAFF.password);
}

const ok = <T extends { status: number; body: any }>(answer: T): T['body'] => {
  if (answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

/** A multipart upload as the browser sends it (cookie + CSRF header). */
async function upload(client: ApiClient, path: string, fields: Record<string, string>, file: { name: string; bytes: Buffer; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const cookie = client.cookieHeader();
  const csrf = /pf_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  const response = await fetch(portal.baseUrl + path, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrf } });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

/** A family file opened by the service, whose parent created the account with the code abonné and activated it. */
async function openFamily(lastName: string, children: Array<{ firstName: string; birthDate: string; schoolClass: string }>) {
  const email = `nadia.${lastName.toLowerCase()}@exemple.fr`;
  const file = ok(
    await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', firstName: 'Nadia', lastName, email, phones: { mobile: '06 23 45 67 89' }, address: { line1: '3 place de la Mairie', postcode: '44190', city: 'Saint-Hilaire-du-Bois' } },
      children: children.map((c) => ({ ...c, lastName })),
    }),
  );
  const anonymous = new ApiClient(portal.baseUrl);
  ok(await anonymous.post('/api/auth/sign-up', { requestId: requestId(), subscriberCode: file.subscriberCode, civility: 'Mme', lastName, firstName: 'Nadia', email, password: PASSWORD, passwordConfirmation: PASSWORD, termsAccepted: true }));
  const activation = await mailbox.waitFor(email, (m) => m.links.some((l) => l.includes('/activer-mon-compte')));
  const link = new URL(activation.links.find((l) => l.includes('/activer-mon-compte'))!);
  ok(await anonymous.post('/api/auth/activation', { accountId: link.searchParams.get('compte'), token: link.searchParams.get('jeton') }));
  return { email, familyId: file.familyId as string, children: file.children as Array<{ childId: string }> };
}

beforeAll(async () => {
  removeScreenshots(SHOTS);
  mailbox = await startMailbox();
  [portal, browser] = await Promise.all([startPortal({ smtpUrl: mailbox.smtpUrl, clock }), launchBrowser()]);
  staff = new ApiClient(portal.baseUrl);
  await staff.signIn(STAFF.email, STAFF.password);
  activities = ok(await staff.get('/api/activities')).items;
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await mailbox?.close();
});

describe.each<[string, ScreenSize, string]>([
  ['sur téléphone (390×844)', 'phone', 'Roussel'],
  ['sur ordinateur (1280×800)', 'desktop', 'Vidal'],
])('Planning et demandes %s', (_label, size, lastName) => {
  let parent: OpenedPage;
  let agent: OpenedPage;
  let j: Journey;
  let s: Journey;
  let email: string;
  let familyId: string;
  let minh: string;
  let anh: string;
  const family = new RegExp(`Famille ${lastName}`, 'i');
  const certificateFile = size === 'phone' ? { name: 'certificat-minh.png', mimeType: 'image/png', buffer: PHOTO } : { name: 'certificat-minh.pdf', mimeType: 'application/pdf', buffer: PDF };

  beforeAll(async () => {
    const opened = await openFamily(lastName, [
      { firstName: 'Minh', birthDate: '2019-06-30', schoolClass: 'CP' },
      { firstName: 'Anh', birthDate: '2021-01-17', schoolClass: 'Moyenne section' },
    ]);
    ({ email, familyId } = opened);
    [minh, anh] = opened.children.map((c) => c.childId) as [string, string];
    // Booked a week ago: Minh eats at the canteen on Thursdays and Fridays; Anh this week and next.
    const canteen = activities.find((a) => a.name === CANTEEN)!;
    await at('2026-11-23T07:30:00Z');
    for (const day of ['2026-12-03', '2026-12-04']) ok(await staff.post('/api/reservations', { requestId: requestId(), childId: minh, activityId: canteen.activityId, day }));
    for (const day of ['2026-12-01', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08']) ok(await staff.post('/api/reservations', { requestId: requestId(), childId: anh, activityId: canteen.activityId, day }));
    await at(NOW);

    parent = await openPage(browser, size, portal.baseUrl);
    agent = await openPage(browser, size, portal.baseUrl);
    for (const o of [parent, agent]) await o.context.clock.setFixedTime(new Date(NOW));
    j = journey(parent.page, size, `${SHOTS}-parent`);
    s = journey(agent.page, size, `${SHOTS}-service`);
  });

  afterAll(async () => {
    for (const o of [parent, agent]) {
      for (const call of o?.apiCalls ?? []) apiCalls.add(call);
      await o?.context.close();
    }
  });

  const step = journeySteps(() => j, SHOTS, size);

  step('recopie les jours de Minh sur les semaines suivantes : un aperçu (jours réservés, vacances, prix), puis le résultat', async () => {
    const { page } = j;
    await signIn(j, email, PASSWORD);
    await j.heading1(/Bonjour/).waitFor();
    await j.goTo('Planning');
    await j.heading1('Planning').waitFor();
    const week = page.getByRole('list', { name: 'Jours de la semaine du 30 novembre au 6 décembre 2026' });
    await week.waitFor();

    await page.getByRole('button', { name: 'Recopier des jours' }).click();
    await page.getByRole('status').getByText(/Recopie : cochez dans cette semaine les jours à réserver aussi les semaines suivantes \(aucun jour choisi\)/).waitFor();
    await week.getByRole('checkbox', { name: `jeudi 3 décembre 2026, ${CANTEEN}, Minh : Réservé` }).check();
    await week.getByRole('checkbox', { name: `vendredi 4 décembre 2026, ${CANTEEN}, Minh : Réservé` }).check();
    const panel = page.getByRole('region', { name: 'Recopier la sélection' });
    await panel.getByText('2 jours choisis, recopiés chaque semaine à partir du 07/12/2026 :').waitFor();
    await panel.getByText(`chaque jeudi : ${CANTEEN} (Minh)`).waitFor();
    await panel.getByText(`chaque vendredi : ${CANTEEN} (Minh)`).waitFor();

    // No end date: said next to the field.
    await panel.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await panel.getByText('Indiquez jusqu’à quelle date recopier.').waitFor();
    await panel.getByLabel("Jusqu'au (inclus)").fill('2027-01-08');
    await panel.getByRole('button', { name: 'Voir l’aperçu' }).click();
    const preview = panel.getByRole('region', { name: 'Aperçu avant envoi' });
    await preview.getByText('Voici ce que donnerait la recopie du 07/12/2026 au 08/01/2027', { exact: false }).waitFor();
    await preview.getByText('6 jours seront réservés.').waitFor();
    await preview.getByText(/Coût estimé pour Minh : \d+,\d{2}\s€/).waitFor();
    await preview.getByText(/^4 jours? sans accueil sur la période$/).click();
    await preview.getByText(`jeudi 24 décembre 2026 — ${CANTEEN} (Minh)`).waitFor();
    await preview.getByText(/Noël/).first().waitFor();
    await preview.getByText('Voir les 6 jours qui seront réservés').click();
    await preview.getByText(`jeudi 10 décembre 2026 — ${CANTEEN} (Minh)`).waitFor();
    await preview.getByText(`vendredi 8 janvier 2027 — ${CANTEEN} (Minh)`).waitFor();
    await j.checkScreen('recopie-apercu');

    await preview.getByRole('button', { name: 'Envoyer la demande' }).click();
    await panel.getByRole('heading', { name: 'Demande envoyée' }).waitFor();
    await panel.getByText('Acceptée', { exact: true }).waitFor();
    await panel.getByText('6 jours réservés.').waitFor();
    await j.checkScreen('recopie-resultat');
    await panel.getByRole('button', { name: 'Terminer' }).click();
    await page.getByRole('button', { name: 'Semaine suivante', exact: false }).click();
    const next = page.getByRole('list', { name: 'Jours de la semaine du 7 au 13 décembre 2026' });
    await next.getByRole('button', { name: `jeudi 10 décembre 2026, ${CANTEEN}, Minh : Réservé (annuler ou signaler une absence)` }).waitFor();
    await page.getByRole('button', { name: "Revenir à aujourd'hui" }).click();
    await week.waitFor();
  });

  step('annule les jours d’Anh sur une période : l’aperçu dit les jours annulés, celui qui reste facturé et pourquoi, et l’économie', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Annuler sur une période' }).click();
    await j.heading1('Annuler sur une période').waitFor();
    await page.getByLabel('Enfant').selectOption({ label: 'Anh' });
    await page.getByLabel('Activité').selectOption({ label: CANTEEN });
    await page.getByLabel('Du', { exact: true }).fill('2026-12-01');
    await page.getByLabel('Au (inclus)').fill('2026-12-08');
    await page.getByLabel('Motif (facultatif)').fill('Séjour chez ses grands-parents');
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    const preview = page.getByRole('region', { name: 'Aperçu avant envoi' });
    await preview.getByText('4 jours seront annulés, 1 jour restera facturé (délai dépassé).').waitFor();
    const today = preview.getByRole('listitem').filter({ hasText: 'mardi 1er décembre 2026' });
    await today.getByText('Reste réservé et facturé', { exact: true }).waitFor();
    await today.getByText(/délai/i).waitFor();
    await preview.getByRole('listitem').filter({ hasText: 'lundi 7 décembre 2026' }).getByText('Sera annulé').waitFor();
    await preview.getByText(/^Économie estimée : \d+,\d{2}\s€/).waitFor();
    await preview.getByText(/^Les jours maintenus restent facturés : \d+,\d{2}\s€\.$/).waitFor();
    await j.checkScreen('annulation-periode-apercu');

    await preview.getByRole('button', { name: 'Envoyer la demande d’annulation' }).click();
    const result = page.getByRole('region', { name: 'Demande d\'annulation envoyée' });
    await result.getByText('Acceptée en partie').waitFor();
    await result.getByText('4 jours annulés, 1 jour maintenu et facturé (délai dépassé).').waitFor();
    await j.checkScreen('annulation-periode-resultat');
    await result.getByRole('link', { name: 'Voir le planning' }).click();
    await j.heading1('Planning').waitFor();
    const week = page.getByRole('list', { name: 'Jours de la semaine du 30 novembre au 6 décembre 2026' });
    await week.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: /^vendredi 4 décembre 2026/ }) }).getByText('Annulé').first().waitFor();
  });

  step(`signale une absence pour maladie de Minh avec son certificat médical (${size === 'phone' ? 'une photo' : 'un PDF'})`, async () => {
    const { page } = j;
    const week = page.getByRole('list', { name: 'Jours de la semaine du 30 novembre au 6 décembre 2026' });
    await week.getByRole('button', { name: `jeudi 3 décembre 2026, ${CANTEEN}, Minh : Réservé (annuler ou signaler une absence)` }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler ou signaler une absence' });
    await dialog.getByRole('radio', { name: 'Signaler une absence' }).check();
    await dialog.getByRole('radio', { name: 'Maladie' }).check();
    // A file that is neither a PDF nor a photo is refused before anything is sent.
    await dialog.getByLabel(/^Certificat médical/).setInputFiles({ name: 'certificat.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK') });
    await dialog.locator('#medical-certificate-error').waitFor();
    await dialog.getByLabel(/^Certificat médical/).setInputFiles(certificateFile);
    await waitUntil(async () => (await dialog.locator('#medical-certificate-error').count()) === 0, 5_000, 'Le fichier est encore refusé');
    await j.checkScreen('absence-certificat');
    await dialog.getByRole('button', { name: 'Signaler l’absence' }).click();
    const recorded = page.getByRole('dialog', { name: 'Absence enregistrée' });
    await recorded.getByText("L'absence est enregistrée avec son certificat médical : ce jour ne sera pas facturé.", { exact: false }).waitFor();
    await j.checkScreen('absence-enregistree');
    await recorded.getByRole('button', { name: 'Fermer' }).click();
    await week.getByText('Absent (justifié)').waitFor();
  });

  step('le service trouve le certificat dans la file, le voit sur l’absence et le refuse avec un motif', async () => {
    const { page } = s;
    await signIn(s, STAFF.email, STAFF.password);
    await s.heading1('Demandes').waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Documents' });
    const item = page.getByRole('listitem').filter({ hasText: family }).filter({ hasText: 'Certificat médical' });
    await item.getByRole('link', { name: 'Document transmis — Certificat médical (absence du jeudi 03/12/2026)' }).click();
    await s.heading1('Document transmis — Certificat médical (absence du jeudi 03/12/2026)').waitFor();
    await page.getByText("Certificat médical envoyé avec l'absence du jeudi 3 décembre 2026.", { exact: false }).waitFor();
    await page.getByRole('link', { name: "Voir la déclaration d'absence" }).click();
    await s.heading1(`Absence ${CANTEEN} — Minh — jeudi 03/12/2026 (maladie)`).waitFor();
    const certificate = page.getByRole('region', { name: 'Certificat médical' });
    await certificate.getByText('À vérifier par le service').waitFor();
    await certificate.getByRole('link', { name: `Télécharger le certificat (${certificateFile.name})` }).waitFor();
    await s.checkScreen('absence-certificat-a-verifier');

    await certificate.getByRole('button', { name: 'Refuser le certificat' }).click();
    await certificate.getByText('Indiquez à la famille le motif du refus.').waitFor();
    await certificate.getByLabel(/^Motif du refus/).fill(REFUSAL);
    await certificate.getByRole('button', { name: 'Refuser le certificat' }).click();
    await page.getByRole('status').getByText('Certificat refusé : l’absence n’est plus justifiée, ce jour est facturé.', { exact: false }).waitFor();
    await certificate.getByText(REFUSAL, { exact: false }).waitFor();
    await page.getByText('Certificat médical refusé par le service : absence non justifiée, ce jour est facturé', { exact: false }).first().waitFor();
    await s.checkScreen('absence-certificat-refuse');
  });

  step('le parent voit le jour facturé, et pourquoi', async () => {
    const { page } = j;
    const week = page.getByRole('list', { name: 'Jours de la semaine du 30 novembre au 6 décembre 2026' });
    const thursday = week.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: /^jeudi 3 décembre 2026/ }) });
    // Live: the service's decision shows without reloading the page.
    await thursday.getByText('Absent (non justifié)').waitFor();
    await thursday.getByText(`certificat médical refusé par le service : ${REFUSAL} (jour facturé)`, { exact: false }).waitFor();
    await j.checkScreen('planning-jour-facture');
    await mailbox.waitFor(email, (m) => /certificat/i.test(m.text));
  });

  step('le service sélectionne toutes les demandes de la famille à décider (document, dossier, inscription) et les accepte en une fois', async () => {
    const { page } = s;
    // The family sends a CAF certificate, asks to change Anh's file and enrols Minh on Wednesdays.
    const family = new ApiClient(portal.baseUrl);
    await family.signIn(email, PASSWORD);
    ok(await upload(family, `/api/families/${familyId}/documents`, { requestId: requestId(), kind: 'attestation_caf' }, { name: 'attestation-caf.png', bytes: PHOTO, type: 'image/png' }));
    ok(await family.post(`/api/families/${familyId}/change-requests`, { requestId: requestId(), target: 'child', childId: anh, child: { health: { glasses: true } } }));
    const wednesday = activities.find((a) => a.name === WEDNESDAY)!;
    ok(await family.post('/api/enrolments', { requestId: requestId(), childId: minh, activityId: wednesday.activityId, periodId: 'annee-2026-2027', typicalWeek: [3] }));

    await page.goto(`/gestion/demandes?famille=${familyId}`);
    await s.heading1('Demandes').waitFor();
    await page.getByText("Demandes d'une seule famille.").waitFor();
    await page.getByText('3 demandes à traiter.').waitFor();
    for (const kind of ['Document', 'Modification du dossier', 'Inscription']) await page.getByRole('listitem').filter({ hasText: ` · ${kind} · ` }).first().waitFor();
    await page.getByRole('checkbox', { name: 'Sélectionner toutes les demandes à décider affichées (3)' }).check();
    const bulk = page.getByRole('region', { name: '3 demandes sélectionnées' });
    await bulk.waitFor();
    await s.checkScreen('demandes-selection-tous-types');
    await bulk.getByRole('button', { name: 'Accepter la sélection' }).click();
    // The report is a live status, named by its title.
    const report = page.getByRole('status', { name: 'Décision enregistrée' });
    await report.getByText('3 demandes acceptées : les familles sont prévenues.').waitFor();
    expect(await report.getByRole('listitem').count()).toBe(3);
    expect(await report.getByText('Acceptée', { exact: true }).count()).toBe(3);
    await page.getByText('Aucune demande à traiter.').waitFor();
    await s.checkScreen('demandes-acceptees-tous-types');
    expect(parent.problems).toEqual([]);
    expect(agent.problems).toEqual([]);
  });
});

describe('Pointage sur tablette (768×1024)', () => {
  let agent: OpenedPage;
  let s: Journey;

  beforeAll(async () => {
    // Noé Caron has no booking today: he came with his cousin, unexpected.
    ok(await staff.post('/api/families', { requestId: requestId(), guardian: { civility: 'M', firstName: 'Paul', lastName: 'Caron', email: 'paul.caron@exemple.fr' }, children: [{ firstName: 'Noé', lastName: 'Caron', birthDate: '2018-09-14', schoolClass: 'CM1' }] }));
    agent = await openPage(browser, 'tablet', portal.baseUrl);
    await agent.context.clock.setFixedTime(new Date(NOW));
    s = journey(agent.page, 'tablet', `${SHOTS}-service`);
  });

  afterAll(async () => {
    for (const call of agent?.apiCalls ?? []) apiCalls.add(call);
    await agent?.context.close();
  });

  const step = journeySteps(() => s, SHOTS, 'tablet');

  step('ajoute depuis le registre un enfant venu sans réservation, pointé présent', async () => {
    const { page } = s;
    await signIn(s, STAFF.email, STAFF.password);
    await s.heading1('Demandes').waitFor();
    await s.goTo('Pointage');
    await s.heading1('Pointage').waitFor();
    await page.getByLabel('Activité').selectOption({ label: CANTEEN });
    await page.getByRole('heading', { level: 2, name: `${CANTEEN} — mardi 1er décembre 2026` }).waitFor();
    const add = page.getByRole('region', { name: 'Ajouter un enfant non inscrit ce jour' });
    await add.getByLabel("Nom ou prénom de l'enfant").fill('noe car');
    await add.getByText('1 enfant trouvé.').waitFor();
    await s.checkScreen('pointage-ajout-recherche');
    await add.getByRole('button', { name: 'Pointer présent : Noé Caron' }).click();
    await page.getByRole('status').getByText('Noé Caron est pointé', { exact: false }).waitFor();
    const register = page.getByRole('list', { name: `Enfants attendus, ${CANTEEN}` });
    const row = register.getByRole('listitem').filter({ hasText: 'Caron Noé' });
    await row.getByText('non réservé', { exact: false }).waitFor();
    await waitUntil(async () => (await row.getByRole('button', { name: 'Présent : Noé Caron' }).getAttribute('aria-pressed')) === 'true', 10_000, 'Noé n’est pas pointé présent');
    await s.checkScreen('pointage-ajoute');
    expect(agent.problems).toEqual([]);
  });
});

describe("Contrat avec l'API", () => {
  it("le client n'appelle que des routes décrites par la documentation OpenAPI de l'API (/api/docs)", async () => {
    expect([...apiCalls]).toEqual(
      expect.arrayContaining([
        'POST /api/reservations/copies/preview',
        'POST /api/reservations/copies',
        'POST /api/reservations/cancellations/preview',
        'POST /api/reservations/cancellations/period',
        'POST /api/reservations/absences/with-certificate',
        expect.stringMatching(/^POST \/api\/families\/[^/]+\/documents\/[^/]+\/refuse$/),
        'POST /api/staff/bulk-decisions',
        'POST /api/staff/attendance',
      ]),
    );
    expect(await undocumentedApiCalls(portal.baseUrl, apiCalls)).toEqual([]);
  });
});
