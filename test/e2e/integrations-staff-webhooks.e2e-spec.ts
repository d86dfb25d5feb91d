import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '@pf/domain';
import { verifyWebhookSignature } from '@pf/integrations';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { IntegratorClient } from '../support/integrator-client';
import { startPortal, type RunningPortal } from '../support/portal';

// A receiver on 127.0.0.1 over http, and quick polling, so the test runs in seconds.
Object.assign(process.env, { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOKS_POLL_MS: '100', WEBHOOKS_RETRY_BASE_MS: '50', WEBHOOKS_TIMEOUT_MS: '1000' });

const clock = new FixedClock('2026-12-01T08:00:00Z');

describe('webhooks registered by the service for a software that cannot call the API itself', () => {
  const received: Array<{ body: string; headers: IncomingHttpHeaders; type: string }> = [];
  let receiver: Server;
  let url: string;
  let portal: RunningPortal;
  let staff: ApiClient;
  let key: { keyId: string; key: string };

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ body, headers: request.headers, type: JSON.parse(body).type });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/compta/portail`;
    portal = await startPortal({ clock });
    staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    key = (await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Logiciel comptable', scope: 'accounting' })).body;
  });
  afterAll(async () => {
    await portal?.close();
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  });

  it('subscribes the key to event types, shows the secret once, and the software receives each event signed with it', async () => {
    const rid = requestId();
    const subscribed = await staff.post(`/api/integrations/keys/${key.keyId}/webhooks`, { requestId: rid, url, eventTypes: ['family.opened'] });
    expect(subscribed.status).toBe(201);
    expect(subscribed.body).toMatchObject({ url, eventTypes: ['family.opened@1'], secret: expect.stringMatching(/^whsec_/), notice: expect.stringContaining('Copiez ce secret') });
    // A retried request answers the same subscription and secret, and registers nothing more.
    const again = await staff.post(`/api/integrations/keys/${key.keyId}/webhooks`, { requestId: rid, url, eventTypes: ['family.opened'] });
    expect(again.body).toMatchObject({ subscriptionId: subscribed.body.subscriptionId, secret: subscribed.body.secret });

    const listed = (await staff.get('/api/integrations/webhooks')).body.items;
    expect(listed).toEqual([expect.objectContaining({ subscriptionId: subscribed.body.subscriptionId, keyId: key.keyId, keyLabel: 'Logiciel comptable', statusLabel: 'Actif' })]);
    // The subscription is the key's own: the software sees it with its key.
    const software = new IntegratorClient(portal.baseUrl, key.key);
    expect((await software.get('/api/integrations/webhooks')).body.items.map((w: { subscriptionId: string }) => w.subscriptionId)).toEqual([subscribed.body.subscriptionId]);

    await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', lastName: 'Roux', firstName: 'Anne', email: 'anne.roux@example.fr' },
      children: [{ firstName: 'Léo', lastName: 'Roux', birthDate: '2019-04-02' }],
    });
    const deadline = Date.now() + 15_000;
    while (!received.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received.map((r) => r.type)).toEqual(['family.opened']);
    const nowSeconds = Math.floor(Date.parse(clock.now()) / 1000);
    expect(verifyWebhookSignature({ body: received[0].body, header: received[0].headers['x-pf-signature'] as string, secret: subscribed.body.secret, nowSeconds })).toBe(true);
  });

  it('refuses event types outside the key’s scope and addresses that are not web addresses, writing nothing', async () => {
    const before = (await staff.get('/api/integrations/webhooks')).body.items.length;
    const scope = await staff.post(`/api/integrations/keys/${key.keyId}/webhooks`, { requestId: requestId(), url, eventTypes: ['reservation.requested'] });
    expect(scope).toMatchObject({ status: 422, body: { code: 'EVENT_TYPE_NOT_IN_SCOPE' } });
    const ftp = await staff.post(`/api/integrations/keys/${key.keyId}/webhooks`, { requestId: requestId(), url: 'ftp://127.0.0.1/x', eventTypes: ['family.opened'] });
    expect(ftp).toMatchObject({ status: 422, body: { code: 'WEBHOOK_URL_NOT_HTTPS' } });
    const none = await staff.post(`/api/integrations/keys/${key.keyId}/webhooks`, { requestId: requestId(), url, eventTypes: [] });
    expect(none).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'eventTypes' })] } });
    expect((await staff.get('/api/integrations/webhooks')).body.items).toHaveLength(before);
  });

  it('refuses a revoked key, and another commune’s staff cannot reach the key', async () => {
    const other = await registerOtherCommune(portal, clock.now());
    const outsider = new ApiClient(portal.baseUrl);
    await outsider.signIn(other.staff.email, other.staff.password);
    const foreign = await outsider.post(`/api/integrations/keys/${key.keyId}/webhooks`, { requestId: requestId(), url, eventTypes: ['family.opened'] });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'INTEGRATOR_KEY_NOT_FOUND' } });

    await staff.post(`/api/integrations/keys/${key.keyId}/revoke`, { requestId: requestId() });
    const revoked = await staff.post(`/api/integrations/keys/${key.keyId}/webhooks`, { requestId: requestId(), url, eventTypes: ['family.opened'] });
    expect(revoked).toMatchObject({ status: 409, body: { code: 'INTEGRATOR_KEY_REVOKED' } });
    expect((await staff.get('/api/integrations/webhooks')).body.items[0]).toMatchObject({ statusLabel: 'Suspendu (clé révoquée)' });
  });
});
