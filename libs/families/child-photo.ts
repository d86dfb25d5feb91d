import { invalid } from '@pf/domain';

export type PhotoContentType = 'image/jpeg' | 'image/png';

/** A child's photo is small: 5 MB is plenty for an identity photo taken with a phone. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/**
 * The type of a photo read from its first bytes, never from its name or the browser's claim:
 * JPEG starts with FF D8 FF, PNG with its 8-byte signature. Anything else is not a photo here.
 */
export function sniffPhotoType(bytes: Buffer): PhotoContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/** The checks every photo passes before anything is stored; the bytes when they pass. */
export function checkPhoto(file: { buffer: Buffer; size: number } | undefined): { bytes: Buffer; contentType: PhotoContentType } {
  if (!file || file.size === 0) {
    throw invalid('PHOTO_REQUIRED', 'Joignez une photo (JPEG ou PNG).', [{ field: 'file', code: 'PHOTO_REQUIRED', message: 'Photo manquante.' }]);
  }
  if (file.size > MAX_PHOTO_BYTES) {
    throw invalid('PHOTO_TOO_LARGE', 'La photo dépasse 5 Mo.', [{ field: 'file', code: 'PHOTO_TOO_LARGE', message: '5 Mo au plus.' }]);
  }
  const contentType = sniffPhotoType(file.buffer);
  if (!contentType) {
    throw invalid('PHOTO_TYPE_NOT_ALLOWED', 'Seules les photos JPEG et PNG sont acceptées (le contenu du fichier a été vérifié).', [
      { field: 'file', code: 'PHOTO_TYPE_NOT_ALLOWED', message: 'JPEG ou PNG attendu.' },
    ]);
  }
  return { bytes: file.buffer, contentType };
}
