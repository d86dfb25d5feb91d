import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '@pf/domain';
import { pain008Problems } from '@pf/billing';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';

// Monday 28 September 2026, 10:00 in Paris: October's canteen is open to booking.
const clock = new FixedClock('2026-09-28T08:00:00Z');
const IBAN = 'FR14 2004 1010 0505 0001 3M02 606';
const IBAN_CLEAR = 'FR1420041010050500013M02606';

/** The text of a PDF, as pdftotext (poppler-utils) reads it. */
function pdfText(bytes: Buffer, dir: string): string {
  const file = join(dir, `doc-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/**
 * What a family's account says and does beyond the invoices: « Mon compte » (QF with its date, the
 * balance on today's date, the children), how each guardian gets the invoices (e-mail or paper,
 * asked by the parent as a change to the file, respected by the new-invoice mail and the staff's
 * list to print), and direct debit set up by the parent: IBAN checked, mandate read and signed
 * online (or printed), validated by staff, after which invoices say they will be debited.
 */
describe('a family’s account: « Mon compte », invoices by e-mail or by post, direct debit set up by the parent', () => {
  let portal: RunningPortal;
  let mailbox: Mailbox;
  let staff: ApiClient;
  let martin: ApiClient;
  let bernard: ApiClient;
  let martinFamily: string;
  let bernardFamily: string;
  let guardianId: string;
  let mandateRequestId: string;
  let martinInvoice: any;

  const at = async (instant: string) => {
    clock.set(instant);
    await staff.signIn(STAFF.email, STAFF.password);
    await martin.signIn('claire.martin@example.fr', 'Famille-2026');
    await bernard.signIn('thomas.bernard@example.fr', 'Famille-2026');
  };
  const file = (client: ApiClient, path: string) => fetch(`${portal.baseUrl}${path}`, { headers: { cookie: client.cookieHeader() } });

  beforeAll(async () => {
    mailbox = await startMailbox();
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl });
    staff = new ApiClient(portal.baseUrl);
    martin = new ApiClient(portal.baseUrl);
    bernard = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    martinFamily = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
    bernardFamily = (await bernard.signIn('thomas.bernard@example.fr', 'Famille-2026')).body.familyId;
    guardianId = (await martin.get(`/api/families/${martinFamily}`)).body.guardians[0].guardianId;
  });
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
  });

  it('shows the parent the quotient familial with its date, the balance on today’s date, the children and the service', async () => {
    const before = (await martin.get(`/api/families/${martinFamily}/account-summary`)).body;
    expect(before).toMatchObject({ asOf: '2026-09-28', quotient: null, balanceCents: 0, directDebit: { status: 'none' }, directDebitOffered: true });
    expect(before.children.map((c: any) => c.firstName)).toEqual(['Léa', 'Hugo']);
    expect(before.children[0]).toMatchObject({ birthDate: expect.any(String), age: expect.any(Number) });
    expect(before.service).toMatchObject({ email: expect.stringContaining('@'), issuerName: expect.stringContaining('Régie') });

    expect((await staff.send('PUT', `/api/families/${martinFamily}/quotient`, { requestId: requestId(), value: 742, updatedOn: '2026-09-15' })).status).toBe(200);
    const after = (await martin.get(`/api/families/${martinFamily}/account-summary`)).body;
    expect(after.quotient).toEqual({ recorded: { value: 742, updatedOn: '2026-09-15' }, applied: { value: 742, since: '2026-09-28', source: 'family_file' } });
    // Another family's parent sees nothing of it.
    expect((await bernard.get(`/api/families/${martinFamily}/account-summary`)).status).toBe(404);
  });

  it('lets the parent ask for invoices by post (a change to the file, pending until staff accept it)', async () => {
    const asked = await martin.post(`/api/families/${martinFamily}/change-requests`, {
      requestId: requestId(),
      target: 'guardian',
      guardianId,
      guardian: { invoiceDelivery: 'courrier', address: { line1: '3 rue des Lilas', postcode: '44190', city: 'Saint-Hilaire-du-Bois' } },
    });
    expect(asked).toMatchObject({ status: 201, body: { status: 'pending' } });
    const pending = (await martin.get(`/api/families/${martinFamily}/account-summary`)).body.guardians[0];
    expect(pending).toMatchObject({ me: true, invoiceDelivery: null, invoiceDeliveryLabel: 'par e-mail (par défaut, non choisi)', pendingInvoiceDelivery: 'courrier' });
    const file = (await staff.get(`/api/families/${martinFamily}`)).body;
    expect((await staff.post(`/api/families/${martinFamily}/change-requests/${file.pendingChanges[0].requestId}/accept`, { requestId: requestId() })).status).toBe(200);
    expect((await martin.get(`/api/families/${martinFamily}/account-summary`)).body.guardians[0]).toMatchObject({ invoiceDelivery: 'courrier', invoiceDeliveryLabel: 'par courrier', pendingInvoiceDelivery: null });
  });

  it('mails « Nouvelle facture » only to those who get invoices by e-mail, and lists the paper ones for staff to print', async () => {
    const canteen = ((await martin.get('/api/activities')).body.items as Array<{ activityId: string; kind: string }>).find((a) => a.kind === 'canteen')!;
    for (const [client, familyId] of [[martin, martinFamily], [bernard, bernardFamily]] as const) {
      const childId = (await client.get(`/api/families/${familyId}`)).body.children[0].childId;
      const booked = await client.post('/api/reservations/period', { requestId: requestId(), childId, activityId: canteen.activityId, from: '2026-10-05', to: '2026-10-09', weekdays: [1, 2, 4, 5] });
      expect(booked.body.counts.accepted).toBe(4);
    }
    await at('2026-11-03T08:00:00Z');
    expect((await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-10' })).status).toBe(201);
    martinInvoice = (await martin.get(`/api/families/${martinFamily}/billing`)).body.invoicesDue[0];
    const bernardInvoice = (await bernard.get(`/api/families/${bernardFamily}/billing`)).body.invoicesDue[0];

    await mailbox.waitFor('thomas.bernard@example.fr', (m) => m.subject === `Nouvelle facture ${bernardInvoice.number}`);
    // The outbox has sent Bernard's: Martin, by post, gets none.
    await new Promise((r) => setTimeout(r, 500));
    expect(mailbox.received.filter((m) => m.to.includes('claire.martin@example.fr') && m.subject.startsWith('Nouvelle facture'))).toEqual([]);

    const paper = await staff.get('/api/billing/paper-invoices?from=2026-11-01&to=2026-11-30');
    expect(paper.status).toBe(200);
    expect(paper.body.items).toEqual([
      expect.objectContaining({ id: martinInvoice.id, number: martinInvoice.number, familyId: martinFamily, addressee: 'Mme Claire Martin', address: ['3 rue des Lilas', '44190 Saint-Hilaire-du-Bois'], pdf: `/api/billing/invoices/${martinInvoice.id}/pdf` }),
    ]);
    const pdf = await file(staff, '/api/billing/paper-invoices.pdf?from=2026-11-01&to=2026-11-30');
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()), portal.dataDir);
    expect(text).toContain(`Facture n° ${martinInvoice.number}`);
    expect(text).toContain('3 rue des Lilas');
    expect(text).not.toContain(bernardInvoice.number);
    expect((await staff.get('/api/billing/paper-invoices?from=2026-11-30&to=2026-11-01')).body.code).toBe('PERIOD_INVALID');
    expect((await file(staff, '/api/billing/paper-invoices.pdf?from=2026-12-01&to=2026-12-31')).status).toBe(422);
    expect((await martin.get('/api/billing/paper-invoices?from=2026-11-01&to=2026-11-30')).status).toBe(403);
  });

  it('checks the IBAN the parent types, field by field, and writes nothing for a wrong one', async () => {
    const before = (await staff.get('/api/health')).body.headPosition;
    const wrong = await martin.post(`/api/families/${martinFamily}/direct-debit/requests`, { requestId: requestId(), holderName: 'Claire Martin', iban: 'FR14 2004 1010 0505 0001 3M02 607' });
    expect(wrong).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'iban', code: 'IBAN_CHECKSUM_INVALID' })] } });
    const foreign = await martin.post(`/api/families/${martinFamily}/direct-debit/requests`, { requestId: requestId(), holderName: 'Claire Martin', iban: 'US64SVBKUS6S3300958879' });
    expect(foreign.body.details[0].field).toBe('iban');
    expect((await staff.get('/api/health')).body.headPosition).toBe(before);
  });

  it('shows the mandate to sign with the commune’s creditor identifier, as a page and as a PDF', async () => {
    const asked = await martin.post(`/api/families/${martinFamily}/direct-debit/requests`, { requestId: requestId(), holderName: 'Claire Martin', iban: IBAN, bic: 'ccbpfrpp' });
    expect(asked.status).toBe(201);
    const request = asked.body.request;
    mandateRequestId = request.mandateRequestId;
    expect(request).toMatchObject({ status: 'to_sign', statusLabel: 'À signer', holderName: 'Claire Martin', iban: 'FR14 •••• •••• 2606', mandateId: expect.stringMatching(/^RUM-[0-9A-F]{20}$/) });
    expect(request.mandate).toMatchObject({
      title: 'Mandat de prélèvement SEPA',
      rum: request.mandateId,
      creditor: { name: 'Commune de Saint-Hilaire-du-Bois', creditorId: 'FR72ZZZ123456' },
      debtor: { name: 'Claire Martin', iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'CCBPFRPP', address: ['3 rue des Lilas', '44190 Saint-Hilaire-du-Bois'] },
      signedOnline: null,
    });
    expect(request.mandate.legal[0]).toContain('vous autorisez (A) Commune de Saint-Hilaire-du-Bois');
    // Nothing is debited yet.
    expect(asked.body).toMatchObject({ mandate: null, invoicesToDebit: [] });

    const pdf = await file(martin, request.pdf);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()), portal.dataDir);
    for (const words of ['Mandat de prélèvement SEPA', request.mandateId, 'FR72ZZZ123456', 'FR14 2004 1010 0505 0001 3M02 606', 'Signature']) expect(text).toContain(words);
    expect((await file(bernard, request.pdf)).status).toBe(404);
  });

  it('keeps the IBAN out of the event store in clear', () => {
    const store = readdirSync(portal.dataDir).filter((f) => f.startsWith('events.sqlite'));
    expect(store.length).toBeGreaterThan(0);
    for (const f of store) {
      const bytes = readFileSync(join(portal.dataDir, f));
      expect(bytes.includes(IBAN_CLEAR)).toBe(false);
      expect(bytes.includes('3M02606')).toBe(false);
    }
  });

  it('records the online signature once, then staff validate it: the mandate is in force and the invoices say they will be debited', async () => {
    expect((await martin.post(`/api/families/${martinFamily}/direct-debit/requests/${mandateRequestId}/signature`, { requestId: requestId(), accept: false })).status).toBe(400);
    const signed = await martin.post(`/api/families/${martinFamily}/direct-debit/requests/${mandateRequestId}/signature`, { requestId: requestId(), accept: true });
    expect(signed).toMatchObject({ status: 200, body: { request: { status: 'signed_online', acceptedOn: '2026-11-03', mandate: { signedOnline: { on: '2026-11-03', by: 'Claire Martin' } } } } });
    expect((await martin.get(`/api/families/${martinFamily}/account-summary`)).body.directDebit).toMatchObject({ status: 'pending', iban: 'FR14 •••• •••• 2606' });

    const open = (await staff.get('/api/billing/direct-debit-requests')).body.items;
    expect(open).toEqual([expect.objectContaining({ mandateRequestId, familyId: martinFamily, familyName: 'Famille MARTIN', status: 'signed_online' })]);
    expect((await martin.post(`/api/billing/families/${martinFamily}/direct-debit/requests/${mandateRequestId}/validation`, { requestId: requestId() })).status).toBe(403);

    const validated = await staff.post(`/api/billing/families/${martinFamily}/direct-debit/requests/${mandateRequestId}/validation`, { requestId: requestId() });
    expect(validated).toMatchObject({ status: 200, body: { mandate: { mandateId: open[0].mandateId, holderName: 'Claire Martin', signedOn: '2026-11-03' }, request: { status: 'validated', signature: 'online' } } });
    expect(validated.body.invoicesToDebit).toEqual([expect.objectContaining({ id: martinInvoice.id, collectionDate: null })]);
    await mailbox.waitFor('claire.martin@example.fr', (m) => m.subject === 'Votre prélèvement automatique est en place');

    expect((await martin.get(`/api/families/${martinFamily}/billing`)).body.invoicesDue[0]).toMatchObject({ id: martinInvoice.id, debitPlanned: true });
    expect((await martin.get(`/api/billing/invoices/${martinInvoice.id}`)).body.debitPlanned).toEqual({ iban: 'FR14 •••• •••• 2606', mandateId: open[0].mandateId, collectionDate: null });
    const pdf = pdfText(Buffer.from(await (await file(martin, `/api/billing/invoices/${martinInvoice.id}/pdf`)).arrayBuffer()), portal.dataDir);
    expect(pdf).toContain('sera prélevée sur le compte FR14 **** 2606');

    // The batch debits Claire Martin, the account holder she named, with her mandate's first collection.
    const batch = await staff.post('/api/billing/direct-debits', { requestId: requestId() });
    expect(batch).toMatchObject({ status: 201, body: { count: 1 } });
    const xml = await (await file(staff, batch.body.file)).text();
    expect(pain008Problems(xml)).toEqual([]);
    expect(xml).toContain(`<IBAN>${IBAN_CLEAR}</IBAN>`);
    expect(xml).toContain('<Nm>Claire Martin</Nm>');
    expect(xml).toContain(`<MndtId>${open[0].mandateId}</MndtId>`);
    expect((await martin.get(`/api/billing/invoices/${martinInvoice.id}`)).body.debitPlanned.collectionDate).toBe(batch.body.collectionDate);
  });

  it('asks staff the date of a mandate signed on paper, and lets them refuse a request with the reason', async () => {
    const asked = (await bernard.post(`/api/families/${bernardFamily}/direct-debit/requests`, { requestId: requestId(), holderName: 'Thomas Bernard', iban: 'DE89 3704 0044 0532 0130 00' })).body.request;
    const noDate = await staff.post(`/api/billing/families/${bernardFamily}/direct-debit/requests/${asked.mandateRequestId}/validation`, { requestId: requestId() });
    expect(noDate).toMatchObject({ status: 422, body: { code: 'PAPER_SIGNATURE_DATE_MISSING', details: [expect.objectContaining({ field: 'signedOn' })] } });
    // Another family's request cannot be reached through this family.
    expect((await staff.post(`/api/billing/families/${martinFamily}/direct-debit/requests/${asked.mandateRequestId}/refusal`, { requestId: requestId(), reason: 'x' })).body.code).toBe('MANDATE_REQUEST_NOT_FOUND');
    const refused = await staff.post(`/api/billing/families/${bernardFamily}/direct-debit/requests/${asked.mandateRequestId}/refusal`, { requestId: requestId(), reason: 'Le mandat signé ne nous est pas parvenu.' });
    expect(refused).toMatchObject({ status: 200, body: { mandate: null, request: { status: 'refused', refusalReason: 'Le mandat signé ne nous est pas parvenu.' } } });
    const mail = await mailbox.waitFor('thomas.bernard@example.fr', (m) => m.subject === 'Votre demande de prélèvement automatique');
    expect(mail.text).toContain('Le mandat signé ne nous est pas parvenu.');
    expect((await staff.post(`/api/billing/families/${bernardFamily}/direct-debit/requests/${asked.mandateRequestId}/validation`, { requestId: requestId(), signedOn: '2026-11-03' })).body.code).toBe('MANDATE_REQUEST_CLOSED');
  });

  it('lets the parent stop direct debit', async () => {
    const stopped = await martin.post(`/api/families/${martinFamily}/direct-debit/revocation`, { requestId: requestId() });
    expect(stopped).toMatchObject({ status: 200, body: { mandate: null, invoicesToDebit: [] } });
    expect((await martin.get(`/api/families/${martinFamily}/account-summary`)).body.directDebit.status).toBe('none');
  });
});
