import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@pf/event-store';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

/** Every file under the folder, recursively (events, read models, keys, their WAL and journals). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files in which any of the needles appears, byte for byte (UTF-8, as stored). */
function filesContaining(dir: string, needles: string[]): Array<{ file: string; needle: string }> {
  const found: Array<{ file: string; needle: string }> = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) found.push({ file, needle });
  }
  return found;
}

/**
 * The first link of the newest mail to `address` in the local mail catcher (/dev/mails): the
 * portal runs without SMTP_URL, so its copies of the mails are in the data folder too.
 */
async function linkFromCatcher(baseUrl: string, address: string, subject: string): Promise<URL> {
  for (let i = 0; i < 100; i++) {
    const page = await (await fetch(`${baseUrl}/dev/mails`)).text();
    const item = page.split('<li>').find((li) => li.includes(address) && li.includes(subject));
    if (item) {
      const mail = await (await fetch(baseUrl + /href="(\/dev\/mails\/[\w-]+)"/.exec(item)![1])).text();
      return new URL(/href="(http[^"]+)"/.exec(mail.split('<pre>')[1])![1].replace(/&amp;/g, '&'));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail "${subject}" to ${address} in the local mail catcher`);
}

describe("erasing a family's personal data (right to be forgotten)", () => {
  let portal: RunningPortal;
  const staff = () => new ApiClient(portal.baseUrl);
  const stamp = Date.now();
  const email = `zephyrine.quintavalle.${stamp}@example.fr`;
  const needles = ['Quintavalle', 'QUINTAVALLE', 'Zéphyrine', 'Anatolio', email, '06 47 29 83 51', '0647298351', 'Rue des Glycines', 'arachide-pistache'];
  let agent: ApiClient;
  let parent: ApiClient;
  let familyId: string;
  let childId: string;
  let eventsBefore: number;

  beforeAll(async () => {
    // No SMTP_URL: the local mail catcher keeps the family's mails under the data folder.
    portal = await startPortal({ keepData: true });
    agent = staff();
    await agent.signIn(STAFF.email, STAFF.password);
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('gives a family everything held about it, as JSON and as a PDF summary', async () => {
    const opened = await agent.post('/api/families', {
      requestId: requestId(),
      guardian: {
        civility: 'Mme',
        lastName: 'Quintavalle',
        firstName: 'Zéphyrine',
        email,
        phones: { mobile: '06 47 29 83 51' },
        address: { line1: '12 Rue des Glycines', postcode: '44300', city: 'Nantes' },
      },
      children: [{ firstName: 'Anatolio', lastName: 'Quintavalle', birthDate: '2018-02-11' }],
    });
    expect(opened.status).toBe(201);
    familyId = opened.body.familyId;
    childId = opened.body.children[0].childId;

    parent = new ApiClient(portal.baseUrl);
    const password = 'Glycines-2026';
    await parent.post('/api/auth/sign-up', {
      requestId: requestId(),
      subscriberCode: opened.body.subscriberCode,
      civility: 'Mme',
      lastName: 'Quintavalle',
      firstName: 'Zéphyrine',
      email,
      password,
      passwordConfirmation: password,
      termsAccepted: true,
    });
    const url = await linkFromCatcher(portal.baseUrl, email, 'Activez votre compte');
    await parent.post('/api/auth/activation', { accountId: url.searchParams.get('compte'), token: url.searchParams.get('jeton') });
    await parent.signIn(email, password);
    const change = requestId();
    await parent.post(`/api/families/${familyId}/change-requests`, { requestId: change, target: 'child', childId, child: { health: { allergies: 'arachide-pistache' } } });
    await agent.post(`/api/families/${familyId}/change-requests/${change}/accept`, { requestId: requestId() });
    await parent.post('/api/auth/password/forgot', { email });
    await linkFromCatcher(portal.baseUrl, email, 'mot de passe');

    const form = new FormData();
    form.append('requestId', requestId());
    form.append('kind', 'attestation_caf');
    form.append('file', new Blob([Buffer.from('%PDF-1.4 attestation CAF de Zéphyrine Quintavalle')]), 'attestation-Quintavalle.pdf');
    const cookie = parent.cookieHeader();
    const uploaded = await fetch(`${portal.baseUrl}/api/families/${familyId}/documents`, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': /pf_csrf=([^;]+)/.exec(cookie)![1] } });
    expect(uploaded.status).toBe(201);

    // A photo of the child sent by the parent (waiting for staff) and one set by staff.
    const photo = (bytes: Buffer, client: ApiClient) => {
      const body = new FormData();
      body.append('requestId', requestId());
      body.append('file', new Blob([new Uint8Array(bytes)]), 'anatolio.png');
      const cookies = client.cookieHeader();
      return fetch(`${portal.baseUrl}/api/families/${familyId}/children/${childId}/photo`, { method: 'POST', body, headers: { cookie: cookies, 'x-csrf-token': /pf_csrf=([^;]+)/.exec(cookies)![1] } });
    };
    const png = (text: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);
    expect((await photo(png('photo envoyee par Zephyrine'), parent)).status).toBe(201);
    expect((await photo(png('photo de classe d Anatolio'), agent)).status).toBe(201);

    // An attestation asked with a message naming the family, issued as a PDF (sealed in the blob store).
    const attestation = await parent.post(`/api/families/${familyId}/attestations`, { requestId: requestId(), kind: 'enrolment', message: 'Pour l’employeur de Zéphyrine Quintavalle' });
    expect(attestation.status).toBe(201);
    expect((await agent.post(`/api/families/${familyId}/attestations/${attestation.body.attestationId}/issue`, { requestId: requestId() })).status).toBe(200);

    const data = await parent.get(`/api/families/${familyId}/personal-data`);
    expect(data.status).toBe(200);
    expect(data.body.family.guardians[0]).toMatchObject({ lastName: 'Quintavalle', email, phones: { mobile: '06 47 29 83 51' } });
    expect(data.body.family.children[0].health.allergies).toBe('arachide-pistache');
    expect(data.body.accounts[0]).toMatchObject({ email });
    expect(data.body.accounts[0].passwordHash).toBeUndefined();
    expect(data.body.requests.length).toBeGreaterThan(0);
    expect(data.body.family.children[0].photoId).toEqual(expect.any(String));
    expect(data.body.documents).toEqual([expect.objectContaining({ fileName: 'attestation-Quintavalle.pdf', kind: 'attestation_caf' })]);
    expect(data.body.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['FamilyFileOpened', 'FamilyChangeRequested']));
    // What other capabilities hold about the family is in the export too.
    expect(data.body.attestations).toEqual([expect.objectContaining({ _id: attestation.body.attestationId, kind: 'enrolment', status: 'issued', message: 'Pour l’employeur de Zéphyrine Quintavalle' })]);
    for (const part of ['enrolments', 'invoices', 'payments', 'directDebitMandates']) expect(Array.isArray(data.body[part])).toBe(true);
    const pdf = await fetch(`${portal.baseUrl}/api/families/${familyId}/personal-data.pdf`, { headers: { cookie: parent.cookieHeader() } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps the names out of the event store from the start: only the read models hold them in clear', async () => {
    const inStore = filesContaining(portal.dataDir, needles).filter((f) => f.file.includes('events.sqlite'));
    expect(inStore).toEqual([]);
    expect(filesContaining(portal.dataDir, ['Quintavalle']).length).toBeGreaterThan(0);
    // The document, both photos and the attestation's PDF are in the blob store (sealed) until the erasure.
    expect(readdirSync(join(portal.dataDir, 'blobs'))).toHaveLength(4);
    // The local mail catcher holds the family's mails (activation, reset) until the erasure.
    expect(filesContaining(join(portal.dataDir, 'mails'), [email]).length).toBeGreaterThanOrEqual(2);
  });

  it('erases only an archived file, and only staff may do it', async () => {
    expect((await parent.post(`/api/families/${familyId}/erase`, { requestId: requestId(), reasonCode: 'RIGHT_TO_ERASURE' })).status).toBe(403);
    const early = await agent.post(`/api/families/${familyId}/erase`, { requestId: requestId(), reasonCode: 'RIGHT_TO_ERASURE' });
    expect(early).toMatchObject({ status: 409, body: { code: 'FAMILY_NOT_ARCHIVED' } });
    const bad = await agent.post(`/api/families/${familyId}/erase`, { requestId: requestId(), reasonCode: 'BECAUSE' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await agent.post(`/api/families/${familyId}/archive`, { requestId: requestId(), reason: 'Déménagement' })).status).toBe(200);
    eventsBefore = (await agent.get('/api/health')).body.headPosition;
    const erased = await agent.post(`/api/families/${familyId}/erase`, { requestId: requestId(), reasonCode: 'RIGHT_TO_ERASURE' });
    expect(erased).toMatchObject({ status: 200, body: { status: 'erased' } });
  });

  it('leaves no name, e-mail or phone number in any file of the data folder, and no file or photo the family sent', () => {
    expect(filesContaining(portal.dataDir, needles)).toEqual([]);
    expect(readdirSync(join(portal.dataDir, 'blobs'))).toEqual([]);
  });

  it('leaves no mail of the family in the local mail catcher', async () => {
    const page = await (await fetch(`${portal.baseUrl}/dev/mails`)).text();
    expect(page).toContain('Courriels reçus');
    expect(page).not.toContain(email);
  });

  it('makes every read model forget the family, and its account stop working', async () => {
    expect((await agent.get(`/api/families/${familyId}`)).status).toBe(404);
    expect((await agent.get(`/api/families/${familyId}/requests`)).status).toBe(404);
    const list = await agent.get('/api/families');
    expect(list.body.items.map((f: { familyId: string }) => f.familyId)).not.toContain(familyId);
    expect((await parent.get('/api/auth/me')).status).toBe(401);
    const signIn = await new ApiClient(portal.baseUrl).post('/api/auth/sign-in', { email, password: 'Glycines-2026' });
    expect(signIn).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    const health = await agent.get('/api/health');
    expect(health.body.maxLag).toBe(0);
  });

  it('keeps the events (counts stay) with their personal data unreadable', async () => {
    const head = (await agent.get('/api/health')).body.headPosition;
    expect(head).toBeGreaterThan(eventsBefore);
    await portal.close();
    const store = SqliteEventStore.open({ dataDir: portal.dataDir });
    try {
      const family = (await store.readAll({ limit: 10_000 })).filter((e) => e.streamId.endsWith(familyId));
      expect(family.map((e) => e.type)).toEqual(expect.arrayContaining(['FamilyFileOpened', 'ChildRecorded', 'FamilyArchived', 'FamilyErased']));
      const opened = family.find((e) => e.type === 'FamilyFileOpened')!;
      expect((opened.data as { children: Array<{ childId: string }> }).children.map((c) => c.childId)).toEqual([childId]);
    } finally {
      await store.close();
    }
  });
});
