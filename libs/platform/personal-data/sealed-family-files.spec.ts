import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore } from '@pf/blob-store';
import { SealedFamilyFiles } from './sealed-family-files';
import { SqliteKeyStore } from './sqlite-key-store';

describe("a family's files sealed in the blob store", () => {
  let dir: string;
  let keys: SqliteKeyStore;
  let files: SealedFamilyFiles;
  const fileId = '6f1c1e2a-3b4c-4d5e-8f90-a1b2c3d4e5f6';
  const pdf = Buffer.from('%PDF-1.7 attestation de présence de Minh');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pf-family-files-'));
    keys = SqliteKeyStore.open(dir, { keyEncryptionKey: randomBytes(32) });
    files = new SealedFamilyFiles(new FolderBlobStore(dir), keys);
  });
  afterEach(async () => {
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const blobFolderHolds = (bytes: Buffer) => readdirSync(join(dir, 'blobs')).some((f) => readFileSync(join(dir, 'blobs', f)).includes(bytes));

  it('keeps the file unreadable on disk and gives it back in clear to its family', async () => {
    await files.put('f1', fileId, pdf);
    expect(blobFolderHolds(pdf)).toBe(false);
    expect(await files.has(fileId)).toBe(true);
    expect(await files.open('f1', fileId)).toEqual(pdf);
  });

  it('cannot be opened with another family’s key', async () => {
    await files.put('f1', fileId, pdf);
    await keys.keyFor('family:f2');
    await expect(files.open('f2', fileId)).rejects.toThrow();
  });

  it('answers nothing for a file never stored, deleted, or whose family was erased', async () => {
    expect(await files.open('f1', fileId)).toBeNull();
    await files.put('f1', fileId, pdf);
    await keys.destroy('family:f1');
    expect(await files.open('f1', fileId)).toBeNull();
    await files.delete(fileId);
    await files.delete(fileId);
    expect(await files.has(fileId)).toBe(false);
  });
});
