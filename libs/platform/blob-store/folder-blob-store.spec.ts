import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore } from './folder-blob-store';

describe('embedded blob store (a folder under DATA_DIR)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pf-blobs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const id = '6f1c1e2a-3b4c-4d5e-8f90-a1b2c3d4e5f6';

  it('gives back the bytes it stored, and nothing once deleted', async () => {
    const store = new FolderBlobStore(dir);
    await store.put(id, Buffer.from('%PDF-1.7 contenu'));
    expect((await store.get(id))?.toString()).toBe('%PDF-1.7 contenu');
    await store.delete(id);
    await store.delete(id);
    expect(await store.get(id)).toBeNull();
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
  });

  it('refuses ids that could escape its folder', async () => {
    await expect(new FolderBlobStore(dir).put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow(/uuid/);
  });
});
