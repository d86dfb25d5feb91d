import { DomainError } from '@pf/domain';
import {
  decideReplayWebhook,
  decideRotateWebhookSecret,
  decideSubscribeWebhook,
  decideUnsubscribeWebhook,
  evolveWebhook,
  initialWebhookState,
  type WebhookState,
} from './webhook.decider';
import type { WebhookEvent, WebhookSubscription } from './webhook.events';

const production = { allowPrivateNetworks: false };
const subscription: WebhookSubscription = {
  subscriptionId: '7a6b5c4d-3e2f-5a1b-8c9d-0e1f2a3b4c5d',
  communeId: 'saint-hilaire-du-bois',
  keyId: '2f7e1c3a-9b8d-5e4f-a1b2-c3d4e5f6a7b8',
  url: 'https://compta.example.fr/hooks/portail',
  eventTypes: ['reservation.accepted@1', 'reservation.accepted@1', 'family.opened@1'],
  secretId: 'e1d2c3b4-a596-5877-8899-aabbccddeeff',
  startAfter: 120,
};
const ids = { subscriptionId: subscription.subscriptionId, communeId: subscription.communeId };
const given = (...events: WebhookEvent[]): WebhookState => events.reduce(evolveWebhook, initialWebhookState);
const subscribed: WebhookEvent = { type: 'WebhookSubscribed', data: { ...subscription, eventTypes: ['reservation.accepted@1', 'family.opened@1'] } };
const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
  return 'no error';
};

describe('webhook subscriptions', () => {
  it('subscribes an https address to event types, once each', () => {
    expect(decideSubscribeWebhook(subscription, given(), production)).toEqual([subscribed]);
  });

  it('refuses a private address in production and an empty list of types', () => {
    expect(code(() => decideSubscribeWebhook({ ...subscription, url: 'https://192.168.0.2/hook' }, given(), production))).toBe('WEBHOOK_URL_PRIVATE_ADDRESS');
    expect(code(() => decideSubscribeWebhook({ ...subscription, eventTypes: [] }, given(), production))).toBe('EVENT_TYPES_REQUIRED');
  });

  it('keeps the previous secret valid for the overlap after a rotation', () => {
    const events = decideRotateWebhookSecret({ ...ids, secretId: 'new-secret', overlapSeconds: 3600 }, given(subscribed), '2026-12-01T08:00:00.000Z');
    expect(events).toEqual([
      {
        type: 'WebhookSecretRotated',
        data: { ...ids, secretId: 'new-secret', previousSecretId: subscription.secretId, previousSecretExpiresAt: '2026-12-01T09:00:00.000Z' },
      },
    ]);
    expect(given(subscribed, events[0]).secretId).toBe('new-secret');
  });

  it('refuses an overlap longer than a week', () => {
    expect(code(() => decideRotateWebhookSecret({ ...ids, secretId: 'x', overlapSeconds: 8 * 24 * 3600 }, given(subscribed), '2026-12-01T08:00:00Z'))).toBe(
      'OVERLAP_INVALID',
    );
  });

  it('replays from a position, and refuses a negative one', () => {
    expect(decideReplayWebhook({ ...ids, after: 0 }, given(subscribed))).toEqual([{ type: 'WebhookReplayRequested', data: { ...ids, after: 0 } }]);
    expect(code(() => decideReplayWebhook({ ...ids, after: -1 }, given(subscribed)))).toBe('POSITION_INVALID');
  });

  it('stops a cancelled subscription from being changed', () => {
    const cancelled = given(subscribed, { type: 'WebhookUnsubscribed', data: ids });
    expect(code(() => decideUnsubscribeWebhook(ids, cancelled))).toBe('WEBHOOK_CANCELLED');
    expect(code(() => decideReplayWebhook({ ...ids, after: 3 }, cancelled))).toBe('WEBHOOK_CANCELLED');
    expect(code(() => decideReplayWebhook({ ...ids, after: 3 }, given()))).toBe('WEBHOOK_NOT_FOUND');
  });
});
