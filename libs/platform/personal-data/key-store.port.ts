/**
 * Keys of the personal data, one per data subject ('family:<id>', 'account:<id>'). Destroying a
 * subject's key makes every sealed copy of its personal data unreadable (crypto-shredding).
 */
export interface KeyStore {
  readonly adapter: 'embedded' | 'mongodb';
  /** The subject's key, created on first use; throws PersonalDataErasedError once destroyed. */
  keyFor(subject: string): Promise<Buffer>;
  /** The subject's key, or null when it never existed or was destroyed. */
  existingKey(subject: string): Promise<Buffer | null>;
  /** Destroys the key for good and remembers the subject as erased. Idempotent. */
  destroy(subject: string): Promise<void>;
  isErased(subject: string): Promise<boolean>;
  close(): Promise<void>;
}

export class PersonalDataErasedError extends Error {
  readonly code = 'PERSONAL_DATA_ERASED';
  constructor(readonly subject: string) {
    super(`The personal data of ${subject} was erased: nothing can be sealed for it any more`);
    this.name = 'PersonalDataErasedError';
  }
}

export const KEY_STORE = Symbol('KEY_STORE');
