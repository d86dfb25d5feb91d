import { Inject, Injectable } from '@nestjs/common';
import type { ApiKeyAuthenticator, SessionUser } from '@pf/accounts';
import { READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { API_KEY_PREFIX, hashApiKey } from './integrator-keys.handlers';
import { INTEGRATOR_KEYS, type IntegratorKeyDocument } from './integrations.projection';

/**
 * `Authorization: Bearer pfk_…` → the integrator of one commune. Keys are looked up by their
 * SHA-256 (they are 256-bit random, so a plain hash suffices); a revoked key authenticates no one.
 */
@Injectable()
export class IntegratorKeyAuthenticator implements ApiKeyAuthenticator {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async authenticate(key: string): Promise<SessionUser | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    const [doc] = await this.reads.collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).find({ keyHash: hashApiKey(key) }, { limit: 1 });
    if (!doc || doc.status !== 'active') return null;
    return { accountId: doc._id, role: 'integrator', communeId: doc.communeId, familyId: null, displayName: `Intégrateur « ${doc.label} »` };
  }
}
