import type { RecordedEvent } from '@pf/event-store';
import { projection } from '@pf/projections';
import { deploymentCollection, type CommuneUnitOfWork, type Document } from '@pf/read-store';
import type { IntegratorKeyEvent } from './integrator-key.events';
import type { IntegratorScope } from './scopes';
import type { WebhookEvent } from './webhook.events';

export const INTEGRATIONS_PROJECTION = 'integrations';
export const INTEGRATOR_KEYS = 'integrator_keys';
/**
 * Deployment-wide: a bearer key is authenticated before its commune is known. Keyed by the key's
 * SHA-256 (of 256 random bits: unguessable, never chosen by a client), it only names the commune
 * and the key; the commune's own key document decides.
 */
export const INTEGRATOR_KEY_HASHES = deploymentCollection('integrator_key_hashes');
export const WEBHOOK_SUBSCRIPTIONS = 'webhook_subscriptions';

export interface IntegratorKeyDocument extends Document {
  communeId: string;
  label: string;
  scope: IntegratorScope;
  keyHash: string;
  keyPrefix: string;
  status: 'active' | 'revoked';
  issuedAt: string;
  issuedBy: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface WebhookSubscriptionDocument extends Document {
  communeId: string;
  keyId: string;
  url: string;
  eventTypes: string[];
  status: 'active' | 'cancelled';
  /** Current secret first; a previous one stays while its expiry is in the future. */
  secrets: Array<{ secretId: string; expiresAt: string | null }>;
  startAfter: number;
  /** The latest replay asked for; the dispatcher applies each one once (by its event id). */
  replay: { id: string; after: number; requestedAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** Which commune's key a bearer key is: `_id` is the key's hash. */
export interface IntegratorKeyHashDocument extends Document {
  communeId: string;
  keyId: string;
}

type KeyData<T extends IntegratorKeyEvent['type']> = Extract<IntegratorKeyEvent, { type: T }>['data'];
type HookData<T extends WebhookEvent['type']> = Extract<WebhookEvent, { type: T }>['data'];

const who = (event: RecordedEvent) => event.metadata.actor.name ?? event.metadata.actor.kind;

async function updateHook(uow: CommuneUnitOfWork, id: string, change: (doc: WebhookSubscriptionDocument) => WebhookSubscriptionDocument) {
  const hooks = uow.collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS);
  const doc = await hooks.get(id);
  if (doc) await hooks.upsert(change(doc));
}

/** Integrator keys and webhook subscriptions, as staff and the dispatcher read them. */
export const integrationsProjection = projection(
  INTEGRATIONS_PROJECTION,
  // 2: keys and subscriptions kept per commune, bearer keys found through their hash.
  2,
  [
    { name: INTEGRATOR_KEYS },
    { name: INTEGRATOR_KEY_HASHES },
    { name: WEBHOOK_SUBSCRIPTIONS, indexes: [{ fields: ['keyId'] }, { fields: ['status'] }] },
  ],
  {
    IntegratorKeyIssued: async (event, uow) => {
      const data = event.data as KeyData<'IntegratorKeyIssued'>;
      const { communeId } = event.metadata;
      const hashes = uow.collection<IntegratorKeyHashDocument>(INTEGRATOR_KEY_HASHES);
      const known = await hashes.get(data.keyHash);
      // A hash already naming another key (of this commune or another) stays as it is: no key takes another's place.
      if (!known || (known.communeId === communeId && known.keyId === data.keyId)) await hashes.upsert({ _id: data.keyHash, communeId, keyId: data.keyId });
      await uow.collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).upsert({
        _id: data.keyId,
        communeId,
        label: data.label,
        scope: data.scope,
        keyHash: data.keyHash,
        keyPrefix: data.keyPrefix,
        status: 'active',
        issuedAt: event.metadata.occurredAt,
        issuedBy: who(event),
        revokedAt: null,
        revokedBy: null,
      });
    },
    IntegratorKeyRevoked: async (event, uow) => {
      const data = event.data as KeyData<'IntegratorKeyRevoked'>;
      const keys = uow.collection<IntegratorKeyDocument>(INTEGRATOR_KEYS);
      const key = await keys.get(data.keyId);
      if (key) await keys.upsert({ ...key, status: 'revoked', revokedAt: event.metadata.occurredAt, revokedBy: who(event) });
    },
    WebhookSubscribed: async (event, uow) => {
      const data = event.data as HookData<'WebhookSubscribed'>;
      await uow.collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS).upsert({
        _id: data.subscriptionId,
        communeId: event.metadata.communeId,
        keyId: data.keyId,
        url: data.url,
        eventTypes: data.eventTypes,
        status: 'active',
        secrets: [{ secretId: data.secretId, expiresAt: null }],
        startAfter: data.startAfter,
        replay: null,
        createdAt: event.metadata.occurredAt,
        updatedAt: event.metadata.occurredAt,
      });
    },
    WebhookSecretRotated: (event, uow) => {
      const data = event.data as HookData<'WebhookSecretRotated'>;
      return updateHook(uow, data.subscriptionId, (doc) => ({
        ...doc,
        secrets: [
          { secretId: data.secretId, expiresAt: null },
          { secretId: data.previousSecretId, expiresAt: data.previousSecretExpiresAt },
        ],
        updatedAt: event.metadata.occurredAt,
      }));
    },
    WebhookReplayRequested: (event, uow) => {
      const data = event.data as HookData<'WebhookReplayRequested'>;
      return updateHook(uow, data.subscriptionId, (doc) => ({
        ...doc,
        replay: { id: event.id, after: data.after, requestedAt: event.metadata.occurredAt },
        updatedAt: event.metadata.occurredAt,
      }));
    },
    WebhookUnsubscribed: (event, uow) => {
      const data = event.data as HookData<'WebhookUnsubscribed'>;
      return updateHook(uow, data.subscriptionId, (doc) => ({ ...doc, status: 'cancelled', updatedAt: event.metadata.occurredAt }));
    },
  },
);

/** Secrets that sign a delivery at `now`: the current one, and the previous one during its overlap. */
export const signingSecretIds = (doc: Pick<WebhookSubscriptionDocument, 'secrets'>, now: string): string[] =>
  doc.secrets.filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > Date.parse(now)).map((s) => s.secretId);
