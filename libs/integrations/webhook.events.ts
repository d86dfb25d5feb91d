import type { DomainEvent } from '@pf/event-sourcing';

export interface WebhookSubscription {
  subscriptionId: string;
  communeId: string;
  /** The integrator key that registered it: its scope decides what is delivered, its revocation stops it. */
  keyId: string;
  url: string;
  /** Pinned `type@version`: a new version of a type reaches a subscription only if it asks for it. */
  eventTypes: string[];
  /** Names the signing secret (derived from the portal's integrations secret); the secret itself is stored nowhere. */
  secretId: string;
  /** Deliveries start after this position (the feed's head when subscribing, unless the integrator chose). */
  startAfter: number;
}

export type WebhookSubscribed = DomainEvent<'WebhookSubscribed', WebhookSubscription>;
/** The previous secret still signs deliveries until `previousSecretExpiresAt`, so the receiver can switch without losing any. */
export type WebhookSecretRotated = DomainEvent<
  'WebhookSecretRotated',
  { subscriptionId: string; communeId: string; secretId: string; previousSecretId: string; previousSecretExpiresAt: string }
>;
/** Deliver again every event after `after` (the receiver lost data, or wants history). */
export type WebhookReplayRequested = DomainEvent<'WebhookReplayRequested', { subscriptionId: string; communeId: string; after: number }>;
export type WebhookUnsubscribed = DomainEvent<'WebhookUnsubscribed', { subscriptionId: string; communeId: string }>;

export type WebhookEvent = WebhookSubscribed | WebhookSecretRotated | WebhookReplayRequested | WebhookUnsubscribed;

export const webhookStream = (communeId: string, subscriptionId: string) => `webhook-${communeId}.${subscriptionId}`;
