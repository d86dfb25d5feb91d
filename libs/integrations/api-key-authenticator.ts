import { Inject, Injectable } from '@nestjs/common';
import type { ApiKeyAuthenticator, SessionUser } from '@pf/identity';
import { READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { API_KEY_PREFIX, hashApiKey } from './integrator-keys.handlers';
import { INTEGRATOR_KEY_HASHES, INTEGRATOR_KEYS, type IntegratorKeyDocument, type IntegratorKeyHashDocument } from './integrations.projection';

/**
 * `Authorization: Bearer pfk_…` → the integrator of one commune. Keys are looked up by their
 * SHA-256 (they are 256-bit random, so a plain hash suffices), which names the commune; that
 * commune's key document must agree, and a revoked key authenticates no one.
 */
@Injectable()
export class IntegratorKeyAuthenticator implements ApiKeyAuthenticator {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async authenticate(key: string): Promise<SessionUser | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    const keyHash = hashApiKey(key);
    const found = await this.reads.collection<IntegratorKeyHashDocument>(INTEGRATOR_KEY_HASHES).get(keyHash);
    if (!found) return null;
    const doc = await this.reads.inCommune(found.communeId).collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).get(found.keyId);
    if (!doc || doc.keyHash !== keyHash || doc.status !== 'active') return null;
    return { accountId: doc._id, role: 'integrator', communeId: found.communeId, familyId: null, displayName: `Intégrateur « ${doc.label} »` };
  }
}
