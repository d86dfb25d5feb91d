import type { DocumentContentType } from './document.events';

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
