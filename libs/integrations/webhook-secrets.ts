import { createHmac } from 'node:crypto';

/**
 * A subscription's signing secret derives from the portal's integrations secret, its commune and
 * the ids in its events: the portal can sign without any secret stored in the event or read
 * stores, a retried registration gives the very same secret, and the same ids in two communes
 * never give the same secret.
 */
export class WebhookSecrets {
  constructor(private readonly masterSecret: string) {
    if (masterSecret.length < 32) throw new Error('The integrations secret must have at least 32 characters');
  }

  secretFor(communeId: string, subscriptionId: string, secretId: string): string {
    return `whsec_${createHmac('sha256', this.masterSecret).update(`webhook-secret|${communeId}|${subscriptionId}|${secretId}`).digest('base64url')}`;
  }
}
