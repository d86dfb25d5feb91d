import { randomBytes } from 'node:crypto';
import { Binary, MongoClient, type Collection } from 'mongodb';
import { PersonalDataErasedError, type KeyStore } from './key-store.port';

interface KeyDoc {
  _id: string;
  key?: Binary;
  erasedAt?: string;
  createdAt: string;
}

/**
 * The production key store: a MongoDB collection (`personal_data_keys`), one document per subject.
 * Destroying a key unsets it and marks the subject erased; the key is never in the event store.
 */
export class MongoKeyStore implements KeyStore {
  readonly adapter = 'mongodb' as const;
  private readonly cache = new Map<string, Buffer>();

  static async connect(url: string, dbName: string): Promise<MongoKeyStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    return new MongoKeyStore(client, client.db(dbName).collection<KeyDoc>('personal_data_keys'));
  }

  private constructor(private readonly client: MongoClient, private readonly keys: Collection<KeyDoc>) {}

  async keyFor(subject: string): Promise<Buffer> {
    const existing = await this.existingKey(subject);
    if (existing) return existing;
    await this.keys.updateOne(
      { _id: subject },
      { $setOnInsert: { key: new Binary(randomBytes(32)), createdAt: new Date().toISOString() } },
      { upsert: true },
    );
    const key = await this.existingKey(subject);
    if (!key) throw new PersonalDataErasedError(subject);
    return key;
  }

  async existingKey(subject: string): Promise<Buffer | null> {
    const cached = this.cache.get(subject);
    if (cached) return cached;
    const doc = await this.keys.findOne({ _id: subject });
    if (!doc?.key) return null;
    const key = Buffer.from(doc.key.buffer);
    this.cache.set(subject, key);
    return key;
  }

  async destroy(subject: string): Promise<void> {
    await this.keys.updateOne(
      { _id: subject },
      { $unset: { key: '' }, $set: { erasedAt: new Date().toISOString() }, $setOnInsert: { createdAt: new Date().toISOString() } },
      { upsert: true },
    );
    this.cache.get(subject)?.fill(0);
    this.cache.delete(subject);
  }

  async isErased(subject: string): Promise<boolean> {
    return (await this.keys.countDocuments({ _id: subject, erasedAt: { $exists: true } })) > 0;
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.client.close();
  }
}
