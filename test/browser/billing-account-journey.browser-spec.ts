/**
 * A family's account, in Debian chromium at phone and desktop sizes, on Tuesday 1 December 2026,
 * 8:30 in Paris (November billed that morning):
 * - « Mon compte » shows what the Blainville and L'Hermitage portals show: the quotient familial
 *   with its date, the balance of the invoices on today's date, the children;
 * - the parent asks for invoices by post (a change to the file the service accepts), and the
 *   service finds the invoice on its list of invoices to print and post;
 * - the parent sets up direct debit (L'Hermitage « QF & prélèvement »): IBAN checked as typed, the
 *   SEPA mandate read on the page and as a PDF (rendered to an image in test-results/screenshots/),
 *   signed online; the service validates it; the invoice then says it will be debited;
 * - the service refunds what the family paid in excess after a credit note, and the town's
 *   accounting software reads the invoice, the credit note, the payment and the refund in its feed
 *   (the Intégrations page offers those events to an accounting key).
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build:client && npx jest test/browser/billing-account-journey --selectProjects browser
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { FixedClock } from '@pf/domain';
import { ApiClient, STAFF, requestId } from '../support/api-client';
import { IntegratorClient } from '../support/integrator-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';
import { SCREENSHOT_DIR, launchBrowser, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { journey, journeySteps, signIn, waitUntil, type Journey } from './support/journey';

const NOW = '2026-12-01T07:30:00Z'; // Tuesday, 8:30 in Paris
const PASSWORD = 'Soleil-du-Matin-7';
const SHOTS = 'compte-famille';
const IBAN = 'FR14 2004 1010 0505 0001 3M02 606';
const KEY_LABEL = 'Logiciel comptable de la mairie';

jest.setTimeout(240_000);

let portal: RunningPortal;
let mailbox: Mailbox;
let browser: Browser;
let staff: ApiClient;
let accountant: IntegratorClient;
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

/** The PDF the page links to, fetched with the page's session, and its first page as a PNG beside the screenshots. */
async function pdfAsImage(opened: OpenedPage, href: string, name: string): Promise<{ bytes: Buffer; image: string }> {
  const response = await opened.context.request.get(new URL(href, portal.baseUrl).toString());
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  const bytes = Buffer.from(await response.body());
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const pdf = join(SCREENSHOT_DIR, `${name}.pdf`);
  writeFileSync(pdf, bytes);
  execFileSync('pdftoppm', ['-png', '-r', '90', '-singlefile', pdf, join(SCREENSHOT_DIR, name)]);
  rmSync(pdf);
  const image = join(SCREENSHOT_DIR, `${name}.png`);
  expect(existsSync(image)).toBe(true);
  return { bytes, image };
}

beforeAll(async () => {
  removeScreenshots(SHOTS);
  mailbox = await startMailbox();
  [portal, browser] = await Promise.all([startPortal({ smtpUrl: mailbox.smtpUrl, clock }), launchBrowser()]);
  staff = new ApiClient(portal.baseUrl);
  await staff.signIn(STAFF.email, STAFF.password);
  accountant = new IntegratorClient(portal.baseUrl, ok(await staff.post('/api/integrations/keys', { requestId: requestId(), label: KEY_LABEL, scope: 'accounting' })).key);
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await mailbox?.close();
});

