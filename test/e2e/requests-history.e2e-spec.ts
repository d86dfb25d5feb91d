import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

// Tuesday 1 December 2026, 08:30 in Paris: Thursday 3rd is bookable at the canteen (48 h ahead), today is not.
const clock = new FixedClock('2026-12-01T07:30:00Z');

/** Reads a Server-Sent Events stream until `until` says stop (bounded in time), returning the event names seen. */
async function listen(url: string, cookie: string, until: (events: string[]) => boolean, timeoutMs = 10_000): Promise<{ status: number; events: string[] }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: string[] = [];
  try {
    const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
    if (response.status !== 200 || !response.body) return { status: response.status, events };
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (const match of buffer.matchAll(/^event: (.+)$/gm)) events.push(match[1]);
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      if (until(events)) break;
    }
    return { status: 200, events };
  } catch (error) {
    if ((error as Error).name === 'AbortError') return { status: 200, events };
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

describe('Mes demandes, contact, news, home page, live updates and audit through the API', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let martin: ApiClient;
  let bernard: ApiClient;
  let familyId: string;
  let bernardFamilyId: string;
  let lea: string;
  let canteen: { activityId: string };
  let accepted: string;
  let refused: string;
  let contactId: string;
  let baseline: number;

  beforeAll(async () => {
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    martin = new ApiClient(portal.baseUrl);
    bernard = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    familyId = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
    bernardFamilyId = (await bernard.signIn('thomas.bernard@example.fr', 'Famille-2026')).body.familyId;
    lea = (await martin.get(`/api/families/${familyId}`)).body.children[0].childId;
    canteen = (await martin.get('/api/activities')).body.items.find((a: any) => a.kind === 'canteen');
    // The demo families have a history of their own: start from « everything read ».
    await martin.post(`/api/families/${familyId}/requests/mark-all-read`, { requestId: requestId() });
    baseline = (await martin.get(`/api/families/${familyId}/requests`)).body.total;
    accepted = requestId();
    refused = requestId();
    expect((await martin.post('/api/reservations', { requestId: accepted, childId: lea, activityId: canteen.activityId, day: '2026-12-03' })).body.status).toBe('accepted');
    expect((await martin.post('/api/reservations', { requestId: refused, childId: lea, activityId: canteen.activityId, day: '2026-12-01' })).body.status).toBe('refused');
  });
  afterAll(() => portal?.close());

  const mine = (query = '') => martin.get(`/api/families/${familyId}/requests${query}`);

  it('lists the family’s requests with reference, status in words, unread marker and full timeline', async () => {
    const list = await mine();
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: baseline + 2, unreadCount: 2, limit: 50, offset: 0 });
    expect(list.body.items.slice(0, 2).map((r: any) => r.requestId).sort()).toEqual([accepted, refused].sort());
    const refusal = list.body.items.find((r: any) => r.requestId === refused);
    expect(refusal).toMatchObject({ reference: expect.stringMatching(/^D-2026-\d{6}$/), kind: 'reservation', statusLabel: 'Refusée', unread: true, reasonCode: 'PAST_DEADLINE' });
    expect(refusal.timeline.at(-1)).toMatchObject({ actor: { kind: 'rule' }, actorLabel: 'Règle automatique', channel: 'web', reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('délai') });
    expect(refusal.timeline[0]).toMatchObject({ actor: { kind: 'guardian' }, actorLabel: 'Parent' });
  });

  it('filters and pages the list, and refuses a malformed filter with a stable code', async () => {
    expect((await mine('?status=refused&unread=true')).body.items.map((r: any) => r.requestId)).toEqual([refused]);
    expect((await mine('?limit=1&offset=1')).body.items).toHaveLength(1);
    const bad = await mine('?limit=0&status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['limit', 'status']);
  });

  it('answers 304 to a reload when nothing changed (ETag)', async () => {
    const first = await fetch(`${portal.baseUrl}/api/families/${familyId}/requests`, { headers: { cookie: martin.cookieHeader() } });
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // What a browser sends on reload (fetch would add « no-cache » by itself otherwise).
    const again = await fetch(`${portal.baseUrl}/api/families/${familyId}/requests`, {
      headers: { cookie: martin.cookieHeader(), 'if-none-match': etag!, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });

  it('marks one request as read, then all, idempotently, and keeps other families out', async () => {
    const one = await martin.post(`/api/families/${familyId}/requests/${refused}/mark-read`, { requestId: requestId() });
    expect(one).toMatchObject({ status: 200, body: { marked: 1, unreadCount: 1 } });
    const id = requestId();
    expect((await martin.post(`/api/families/${familyId}/requests/mark-all-read`, { requestId: id })).body).toEqual({ marked: 1, unreadCount: 0 });
    expect((await martin.post(`/api/families/${familyId}/requests/mark-all-read`, { requestId: id })).body).toEqual({ marked: 1, unreadCount: 0 });
    expect((await mine('?unread=true')).body.total).toBe(0);
    expect((await bernard.post(`/api/families/${familyId}/requests/mark-all-read`, { requestId: requestId() })).status).toBe(404);
    expect((await staff.post(`/api/families/${familyId}/requests/mark-all-read`, { requestId: requestId() })).status).toBe(403);
    expect((await bernard.get(`/api/families/${familyId}/requests`)).status).toBe(404);
  });

  it('turns a parent’s message into a pending request in the staff queue, answered in its thread', async () => {
    contactId = requestId();
    const sent = await martin.post(`/api/families/${familyId}/contact`, { requestId: contactId, topic: 'billing', text: 'Bonjour, ma facture de novembre ?' });
    expect(sent).toMatchObject({ status: 201, body: { requestId: contactId, kind: 'contact', status: 'pending', messages: [{ from: 'family', text: 'Bonjour, ma facture de novembre ?' }] } });
    const queue = await staff.get('/api/requests?kind=contact');
    expect(queue.body.items).toEqual([expect.objectContaining({ requestId: contactId, familyId, familyName: 'Famille MARTIN', statusLabel: 'En cours' })]);
    expect((await staff.get(`/api/requests?activityId=${canteen.activityId}&status=accepted&day=2026-12-03`)).body.items.map((r: any) => r.requestId)).toEqual([accepted]);
    expect((await martin.get('/api/requests')).status).toBe(403);

    const answer = await staff.post(`/api/families/${familyId}/contact/${contactId}/answers`, { requestId: requestId(), text: 'Elle vous a été envoyée hier.' });
    expect(answer).toMatchObject({ status: 201, body: { status: 'answered', statusLabel: 'Répondue', unread: true } });
    expect(answer.body.messages.map((m: any) => m.from)).toEqual(['family', 'staff']);
    expect((await staff.get('/api/requests?kind=contact')).body.total).toBe(0);
    const empty = await martin.post(`/api/families/${familyId}/contact`, { requestId: requestId(), topic: 'other', text: '   ' });
    expect(empty).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'text', code: 'BLANK_TEXT' })] } });
    expect((await bernard.post(`/api/families/${familyId}/contact`, { requestId: requestId(), topic: 'other', text: 'x' })).status).toBe(404);
  });

  it('shows parents the current news for the commune and for their activities, not the others', async () => {
    const published = await staff.post('/api/news', {
      requestId: requestId(),
      title: 'Repas de Noël',
      body: 'Le jeudi 17/12/2026, menu de fête à la cantine.',
      publishFrom: '2026-12-01',
      publishUntil: '2026-12-18',
      audience: { kind: 'commune' },
    });
    expect(published).toMatchObject({ status: 201, body: { state: 'current', stateLabel: 'En ligne' } });
    await staff.post('/api/news', { requestId: requestId(), title: 'Plus tard', body: 'Inscriptions d’été', publishFrom: '2027-05-01', audience: { kind: 'commune' } });
    const bad = await staff.post('/api/news', { requestId: requestId(), title: 'X', body: 'Y', publishFrom: '2026-12-10', publishUntil: '2026-12-01', audience: { kind: 'commune' } });
    expect(bad).toMatchObject({ status: 422, body: { code: 'PUBLICATION_RANGE_INVALID' } });
    expect((await martin.post('/api/news', { requestId: requestId(), title: 'X', body: 'Y', publishFrom: '2026-12-01', audience: { kind: 'commune' } })).status).toBe(403);

    const seen = await martin.get(`/api/families/${familyId}/news`);
    expect(seen.body.items.map((n: any) => n.title)).toEqual(['Repas de Noël']);
    expect((await staff.get('/api/news?state=scheduled')).body.items.map((n: any) => n.title)).toEqual(['Plus tard']);
    const withdrawn = await staff.post(`/api/news/${published.body.newsId}/withdraw`, { requestId: requestId() });
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await martin.get(`/api/families/${familyId}/news`)).body.total).toBe(0);
  });

  it('gives the parent’s home page its counters: requests that changed, upcoming bookings, news', async () => {
    const home = await martin.get(`/api/families/${familyId}/dashboard`);
    expect(home.status).toBe(200);
    expect(home.body).toMatchObject({
      today: '2026-12-01',
      requests: { unread: 1, label: '1 demande a évolué' },
      invoices: { new: 0, label: null },
    });
    expect(home.body.bookings.upcoming).toEqual(
      expect.arrayContaining([expect.objectContaining({ childId: lea, day: '2026-12-03', status: 'reserved', statusLabel: 'Réservé', activityName: 'Restaurant scolaire' })]),
    );
    expect((await bernard.get(`/api/families/${familyId}/dashboard`)).status).toBe(404);
  });

  it('tells the family’s browser live when one of its requests changes', async () => {
    const url = `${portal.baseUrl}/api/families/${familyId}/live`;
    expect((await listen(url, bernard.cookieHeader(), () => true, 3000)).status).toBe(404);
    const listening = listen(url, martin.cookieHeader(), (events) => events.includes('requests'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await staff.post(`/api/families/${familyId}/contact/${contactId}/answers`, { requestId: requestId(), text: 'Et le duplicata est dans votre espace.' });
    const { status, events } = await listening;
    expect(status).toBe(200);
    expect(events[0]).toBe('ready');
    expect(events).toContain('requests');
  });

  it('gives staff the full history of a family, filtered, paged and exported to CSV, and nobody else', async () => {
    const all = await staff.get(`/api/audit/family/${familyId}?limit=200`);
    expect(all.status).toBe(200);
    const types = all.body.items.map((i: any) => i.type);
    expect(types).toEqual(expect.arrayContaining(['FamilyFileOpened', 'ReservationRequested', 'ReservationAccepted', 'ReservationRefused', 'FamilyRequestsRead', 'ContactMessageSent', 'ContactMessageAnswered']));
    const refusal = await staff.get(`/api/audit/request/${refused}?type=ReservationRefused`);
    expect(refusal.body).toMatchObject({ total: 1, items: [{ type: 'ReservationRefused', actor: { kind: 'rule' }, data: { requestId: refused, reasonCode: 'PAST_DEADLINE' } }] });
    expect((await staff.get(`/api/audit/family/${familyId}?actorKind=staff`)).body.items.every((i: any) => i.actor.kind === 'staff')).toBe(true);
    expect((await staff.get(`/api/audit/family/${familyId}?from=2026-12-02`)).body.total).toBe(0);
    expect((await staff.get(`/api/audit/family/${familyId}?limit=2&offset=2`)).body.items).toHaveLength(2);

    const csv = await fetch(`${portal.baseUrl}/api/audit/request/${refused}/export.csv`, { headers: { cookie: staff.cookieHeader() } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('position;date;type;acteur;nom;identifiant_acteur;canal;flux;donnees');
    expect(lines[1]).toMatch(/^\d+;01\/12\/2026 08:30:00;ReservationRequested;Parent;/);
    expect(lines.slice(1).map((l) => l.split(';')[2])).toEqual(['ReservationRequested', 'ReservationRefused', 'FamilyRequestsRead']);

    expect((await martin.get(`/api/audit/family/${familyId}`)).status).toBe(403);
    expect((await staff.get(`/api/audit/family/${requestId()}`)).body.code).toBe('AUDIT_SUBJECT_NOT_FOUND');
    expect((await staff.get(`/api/audit/planet/${familyId}`)).body.code).toBe('AUDIT_SUBJECT_INVALID');
    expect((await staff.get(`/api/audit/family/${familyId}?from=yesterday`)).body.code).toBe('DATE_INVALID');
    expect(bernardFamilyId).not.toBe(familyId);
  });

  it('serves the OpenAPI document with the one error body', async () => {
    const docs = await new ApiClient(portal.baseUrl).get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/families/{familyId}/requests', '/api/requests', '/api/audit/{kind}/{id}', '/api/news']));
    expect(docs.body.components.schemas.ErrorBody.required).toEqual(['statusCode', 'code', 'message']);
    expect(docs.body.paths['/api/requests'].get.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBody');
    expect((await fetch(`${portal.baseUrl}/api/docs`)).status).toBe(200);
  });

  it('says a period booking was decided by the rules, not by the parent who asked, in the timeline and in the audit', async () => {
    const period = requestId();
    const booked = await martin.post('/api/reservations/period', { requestId: period, childId: lea, activityId: canteen.activityId, from: '2026-12-07', to: '2026-12-11', weekdays: [1, 2, 4, 5] });
    expect(booked.body).toMatchObject({ status: 'accepted', counts: { accepted: 4 } });
    const request = (await mine()).body.items.find((r: any) => r.requestId === period);
    expect(request.timeline.map((t: any) => [t.label, t.actor.kind, t.actorLabel])).toEqual([
      ['Demande de réservation reçue (4 jours)', 'guardian', 'Parent'],
      ['4 jours acceptés', 'rule', 'Règle automatique'],
    ]);
    const decided = await staff.get(`/api/audit/request/${period}?type=PeriodReservationDecided`);
    expect(decided.body).toMatchObject({ total: 1, items: [{ type: 'PeriodReservationDecided', actor: { kind: 'rule' } }] });
  });
});
