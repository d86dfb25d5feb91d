import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '@pf/domain';
import { buildCatalogue, withCatalogueSection } from '@pf/integrations';
import { PORTAL_PUBLIC_EVENTS } from '../../apps/api/src/projections';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { IntegratorClient } from '../support/integrator-client';
import { startPortal, type RunningPortal } from '../support/portal';

const root = join(__dirname, '../..');

describe('what integrators read about the portal matches the portal', () => {
  it('shows in docs/integrations.md the very catalogue the portal serves (run `npm run docs:integrations` after a change)', () => {
    const doc = readFileSync(join(root, 'docs/integrations.md'), 'utf8');
    expect(withCatalogueSection(doc, buildCatalogue(PORTAL_PUBLIC_EVENTS))).toBe(doc);
    for (const t of PORTAL_PUBLIC_EVENTS.types) expect(doc).toContain(`### \`${t.type}@${t.version}\``);
  });

  describe('the README’s ten lines', () => {
    let portal: RunningPortal;
    let key: string;
    beforeAll(async () => {
      portal = await startPortal({ clock: new FixedClock('2026-12-01T08:00:00Z') });
      const staff = new ApiClient(portal.baseUrl);
      await staff.signIn(STAFF.email, STAFF.password);
      key = (await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Lecteur du README', scope: 'school-software' })).body.key;
    });
    afterAll(() => portal?.close());

    it('consume the whole feed, in order', async () => {
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('## Integrators'));
      const code = /```js\n([\s\S]*?)```/.exec(section)![1];
      expect(code.trim().split('\n')).toHaveLength(10);

      const expected: string[] = [];
      for (let after = 0, more = true; more; ) {
        const page = await new IntegratorClient(portal.baseUrl, key).get(`/api/integrations/events?after=${after}&limit=100`);
        expected.push(...page.body.items.map((e: { position: number; type: string }) => `${e.position} ${e.type}`));
        after = page.body.next;
        more = page.body.hasMore;
      }
      expect(expected.length).toBeGreaterThan(3);

      const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
        env: { PATH: process.env.PATH, PORTAIL_URL: portal.baseUrl, PORTAIL_KEY: key },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      try {
        const deadline = Date.now() + 15_000;
        while (out.trim().split('\n').filter(Boolean).length < expected.length && Date.now() < deadline && child.exitCode === null) {
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        child.kill();
      }
      expect(err).toBe('');
      const printed = out.trim().split('\n').map((line) => line.split(' ').slice(0, 2).join(' '));
      expect(printed).toEqual(expected);
    });
  });
});
