import { request } from 'node:http';
import { FixedClock } from '@pf/domain';
import { pain008Problems } from '@pf/billing';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';

// Monday 28 September 2026, 10:00 in Paris: the canteen books 48 hours ahead, so October is open.
const clock = new FixedClock('2026-09-28T08:00:00Z');

/** A write from this client's session, sent as a browser that reached the portal under `host` would (Node's fetch sets its own Host). */
function postWithHost(client: ApiClient, path: string, body: unknown, host: string): Promise<{ status: number; body: any }> {
  const cookie = client.cookieHeader();
  const csrf = /(?:^|; )pf_csrf=([^;]*)/.exec(cookie)?.[1] ?? '';
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const target = new URL(path, client.baseUrl);
    const req = request(
      { hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { host, cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

type Activity = { activityId: string; name: string; kind: string; lateBooking: { activityId: string } | null; periods?: Array<{ periodId: string }> };

describe('billing: tariffs, the monthly run, invoices, PDF, online payment in test mode', () => {
  let portal: RunningPortal;
  let mailbox: Mailbox;
  let staff: ApiClient;
  let martin: ApiClient;
  let familyId: string;
  let lea: string;
  let hugo: string;
  let canteen: Activity;
  let invoice: any;
  let batchFile: string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl });
    staff = new ApiClient(portal.baseUrl);
    martin = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    familyId = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
    [lea, hugo] = (await martin.get(`/api/families/${familyId}`)).body.children.map((c: { childId: string }) => c.childId);
    const activities: Activity[] = (await martin.get('/api/activities')).body.items;
    canteen = activities.find((a) => a.kind === 'canteen')!;
  });
  /** Moves the clock on; sessions do not last weeks, so everyone signs in again. */
  const at = async (instant: string) => {
    clock.set(instant);
    await staff.signIn(STAFF.email, STAFF.password);
    await martin.signIn('claire.martin@example.fr', 'Famille-2026');
  };
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
  });

  it('lets staff set the canteen tariff by QF bracket, and the late booking as a surcharge', async () => {
    const set = await staff.post('/api/billing/tariffs', {
      requestId: requestId(),
      activityId: canteen.activityId,
      periodId: 'annee-2026-2027',
      pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 120 }, { fromQuotient: 501, unitPriceCents: 250 }, { fromQuotient: 801, unitPriceCents: 390 }] },
      unexpectedPresence: { kind: 'price', cents: 600 },
    });
    expect(set).toMatchObject({ status: 201, body: { from: '2026-09-01', to: '2027-07-03', pricing: { kind: 'brackets' } } });
    const late = await staff.post('/api/billing/tariffs', {
      requestId: requestId(),
      activityId: canteen.lateBooking!.activityId,
      periodId: 'annee-2026-2027',
      pricing: { kind: 'surcharge', surcharge: { kind: 'percent', percent: '25' } },
    });
    expect(late.status).toBe(201);
    const tariffs = (await staff.get('/api/billing/tariffs')).body.items;
    expect(tariffs.find((t: any) => t.activityId === canteen.activityId)).toMatchObject({ pricing: { brackets: [{ fromQuotient: 0, unitPriceCents: 120 }, expect.anything(), { fromQuotient: 801, unitPriceCents: 390 }] } });
    expect(tariffs.find((t: any) => t.activityId === canteen.lateBooking!.activityId)).toMatchObject({ pricing: { kind: 'surcharge', surcharge: { kind: 'percent', basisPoints: 2500 } } });
  });

  it('refuses a tariff that is not one, field by field, and writes nothing', async () => {
    const before = (await staff.get('/api/health')).body.headPosition;
    const wrong = await staff.post('/api/billing/tariffs', {
      requestId: requestId(),
      activityId: canteen.activityId,
      periodId: 'annee-2026-2027',
      pricing: { kind: 'effort_rate', ratePercent: '0,12345', floorCents: 500, ceilingCents: 100 },
    });
    expect(wrong).toMatchObject({ status: 422, body: { code: 'TARIFF_INVALID', details: [expect.objectContaining({ field: 'pricing.ratePercent' })] } });
    const surcharge = await staff.post('/api/billing/tariffs', { requestId: requestId(), activityId: canteen.activityId, periodId: 'annee-2026-2027', pricing: { kind: 'surcharge', surcharge: { kind: 'amount', cents: 100 } } });
    expect(surcharge.body).toMatchObject({ code: 'TARIFF_INVALID', details: [expect.objectContaining({ code: 'SURCHARGE_ONLY_FOR_LATE_BOOKING' })] });
    const parent = await martin.post('/api/billing/tariffs', { requestId: requestId(), activityId: canteen.activityId, periodId: 'x', pricing: {} });
    expect(parent.status).toBe(403);
    expect((await staff.get('/api/health')).body.headPosition).toBe(before);
  });

  it('tells the parent what days about to be booked will cost, late booking surcharge included, before anything is booked', async () => {
    const before = (await staff.get('/api/health')).body.headPosition;
    const estimate = await martin.post(`/api/families/${familyId}/price-estimates`, {
      childId: lea,
      days: [
        { activityId: canteen.activityId, day: '2026-11-05' },
        { activityId: canteen.activityId, day: '2026-11-06' },
        { activityId: canteen.activityId, day: '2026-11-09', lateActivityId: canteen.lateBooking!.activityId },
      ],
    });
    expect(estimate.status).toBe(200);
    const [booked, late] = estimate.body.lines;
    expect(booked).toMatchObject({ activityId: canteen.activityId, activityName: canteen.name, kind: 'booked', quantity: 2, days: ['2026-11-05', '2026-11-06'] });
    // The late day: the canteen's price for this QF plus 25 %.
    expect(late).toMatchObject({ activityId: canteen.lateBooking!.activityId, kind: 'late_booking', quantity: 1, unitPriceCents: Math.round(booked.unitPriceCents * 1.25) });
    expect(estimate.body.totalCents).toBe(2 * booked.unitPriceCents + late.unitPriceCents);
    expect(estimate.body.missing).toEqual([]);
    // Nothing was booked or written.
    expect((await staff.get('/api/health')).body.headPosition).toBe(before);
  });

  it('refuses an estimate for a child of another family, or a day that is not one', async () => {
    const dubois = (await staff.get('/api/families?limit=50')).body.items.find((f: { familyId: string }) => f.familyId !== familyId);
    const otherChild = (await staff.get(`/api/families/${dubois.familyId}`)).body.children[0].childId;
    const foreign = await martin.post(`/api/families/${familyId}/price-estimates`, { childId: otherChild, days: [{ activityId: canteen.activityId, day: '2026-11-05' }] });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'CHILD_NOT_FOUND' } });
    const bad = await martin.post(`/api/families/${familyId}/price-estimates`, { childId: lea, days: [{ activityId: canteen.activityId, day: '2026-02-30' }] });
    expect(bad).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'days.0.day' })] } });
  });

  it('bills October: booked days, not the illness with a certificate, and the unexpected presence at its own price', async () => {
    const period = await martin.post('/api/reservations/period', { requestId: requestId(), childId: lea, activityId: canteen.activityId, from: '2026-10-01', to: '2026-10-16', weekdays: [1, 2, 4, 5] });
    expect(period.body.counts.accepted).toBe(10);
    await at('2026-10-05T06:00:00Z');
    const absence = await martin.post('/api/reservations/absences', { requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-10-06', reason: 'illness', medicalCertificate: true });
    expect(absence.body).toMatchObject({ justified: true });
    await at('2026-10-08T12:00:00Z');
    const marks = await staff.post('/api/staff/attendance', { requestId: requestId(), activityId: canteen.activityId, day: '2026-10-08', marks: [{ childId: lea, status: 'present' }, { childId: hugo, status: 'present' }] });
    expect(marks.status).toBe(201);

    await at('2026-11-03T08:00:00Z');
    const early = await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-11' });
    expect(early).toMatchObject({ status: 422, body: { code: 'MONTH_NOT_OVER' } });
    const run = await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-10' });
    expect(run).toMatchObject({ status: 201, body: { month: '2026-10' } });
    expect(run.body.invoicesIssued).toBeGreaterThanOrEqual(1);

    const billing = (await martin.get(`/api/families/${familyId}/billing`)).body;
    invoice = billing.invoicesDue.find((i: any) => i.month === '2026-10');
    expect(invoice).toMatchObject({ number: expect.stringMatching(/^FA-2026-\d{6}$/), issuedOn: '2026-11-03', dueOn: '2026-12-03', status: 'due', statusLabel: 'À payer' });
    const leaLine = invoice.lines.find((l: any) => l.childId === lea);
    // 10 days booked, the 6th justified: 9 days, no QF known → highest bracket.
    expect(leaLine).toMatchObject({ childName: 'Léa', activityName: canteen.name, kind: 'booked', quantity: 9, unitPriceCents: 390, amountCents: 3510 });
    expect(leaLine.days).not.toContain('2026-10-06');
    expect(invoice.lines.find((l: any) => l.childId === hugo)).toMatchObject({ kind: 'unexpected_presence', kindLabel: 'présence non réservée', quantity: 1, unitPriceCents: 600, days: ['2026-10-08'] });
    expect(billing.balanceCents).toBe(invoice.totalCents);
    expect(billing.byEnrolment).toEqual(expect.arrayContaining([expect.objectContaining({ childId: lea, activityId: canteen.activityId, days: 9, amountCents: 3510 })]));
  });

  it('issues nothing more when October is run again', async () => {
    const again = await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-10' });
    expect(again.body).toMatchObject({ invoicesIssued: 0, totalCents: 0 });
    expect(again.body.familiesAlreadyInvoiced).toBeGreaterThanOrEqual(1);
  });

  it('tells the guardian by e-mail that a new invoice is there', async () => {
    const mail = await mailbox.waitFor('claire.martin@example.fr', (m) => m.subject.includes('Nouvelle facture'));
    expect(mail.subject).toBe(`Nouvelle facture ${invoice.number}`);
    expect(mail.text).toContain('à régler avant le jeudi 3 décembre 2026');
  });

  it('gives the parent the invoice as a PDF, and no one else', async () => {
    const response = await fetch(`${portal.baseUrl}/api/billing/invoices/${invoice.id}/pdf`, { headers: { cookie: martin.cookieHeader() } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const bernard = new ApiClient(portal.baseUrl);
    await bernard.signIn('thomas.bernard@example.fr', 'Famille-2026');
    expect((await bernard.get(`/api/billing/invoices/${invoice.id}`)).status).toBe(404);
  });

  it('shows staff the invoice in the search, by number and by child', async () => {
    expect((await staff.get(`/api/billing/invoices?number=${invoice.number}`)).body).toMatchObject({ total: 1, items: [{ id: invoice.id }] });
    expect((await staff.get(`/api/billing/invoices?childId=${hugo}&month=2026-10`)).body.items.map((i: any) => i.id)).toEqual([invoice.id]);
    expect((await staff.get('/api/billing/invoices?status=nonsense')).body.code).toBe('STATUS_INVALID');
  });

  it('pays online in test mode: the page says no real payment, success three times records one payment', async () => {
    const partial = await martin.post(`/api/billing/invoices/${invoice.id}/online-payments`, { requestId: requestId(), amountCents: 100 });
    expect(partial).toMatchObject({ status: 422, body: { code: 'PARTIAL_PAYMENT_NOT_ALLOWED' } });
    // Without PUBLIC_URL (development), the parent is sent where they opened the portal (the Host their browser used), not to localhost.
    const started = await postWithHost(martin, `/api/billing/invoices/${invoice.id}/online-payments`, { requestId: requestId() }, `portail.mairie.test:${new URL(portal.baseUrl).port}`);
    expect(started).toMatchObject({ status: 201, body: { amountCents: invoice.totalCents, testMode: true, provider: 'Mode test — aucun paiement réel' } });
    const redirect = new URL(started.body.redirectUrl);
    expect(redirect.origin).toBe(`http://portail.mairie.test:${new URL(portal.baseUrl).port}`);
    const page = await fetch(new URL(redirect.pathname + redirect.search, portal.baseUrl));
    const html = await page.text();
    expect(html).toContain('Mode test — aucun paiement réel');
    expect(html).toContain(invoice.number);
    const success = new URL(/href="([^"]*\/success[^"]*)"/.exec(html)![1].replace(/&amp;/g, '&'), portal.baseUrl).toString();
    for (let i = 0; i < 3; i++) {
      const back = await fetch(success, { redirect: 'manual' });
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(`/factures/${invoice.id}?paiement=paye`);
    }
    const billing = (await martin.get(`/api/families/${familyId}/billing`)).body;
    expect(billing.payments.filter((p: any) => p.invoiceId === invoice.id)).toEqual([expect.objectContaining({ amountCents: invoice.totalCents, method: 'online_card' })]);
    expect(billing.invoicesPaid.find((i: any) => i.id === invoice.id)).toMatchObject({ status: 'paid', paidOn: '2026-11-03' });
    expect(billing.balanceCents).toBe(0);
  });

  it('refuses a desk payment on a paid invoice and an unknown payment method', async () => {
    expect((await staff.post('/api/billing/payments', { requestId: requestId(), invoiceId: invoice.id, amountCents: 100, method: 'cash' })).body.code).toBe('INVOICE_ALREADY_SETTLED');
    expect((await staff.post('/api/billing/payments', { requestId: requestId(), invoiceId: invoice.id, amountCents: 100, method: 'bitcoin' })).status).toBe(400);
  });

  it('exports invoices and payments to CSV for the accounting software', async () => {
    const invoices = await fetch(`${portal.baseUrl}/api/billing/exports/invoices.csv?from=2026-11-01&to=2026-11-30`, { headers: { cookie: staff.cookieHeader() } });
    const text = await invoices.text();
    expect(invoices.headers.get('content-type')).toContain('text/csv');
    expect(text).toContain('type;numero;date_emission;periode;famille;montant_ttc');
    expect(text).toContain(`facture;${invoice.number};03/11/2026;2026-10;${familyId}`);
    const payments = await (await fetch(`${portal.baseUrl}/api/billing/exports/payments.csv?from=2026-11-01&to=2026-11-30`, { headers: { cookie: staff.cookieHeader() } })).text();
    expect(payments).toContain(`03/11/2026;${invoice.number};${familyId}`);
    expect(payments).toContain('carte bancaire en ligne');
  });

  it('corrects a month by credit note when the QF is regularised from September, never by editing the invoice', async () => {
    const regularised = await staff.post(`/api/billing/families/${familyId}/quotient-regularisations`, { requestId: requestId(), quotient: 450, validFrom: '2026-09-01' });
    expect(regularised.status).toBe(201);
    expect(regularised.body.months).toEqual(['2026-10']);
    const types = regularised.body.documents.map((d: any) => d.type);
    expect(types).toEqual(['CreditNoteIssued', 'InvoiceIssued']);
    const billing = (await martin.get(`/api/families/${familyId}/billing`)).body;
    expect(billing.creditNotes[0]).toMatchObject({ number: expect.stringMatching(/^AV-2026-\d{6}$/), invoiceId: invoice.id });
    // The October invoice is unchanged; the lines at 3,90 € are credited, a new invoice bills them at 1,20 €.
    expect((await martin.get(`/api/billing/invoices/${invoice.id}`)).body).toMatchObject({ totalCents: invoice.totalCents, number: invoice.number });
    const supplementary = billing.invoicesDue.find((i: any) => i.kind === 'supplementary');
    expect(supplementary.lines.find((l: any) => l.childId === lea)).toMatchObject({ quotient: 450, unitPriceCents: 120, quantity: 9 });
  });

  it('debits the invoices still due of families with a SEPA mandate, in a pain.008 file that checks out', async () => {
    const settings = await staff.post('/api/billing/settings', {
      requestId: requestId(),
      issuerName: 'Régie enfance-jeunesse',
      issuerAddress: ['1 place de la Mairie', '00000 Saint-Hilaire-du-Bois'],
      paymentTermDays: 30,
      allowPartialOnlinePayment: true,
      sepaCreditor: { name: 'Commune de Saint-Hilaire-du-Bois', creditorId: 'FR72ZZZ123456', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP882' },
      directDebitDelayDays: 5,
    });
    expect(settings).toMatchObject({ status: 200, body: { configured: true, sepaCreditor: { iban: 'FR7630006000011234567890189' } } });
    const wrong = await staff.post(`/api/billing/families/${familyId}/mandate`, { requestId: requestId(), iban: 'FR7630006000011234567890188', signedOn: '2026-11-01' });
    expect(wrong).toMatchObject({ status: 422, body: { details: [expect.objectContaining({ field: 'iban', code: 'IBAN_CHECKSUM_INVALID' })] } });
    const mandate = await staff.post(`/api/billing/families/${familyId}/mandate`, { requestId: requestId(), iban: 'FR14 2004 1010 0505 0001 3M02 606', signedOn: '2026-11-01' });
    expect(mandate).toMatchObject({ status: 201, body: { mandateId: expect.stringMatching(/^RUM-/) } });
    expect((await martin.get(`/api/families/${familyId}/billing`)).body.directDebit).toMatchObject({ iban: 'FR14 •••• •••• 2606' });

    const batch = await staff.post('/api/billing/direct-debits', { requestId: requestId() });
    expect(batch).toMatchObject({ status: 201, body: { collectionDate: '2026-11-08', count: 1 } });
    const xml = await (await fetch(`${portal.baseUrl}${batch.body.file}`, { headers: { cookie: staff.cookieHeader() } })).text();
    expect(pain008Problems(xml)).toEqual([]);
    expect(xml).toContain('<IBAN>FR1420041010050500013M02606</IBAN>');
    expect(xml).toContain('<Nm>Claire Martin</Nm>');
    expect(xml).toContain('<SeqTp>FRST</SeqTp>');
    batchFile = batch.body.file;
    const again = await staff.post('/api/billing/direct-debits', { requestId: requestId() });
    expect(again).toMatchObject({ status: 409, body: { code: 'NOTHING_TO_DEBIT' } });
  });

  it("answers 404 to another commune's staff naming this commune's invoice, family or debit batch; the same activity id names their own canteen", async () => {
    // The other commune's activities reuse this commune's ids, as a commune naming another's ids would.
    const other = await registerOtherCommune(portal, clock.now(), 'val-de-loire-test', { reuseDemoIds: true });
    const agent = new ApiClient(portal.baseUrl);
    await agent.signIn(other.staff.email, other.staff.password);
    const before = (await staff.get('/api/health')).body.headPosition;

    expect(await agent.get(`/api/billing/invoices/${invoice.id}`)).toMatchObject({ status: 404, body: { code: 'INVOICE_NOT_FOUND' } });
    expect(await agent.post('/api/billing/payments', { requestId: requestId(), invoiceId: invoice.id, amountCents: 100, method: 'cash' })).toMatchObject({ status: 404, body: { code: 'INVOICE_NOT_FOUND' } });
    expect(await agent.post(`/api/billing/families/${familyId}/corrections`, { requestId: requestId(), month: '2026-10' })).toMatchObject({ status: 404, body: { code: 'FAMILY_NOT_FOUND' } });
    expect((await agent.get(`/api/families/${familyId}/billing`)).status).toBe(404);
    expect((await fetch(`${portal.baseUrl}${batchFile}`, { headers: { cookie: agent.cookieHeader() } })).status).toBe(404);
    expect((await agent.get('/api/billing/invoices')).body).toMatchObject({ total: 0, items: [] });
    expect((await staff.get('/api/health')).body.headPosition).toBe(before);

    const theirs = await agent.post('/api/billing/tariffs', { requestId: requestId(), activityId: canteen.activityId, periodId: 'annee-2026-2027', pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 999 }] } });
    expect(theirs.status).toBe(201);
    expect((await agent.get('/api/billing/tariffs')).body.items).toEqual([expect.objectContaining({ activityId: canteen.activityId, pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 999 }] } })]);
    const ours = (await staff.get('/api/billing/tariffs')).body.items.find((t: any) => t.activityId === canteen.activityId);
    expect(ours.pricing.brackets[0]).toEqual({ fromQuotient: 0, unitPriceCents: 120 });
  });

  it('gives a yearly tax certificate for a finished year only', async () => {
    expect((await martin.get(`/api/families/${familyId}/tax-certificates/2026`)).body.code).toBe('YEAR_INVALID');
    await at('2027-01-10T09:00:00Z');
    const certificate = await martin.get(`/api/families/${familyId}/tax-certificates/2026`);
    expect(certificate).toMatchObject({ status: 200, body: { year: 2026 } });
    // Canteen only: meals do not count for the childcare tax credit…
    expect(certificate.body.totalCents).toBe(0);
    // …so no certificate is offered, and none is printed empty.
    expect((await martin.get(`/api/families/${familyId}/billing`)).body.taxCertificates).toEqual([]);
    const pdf = await martin.get(`/api/families/${familyId}/tax-certificates/2026/pdf`);
    expect(pdf).toMatchObject({ status: 422, body: { code: 'TAX_CERTIFICATE_EMPTY' } });
  });
});