describe.each<[string, ScreenSize, string]>([
  ['sur téléphone (390×844)', 'phone', 'Lemoine'],
  ['sur ordinateur (1280×800)', 'desktop', 'Garnier'],
])('Le compte d’une famille %s', (_label, size, lastName) => {
  let parent: OpenedPage;
  let agent: OpenedPage;
  let j: Journey;
  let s: Journey;
  const email = `camille.${lastName.toLowerCase()}@exemple.fr`;
  const who = `Camille ${lastName}`;
  let familyId: string;
  let invoice: { id: string; number: string; totalCents: number };

  beforeAll(async () => {
    // The town hall opened the file; the parent created the account with the code and activated it.
    const file = ok(
      await staff.post('/api/families', {
        requestId: requestId(),
        guardian: { civility: 'Mme', firstName: 'Camille', lastName, email, phones: { mobile: '06 12 34 56 78' }, address: { line1: '12 rue des Écoles', postcode: '44190', city: 'Saint-Hilaire-du-Bois' } },
        children: [
          { firstName: 'Minh', lastName, birthDate: '2019-06-30', schoolClass: 'CP' },
          { firstName: 'Anh', lastName, birthDate: '2023-01-17', schoolClass: 'Petite section' },
        ],
      }),
    );
    familyId = file.familyId;
    const anonymous = new ApiClient(portal.baseUrl);
    ok(await anonymous.post('/api/auth/sign-up', { requestId: requestId(), subscriberCode: file.subscriberCode, civility: 'Mme', lastName, firstName: 'Camille', email, password: PASSWORD, passwordConfirmation: PASSWORD, termsAccepted: true }));
    const activation = await mailbox.waitFor(email, (m) => m.links.some((l) => l.includes('/activer-mon-compte')));
    const link = new URL(activation.links.find((l) => l.includes('/activer-mon-compte'))!);
    ok(await anonymous.post('/api/auth/activation', { accountId: link.searchParams.get('compte'), token: link.searchParams.get('jeton') }));

    // Minh ate at the canteen twice in November; the QF was recorded; November is billed this morning.
    const canteen = ((await staff.get('/api/activities')).body.items as Array<{ activityId: string; kind: string }>).find((a) => a.kind === 'canteen')!;
    await at('2026-11-02T07:30:00Z');
    for (const day of ['2026-11-05', '2026-11-06']) ok(await staff.post('/api/reservations', { requestId: requestId(), childId: file.children[0].childId, activityId: canteen.activityId, day }));
    await at(NOW);
    ok(await staff.send('PUT', `/api/families/${familyId}/quotient`, { requestId: requestId(), value: 742, updatedOn: '2026-11-15' }));
    ok(await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-11' }));
    invoice = ok(await staff.get(`/api/billing/invoices?familyId=${familyId}&month=2026-11`)).items[0];

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

  step('« Mon compte » montre le quotient familial et sa date, le solde du jour et les enfants', async () => {
    const { page } = j;
    await signIn(j, email, PASSWORD);
    await j.heading1(/Bonjour/).waitFor();
    await j.goTo('Mon compte');
    await j.heading1('Mon compte').waitFor();
    const family = page.getByRole('region', { name: 'Mon foyer' });
    await family.getByText('742 €', { exact: true }).waitFor();
    await family.getByText('mis à jour le 15/11/2026', { exact: false }).waitFor();
    await family.getByText('Solde des factures au 01/12/2026').waitFor();
    await family.getByText(/\d+,\d{2}\s€ à payer/).waitFor();
    await family.getByText(`Minh ${lastName}, né(e) le 30/06/2019 (7 ans)`).waitFor();
    await family.getByText(`Anh ${lastName}, né(e) le 17/01/2023 (3 ans)`).waitFor();
    await family.getByRole('link', { name: 'Détail financier par facture' }).waitFor();
    await j.checkScreen('mon-compte');
  });

  step('demande à recevoir ses factures par courrier : la demande attend la validation du service', async () => {
    const { page } = j;
    const delivery = page.getByRole('region', { name: 'Envoi des factures' });
    const group = delivery.getByRole('group', { name: `Factures de ${who} (vous) : par e-mail (par défaut, non choisi)` });
    await group.getByLabel('Par courrier').check();
    await delivery.getByRole('button', { name: "Demander ce mode d'envoi" }).click();
    await delivery.getByRole('status').getByText('Demande envoyée : factures par courrier, en attente de validation par le service.').waitFor();
    await delivery.getByText('Changement demandé : par courrier.', { exact: false }).waitFor();
    await j.checkScreen('envoi-par-courrier-demande');
  });

  step('met en place le prélèvement : l’IBAN est vérifié à la saisie, le mandat SEPA se lit sur la page et en PDF', async () => {
    const { page } = j;
    await page.getByRole('region', { name: 'Mon foyer' }).getByRole('link', { name: 'Mettre en place le prélèvement automatique' }).click();
    await j.heading1('Prélèvement automatique').waitFor();
    expect(await page.getByLabel('Titulaire du compte').inputValue()).toBe(who);
    await page.getByLabel('IBAN').fill('FR14 2004 1010 0505 0001 3M02 607');
    await page.getByRole('button', { name: 'Continuer : voir le mandat' }).click();
    await page.getByRole('alert').getByText('Cet IBAN n’est pas valide (clé de contrôle)', { exact: false }).waitFor();
    await waitUntil(() => page.getByLabel('IBAN').evaluate((el) => (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el), 5_000, 'Le champ IBAN n’a pas le focus');
    await j.checkScreen('iban-invalide');

    await page.getByLabel('IBAN').fill(IBAN);
    await page.getByRole('button', { name: 'Continuer : voir le mandat' }).click();
    await page.getByRole('status').getByText('Votre compte est vérifié', { exact: false }).waitFor();
    const mandate = page.getByRole('article', { name: 'Mandat de prélèvement SEPA' });
    await mandate.getByText('FR72ZZZ123456').waitFor();
    await mandate.getByText(IBAN).waitFor();
    await mandate.getByText(/vous autorisez \(A\) Commune de Saint-Hilaire-du-Bois/).waitFor();
    await page.getByText('À signer', { exact: true }).waitFor();
    await j.checkScreen('mandat-a-signer');

    const href = (await page.getByRole('link', { name: 'Télécharger le mandat (PDF)' }).getAttribute('href'))!;
    const { bytes, image } = await pdfAsImage(parent, href, `${SHOTS}-parent-${size}-mandat-sepa-pdf`);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' }); // poppler reads the PDF from stdin
    for (const words of ['Mandat de prélèvement SEPA', 'FR72ZZZ123456', IBAN, who, '12 rue des Écoles', 'Signature']) expect(text).toContain(words);
    expect(image).toContain(SCREENSHOT_DIR);
  });

  step('signe le mandat en ligne : il attend la validation du service', async () => {
    const { page } = j;
    await page.getByRole('button', { name: 'Signer le mandat en ligne' }).click();
    await page.getByRole('alert').getByText('Cochez la case pour signer le mandat.').waitFor();
    await page.getByLabel(/^J'ai lu le mandat ci-dessus/).check();
    await page.getByRole('button', { name: 'Signer le mandat en ligne' }).click();
    await page.getByRole('status').getByText('Mandat signé : le service va le valider', { exact: false }).waitFor();
    await page.getByText('Signé en ligne — en attente de validation par le service', { exact: true }).waitFor();
    await page.getByText(`Mandat accepté en ligne le 01/12/2026 par ${who} sur le Portail Famille.`).waitFor();
    await j.checkScreen('mandat-signe');
  });

  step('le service accepte l’envoi par courrier, retrouve la facture à imprimer et valide le mandat', async () => {
    const { page } = s;
    await signIn(s, STAFF.email, STAFF.password);
    await s.heading1('Demandes').waitFor();
    await page.goto(`/gestion/familles/${familyId}`);
    await s.heading1(`Dossier de la famille ${lastName.toUpperCase()}`).waitFor();
    const pending = page.getByRole('region', { name: 'Modifications en attente de validation' });
    await pending.getByText(/Envoi des factures : par courrier/).waitFor();
    await pending.getByRole('button', { name: /^Accepter/ }).click();
    await waitUntil(async () => (await pending.count()) === 0, 10_000, 'La modification est encore en attente');

    await s.goTo('Facturation');
    await s.heading1('Facturation').waitFor();
    const paper = page.getByRole('region', { name: 'Factures à envoyer par courrier' });
    const row = paper.getByRole('row').filter({ hasText: invoice.number });
    await row.getByText(`Mme ${who}`).waitFor();
    await row.getByText('12 rue des Écoles, 44190 Saint-Hilaire-du-Bois').waitFor();
    expect(await paper.getByRole('link', { name: 'Imprimer toutes les factures (PDF)' }).getAttribute('href')).toBe('/api/billing/paper-invoices.pdf?from=2026-12-01&to=2026-12-01');
    await row.scrollIntoViewIfNeeded();
    await s.checkScreen('factures-par-courrier');

    const requests = page.getByRole('region', { name: 'Demandes de prélèvement à valider' });
    const request = requests.getByRole('listitem').filter({ hasText: who });
    await request.getByText('Signé en ligne — en attente de validation par le service').waitFor();
    await request.scrollIntoViewIfNeeded();
    await s.checkScreen('demande-de-prelevement');
    await request.getByRole('button', { name: 'Valider le mandat signé en ligne' }).click();
    await requests.getByRole('status').getByText(`Mandat de ${who} validé : les factures de la famille ${lastName.toUpperCase()} seront prélevées.`).waitFor();
    await waitUntil(async () => (await request.count()) === 0, 10_000, 'La demande est encore affichée');
    await mailbox.waitFor(email, (m) => m.subject === 'Votre prélèvement automatique est en place');
  });

  step('la facture dit qu’elle sera prélevée ; « Mon compte » dit le prélèvement en place et l’envoi par courrier', async () => {
    const { page } = j;
    await j.goTo('Mes factures');
    await j.heading1('Mes factures').waitFor();
    await page.getByText('Prélèvement automatique sur le compte FR14 •••• •••• 2606', { exact: false }).waitFor();
    const item = page.getByRole('listitem').filter({ hasText: invoice.number });
    await item.getByText('Sera prélevée à la prochaine échéance de prélèvement : rien à faire.').waitFor();
    await item.getByRole('link').click();
    await j.heading1(`Facture ${invoice.number}`).waitFor();
    await page.getByText(/^\s*Cette facture sera prélevée à la prochaine échéance de prélèvement sur le compte FR14 •••• •••• 2606 \(mandat RUM-[0-9A-F]{20}\)\.\s+Vous n'avez rien à faire\.\s*$/).waitFor();
    await j.checkScreen('facture-prelevee');

    await j.goTo('Mon compte');
    const family = page.getByRole('region', { name: 'Mon foyer' });
    await family.getByText('Prélèvement automatique en place', { exact: false }).waitFor();
    await page.getByRole('group', { name: `Factures de ${who} (vous) : par courrier` }).waitFor();
    await j.checkScreen('mon-compte-apres');
    expect(parent.problems).toEqual([]);
  });

  step('le service rembourse le trop-perçu après un avoir ; le logiciel comptable le lit dans son flux', async () => {
    const { page } = s;
    // Paid at the desk, then the QF regularised from November: a credit note leaves the invoice paid in excess.
    ok(await staff.post('/api/billing/payments', { requestId: requestId(), invoiceId: invoice.id, amountCents: invoice.totalCents, method: 'cash' }));
    ok(await staff.post(`/api/billing/families/${familyId}/quotient-regularisations`, { requestId: requestId(), quotient: 450, validFrom: '2026-11-01' }));
    const overpaid = ok(await staff.get(`/api/billing/invoices/${invoice.id}`)).overpaidCents as number;
    expect(overpaid).toBeGreaterThan(0);

    await page.goto(`/gestion/factures/${invoice.id}`);
    await s.heading1(`Facture ${invoice.number}`).waitFor();
    const refund = page.getByRole('region', { name: 'Rembourser le trop-perçu' });
    expect(await refund.getByLabel('Montant (€)').inputValue()).toBe((overpaid / 100).toFixed(2).replace('.', ','));
    await refund.getByLabel('Mode de remboursement').selectOption({ label: 'Virement' });
    await refund.getByLabel(/^Référence/).fill(`VIR-${size}`);
    await s.checkScreen('remboursement');
    await refund.getByRole('button', { name: 'Enregistrer le remboursement' }).click();
    await page.getByRole('status').getByText(/^Remboursement de \d+,\d{2}\s€ enregistré\.$/).waitFor();
    await waitUntil(async () => (await refund.count()) === 0, 10_000, 'Le remboursement est encore proposé');
    await s.checkScreen('rembourse');

    const feed: Array<{ type: string; data: any }> = (await accountant.get('/api/integrations/events?after=0&limit=1000&types=invoice.issued,credit-note.issued,payment.received,payment.refunded')).body.items;
    const mine = feed.filter((e) => e.data.familyId === familyId);
    expect(mine.map((e) => e.type)).toEqual(['invoice.issued', 'payment.received', 'credit-note.issued', 'invoice.issued', 'payment.refunded']);
    expect(mine.at(-1)!.data).toMatchObject({ invoiceId: invoice.id, invoiceNumber: invoice.number, amountCents: overpaid, currency: 'EUR', method: 'bank_transfer', refundedOn: '2026-12-01', reference: `VIR-${size}` });
  });

  step('la page Intégrations propose au logiciel comptable les factures, avoirs, règlements et remboursements', async () => {
    const { page } = s;
    await s.goTo('Intégrations');
    await s.heading1('Intégrations').waitFor();
    const form = page.getByRole('form', { name: 'Abonner une adresse' });
    await form.getByLabel('Clé du logiciel').selectOption({ label: `${KEY_LABEL} — Comptabilité et facturation` });
    for (const type of ['invoice.issued@1', 'credit-note.issued@1', 'payment.received@1', 'payment.refunded@1']) await form.getByLabel(type).waitFor();
    await form.getByText(/^Une somme a été remboursée à la famille sur un règlement/).waitFor();
    await form.getByLabel('payment.refunded@1').scrollIntoViewIfNeeded();
    await s.checkScreen('integrations-evenements-facturation');
    expect(agent.problems).toEqual([]);
  });
});

describe("Contrat avec l'API", () => {
  it("le client n'appelle que des routes décrites par la documentation OpenAPI de l'API (/api/docs)", async () => {
    expect([...apiCalls]).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GET \/api\/families\/[^/]+\/account-summary$/),
        expect.stringMatching(/^POST \/api\/families\/[^/]+\/direct-debit\/requests$/),
        expect.stringMatching(/^POST \/api\/families\/[^/]+\/direct-debit\/requests\/[^/]+\/signature$/),
        'GET /api/billing/direct-debit-requests',
        'GET /api/billing/paper-invoices',
        'POST /api/billing/refunds',
      ]),
    );
    expect(await undocumentedApiCalls(portal.baseUrl, apiCalls)).toEqual([]);
  });
});
