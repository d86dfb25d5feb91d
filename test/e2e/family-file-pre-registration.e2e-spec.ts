import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { startPortal, type RunningPortal } from '../support/portal';

describe('pre-registration: a family without a code asks, staff open its file', () => {
  let portal: RunningPortal;
  let staff: ApiClient;
  const email = `karim.benali.${Date.now()}@example.fr`;
  const body = () => ({
    requestId: requestId(),
    communeId: 'saint-hilaire-du-bois',
    guardians: [
      { civility: 'M', lastName: 'Benali', firstName: 'Karim', email, phones: { mobile: '07 11 22 33 44' }, address: { line1: '5 place du Marché', postcode: '44190', city: 'Saint-Hilaire-du-Bois' } },
      { civility: 'Mme', lastName: 'Benali', firstName: 'Inès', email: `ines.${email}`, phones: { home: '02 40 11 22 33' } },
    ],
    children: [{ firstName: 'Yanis', lastName: 'Benali', birthDate: '2020-09-14', sex: 'M' }],
    message: 'Nous arrivons dans la commune en janvier.',
  });

  beforeAll(async () => {
    portal = await startPortal();
    staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
  });
  afterAll(() => portal?.close());

  it('refuses a request without phone or address, or with a malformed field, writing nothing', async () => {
    const anonymous = new ApiClient(portal.baseUrl);
    const noPhone = body();
    delete (noPhone.guardians[0] as { phones?: unknown }).phones;
    expect(await anonymous.post('/api/pre-registrations', noPhone)).toMatchObject({ status: 422, body: { code: 'FAMILY_FILE_INVALID' } });
    const badPostcode = body();
    badPostcode.guardians[0].address!.postcode = '441';
    expect(await anonymous.post('/api/pre-registrations', badPostcode)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    // A family without a file has no photo on the portal: a photo id (some file's, perhaps another commune's) names nothing.
    const namingAPhoto = body();
    Object.assign(namingAPhoto.children[0], { photoId: requestId() });
    expect(await anonymous.post('/api/pre-registrations', namingAPhoto)).toMatchObject({ status: 404, body: { code: 'PHOTO_NOT_FOUND' } });
    expect((await staff.get('/api/pre-registrations')).body.items).toEqual([]);
  });

  it('lets staff open the file from the request, with both guardians, and print its code', async () => {
    const sent = await new ApiClient(portal.baseUrl).post('/api/pre-registrations', body());
    expect(sent).toMatchObject({ status: 201, body: { status: 'pending' } });
    const pending = await staff.get('/api/pre-registrations');
    expect(pending.body.items).toEqual([expect.objectContaining({ preRegistrationId: sent.body.preRegistrationId, message: 'Nous arrivons dans la commune en janvier.' })]);

    const opened = await staff.post(`/api/pre-registrations/${sent.body.preRegistrationId}/open-file`, { requestId: requestId() });
    expect(opened).toMatchObject({ status: 201, body: { familyId: sent.body.preRegistrationId, subscriberCode: expect.stringMatching(/^SHB-/) } });
    const file = await staff.get(`/api/families/${opened.body.familyId}`);
    expect(file.body.guardians.map((g: { firstName: string }) => g.firstName)).toEqual(['Karim', 'Inès']);
    expect(file.body.guardians[0].phones).toEqual({ mobile: '07 11 22 33 44' });
    expect((await staff.get('/api/pre-registrations')).body.items).toEqual([]);
    const twice = await staff.post(`/api/pre-registrations/${sent.body.preRegistrationId}/open-file`, { requestId: requestId() });
    expect(twice).toMatchObject({ status: 409, body: { code: 'PRE_REGISTRATION_ALREADY_DECIDED' } });
  });

  it('forgets a declined request', async () => {
    const sent = await new ApiClient(portal.baseUrl).post('/api/pre-registrations', body());
    expect((await staff.post(`/api/pre-registrations/${sent.body.preRegistrationId}/decline`, { requestId: requestId(), reasonCode: 'OUT_OF_AREA' })).status).toBe(204);
    expect((await staff.get('/api/pre-registrations')).body.items).toEqual([]);
  });

  it("keeps a request in its commune: the same request id elsewhere is another request, and another commune's agent cannot open or decline it", async () => {
    const other = await registerOtherCommune(portal, new Date().toISOString());
    const agent = new ApiClient(portal.baseUrl);
    await agent.signIn(other.staff.email, other.staff.password);
    const here = body();
    const sent = await new ApiClient(portal.baseUrl).post('/api/pre-registrations', here);
    const elsewhere = await new ApiClient(portal.baseUrl).post('/api/pre-registrations', { ...body(), requestId: here.requestId, communeId: other.communeId });
    expect(elsewhere).toMatchObject({ status: 201, body: { status: 'pending' } });
    expect(elsewhere.body.preRegistrationId).not.toBe(sent.body.preRegistrationId);

    const id = sent.body.preRegistrationId;
    expect(await agent.post(`/api/pre-registrations/${id}/open-file`, { requestId: requestId() })).toMatchObject({ status: 404, body: { code: 'PRE_REGISTRATION_NOT_FOUND' } });
    expect(await agent.post(`/api/pre-registrations/${id}/decline`, { requestId: requestId(), reasonCode: 'OTHER' })).toMatchObject({ status: 404, body: { code: 'PRE_REGISTRATION_NOT_FOUND' } });
    expect((await agent.get('/api/pre-registrations')).body.items.map((p: { preRegistrationId: string }) => p.preRegistrationId)).toEqual([elsewhere.body.preRegistrationId]);
    expect((await staff.get('/api/pre-registrations')).body.items).toEqual([expect.objectContaining({ preRegistrationId: id, message: 'Nous arrivons dans la commune en janvier.' })]);
  });
});
