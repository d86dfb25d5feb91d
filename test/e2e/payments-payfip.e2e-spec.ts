import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

const clock = new FixedClock('2026-09-28T08:00:00Z');

/**
 * The portal configured for PayFiP (PAYMENT_PROVIDER=payfip, saisie T). No DGFiP service is
 * reached: the test plays PayFiP's part, reading the redirect address and sending the
 * notification PayFiP's protocol describes to urlcl.
 */
describe('online payment through PayFiP: redirect, then the notification, verified and recorded once', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let martin: ApiClient;
  let familyId: string;
  let invoice: { id: string; totalCents: number; number: string };
  let redirect: URL;
  const saved = { provider: process.env.PAYMENT_PROVIDER, saisie: process.env.PAYFIP_SAISIE };

  const notify = (fields: Record<string, string>) =>
    fetch(`${portal.baseUrl}/api/payments/notifications/payfip`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const paidNotification = (overrides: Record<string, string> = {}) => ({
    numcli: redirect.searchParams.get('numcli')!,
    exer: redirect.searchParams.get('exer')!,
    refdet: redirect.searchParams.get('refdet')!,
    objet: redirect.searchParams.get('objet')!,
    montant: redirect.searchParams.get('montant')!,
    mel: redirect.searchParams.get('mel') ?? '',
    saisie: 'T',
    resultrans: 'P',
    numauto: '112233445566',
    dattrans: '04112026',
    heurtrans: '1032',
    ...overrides,
  });

  beforeAll(async () => {
    process.env.PAYMENT_PROVIDER = 'payfip';
    process.env.PAYFIP_SAISIE = 'T';
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    martin = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    familyId = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
    const [lea] = (await martin.get(`/api/families/${familyId}`)).body.children.map((c: { childId: string }) => c.childId);
    const canteen = (await martin.get('/api/activities')).body.items.find((a: { kind: string }) => a.kind === 'canteen');
    await staff.post('/api/billing/settings', { requestId: requestId(), issuerName: 'Régie enfance', issuerAddress: ['Place de la Mairie'], paymentTermDays: 30, allowPartialOnlinePayment: false, payfipClientNumber: '012345', directDebitDelayDays: 5 });
    await staff.post('/api/billing/tariffs', { requestId: requestId(), activityId: canteen.activityId, periodId: 'annee-2026-2027', pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 325 }] } });
    await martin.post('/api/reservations/period', { requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2026-10-01', to: '2026-10-09', weekdays: [1, 2, 4, 5] });
    clock.set('2026-11-03T08:00:00Z');
    await staff.signIn(STAFF.email, STAFF.password);
    await martin.signIn('claire.martin@example.fr', 'Famille-2026');
    expect((await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-10' })).status).toBe(201);
    invoice = (await martin.get(`/api/families/${familyId}/billing`)).body.invoicesDue[0];
  });
  afterAll(async () => {
    await portal?.close();
    process.env.PAYMENT_PROVIDER = saved.provider;
    process.env.PAYFIP_SAISIE = saved.saisie;
    if (saved.provider === undefined) delete process.env.PAYMENT_PROVIDER;
    if (saved.saisie === undefined) delete process.env.PAYFIP_SAISIE;
  });

  it('sends the parent to PayFiP with the commune client number, the year, a reference, the amount in cents, the e-mail and urlcl', async () => {
    const started = await martin.post(`/api/billing/invoices/${invoice.id}/online-payments`, { requestId: requestId() });
    expect(started).toMatchObject({ status: 201, body: { testMode: true, amountCents: invoice.totalCents } });
    redirect = new URL(started.body.redirectUrl);
    expect(redirect.origin + redirect.pathname).toBe('https://www.payfip.gouv.fr/tpa/paiement.web');
    expect(Object.fromEntries(redirect.searchParams)).toMatchObject({
      numcli: '012345',
      exer: '2026',
      refdet: expect.stringMatching(/^[A-Z0-9]{6,30}$/),
      montant: String(invoice.totalCents),
      mel: 'claire.martin@example.fr',
      urlcl: `${portal.baseUrl}/api/payments/notifications/payfip`,
      saisie: 'T',
    });
    expect(redirect.searchParams.get('objet')).toMatch(/^[A-Za-z0-9 ]+$/);
  });

  it('refuses a notification whose amount or client number is not the payment’s, and records nothing', async () => {
    const wrongAmount = await notify(paidNotification({ montant: '1' }));
    expect(wrongAmount.status).toBe(422);
    expect(((await wrongAmount.json()) as { code: string }).code).toBe('NOTIFICATION_MISMATCH');
    expect((await notify(paidNotification({ numcli: '999999' }))).status).toBe(422);
    expect((await notify(paidNotification({ refdet: 'UNKNOWN123' }))).status).toBe(422);
    expect((await martin.get(`/api/families/${familyId}/billing`)).body.payments).toEqual([]);
  });

  it('records one payment when PayFiP notifies the same success three times', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await notify(paidNotification());
      expect(response.status).toBe(200);
      answers.push(await response.json());
    }
    expect(answers).toEqual([
      { outcome: 'paid', recorded: true },
      { outcome: 'paid', recorded: false },
      { outcome: 'paid', recorded: false },
    ]);
    const billing = (await martin.get(`/api/families/${familyId}/billing`)).body;
    expect(billing.payments).toEqual([expect.objectContaining({ invoiceId: invoice.id, amountCents: invoice.totalCents, method: 'online_card', reference: '112233445566', receivedOn: '2026-11-04' })]);
    expect(billing.invoicesPaid.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
  });

  it('brings the parent’s browser back to the invoice without recording anything from its address bar', async () => {
    const back = await fetch(`${portal.baseUrl}/api/payments/notifications/payfip?${new URLSearchParams(paidNotification()).toString()}`, { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/factures/${invoice.id}?paiement=paye`);
    expect((await martin.get(`/api/families/${familyId}/billing`)).body.payments).toHaveLength(1);
  });
});
