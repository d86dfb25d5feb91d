import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { notFound } from '@pf/domain';
import { BLOB_STORE, type BlobStore } from '@pf/blob-store';
import { idFromRequest, READ_STORE } from '@pf/event-sourcing';
import { KEY_STORE, SealedFamilyFiles, type KeyStore } from '@pf/personal-data';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { checkPhoto, sniffPhotoType, type PhotoContentType } from './child-photo';
import { FAMILY_PHOTOS, type FamilyDocument } from './families.projection';
import { FamilyFileService } from './family-file.service';

export interface PhotoUploaded {
  photoId: string;
  requestId: string;
  /** 'recorded': staff set it on the file; 'pending': a parent's change waiting for staff. */
  status: 'recorded' | 'pending';
  statusLabel: string;
}

const PHOTO_NOT_FOUND = () => notFound('PHOTO_NOT_FOUND', 'Photo introuvable.');

/**
 * Children's photos: checked by their content, sealed with the family's key in the blob store
 * (like the documents), set by staff or asked by a parent as a change of the file, served only
 * through the family's scope, destroyed with the family.
 */
@Injectable()
export class ChildPhotoService implements OnModuleInit {
  private readonly photos: SealedFamilyFiles;

  constructor(
    private readonly files: FamilyFileService,
    @Inject(BLOB_STORE) blobs: BlobStore,
    @Inject(KEY_STORE) keys: KeyStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {
    this.photos = new SealedFamilyFiles(blobs, keys);
  }

  onModuleInit(): void {
    // The key is destroyed already (the photos are unreadable): deleting the files is hygiene.
    this.files.onErased(async (familyId, communeId) => {
      for (const photo of await this.reads.inCommune(communeId).collection(FAMILY_PHOTOS).find({ familyId })) await this.photos.delete(photo._id);
    });
  }

  async upload(user: SessionUser, familyId: string, childId: string, requestId: string, file: { buffer: Buffer; size: number } | undefined): Promise<PhotoUploaded> {
    const { bytes } = checkPhoto(file);
    const family = await this.files.family(user.communeId, familyId);
    if (!family.children.some((c) => c.childId === childId)) throw notFound('CHILD_NOT_FOUND', 'Enfant introuvable dans ce dossier.');
    // Blobs are the deployment's: the id carries the commune, so no commune can name another's photo.
    const photoId = idFromRequest({ communeId: user.communeId, requestId }, 'photo');
    // A retried request keeps the photo it stored the first time.
    const stored = !(await this.photos.has(photoId));
    if (stored) await this.photos.put(familyId, photoId, bytes);
    try {
      if (user.role === 'guardian') {
        await this.files.requestChange(user, familyId, requestId, 'child', { childId }, undefined, { photoId }, { photoStored: true });
        return { photoId, requestId, status: 'pending', statusLabel: 'En attente de validation' };
      }
      await this.files.recordChildPhoto(user, familyId, childId, photoId, requestId);
      return { photoId, requestId, status: 'recorded', statusLabel: 'Photo enregistrée' };
    } catch (error) {
      if (stored) await this.photos.delete(photoId); // nothing written: no orphan file either
      throw error;
    }
  }

  /** A photo of this family: a child's current one, or one a parent sent that waits for staff. */
  async photo(communeId: string, familyId: string, photoId: string): Promise<{ bytes: Buffer; contentType: PhotoContentType }> {
    const family = await this.files.family(communeId, familyId);
    if (!photosOf(family).includes(photoId)) throw PHOTO_NOT_FOUND();
    const bytes = await this.photos.open(familyId, photoId);
    if (!bytes) throw PHOTO_NOT_FOUND();
    const contentType = sniffPhotoType(bytes);
    if (!contentType) throw PHOTO_NOT_FOUND();
    return { bytes, contentType };
  }
}

const photosOf = (family: FamilyDocument): string[] => [
  ...family.children.flatMap((c) => (c.photoId ? [c.photoId] : [])),
  ...(family.pendingChanges ?? []).flatMap((p) => (p.change.target !== 'guardian' && p.change.changes.photoId ? [p.change.changes.photoId] : [])),
];
