import { randomBytes } from 'node:crypto';
import { Binary, MongoClient, type Collection } from 'mongodb';
import { PersonalDataErasedError, type KeyStore } from './key-store.port';
import { KeyEncryptionKeyMismatchError, KeyWrapper } from './key-wrapping';

interface KeyDoc {
  _id: string;
  /** The subject's key wrapped by the key-encryption key. */
  wrappedKey?: Binary;
  /** A key in clear, as written before keys were wrapped: migrated when the store connects. */
  key?: Binary;
  erasedAt?: string;
  createdAt: string;
  /** Only on the check document: identifies the KEK the keys are wrapped with. */
  kekCheck?: string;
}

/** Not a subject ('family:…', 'account:…'): the fingerprint of the KEK. */
const KEK_CHECK_ID = '$key-encryption-key';

/**
 * The production key store: a MongoDB collection (`personal_data_keys`), one document per subject,
 * its key wrapped by the key-encryption key. Destroying a key unsets it and marks the subject
 * erased; the key is never in the event store.
 */
export class MongoKeyStore implements KeyStore {
  readonly adapter = 'mongodb' as const;
  private readonly cache = new Map<string, Buffer>();

  static async connect(url: string, dbName: string, options: { keyEncryptionKey: Buffer }): Promise<MongoKeyStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    try {
      const store = new MongoKeyStore(client, client.db(dbName).collection<KeyDoc>('personal_data_keys'), new KeyWrapper(options.keyEncryptionKey));
      await store.checkAndMigrate();
      return store;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  private constructor(private readonly client: MongoClient, private readonly keys: Collection<KeyDoc>, private readonly wrapper: KeyWrapper) {}

  private async checkAndMigrate(): Promise<void> {
    const fingerprint = this.wrapper.fingerprint();
    await this.keys.updateOne({ _id: KEK_CHECK_ID }, { $setOnInsert: { kekCheck: fingerprint, createdAt: new Date().toISOString() } }, { upsert: true });
    const check = await this.keys.findOne({ _id: KEK_CHECK_ID });
    if (check?.kekCheck !== fingerprint) throw new KeyEncryptionKeyMismatchError('The MongoDB collection personal_data_keys');
    for await (const doc of this.keys.find({ key: { $exists: true } })) {
      const clear = Buffer.from(doc.key!.buffer);
      await this.keys.updateOne({ _id: doc._id, key: { $exists: true } }, { $set: { wrappedKey: new Binary(this.wrapper.wrap(doc._id, clear)) }, $unset: { key: '' } });
      clear.fill(0);
    }
  }

  async keyFor(subject: string): Promise<Buffer> {
    const existing = await this.existingKey(subject);
    if (existing) return existing;
    const key = randomBytes(32);
    await this.keys.updateOne(
      { _id: subject },
      { $setOnInsert: { wrappedKey: new Binary(this.wrapper.wrap(subject, key)), createdAt: new Date().toISOString() } },
      { upsert: true },
    );
    key.fill(0);
    const stored = await this.existingKey(subject);
    if (!stored) throw new PersonalDataErasedError(subject);
    return stored;
  }

  async existingKey(subject: string): Promise<Buffer | null> {
    const cached = this.cache.get(subject);
    if (cached) return cached;
    const doc = await this.keys.findOne({ _id: subject });
    if (!doc?.wrappedKey) return null;
    const key = this.wrapper.unwrap(subject, Buffer.from(doc.wrappedKey.buffer));
    this.cache.set(subject, key);
    return key;
  }

  async destroy(subject: string): Promise<void> {
    await this.keys.updateOne(
      { _id: subject },
      { $unset: { key: '', wrappedKey: '' }, $set: { erasedAt: new Date().toISOString() }, $setOnInsert: { createdAt: new Date().toISOString() } },
      { upsert: true },
    );
    this.cache.get(subject)?.fill(0);
    this.cache.delete(subject);
  }

  async isErased(subject: string): Promise<boolean> {
    return (await this.keys.countDocuments({ _id: subject, erasedAt: { $exists: true } })) > 0;
  }

  async close(): Promise<void> {
    for (const key of this.cache.values()) key.fill(0);
    this.cache.clear();
    await this.client.close();
  }
}
