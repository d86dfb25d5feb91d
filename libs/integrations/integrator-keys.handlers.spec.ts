import type { SessionUser } from '@pf/identity';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { HARNESS_COMMUNE, ProjectionHarness } from '@pf/testing';
import { IntegratorKeyAuthenticator } from './api-key-authenticator';
import { integratorKeyStream } from './integrator-key.events';
import { hashApiKey, IssueIntegratorKeyCommand, IssueIntegratorKeyHandler, RevokeIntegratorKeyCommand, RevokeIntegratorKeyHandler } from './integrator-keys.handlers';
import { INTEGRATOR_KEYS, integrationsProjection, type IntegratorKeyDocument } from './integrations.projection';
import { ReplayWebhookCommand, ReplayWebhookHandler, webhookVisibleTo } from './webhooks.handlers';
import { webhookStream } from './webhook.events';

const OTHER_COMMUNE = 'autre-commune';
const REQUEST = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const SUBSCRIPTION = '7a6b5c4d-3e2f-5a1b-8c9d-0e1f2a3b4c5d';

const ctx = (communeId: string, requestId: string): CommandContext & { requestId: string } => ({
  communeId,
  actor: { kind: 'staff', id: `agent-${communeId}`, name: 'Agent' },
  channel: 'back-office',
  requestId,
  now: '2026-12-01T09:00:00.000Z',
});
const staffOf = (communeId: string): SessionUser => ({ accountId: `agent-${communeId}`, role: 'staff', communeId, familyId: null, displayName: 'Agent' });

describe('integrator keys and webhooks of one commune', () => {
  let h: ProjectionHarness;
  let streams: EventSourcedStreams;
  let authenticator: IntegratorKeyAuthenticator;
  const issue = async (communeId: string, requestId: string) => {
    const issued = await new IssueIntegratorKeyHandler(streams).execute(new IssueIntegratorKeyCommand({ label: 'Compta', scope: 'accounting' }, ctx(communeId, requestId)));
    await h.waitFor(issued.position);
    return issued;
  };

  beforeEach(async () => {
    h = await ProjectionHarness.start([integrationsProjection]);
    streams = new EventSourcedStreams(h.events);
    authenticator = new IntegratorKeyAuthenticator(h.reads);
  });
  afterEach(() => h.stop());

  it('derives a key’s id from its commune and request: the same request id elsewhere gives another key, each authenticating in its commune', async () => {
    const ours = await issue(HARNESS_COMMUNE, REQUEST);
    const theirs = await issue(OTHER_COMMUNE, REQUEST);
    expect(theirs.keyId).not.toBe(ours.keyId);
    expect(await authenticator.authenticate(ours.key)).toMatchObject({ accountId: ours.keyId, role: 'integrator', communeId: HARNESS_COMMUNE });
    expect(await authenticator.authenticate(theirs.key)).toMatchObject({ accountId: theirs.keyId, role: 'integrator', communeId: OTHER_COMMUNE });
    expect(await authenticator.authenticate(`${ours.key}x`)).toBeNull();
  });

  it('revokes a key of the caller’s commune only: another commune naming it gets a 404 and the key keeps working', async () => {
    const ours = await issue(HARNESS_COMMUNE, REQUEST);
    const before = await h.get<IntegratorKeyDocument>(INTEGRATOR_KEYS, ours.keyId);
    await expect(new RevokeIntegratorKeyHandler(streams, h.reads).execute(new RevokeIntegratorKeyCommand(ours.keyId, ctx(OTHER_COMMUNE, '2b3c4d5e-6f70-4a8b-9cad-1e2f3a4b5c6d')))).rejects.toMatchObject({
      code: 'INTEGRATOR_KEY_NOT_FOUND',
    });
    expect(await h.events.readStream(integratorKeyStream(OTHER_COMMUNE, ours.keyId))).toEqual([]);
    expect(await h.get<IntegratorKeyDocument>(INTEGRATOR_KEYS, ours.keyId)).toEqual(before);
    expect(await authenticator.authenticate(ours.key)).toMatchObject({ communeId: HARNESS_COMMUNE });

    const revoked = await new RevokeIntegratorKeyHandler(streams, h.reads).execute(new RevokeIntegratorKeyCommand(ours.keyId, ctx(HARNESS_COMMUNE, '3c4d5e6f-7081-4b9c-8dbe-2f3a4b5c6d7e')));
    await h.waitFor(revoked.position);
    expect(await authenticator.authenticate(ours.key)).toBeNull();
  });

  it('never lets a key issued in another commune with the same id and hash take the first one’s place', async () => {
    const ours = await issue(HARNESS_COMMUNE, REQUEST);
    const before = await h.get<IntegratorKeyDocument>(INTEGRATOR_KEYS, ours.keyId);
    await h.given({
      type: 'IntegratorKeyIssued',
      data: { keyId: ours.keyId, communeId: OTHER_COMMUNE, label: 'Intrus', scope: 'school-software', keyHash: hashApiKey(ours.key), keyPrefix: 'pfk_x' },
      communeId: OTHER_COMMUNE,
    });
    expect(await h.get<IntegratorKeyDocument>(INTEGRATOR_KEYS, ours.keyId)).toEqual(before);
    expect(await authenticator.authenticate(ours.key)).toMatchObject({ accountId: ours.keyId, communeId: HARNESS_COMMUNE, displayName: 'Intégrateur « Compta »' });
  });

  it('finds a webhook subscription in the caller’s commune only', async () => {
    const ours = await issue(HARNESS_COMMUNE, REQUEST);
    await h.given({
      type: 'WebhookSubscribed',
      data: { subscriptionId: SUBSCRIPTION, communeId: HARNESS_COMMUNE, keyId: ours.keyId, url: 'https://compta.example.fr/hook', eventTypes: ['reservation.accepted@1'], secretId: 's1', startAfter: 0 },
    });
    expect(await webhookVisibleTo(staffOf(HARNESS_COMMUNE), SUBSCRIPTION, h.reads)).toMatchObject({ _id: SUBSCRIPTION, communeId: HARNESS_COMMUNE });
    await expect(webhookVisibleTo(staffOf(OTHER_COMMUNE), SUBSCRIPTION, h.reads)).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
    const replay = new ReplayWebhookHandler(streams, h.reads);
    await expect(replay.execute(new ReplayWebhookCommand(SUBSCRIPTION, 0, staffOf(OTHER_COMMUNE), ctx(OTHER_COMMUNE, '4d5e6f70-8192-4cad-9ecf-3a4b5c6d7e8f')))).rejects.toMatchObject({
      code: 'WEBHOOK_NOT_FOUND',
    });
    expect(await h.events.readStream(webhookStream(OTHER_COMMUNE, SUBSCRIPTION))).toEqual([]);
  });
});
