import { ApiClient } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

describe('rate limits of the account routes', () => {
  let portal: RunningPortal;
  beforeAll(async () => (portal = await startPortal()));
  afterAll(() => portal?.close());

  it('stops one client trying many e-mails (credential stuffing) after 100 attempts, the right password included', async () => {
    const attacker = new ApiClient(portal.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await attacker.post('/api/auth/sign-in', { email: `victime${i}@example.fr`, password: 'Soleil-2026' })).status);
    expect(statuses).toEqual(Array(100).fill(401));
    const next = await attacker.post('/api/auth/sign-in', { email: 'claire.martin@example.fr', password: 'Famille-2026' });
    expect(next).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
  });

  it('limits "mot de passe oublié" per address and e-mail, answering the same until then', async () => {
    const client = new ApiClient(portal.baseUrl);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await client.post('/api/auth/password/forgot', { email: 'thomas.bernard@example.fr' }));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers[5]).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
  });
});
