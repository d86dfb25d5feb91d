import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { startPortal, type RunningPortal } from '../support/portal';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n% attestation CAF de la famille Martin, QF 742\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]);

/** A multipart upload as a browser sends it (cookie + CSRF header). */
async function upload(portal: RunningPortal, client: ApiClient, path: string, fields: Record<string, string>, file: { name: string; bytes: Buffer; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const cookie = client.cookieHeader();
  const csrf = /pf_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  const response = await fetch(portal.baseUrl + path, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrf } });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

describe('documents: families send, staff check, staff publish for all', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let parent: ApiClient;
  let familyId: string;

  beforeAll(async () => {
    portal = await startPortal();
    staff = new ApiClient(portal.baseUrl);
    parent = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    const me = await parent.signIn('claire.martin@example.fr', 'Famille-2026');
    familyId = me.body.familyId;
  });
  afterAll(() => portal?.close());

  it('takes an attestation CAF by its content, whatever its name says, as a request staff accept', async () => {
    const sent = await upload(portal, parent, `/api/families/${familyId}/documents`, { requestId: requestId(), kind: 'attestation_caf' }, { name: 'attestation.png', bytes: PDF, type: 'image/png' });
    expect(sent).toMatchObject({ status: 201, body: { status: 'pending', contentType: 'application/pdf', kind: 'attestation_caf' } });
    const requests = await parent.get(`/api/families/${familyId}/requests`);
    expect(requests.body.items.find((r: { requestId: string }) => r.requestId === sent.body.documentId)).toMatchObject({ kind: 'document', status: 'pending' });

    const accepted = await staff.post(`/api/families/${familyId}/documents/${sent.body.documentId}/accept`, { requestId: requestId() });
    expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const again = await staff.post(`/api/families/${familyId}/documents/${sent.body.documentId}/refuse`, { requestId: requestId(), reason: 'Illisible' });
    expect(again).toMatchObject({ status: 409, body: { code: 'DOCUMENT_ALREADY_DECIDED' } });

    const download = await fetch(`${portal.baseUrl}/api/families/${familyId}/documents/${sent.body.documentId}/content`, { headers: { cookie: staff.cookieHeader() } });
    expect(download.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('keeps the files sealed with the family key on disk', () => {
    const folder = join(portal.dataDir, 'blobs');
    const stored = readdirSync(folder).map((f) => readFileSync(join(folder, f)));
    expect(stored.length).toBeGreaterThan(0);
    for (const bytes of stored) expect(bytes.includes(Buffer.from('famille Martin'))).toBe(false);
  });

  it('refuses a file that is not PDF, JPEG or PNG inside, even named .pdf, and writes nothing', async () => {
    const before = (await parent.get(`/api/families/${familyId}/documents`)).body.items.length;
    const refused = await upload(portal, parent, `/api/families/${familyId}/documents`, { requestId: requestId(), kind: 'pai' }, { name: 'pai.pdf', bytes: EXE, type: 'application/pdf' });
    expect(refused).toMatchObject({ status: 422, body: { code: 'FILE_TYPE_NOT_ALLOWED' } });
    const missing = await upload(portal, parent, `/api/families/${familyId}/documents`, { requestId: requestId(), kind: 'passeport' }, { name: 'x.png', bytes: PNG, type: 'image/png' });
    expect(missing).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await parent.get(`/api/families/${familyId}/documents`)).body.items).toHaveLength(before);
  });

  it('refuses a file over 10 MB', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024, 2)]);
    const refused = await upload(portal, parent, `/api/families/${familyId}/documents`, { requestId: requestId(), kind: 'certificat_medical' }, { name: 'certificat.png', bytes: big, type: 'image/png' });
    expect(refused).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('keeps other families out of a family’s documents', async () => {
    const other = new ApiClient(portal.baseUrl);
    await other.signIn('thomas.bernard@example.fr', 'Famille-2026');
    expect((await other.get(`/api/families/${familyId}/documents`)).status).toBe(404);
  });

  it('lets staff publish the règlement intérieur for every family, and withdraw it', async () => {
    const published = await upload(portal, staff, '/api/documents/public', { requestId: requestId(), title: 'Règlement intérieur 2026-2027' }, { name: 'reglement.pdf', bytes: PDF, type: 'application/pdf' });
    expect(published).toMatchObject({ status: 201, body: { status: 'published', title: 'Règlement intérieur 2026-2027' } });
    const list = await parent.get('/api/documents/public');
    expect(list.body.items.map((d: { title: string }) => d.title)).toContain('Règlement intérieur 2026-2027');
    const file = await fetch(`${portal.baseUrl}/api/documents/public/${published.body.documentId}/content`, { headers: { cookie: parent.cookieHeader() } });
    expect(file.status).toBe(200);
    expect((await parent.post(`/api/documents/public/${published.body.documentId}/withdraw`, { requestId: requestId() })).status).toBe(403);
    expect((await staff.post(`/api/documents/public/${published.body.documentId}/withdraw`, { requestId: requestId() })).status).toBe(204);
    expect((await parent.get('/api/documents/public')).body.items).toEqual([]);
  });

  it("keeps another commune's agent away from this commune's documents, even with the same request id", async () => {
    const sent = await upload(portal, parent, `/api/families/${familyId}/documents`, { requestId: requestId(), kind: 'pai' }, { name: 'pai.pdf', bytes: PDF, type: 'application/pdf' });
    const publicRequest = requestId();
    const published = await upload(portal, staff, '/api/documents/public', { requestId: publicRequest, title: 'Guide des familles' }, { name: 'guide.pdf', bytes: PDF, type: 'application/pdf' });
    const other = await registerOtherCommune(portal, new Date().toISOString());
    const agent = new ApiClient(portal.baseUrl);
    await agent.signIn(other.staff.email, other.staff.password);

    expect(await agent.post(`/api/families/${familyId}/documents/${sent.body.documentId}/accept`, { requestId: requestId() })).toMatchObject({ status: 404 });
    expect(await agent.post(`/api/documents/public/${published.body.documentId}/withdraw`, { requestId: requestId() })).toMatchObject({ status: 404, body: { code: 'DOCUMENT_NOT_FOUND' } });
    const file = await fetch(`${portal.baseUrl}/api/documents/public/${published.body.documentId}/content`, { headers: { cookie: agent.cookieHeader() } });
    expect(file.status).toBe(404);
    // The same request id in another commune publishes another document: the first stays as it was.
    const theirs = await upload(portal, agent, '/api/documents/public', { requestId: publicRequest, title: 'Leur guide' }, { name: 'guide.pdf', bytes: PNG, type: 'image/png' });
    expect(theirs).toMatchObject({ status: 201, body: { title: 'Leur guide' } });
    expect(theirs.body.documentId).not.toBe(published.body.documentId);

    expect((await staff.get(`/api/families/${familyId}/documents`)).body.items.find((d: { documentId: string }) => d.documentId === sent.body.documentId)).toMatchObject({ status: 'pending' });
    expect((await parent.get('/api/documents/public')).body.items).toEqual([expect.objectContaining({ documentId: published.body.documentId, title: 'Guide des familles', status: 'published' })]);
    const mine = await fetch(`${portal.baseUrl}/api/documents/public/${published.body.documentId}/content`, { headers: { cookie: parent.cookieHeader() } });
    expect(Buffer.from(await mine.arrayBuffer()).equals(PDF)).toBe(true);
  });
});
