/**
 * The service issues attestations from its back office in Debian chromium, at phone and desktop
 * sizes, on Tuesday 1 December 2026, 9:00 in Paris: the queue filtered on « Attestations », a
 * request's page stating what the PDF will say (days of presence, payments), a refusal stopped
 * without a message, then « Émettre l'attestation » and the PDF to download.
 *
 * axe-core (WCAG 2.1 A/AA) checks every screen; screenshots land in test-results/screenshots/.
 *
 *   npm run build --workspace angular-client && npx jest test/browser/attestations-journey --selectProjects browser
 */
import type { Browser } from 'playwright-core';
import { FixedClock } from '@pf/domain';
import { ApiClient, STAFF, requestId } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';
import { launchBrowser, openPage, removeScreenshots, undocumentedApiCalls, type OpenedPage, type ScreenSize } from './support/browser';
import { journey, journeySteps, signIn, type Journey } from './support/journey';

const NOW = '2026-12-01T08:00:00Z';
const SHOTS = 'attestations';

jest.setTimeout(120_000);

let portal: RunningPortal;
let browser: Browser;
const apiCalls = new Set<string>();
let staff: ApiClient;
let martin: ApiClient;
let familyId: string;
let invoiceNumber: string;

beforeAll(async () => {
  removeScreenshots(SHOTS);
  [portal, browser] = await Promise.all([startPortal({ clock: new FixedClock(NOW) }), launchBrowser()]);
  staff = new ApiClient(portal.baseUrl);
  martin = new ApiClient(portal.baseUrl);
  await staff.signIn(STAFF.email, STAFF.password);
  familyId = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
  const lea = (await martin.get(`/api/families/${familyId}`)).body.children[0].childId;
  const canteen = (await staff.get('/api/activities')).body.items.find((a: { kind: string }) => a.kind === 'canteen').activityId;
  // Léa was pointed present at the canteen three days in November; November was billed and paid by cheque.
  for (const day of ['2026-11-05', '2026-11-06', '2026-11-09']) {
    expect((await staff.post('/api/staff/attendance', { requestId: requestId(), activityId: canteen, day, marks: [{ childId: lea, status: 'present' }] })).status).toBe(201);
  }
  expect((await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-11' })).status).toBe(201);
  const invoice = (await martin.get(`/api/families/${familyId}/billing`)).body.invoicesDue.find((i: { month: string }) => i.month === '2026-11');
  invoiceNumber = invoice.number;
  const paid = await staff.post('/api/billing/payments', { requestId: requestId(), invoiceId: invoice.id, amountCents: invoice.totalCents, method: 'cheque', reference: '0004242', receivedOn: '2026-12-01' });
  expect(paid.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe.each<[string, ScreenSize, 'presence' | 'payment']>([
  ['sur téléphone (390×844)', 'phone', 'presence'],
  ['sur ordinateur (1280×800)', 'desktop', 'payment'],
])("L'agent émet une attestation %s", (_label, size, kind) => {
  let opened: OpenedPage;
  let j: Journey;
  let attestationId: string;
  const title = kind === 'presence' ? 'Attestation de présence — Léa — du 01/11/2026 au 30/11/2026' : 'Attestation de paiement — toute la famille — année 2026';

  beforeAll(async () => {
    const lea = (await martin.get(`/api/families/${familyId}`)).body.children[0].childId;
    const asked = await martin.post(
      `/api/families/${familyId}/attestations`,
      kind === 'presence' ? { requestId: requestId(), kind, childId: lea, from: '2026-11-01', to: '2026-11-30' } : { requestId: requestId(), kind, year: 2026, message: 'Pour le comité d’entreprise.' },
    );
    expect(asked.status).toBe(201);
    attestationId = asked.body.attestationId;
    opened = await openPage(browser, size, portal.baseUrl);
    await opened.context.clock.setFixedTime(new Date(NOW));
    j = journey(opened.page, size, SHOTS);
  });

  afterAll(async () => {
    for (const call of opened?.apiCalls ?? []) apiCalls.add(call);
    await opened?.context.close();
  });

  const step = journeySteps(() => j, SHOTS, size);

  step('trouve la demande parmi les attestations à traiter et voit ce que le PDF indiquera', async () => {
    const { page } = j;
    await signIn(j, STAFF.email, STAFF.password);
    await j.heading1('Demandes').waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Attestations' });
    await page.getByRole('link', { name: title }).click();
    await j.heading1(title).waitFor();
    const preview = page.getByRole('region', { name: "Ce que l'attestation indiquera" });
    if (kind === 'presence') {
      await preview.getByText('3 jours de présence').waitFor();
      await preview.getByText('pour Léa, du 01/11/2026 au 30/11/2026.').waitFor();
      await preview.getByText('Restaurant scolaire : 3 jours').waitFor();
    } else {
      await preview.getByText(/réglés en 2026/).waitFor();
      await preview.getByRole('cell', { name: invoiceNumber }).waitFor();
      await preview.getByRole('cell', { name: 'chèque' }).waitFor();
    }
    await j.checkScreen(`${kind}-apercu`);
  });

  step('ne refuse pas sans message à la famille, puis émet l’attestation et télécharge le PDF', async () => {
    const { page } = j;
    const preview = page.getByRole('region', { name: "Ce que l'attestation indiquera" });
    await preview.getByRole('button', { name: 'Refuser' }).click();
    await preview.getByRole('alert').filter({ hasText: 'Indiquez à la famille le motif du refus.' }).waitFor();
    await j.checkScreen(`${kind}-refus-sans-message`);

    await preview.getByRole('button', { name: 'Émettre l’attestation' }).click();
    await page.getByRole('status').getByText('Attestation émise : la famille est prévenue par e-mail').waitFor();
    const issued = page.getByRole('region', { name: 'Attestation émise' });
    await issued.getByText('Émise le 01/12/2026').waitFor();
    const href = (await issued.getByRole('link', { name: "Télécharger l'attestation (PDF)" }).getAttribute('href'))!;
    expect(href).toBe(`/api/families/${familyId}/attestations/${attestationId}/pdf`);
    const file = await page.request.get(href);
    expect(file.headers()['content-type']).toContain('application/pdf');
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByRole('region', { name: 'Historique' }).getByText('Attestation émise : elle se télécharge depuis la demande').waitFor();
    await j.checkScreen(`${kind}-emise`);
    expect(opened.problems).toEqual([]);
  });
});

describe("Contrat avec l'API", () => {
  it("le back office n'appelle que des routes décrites par la documentation OpenAPI de l'API", async () => {
    expect(apiCalls.size).toBeGreaterThan(3);
    expect(await undocumentedApiCalls(portal.baseUrl, apiCalls)).toEqual([]);
  });
});
