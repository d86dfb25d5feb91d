/** Files (uploaded documents) behind a port: a folder under DATA_DIR embedded, MongoDB GridFS in production. */
export interface BlobStore {
  readonly adapter: 'embedded' | 'gridfs';
  /** Stores the bytes under this id (a uuid); storing the same id again replaces them. */
  put(id: string, bytes: Buffer): Promise<void>;
  get(id: string): Promise<Buffer | null>;
  /** Idempotent. */
  delete(id: string): Promise<void>;
  close(): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function checkBlobId(id: string): string {
  if (!UUID.test(id)) throw new Error(`A blob id is a uuid, got ${JSON.stringify(id)}`);
  return id.toLowerCase();
}
