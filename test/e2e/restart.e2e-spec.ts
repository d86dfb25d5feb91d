import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal } from '../support/portal';

describe('the embedded stores across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portail-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keep every family, account and read model, and the demo seed adds nothing', async () => {
    const first = await startPortal({ dataDir });
    let familyId: string;
    let head: number;
    try {
      const staff = new ApiClient(first.baseUrl);
      await staff.signIn(STAFF.email, STAFF.password);
      const opened = await staff.post('/api/families', {
        requestId: requestId(),
        guardian: { civility: 'M', lastName: 'Petit', firstName: 'Karim', email: 'karim.petit@example.fr' },
        children: [{ firstName: 'Inès', lastName: 'Petit', birthDate: '2019-02-03' }],
      });
      familyId = opened.body.familyId;
      head = (await staff.get('/api/health')).body.headPosition;
    } finally {
      await first.close();
    }

    const second = await startPortal({ dataDir });
    try {
      const staff = new ApiClient(second.baseUrl);
      await staff.signIn(STAFF.email, STAFF.password);
      const family = await staff.get(`/api/families/${familyId}`);
      expect(family.body).toMatchObject({ name: 'Famille PETIT', children: [{ firstName: 'Inès' }] });
      expect((await staff.get('/api/health')).body.headPosition).toBe(head);
    } finally {
      await second.close();
    }
  });

  it('refuses a second portal on a data folder already in use, and says so', async () => {
    const running = await startPortal({ dataDir });
    try {
      await expect(startPortal({ dataDir })).rejects.toThrow(/in use by another process/);
    } finally {
      await running.close();
    }
  });
});
