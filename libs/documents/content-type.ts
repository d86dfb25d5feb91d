import { createHash } from 'node:crypto';
import { invalid } from '@pf/domain';
import type { DocumentContentType, StoredFile } from './document.events';

/**
 * The type of a file read from its first bytes, never from its name or the browser's claim:
 * PDF starts with "%PDF-", JPEG with FF D8 FF, PNG with its 8-byte signature. Three formats
 * only, so three signatures (no library needed for so little).
 */
export function sniffContentType(bytes: Buffer): DocumentContentType | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A file as multer hands it over (kept in memory). */
export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/**
 * A family's or the service's file, checked before anything is stored: present, at most
 * MAX_DOCUMENT_BYTES, PDF, JPEG or PNG by its content; its name kept to safe characters.
 */
export function checkUploadedFile(file: UploadedFile | undefined): StoredFile {
  if (!file || file.size === 0) throw invalid('FILE_REQUIRED', 'Joignez un fichier (PDF, JPEG ou PNG).', [{ field: 'file', code: 'FILE_REQUIRED', message: 'Fichier manquant.' }]);
  if (file.size > MAX_DOCUMENT_BYTES) throw invalid('FILE_TOO_LARGE', 'Le fichier dépasse 10 Mo.', [{ field: 'file', code: 'FILE_TOO_LARGE', message: '10 Mo au plus.' }]);
  const contentType = sniffContentType(file.buffer);
  if (!contentType) {
    throw invalid('FILE_TYPE_NOT_ALLOWED', 'Seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu du fichier a été vérifié).', [
      { field: 'file', code: 'FILE_TYPE_NOT_ALLOWED', message: 'PDF, JPEG ou PNG attendu.' },
    ]);
  }
  const fileName = (file.originalname || 'document').replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120);
  return { fileName, contentType, size: file.size, sha256: createHash('sha256').update(file.buffer).digest('hex') };
}
