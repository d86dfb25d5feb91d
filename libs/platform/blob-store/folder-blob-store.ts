import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkBlobId, type BlobStore } from './blob-store.port';

/** The embedded blob store: one file per blob under DATA_DIR/blobs, written atomically (temp file, fsync, rename). */
export class FolderBlobStore implements BlobStore {
  readonly adapter = 'embedded' as const;
  private readonly folder: string;

  constructor(dataDir: string) {
    this.folder = join(resolve(dataDir), 'blobs');
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
  }

  async put(id: string, bytes: Buffer): Promise<void> {
    const target = join(this.folder, checkBlobId(id));
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  async get(id: string): Promise<Buffer | null> {
    try {
      return await readFile(join(this.folder, checkBlobId(id)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await rm(join(this.folder, checkBlobId(id)), { force: true });
  }

  async close(): Promise<void> {}
}
