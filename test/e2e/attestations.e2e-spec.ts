import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '@pf/domain';
import { pdfEuros } from '@pf/pdf';
import { pdfText } from '@pf/testing';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';

// Tuesday 1 December 2026, 9:00 in Paris: November is over, pointed and billable.
const clock = new FixedClock('2026-12-01T08:00:00Z');
const CLAIRE = 'claire.martin@example.fr';

describe('attestations: a parent asks, the service issues the PDF or refuses, the parent downloads it', () => {
  let mailbox: Mailbox;
  let portal: RunningPortal;
  let staff: ApiClient;
  let martin: ApiClient;
  let bernard: ApiClient;
  let familyId: string;
  let bernardFamilyId: string;
  let lea: string;
  let canteen: string;
  let presenceId: string;
  let reference: string;
  const blobs = () => readdirSync(join(portal.dataDir, 'blobs'));
  const head = async () => (await staff.get('/api/health')).body.headPosition as number;
  const pdf = async (client: ApiClient, path: string) => {
    const response = await fetch(portal.baseUrl + path, { headers: { cookie: client.cookieHeader() } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', cache: response.headers.get('cache-control'), bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    mailbox = await startMailbox();
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl });
    staff = new ApiClient(portal.baseUrl);
    martin = new ApiClient(portal.baseUrl);
    bernard = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    familyId = (await martin.signIn(CLAIRE, 'Famille-2026')).body.familyId;
    bernardFamilyId = (await bernard.signIn('thomas.bernard@example.fr', 'Famille-2026')).body.familyId;
    lea = (await martin.get(`/api/families/${familyId}`)).body.children[0].childId;
    canteen = (await martin.get('/api/activities')).body.items.find((a: { kind: string }) => a.kind === 'canteen').activityId;
    // Léa was pointed present at the canteen three days in November (without a booking: billed as unexpected presences).
    for (const day of ['2026-11-05', '2026-11-06', '2026-11-09']) {
      const marked = await staff.post('/api/staff/attendance', { requestId: requestId(), activityId: canteen, day, marks: [{ childId: lea, status: 'present' }] });
      expect(marked.status).toBe(201);
    }
  });
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
  });

  it('records a parent’s request as a request in « Mes demandes », told by mail, and a retry asks nothing more', async () => {
    presenceId = requestId();
    const body = { requestId: presenceId, kind: 'presence', childId: lea, from: '2026-11-01', to: '2026-11-30', message: 'Pour le comité d’entreprise de mon employeur.' };
    const asked = await martin.post(`/api/families/${familyId}/attestations`, body);
    expect(asked).toMatchObject({ status: 201, body: { attestationId: presenceId, kind: 'presence', status: 'pending', statusLabel: 'En cours', pdfUrl: null } });
    reference = asked.body.reference;
    expect(reference).toMatch(/^D-2026-\d{6}$/);
    const again = await martin.post(`/api/families/${familyId}/attestations`, body);
    expect(again).toMatchObject({ status: 201, body: { attestationId: presenceId, reference } });

    const mine = await martin.get(`/api/families/${familyId}/requests?kind=certificate`);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ requestId: presenceId, kindLabel: "Demande d'attestation", description: 'Attestation de présence — Léa — du 01/11/2026 au 30/11/2026', status: 'pending' }),
    ]);
    expect(mine.body.items[0].messages).toEqual([expect.objectContaining({ from: 'family', text: 'Pour le comité d’entreprise de mon employeur.' })]);
    const receipt = await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${reference} bien reçue`);
    expect(receipt.text).toContain('Attestation de présence — Léa — du 01/11/2026 au 30/11/2026');
  });

  it('refuses a request that is not one, with a code, and writes nothing', async () => {
    const before = await head();
    const base = { requestId: requestId(), childId: lea };
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, kind: 'fiscale' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, kind: 'presence', to: '2026-11-30' }, 422, 'PERIOD_START_REQUIRED'],
      [{ ...base, kind: 'presence', from: '2026-11-01', to: '2026-12-31' }, 422, 'PERIOD_IN_FUTURE'],
      [{ ...base, kind: 'presence', from: '2025-01-01', to: '2026-11-30' }, 422, 'PERIOD_TOO_LONG'],
      [{ ...base, kind: 'payment', year: 2027 }, 422, 'YEAR_INVALID'],
      [{ ...base, kind: 'enrolment', message: 'x'.repeat(1001) }, 400, 'VALIDATION_FAILED'],
      [{ ...base, kind: 'enrolment', extra: true }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) expect(await martin.post(`/api/families/${familyId}/attestations`, body)).toMatchObject({ status, body: { code } });
    const bernardChild = (await bernard.get(`/api/families/${bernardFamilyId}`)).body.children[0].childId;
    expect(await martin.post(`/api/families/${familyId}/attestations`, { requestId: requestId(), kind: 'enrolment', childId: bernardChild })).toMatchObject({ status: 404, body: { code: 'CHILD_NOT_FOUND' } });
    expect(await staff.post(`/api/families/${familyId}/attestations`, { requestId: requestId(), kind: 'enrolment' })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await head()).toBe(before);
  });

  it('shows the service the request in its queue, and what the PDF will state before it is issued', async () => {
    const queue = await staff.get('/api/requests?kind=certificate');
    expect(queue.body.items.map((r: { requestId: string }) => r.requestId)).toContain(presenceId);
    const preview = await staff.get(`/api/families/${familyId}/attestations/${presenceId}/preview`);
    expect(preview).toMatchObject({ status: 200, body: { summaryText: '3 jours de présence', statement: { summary: { days: 3 }, presence: [{ childName: 'Léa Martin', days: 3 }] } } });
    expect(preview.body.statement.presence[0].activities[0].days).toEqual(['2026-11-05', '2026-11-06', '2026-11-09']);
    expect((await martin.get(`/api/families/${familyId}/attestations/${presenceId}/preview`)).status).toBe(403);
    expect((await martin.post(`/api/families/${familyId}/attestations/${presenceId}/issue`, { requestId: requestId() })).status).toBe(403);
    expect(await pdf(martin, `/api/families/${familyId}/attestations/${presenceId}/pdf`)).toMatchObject({ status: 404 });
  });

  it('issues the attestation: the parent is told by mail and downloads a real PDF stating the days', async () => {
    const files = blobs().length;
    const issueId = requestId();
    const issued = await staff.post(`/api/families/${familyId}/attestations/${presenceId}/issue`, { requestId: issueId });
    expect(issued).toMatchObject({ status: 200, body: { status: 'issued', statusLabel: 'Émise', issuedOn: '2026-12-01', summary: { days: 3 }, summaryText: '3 jours de présence' } });
    expect(issued.body.pdfUrl).toBe(`/api/families/${familyId}/attestations/${presenceId}/pdf`);
    // Retried by a flaky network: the same attestation, no second file.
    expect(await staff.post(`/api/families/${familyId}/attestations/${presenceId}/issue`, { requestId: issueId })).toMatchObject({ status: 200, body: { status: 'issued' } });
    expect(blobs().length).toBe(files + 1);
    expect(await staff.post(`/api/families/${familyId}/attestations/${presenceId}/issue`, { requestId: requestId() })).toMatchObject({ status: 409, body: { code: 'ATTESTATION_ALREADY_DECIDED' } });
    expect(blobs().length).toBe(files + 1);

    const decision = await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${reference} acceptée`);
    expect(decision.text).toContain('Attestation émise : elle se télécharge depuis la demande.');

    const file = await pdf(martin, issued.body.pdfUrl);
    expect(file).toMatchObject({ status: 200, cache: 'private, no-store' });
    expect(file.type).toContain('application/pdf');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(file.bytes);
    expect(text).toContain('Attestation de présence');
    expect(text).toContain(`Référence ${reference} — établie le 01/12/2026`);
    expect(text).toContain('l’enfant Léa Martin, né(e) le 14/03/2017, a été présent(e) aux activités du service enfance du 01/11/2026 au 30/11/2026');
    expect(text).toContain('Jours : novembre 2026 : 05, 06, 09');
    expect(text).toContain('Total : 3 jours de présence');
    const request = await martin.get(`/api/families/${familyId}/requests/${presenceId}`);
    expect(request.body).toMatchObject({ status: 'accepted', unread: true });
  });

  it('keeps the PDF sealed with the family’s key on disk, and out of another family’s reach', async () => {
    for (const name of blobs()) expect(readFileSync(join(portal.dataDir, 'blobs', name)).includes(Buffer.from('Martin'))).toBe(false);
    expect(await pdf(bernard, `/api/families/${familyId}/attestations/${presenceId}/pdf`)).toMatchObject({ status: 404 });
    expect(await bernard.get(`/api/families/${familyId}/attestations/${presenceId}`)).toMatchObject({ status: 404, body: { code: 'FAMILY_NOT_FOUND' } });
    expect(await bernard.get(`/api/families/${bernardFamilyId}/attestations/${presenceId}`)).toMatchObject({ status: 404, body: { code: 'ATTESTATION_NOT_FOUND' } });
    expect(await pdf(bernard, `/api/families/${bernardFamilyId}/attestations/${presenceId}/pdf`)).toMatchObject({ status: 404 });
  });

  it('refuses only with a message to the family, who is told why by mail', async () => {
    const asked = await martin.post(`/api/families/${familyId}/attestations`, { requestId: requestId(), kind: 'enrolment' });
    const id = asked.body.attestationId;
    expect(await staff.post(`/api/families/${familyId}/attestations/${id}/refuse`, { requestId: requestId(), reason: '   ' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'reason', code: 'BLANK_TEXT' })] } });
    expect(await staff.post(`/api/families/${familyId}/attestations/${id}/refuse`, { requestId: requestId() })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const refused = await staff.post(`/api/families/${familyId}/attestations/${id}/refuse`, { requestId: requestId(), reason: 'Aucune inscription validée pour l’instant : revenez après la rentrée.' });
    expect(refused).toMatchObject({ status: 200, body: { status: 'refused', reason: 'Aucune inscription validée pour l’instant : revenez après la rentrée.', pdfUrl: null } });
    const mail = await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${asked.body.reference} refusée`);
    expect(mail.text).toContain('Motif : Aucune inscription validée pour l’instant : revenez après la rentrée.');
    expect(await pdf(martin, `/api/families/${familyId}/attestations/${id}/pdf`)).toMatchObject({ status: 404 });
  });

  it('states what the family paid in the year from billing’s payments', async () => {
    // November billed (the unexpected presences at their own price), then paid at the desk.
    const run = await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-11' });
    expect(run.status).toBe(201);
    const invoice = (await martin.get(`/api/families/${familyId}/billing`)).body.invoicesDue.find((i: { month: string }) => i.month === '2026-11');
    expect(invoice.totalCents).toBeGreaterThan(0);
    const paid = await staff.post('/api/billing/payments', { requestId: requestId(), invoiceId: invoice.id, amountCents: invoice.totalCents, method: 'cheque', reference: '0001234', receivedOn: '2026-12-01' });
    expect(paid).toMatchObject({ status: 201, body: { recorded: true } });

    const asked = await martin.post(`/api/families/${familyId}/attestations`, { requestId: requestId(), kind: 'payment', year: 2026 });
    const issued = await staff.post(`/api/families/${familyId}/attestations/${asked.body.attestationId}/issue`, { requestId: requestId() });
    expect(issued.body.summary.amountCents).toBe(invoice.totalCents);
    const text = pdfText((await pdf(martin, issued.body.pdfUrl)).bytes);
    expect(text).toContain('Attestation de paiement');
    expect(text).toContain(invoice.number);
    expect(text).toContain('chèque');
    expect(text).toContain(`Total réglé en 2026 : ${pdfEuros(invoice.totalCents)}`);
  });

  it('lists the family’s attestations, and forgets them with their PDFs when the family is erased', async () => {
    const list = await martin.get(`/api/families/${familyId}/attestations`);
    expect(list.body.items.map((a: { status: string }) => a.status).sort()).toEqual(['issued', 'issued', 'refused']);
    const files = blobs().length;
    expect((await staff.post(`/api/families/${familyId}/archive`, { requestId: requestId(), reason: 'Déménagement' })).status).toBe(200);
    expect(await staff.post(`/api/families/${familyId}/erase`, { requestId: requestId(), reasonCode: 'RIGHT_TO_ERASURE' })).toMatchObject({ status: 200 });
    expect(blobs().length).toBe(files - 2);
    expect((await staff.get(`/api/families/${familyId}/attestations`)).status).toBe(404);
  });
});
