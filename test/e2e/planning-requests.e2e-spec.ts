import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

// Tuesday 1 December 2026, 08:30 in Paris. The canteen (11:45) books and cancels 48 hours ahead;
// the Christmas holidays (zone B) run from Saturday 19 December to Sunday 3 January.
const NOW = '2026-12-01T07:30:00Z';
const clock = new FixedClock(NOW);

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]);

type Activity = { activityId: string; name: string; kind: string };

/** A multipart upload as a browser sends it (cookie + CSRF header). */
async function upload(portal: RunningPortal, client: ApiClient, path: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const cookie = client.cookieHeader();
  const csrf = /pf_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  const response = await fetch(portal.baseUrl + path, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrf } });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

describe('planning requests of many days, absences with their certificate, the service deciding every kind of request at once', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let martin: ApiClient;
  let familyId: string;
  let bernardFamilyId: string;
  let lea: string;
  let hugo: string;
  let chloe: string;
  let canteen: Activity;
  let evening: Activity;
  let wednesday: Activity;

  const head = async () => (await new ApiClient(portal.baseUrl).get('/api/health')).body.headPosition as number;
  const planning = async (from: string, to: string) => (await martin.get(`/api/families/${familyId}/planning?from=${from}&to=${to}`)).body.days as any[];
  const dayOf = async (childId: string, activityId: string, day: string) => (await planning(day, day)).find((d) => d.childId === childId && d.activityId === activityId);
  const request = async (id: string) => (await martin.get(`/api/families/${familyId}/requests/${id}`)).body;

  beforeAll(async () => {
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    martin = new ApiClient(portal.baseUrl);
    const bernard = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    familyId = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
    bernardFamilyId = (await bernard.signIn('thomas.bernard@example.fr', 'Famille-2026')).body.familyId;
    [lea, hugo] = (await martin.get(`/api/families/${familyId}`)).body.children.map((c: { childId: string }) => c.childId);
    chloe = (await bernard.get(`/api/families/${bernardFamilyId}`)).body.children[0].childId;
    const activities: Activity[] = (await martin.get('/api/activities')).body.items;
    canteen = activities.find((a) => a.kind === 'canteen')!;
    evening = activities.find((a) => a.name === 'Garderie du soir')!;
    wednesday = activities.find((a) => a.kind === 'wednesday')!;
  });
  afterAll(() => portal?.close());

  describe('« recopier la sélection »: days chosen in one week copied to the following weeks', () => {
    // Léa: the canteen on Monday and Tuesday, the evening care on Thursday; Hugo, not enrolled there, the evening care on Thursday too.
    const selection = () => [
      { childId: lea, activityId: canteen.activityId, day: '2026-11-30' },
      { childId: lea, activityId: canteen.activityId, day: '2026-12-01' },
      { childId: lea, activityId: evening.activityId, day: '2026-12-03' },
      { childId: hugo, activityId: evening.activityId, day: '2026-12-03' },
    ];

    it('previews each copy with its outcome and reason, holidays set apart, and writes nothing', async () => {
      const before = await head();
      const preview = await martin.post('/api/reservations/copies/preview', { selection: selection(), until: '2027-01-08' });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ from: '2026-12-07', until: '2027-01-08' });
      const days = preview.body.days as any[];
      // Three school weeks (7, 14 December and 4 January) of Léa's Monday and Tuesday canteen and Thursday evening care.
      expect(days.filter((d) => d.childId === lea && d.status === 'accepted').map((d) => d.day)).toEqual([
        '2026-12-07', '2026-12-08', '2026-12-10', '2026-12-14', '2026-12-15', '2026-12-17', '2027-01-04', '2027-01-05', '2027-01-07',
      ]);
      expect(days.filter((d) => d.childId === hugo)).toEqual([
        expect.objectContaining({ day: '2026-12-10', status: 'refused', reasonCode: 'NOT_ENROLLED', reasonText: expect.stringContaining('inscrit') }),
        expect.objectContaining({ day: '2026-12-17', status: 'refused', reasonCode: 'NOT_ENROLLED' }),
        expect.objectContaining({ day: '2027-01-07', status: 'refused', reasonCode: 'NOT_ENROLLED' }),
      ]);
      expect(preview.body.skipped.length).toBeGreaterThan(0);
      expect(preview.body.skipped.every((s: { label: string }) => /Noël/.test(s.label))).toBe(true);
      expect(preview.body.counts).toEqual({ accepted: 9, waitlisted: 0, refused: 3, pending: 0, skipped: preview.body.skipped.length });
      expect(preview.body.lateBookings).toEqual([expect.objectContaining({ activityId: canteen.activityId, name: 'Repas non prévu (majoration)' })]);
      expect(await head()).toBe(before);
    });

    it('books what the preview said in one request, shown once in « Mes demandes », and a retry changes nothing', async () => {
      const id = requestId();
      const copied = await martin.post('/api/reservations/copies', { requestId: id, selection: selection(), until: '2027-01-08' });
      expect(copied.status).toBe(201);
      expect(copied.body).toMatchObject({ requestId: id, status: 'partially_accepted', counts: { accepted: 9, refused: 3 } });
      expect(await dayOf(lea, canteen.activityId, '2026-12-14')).toMatchObject({ status: 'reserved', requestId: id });
      expect(await dayOf(lea, evening.activityId, '2027-01-07')).toMatchObject({ status: 'reserved', requestId: id });
      const asked = await request(id);
      expect(asked).toMatchObject({ kind: 'period_reservation', status: 'partially_accepted', description: expect.stringContaining('Recopie de la semaine du 30/11/2026') });
      expect(asked.timeline.map((t: { label: string }) => t.label)).toEqual(['Demande de réservation reçue (12 jours)', '9 jours acceptés, 3 jours refusés']);
      const before = await head();
      const again = await martin.post('/api/reservations/copies', { requestId: id, selection: selection(), until: '2027-01-08' });
      expect(again.body).toMatchObject({ requestId: id, status: 'partially_accepted', counts: { accepted: 9, refused: 3 } });
      expect(await head()).toBe(before);
    });

    it('refuses a selection over two weeks, a date before the next week, or another family’s child, writing nothing', async () => {
      const before = await head();
      const twoWeeks = await martin.post('/api/reservations/copies', {
        requestId: requestId(),
        selection: [{ childId: lea, activityId: canteen.activityId, day: '2026-12-04' }, { childId: lea, activityId: canteen.activityId, day: '2026-12-07' }],
        until: '2027-01-29',
      });
      expect(twoWeeks.body).toMatchObject({ code: 'SELECTION_NOT_ONE_WEEK' });
      const tooEarly = await martin.post('/api/reservations/copies', { requestId: requestId(), selection: [{ childId: lea, activityId: canteen.activityId, day: '2026-12-04' }], until: '2026-12-06' });
      expect(tooEarly.body).toMatchObject({ code: 'UNTIL_TOO_EARLY', details: [{ field: 'until' }] });
      const notMine = await martin.post('/api/reservations/copies', { requestId: requestId(), selection: [{ childId: chloe, activityId: canteen.activityId, day: '2026-12-04' }], until: '2027-01-29' });
      expect(notMine.status).toBe(404);
      expect(await head()).toBe(before);
    });
  });

  describe('cancelling a period', () => {
    it('previews the days the child holds, then cancels them in one request; the booking shows those days cancelled', async () => {
      const booking = requestId();
      const booked = await martin.post('/api/reservations/period', { requestId: booking, childId: hugo, activityId: canteen.activityId, from: '2027-01-11', to: '2027-01-22', weekdays: [1, 2, 4, 5] });
      expect(booked.body.counts.accepted).toBe(8);
      const before = await head();
      const preview = await martin.post('/api/reservations/cancellations/preview', { childId: hugo, activityId: canteen.activityId, from: '2027-01-11', to: '2027-01-15' });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        counts: { cancelled: 4, refused: 0, pending: 0, kept: 0 },
        days: ['2027-01-11', '2027-01-12', '2027-01-14', '2027-01-15'].map((day) => ({ day, status: 'cancelled', previousStatus: 'accepted' })),
      });
      expect(await head()).toBe(before);

      const id = requestId();
      const cancelled = await martin.post('/api/reservations/cancellations/period', { requestId: id, childId: hugo, activityId: canteen.activityId, from: '2027-01-11', to: '2027-01-15', reason: 'Séjour chez les grands-parents' });
      expect(cancelled).toMatchObject({ status: 201, body: { requestId: id, status: 'accepted', counts: { cancelled: 4 } } });
      expect(await dayOf(hugo, canteen.activityId, '2027-01-12')).toMatchObject({ status: 'cancelled' });
      expect(await dayOf(hugo, canteen.activityId, '2027-01-18')).toMatchObject({ status: 'reserved' });
      expect(await request(id)).toMatchObject({ kind: 'cancellation', status: 'accepted', description: expect.stringContaining('du 11/01/2027 au 15/01/2027') });
      expect(await request(booking)).toMatchObject({ status: 'partially_accepted' });
    });

    it('keeps (and bills) a day past its deadline, saying why, and cancels the others', async () => {
      for (const day of ['2026-12-03', '2026-12-04']) {
        expect((await martin.post('/api/reservations', { requestId: requestId(), childId: hugo, activityId: canteen.activityId, day })).body.status).toBe('accepted');
      }
      clock.set('2026-12-01T11:00:00Z'); // 12:00 in Paris: Thursday's deadline (Tuesday 11:45) is past, Friday's is not
      try {
        await martin.signIn('claire.martin@example.fr', 'Famille-2026');
        const cancelled = await martin.post('/api/reservations/cancellations/period', { requestId: requestId(), childId: hugo, activityId: canteen.activityId, from: '2026-12-03', to: '2026-12-04' });
        expect(cancelled.body).toMatchObject({
          status: 'partially_accepted',
          days: [
            { day: '2026-12-03', status: 'refused', reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('facturé') },
            { day: '2026-12-04', status: 'cancelled' },
          ],
        });
        expect(await dayOf(hugo, canteen.activityId, '2026-12-03')).toMatchObject({ status: 'reserved' });
      } finally {
        clock.set(NOW);
        await martin.signIn('claire.martin@example.fr', 'Famille-2026');
      }
    });

    it('answers that there is nothing to cancel, writing nothing', async () => {
      const before = await head();
      const nothing = await martin.post('/api/reservations/cancellations/period', { requestId: requestId(), childId: hugo, activityId: canteen.activityId, from: '2027-03-08', to: '2027-03-12' });
      expect(nothing).toMatchObject({ status: 422, body: { code: 'NOTHING_TO_CANCEL' } });
      expect(await head()).toBe(before);
    });
  });

  describe('an absence with its medical certificate', () => {
    let absenceId: string;
    let documentId: string;

    it('refuses a file that is neither a PDF nor a photo, or no file at all, writing nothing', async () => {
      await martin.post('/api/reservations', { requestId: requestId(), childId: hugo, activityId: canteen.activityId, day: '2026-12-11' });
      const before = await head();
      const fields = { requestId: requestId(), childId: hugo, activityId: canteen.activityId, day: '2026-12-11' };
      expect(await upload(portal, martin, '/api/reservations/absences/with-certificate', fields, { name: 'certificat.pdf', bytes: EXE, type: 'application/pdf' })).toMatchObject({
        status: 422,
        body: { code: 'FILE_TYPE_NOT_ALLOWED' },
      });
      expect(await upload(portal, martin, '/api/reservations/absences/with-certificate', fields)).toMatchObject({ status: 422, body: { code: 'FILE_REQUIRED' } });
      expect(await head()).toBe(before);
    });

    it('declares the absence justified with its photo, which the service finds as a document to check', async () => {
      absenceId = requestId();
      const fields = { requestId: absenceId, childId: hugo, activityId: canteen.activityId, day: '2026-12-11' };
      const declared = await upload(portal, martin, '/api/reservations/absences/with-certificate', fields, { name: 'certificat Hugo.png', bytes: PNG, type: 'image/png' });
      expect(declared).toMatchObject({ status: 201, body: { requestId: absenceId, status: 'accepted', justified: true, certificate: { status: 'pending' } } });
      documentId = declared.body.certificate.documentId;
      expect(await dayOf(hugo, canteen.activityId, '2026-12-11')).toMatchObject({ status: 'absent_justified', reasonText: 'Absence : maladie, certificat médical envoyé' });
      const documents = (await staff.get(`/api/families/${familyId}/documents`)).body.items;
      expect(documents.find((d: { documentId: string }) => d.documentId === documentId)).toMatchObject({
        kind: 'certificat_medical',
        childId: hugo,
        status: 'pending',
        contentType: 'image/png',
        absence: { requestId: absenceId, activityId: canteen.activityId, day: '2026-12-11' },
      });
      const content = await fetch(`${portal.baseUrl}/api/families/${familyId}/documents/${documentId}/content`, { headers: { cookie: martin.cookieHeader() } });
      expect(content.status).toBe(200);
      expect(Buffer.from(await content.arrayBuffer()).equals(PNG)).toBe(true);
      expect(await request(documentId)).toMatchObject({ kind: 'document', status: 'pending', description: 'Document transmis — Certificat médical (absence du vendredi 11/12/2026)' });
    });

    it('bills the day once the service refuses the certificate, the family told why', async () => {
      const refused = await staff.post(`/api/families/${familyId}/documents/${documentId}/refuse`, { requestId: requestId(), reason: 'Le certificat ne porte pas de date.' });
      expect(refused).toMatchObject({ status: 200, body: { status: 'refused' } });
      expect(await dayOf(hugo, canteen.activityId, '2026-12-11')).toMatchObject({
        status: 'absent_unjustified',
        reasonText: expect.stringContaining('certificat médical refusé par le service : Le certificat ne porte pas de date. (jour facturé)'),
      });
      expect(await request(documentId)).toMatchObject({ status: 'refused', reasonText: 'Le certificat ne porte pas de date.' });
      expect((await request(absenceId)).timeline.at(-1)).toMatchObject({ label: expect.stringContaining('ce jour est facturé'), reasonText: 'Le certificat ne porte pas de date.' });
    });
  });

  describe('the service decides requests of every kind at once', () => {
    const queue = async () => (await staff.get('/api/requests?status=pending&limit=200')).body.items as Array<{ requestId: string; kind: string }>;

    it('accepts a document, a change to the file and an enrolment, each through its own command, and says what happened to each', async () => {
      const document = await upload(portal, martin, `/api/families/${familyId}/documents`, { requestId: requestId(), kind: 'attestation_caf' }, { name: 'caf.png', bytes: PNG, type: 'image/png' });
      const change = requestId();
      expect((await martin.post(`/api/families/${familyId}/change-requests`, { requestId: change, target: 'child', childId: lea, child: { health: { glasses: true } } })).status).toBe(201);
      const enrolment = await martin.post('/api/enrolments', { requestId: requestId(), childId: lea, activityId: wednesday.activityId, periodId: 'annee-2026-2027', typicalWeek: [3] });
      const contact = requestId();
      await martin.post(`/api/families/${familyId}/contact`, { requestId: contact, topic: 'other', text: 'À quelle heure ouvre la garderie ?' });
      const pending = await queue();
      const targets = [document.body.documentId, change, enrolment.body.requestId];
      for (const id of targets) expect(pending.some((r) => r.requestId === id)).toBe(true);
      const contactRequest = pending.find((r) => r.kind === 'contact')!;

      const decision = requestId();
      const decided = await staff.post('/api/staff/bulk-decisions', { requestId: decision, decision: 'accept', targets: [...targets, contactRequest.requestId].map((id) => ({ requestId: id })) });
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({ decided: 3, failed: 1 });
      expect(decided.body.results).toEqual([
        expect.objectContaining({ requestId: targets[0], kind: 'document', outcome: 'decided', status: 'accepted' }),
        expect.objectContaining({ requestId: targets[1], kind: 'family_change', outcome: 'decided', status: 'accepted' }),
        expect.objectContaining({ requestId: targets[2], kind: 'enrolment', outcome: 'decided', status: 'accepted' }),
        expect.objectContaining({ requestId: contactRequest.requestId, kind: 'contact', outcome: 'failed', code: 'NOT_DECIDABLE' }),
      ]);
      expect((await martin.get(`/api/families/${familyId}`)).body.children.find((c: { childId: string }) => c.childId === lea).health).toMatchObject({ glasses: true });

      // Sent again (a lost answer), nothing is decided twice: each says it is no longer waiting.
      const before = await head();
      const again = await staff.post('/api/staff/bulk-decisions', { requestId: decision, decision: 'accept', targets: targets.map((id) => ({ requestId: id })) });
      expect(again.body.results.every((r: { status: string; code?: string }) => r.status === 'accepted' && r.code === 'REQUEST_NOT_PENDING')).toBe(true);
      expect(await head()).toBe(before);
    });

    it('refuses with the message to each family, a refused certificate billing its absence', async () => {
      await martin.post('/api/reservations', { requestId: requestId(), childId: lea, activityId: canteen.activityId, day: '2026-12-18' });
      const absence = requestId();
      const declared = await upload(portal, martin, '/api/reservations/absences/with-certificate', { requestId: absence, childId: lea, activityId: canteen.activityId, day: '2026-12-18' }, { name: 'c.png', bytes: PNG, type: 'image/png' });
      const change = requestId();
      await martin.post(`/api/families/${familyId}/change-requests`, { requestId: change, target: 'child', childId: hugo, child: { health: { hearingAid: true } } });
      expect((await staff.post('/api/staff/bulk-decisions', { requestId: requestId(), decision: 'refuse', targets: [{ requestId: change }] })).body).toMatchObject({ code: 'MESSAGE_REQUIRED' });
      const refused = await staff.post('/api/staff/bulk-decisions', {
        requestId: requestId(),
        decision: 'refuse',
        message: 'Merci de nous apporter l’original en mairie.',
        targets: [{ requestId: declared.body.certificate.documentId }, { requestId: change }],
      });
      expect(refused.body).toMatchObject({ decided: 2, failed: 0 });
      expect(await request(change)).toMatchObject({ status: 'refused', reasonText: 'Merci de nous apporter l’original en mairie.' });
      expect(await dayOf(lea, canteen.activityId, '2026-12-18')).toMatchObject({ status: 'absent_unjustified' });
    });

    it('answers 404 for a request the commune never received, deciding nothing', async () => {
      const before = await head();
      const unknown = await staff.post('/api/staff/bulk-decisions', { requestId: requestId(), decision: 'accept', targets: [{ requestId: requestId() }] });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'REQUEST_NOT_FOUND' } });
      expect(await head()).toBe(before);
    });
  });
  describe('every refusal is a 4xx with a stable code and a French message, writing nothing', () => {
    /** A refusal as the client shows it: the status and code pinned, a sentence in French. */
    const expectRefusal = (answer: { status: number; body: any }, status: number, code: string, message?: RegExp) => {
      expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
      expect(answer.body.message).toMatch(message ?? /^[A-ZÀ-Ý][^]*[a-zà-ÿ]/);
      expect(answer.body.message).not.toMatch(/Internal|Error|undefined|Cannot /);
    };
    const d = (day: string, childId = lea) => ({ childId, activityId: canteen.activityId, day });

    it('refuses what a copy, a period cancellation or a certified absence cannot do', async () => {
      const before = await head();
      const copy = (selection: object[], until: string) => martin.post('/api/reservations/copies', { requestId: requestId(), selection, until });
      expectRefusal(await copy([d('2026-12-03'), d('2026-12-03')], '2027-01-08'), 422, 'SELECTION_DUPLICATE', /^Un même jour est choisi deux fois/);
      expectRefusal(await martin.post('/api/reservations/copies/preview', { selection: [d('2026-12-03'), d('2026-12-03')], until: '2027-01-08' }), 422, 'SELECTION_DUPLICATE');
      expectRefusal(await copy([], '2027-01-08'), 400, 'VALIDATION_FAILED');
      expectRefusal(await copy([d('2026-12-03')], '2028-06-30'), 422, 'PERIOD_TOO_LONG', /au plus un an/);
      expectRefusal(await copy([d('2026-02-30')], '2027-01-08'), 422, 'DATE_INVALID');
      expectRefusal(await copy([{ ...d('2026-12-03'), activityId: requestId() }], '2027-01-08'), 404, 'ACTIVITY_NOT_FOUND');

      const cancel = (fields: object) => martin.post('/api/reservations/cancellations/period', { requestId: requestId(), childId: hugo, activityId: canteen.activityId, ...fields });
      expectRefusal(await cancel({ from: '2027-01-15', to: '2027-01-11' }), 422, 'RANGE_INVALID', /date de fin/);
      expectRefusal(await cancel({ from: '2027-01-11', to: '2027-01-15', weekdays: [8] }), 400, 'VALIDATION_FAILED');
      expectRefusal(await cancel({ childId: chloe, from: '2027-01-11', to: '2027-01-15' }), 404, 'CHILD_NOT_FOUND');
      expectRefusal(await martin.post('/api/reservations/cancellations/preview', { childId: hugo, activityId: canteen.activityId, from: '2027-01-11' }), 400, 'VALIDATION_FAILED');

      const certified = (fields: Record<string, string>) =>
        upload(portal, martin, '/api/reservations/absences/with-certificate', { requestId: requestId(), activityId: canteen.activityId, ...fields }, { name: 'c.png', bytes: PNG, type: 'image/png' });
      expectRefusal(await certified({ childId: hugo, day: '2027-03-09' }), 409, 'RESERVATION_NOT_FOUND', /pas d'absence à déclarer/);
      expectRefusal(await certified({ childId: chloe, day: '2026-12-11' }), 404, 'CHILD_NOT_FOUND');
      expectRefusal(await certified({ childId: hugo, day: '2026-13-01' }), 422, 'DATE_INVALID');
      expect(await head()).toBe(before);
    });

    it('refuses what the service cannot decide or point', async () => {
      const before = await head();
      const bulk = (client: ApiClient, fields: object) => client.post('/api/staff/bulk-decisions', { requestId: requestId(), decision: 'accept', targets: [{ requestId: requestId() }], ...fields });
      expectRefusal(await bulk(staff, { targets: [] }), 400, 'VALIDATION_FAILED');
      expectRefusal(await bulk(staff, { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
      expectRefusal(await bulk(martin, {}), 403, 'FORBIDDEN');
      const point = (day: string, childId: string) => staff.post('/api/staff/attendance', { requestId: requestId(), activityId: canteen.activityId, day, marks: [{ childId, status: 'present' }] });
      expectRefusal(await point('2026-12-03', lea), 422, 'ATTENDANCE_TOO_EARLY', /le jour même ou après/);
      expectRefusal(await point('2026-12-01', requestId()), 404, 'CHILD_NOT_FOUND');
      expect(await head()).toBe(before);
    });
  });
});
