import { ApiClient } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { startPortal, type RunningPortal } from '../support/portal';

describe('the public list of communes, for a family that has no account yet', () => {
  let portal: RunningPortal;
  let anonymous: ApiClient;

  beforeAll(async () => {
    portal = await startPortal();
    await registerOtherCommune(portal, '2026-09-01T08:00:00Z');
    anonymous = new ApiClient(portal.baseUrl);
  });
  afterAll(() => portal?.close());

  it('lists every commune of the portal by name, to anyone, with no personal data', async () => {
    const list = await anonymous.get('/api/communes');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [
        { communeId: 'saint-hilaire-du-bois', name: 'Saint-Hilaire-du-Bois', serviceName: expect.any(String) },
        { communeId: 'val-de-loire-test', name: 'Val-de-Loire-Test', serviceName: 'Service enfance' },
      ],
      total: 2,
      limit: 20,
      offset: 0,
    });
  });

  it('pages the list', async () => {
    const first = await anonymous.get('/api/communes?limit=1');
    const second = await anonymous.get('/api/communes?limit=1&offset=1');
    expect(first.body).toMatchObject({ total: 2, limit: 1, offset: 0, items: [{ communeId: 'saint-hilaire-du-bois' }] });
    expect(second.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ communeId: 'val-de-loire-test' }] });
  });

  it('finds a commune by the start of a word of its name', async () => {
    expect((await anonymous.get(`/api/communes?q=${encodeURIComponent('St Hil')}`)).body).toMatchObject({ total: 1, items: [{ communeId: 'saint-hilaire-du-bois' }] });
    expect((await anonymous.get('/api/communes?q=loire')).body).toMatchObject({ total: 1, items: [{ communeId: 'val-de-loire-test' }] });
    expect((await anonymous.get('/api/communes?q=bordeaux')).body).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
  });

  it('answers a malformed page with a French message per field', async () => {
    const bad = await anonymous.get('/api/communes?limit=0&offset=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'offset']);
  });
});
