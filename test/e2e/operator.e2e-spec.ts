import { FixedClock } from '@pf/domain';
import { ApiClient } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

const clock = new FixedClock('2026-11-03T08:00:00Z');
const OPERATOR_KEY = 'operateur-de-la-plateforme-0123456789-abcdef';

/** Rebuilding a read model drops it for every commune: the deployment's operator's control, never a commune's. */
describe("the operator's controls", () => {
  let portal: RunningPortal;
  beforeAll(async () => (portal = await startPortal({ clock, config: { operatorKey: OPERATOR_KEY } })));
  afterAll(() => portal?.close());

  const rebuild = (headers: Record<string, string>, name = 'news') =>
    fetch(`${portal.baseUrl}/api/admin/projections/${name}/rebuild`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  it("refuses a commune's staff session, a wrong key and no key with 403 OPERATOR_ONLY", async () => {
    const staff = new ApiClient(portal.baseUrl);
    await staff.signIn('agent.enfance@saint-hilaire-du-bois.fr', 'Enfance-2026');
    expect(await staff.post('/api/admin/projections/news/rebuild', {})).toMatchObject({ status: 403, body: { code: 'OPERATOR_ONLY' } });
    for (const headers of [{}, { 'x-operator-key': `${OPERATOR_KEY}x` }] as Array<Record<string, string>>) {
      const answer = await rebuild(headers);
      expect(answer.status).toBe(403);
      expect(await answer.json()).toMatchObject({ code: 'OPERATOR_ONLY' });
    }
  });

  it('rebuilds with the operator key, and names an unknown read model 404', async () => {
    const answer = await rebuild({ 'x-operator-key': OPERATOR_KEY });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ rebuilt: ['news'] });
    expect((await rebuild({ 'x-operator-key': OPERATOR_KEY }, 'nothing')).status).toBe(404);
  });

  it('offers nothing over HTTP when no operator key is configured', async () => {
    const plain = await startPortal({ clock });
    try {
      const answer = await fetch(`${plain.baseUrl}/api/admin/projections/news/rebuild`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-operator-key': '' }, body: '{}' });
      expect(answer.status).toBe(403);
    } finally {
      await plain.close();
    }
  });
});
