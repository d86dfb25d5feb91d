import type { BlobStore } from '@pf/blob-store';
import type { KeyStore } from './key-store.port';
import { familySubject } from './personal-data.policy';
import { openBytes, sealBytes } from './sealing';

/**
 * A family's files (documents, photos, attestations) in the blob store, sealed with the family's
 * key: once erasure destroys the key they cannot be read, even from a backup.
 */
export class SealedFamilyFiles {
  constructor(
    private readonly blobs: BlobStore,
    private readonly keys: KeyStore,
  ) {}

  async put(familyId: string, fileId: string, bytes: Buffer): Promise<void> {
    const subject = familySubject(familyId);
    await this.blobs.put(fileId, sealBytes(subject, await this.keys.keyFor(subject), bytes));
  }

  /** The file in clear, or null when it is not stored or the family's key is gone. */
  async open(familyId: string, fileId: string): Promise<Buffer | null> {
    const subject = familySubject(familyId);
    const sealed = await this.blobs.get(fileId);
    const key = sealed ? await this.keys.existingKey(subject) : null;
    return sealed && key ? openBytes(subject, key, sealed) : null;
  }

  async has(fileId: string): Promise<boolean> {
    return (await this.blobs.get(fileId)) !== null;
  }

  /** Idempotent. */
  delete(fileId: string): Promise<void> {
    return this.blobs.delete(fileId);
  }
}
