import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * The master key-encryption key (KEY_ENCRYPTION_KEY): the per-subject data keys are stored only
 * wrapped by it (AES-256-GCM, the subject in the AAD so a wrapped key cannot be moved to another
 * subject). Whoever copies the key store without the KEK reads nothing.
 */
export class KeyWrapper {
  private readonly kek: Buffer;

  constructor(keyEncryptionKey: Buffer) {
    if (keyEncryptionKey.length !== 32) throw new Error(`The key-encryption key must be 32 bytes (got ${keyEncryptionKey.length})`);
    this.kek = Buffer.from(keyEncryptionKey);
  }

  /** iv (12) | tag (16) | wrapped key. */
  wrap(subject: string, key: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(aad(subject));
    const ct = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  }

  /** Throws when the blob was not wrapped by this KEK for this subject. */
  unwrap(subject: string, wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.kek, wrapped.subarray(0, 12));
    decipher.setAAD(aad(subject));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }

  /** Identifies the KEK without revealing it, so a store opened with another KEK fails clearly at once. */
  fingerprint(): string {
    return createHmac('sha256', this.kek).update('portail-famille/key-encryption-key-check/v1').digest('base64url');
  }
}

const aad = (subject: string) => Buffer.from(`pf-data-key:${subject}`);

/** KEY_ENCRYPTION_KEY as configured: 32 bytes, base64 (or base64url). */
export function parseKeyEncryptionKey(value: string, source = 'KEY_ENCRYPTION_KEY'): Buffer {
  const trimmed = value.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new Error(`${source} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`), got ${key.length} bytes`);
  return key;
}

export class KeyEncryptionKeyMismatchError extends Error {
  constructor(where: string) {
    super(`${where} was wrapped with another KEY_ENCRYPTION_KEY: set the key it was created with`);
    this.name = 'KeyEncryptionKeyMismatchError';
  }
}
