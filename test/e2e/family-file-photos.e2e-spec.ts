import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels-de-la-photo-de-classe')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('pixels-du-selfie-envoye-par-maman')]);
const PDF = Buffer.from('%PDF-1.4 pas une photo');

/** A multipart upload as the browser sends it (cookie + CSRF header). */
async function sendPhoto(portal: RunningPortal, client: ApiClient, path: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const cookie = client.cookieHeader();
  const csrf = /pf_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  const response = await fetch(portal.baseUrl + path, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrf } });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

const fetchPhoto = async (portal: RunningPortal, client: ApiClient, familyId: string, photoId: string) => {
  const response = await fetch(`${portal.baseUrl}/api/families/${familyId}/photos/${photoId}`, { headers: { cookie: client.cookieHeader() } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', nosniff: response.headers.get('x-content-type-options'), bytes: Buffer.from(await response.arrayBuffer()) };
};

describe("a child's photo on the family file", () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  let parent: ApiClient;
  let otherParent: ApiClient;
  let familyId: string;
  let childId: string;
  const blobs = () => readdirSync(join(portal.dataDir, 'blobs'));

  beforeAll(async () => {
    portal = await startPortal();
    staff = new ApiClient(portal.baseUrl);
    parent = new ApiClient(portal.baseUrl);
    otherParent = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    familyId = (await parent.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
    await otherParent.signIn('thomas.bernard@example.fr', 'Famille-2026');
    childId = (await parent.get(`/api/families/${familyId}`)).body.children[0].childId;
  });
  afterAll(() => portal?.close());

  it('is set by staff at once and shown to the family and the service', async () => {
    const request = requestId();
    const sent = await sendPhoto(portal, staff, `/api/families/${familyId}/children/${childId}/photo`, { requestId: request }, { name: 'photo.jpg', bytes: PNG, type: 'image/jpeg' });
    expect(sent).toMatchObject({ status: 201, body: { status: 'recorded', photoId: expect.any(String) } });
    const file = await parent.get(`/api/families/${familyId}`);
    expect(file.body.children[0].photoId).toBe(sent.body.photoId);

    for (const client of [parent, staff]) {
      const photo = await fetchPhoto(portal, client, familyId, sent.body.photoId);
      expect(photo).toMatchObject({ status: 200, nosniff: 'nosniff' });
      expect(photo.type).toContain('image/png'); // read from the content, not from the name or the browser
      expect(photo.bytes.equals(PNG)).toBe(true);
    }
    const again = await sendPhoto(portal, staff, `/api/families/${familyId}/children/${childId}/photo`, { requestId: request }, { name: 'photo.jpg', bytes: PNG, type: 'image/jpeg' });
    expect(again).toMatchObject({ status: 201, body: { photoId: sent.body.photoId } });
  });

  it('keeps the photo sealed with the family key on disk', () => {
    const stored = blobs().map((f) => readFileSync(join(portal.dataDir, 'blobs', f)));
    expect(stored.length).toBeGreaterThan(0);
    for (const bytes of stored) expect(bytes.includes(Buffer.from('pixels-de-la-photo-de-classe'))).toBe(false);
  });

  it('is not shown to another family', async () => {
    const current = (await staff.get(`/api/families/${familyId}`)).body.children[0].photoId;
    const photo = await fetchPhoto(portal, otherParent, familyId, current);
    expect(photo.status).toBe(404);
    expect(JSON.parse(photo.bytes.toString())).toMatchObject({ code: 'FAMILY_NOT_FOUND' });
  });

  it('sent by a parent waits for staff, who see it before accepting it', async () => {
    const before = (await staff.get(`/api/families/${familyId}`)).body.children[0].photoId;
    const sent = await sendPhoto(portal, parent, `/api/families/${familyId}/children/${childId}/photo`, { requestId: requestId() }, { name: 'selfie.jpg', bytes: JPEG, type: 'image/jpeg' });
    expect(sent).toMatchObject({ status: 201, body: { status: 'pending', statusLabel: 'En attente de validation' } });

    const pendingFile = await parent.get(`/api/families/${familyId}`);
    expect(pendingFile.body.children[0].photoId).toBe(before);
    const pending = pendingFile.body.pendingChanges.find((p: { requestId: string }) => p.requestId === sent.body.requestId);
    expect(pending).toMatchObject({ status: 'pending', change: { target: 'child', childId, changes: { photoId: sent.body.photoId } } });
    expect(pending.summary.join(' ')).toContain('Photo : nouvelle photo');
    const seen = await fetchPhoto(portal, staff, familyId, sent.body.photoId);
    expect(seen.type).toContain('image/jpeg');
    expect(seen.bytes.equals(JPEG)).toBe(true);

    const accepted = await staff.post(`/api/families/${familyId}/change-requests/${sent.body.requestId}/accept`, { requestId: requestId() });
    expect(accepted.status).toBe(200);
    expect(accepted.body.children[0].photoId).toBe(sent.body.photoId);
  });

  it('refuses what is not a JPEG or PNG photo, too large, missing or malformed, and writes nothing', async () => {
    const path = `/api/families/${familyId}/children/${childId}/photo`;
    const fileBefore = (await staff.get(`/api/families/${familyId}`)).body;
    const blobsBefore = blobs().length;

    expect(await sendPhoto(portal, parent, path, { requestId: requestId() }, { name: 'photo.png', bytes: PDF, type: 'image/png' })).toMatchObject({ status: 422, body: { code: 'PHOTO_TYPE_NOT_ALLOWED' } });
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024, 1)]);
    expect(await sendPhoto(portal, staff, path, { requestId: requestId() }, { name: 'photo.png', bytes: big, type: 'image/png' })).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await sendPhoto(portal, staff, path, { requestId: requestId() })).toMatchObject({ status: 422, body: { code: 'PHOTO_REQUIRED' } });
    expect(await sendPhoto(portal, staff, path, { requestId: 'pas-un-uuid' }, { name: 'photo.png', bytes: PNG, type: 'image/png' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const unknownChild = `/api/families/${familyId}/children/${requestId()}/photo`;
    expect(await sendPhoto(portal, staff, unknownChild, { requestId: requestId() }, { name: 'photo.png', bytes: PNG, type: 'image/png' })).toMatchObject({ status: 404, body: { code: 'CHILD_NOT_FOUND' } });
    expect((await fetchPhoto(portal, staff, familyId, requestId())).status).toBe(404);

    expect(blobs().length).toBe(blobsBefore);
    const fileAfter = (await staff.get(`/api/families/${familyId}`)).body;
    expect(fileAfter.children).toEqual(fileBefore.children);
    expect(fileAfter.pendingChanges).toEqual(fileBefore.pendingChanges);
  });
});
