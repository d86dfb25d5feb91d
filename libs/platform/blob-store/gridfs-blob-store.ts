import { GridFSBucket, MongoClient } from 'mongodb';
import { checkBlobId, type BlobStore } from './blob-store.port';

/** The production blob store: MongoDB GridFS, one file named by the blob id. */
export class GridFsBlobStore implements BlobStore {
  readonly adapter = 'gridfs' as const;

  static async connect(url: string, dbName: string): Promise<GridFsBlobStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    return new GridFsBlobStore(client, new GridFSBucket(client.db(dbName), { bucketName: 'blobs' }));
  }

  private constructor(private readonly client: MongoClient, private readonly bucket: GridFSBucket) {}

  async put(id: string, bytes: Buffer): Promise<void> {
    const name = checkBlobId(id);
    await this.delete(name);
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStream(name);
      upload.once('error', reject).once('finish', () => resolve());
      upload.end(bytes);
    });
  }

  async get(id: string): Promise<Buffer | null> {
    const name = checkBlobId(id);
    if (!(await this.bucket.find({ filename: name }).limit(1).hasNext())) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStreamByName(name)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async delete(id: string): Promise<void> {
    for (const file of await this.bucket.find({ filename: checkBlobId(id) }).toArray()) await this.bucket.delete(file._id);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
