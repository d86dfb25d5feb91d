import { projection } from '@pf/projections';
import { deploymentCollection, type CommuneUnitOfWork, type Document } from '@pf/read-store';
import type { ChildDetails, FamilyChange, FamilyEvent, FamilyQuotient, GuardianDetails } from './family.events';

export const FAMILIES = 'families';
export const FAMILY_CHILDREN = 'family_children';
/** Deployment-wide: a code abonné is looked up at sign-up, before the commune is known; codes start with their commune's own prefix, and a code held by one commune is never given to another. */
export const SUBSCRIBER_CODES = deploymentCollection('subscriber_codes');
/** Which family each photo blob belongs to (ids only, kept after an erasure so the blobs can be deleted). */
export const FAMILY_PHOTOS = 'family_photos';

export interface FamilyPhotoDocument extends Document {
  familyId: string;
}

export interface PendingChangeView {
  requestId: string;
  change: FamilyChange;
  summary: string[];
  requestedAt: string;
}

export interface FamilyDocument extends Document {
  communeId: string;
  name: string;
  subscriberCode: string | null;
  guardians: Array<GuardianDetails & { accountId: string | null }>;
  children: ChildDetails[];
  quotient: FamilyQuotient | null;
  /** Parents' changes awaiting staff: shown as pending on the file. */
  pendingChanges: PendingChangeView[];
  status: 'active' | 'archived';
  openedAt: string;
  updatedAt: string;
}

export interface ChildDocument extends Document, ChildDetails {
  familyId: string;
  communeId: string;
}

export interface SubscriberCodeDocument extends Document {
  communeId: string;
  familyId: string;
  /** false once replaced by a newer code or used to link an account. */
  usable: boolean;
}

type Data<T extends FamilyEvent['type']> = Extract<FamilyEvent, { type: T }>['data'];

// v5: documents kept per commune (v4); a guardian's confirmed login e-mail is the file's e-mail.
export const familiesProjection = projection(
  'families',
  5,
  [
    { name: FAMILIES, indexes: [{ fields: ['name'] }] },
    { name: FAMILY_CHILDREN, indexes: [{ fields: ['familyId'] }] },
    { name: SUBSCRIBER_CODES, indexes: [{ fields: ['communeId', 'familyId'] }] },
    { name: FAMILY_PHOTOS, indexes: [{ fields: ['familyId'] }] },
  ],
  {
    FamilyFileOpened: async (event, uow) => {
      const data = event.data as Data<'FamilyFileOpened'>;
      const communeId = event.metadata.communeId;
      await uow.collection<FamilyDocument>(FAMILIES).upsert({
        _id: data.familyId,
        communeId,
        name: data.name,
        subscriberCode: null,
        guardians: data.guardians.map((g) => ({ ...g, accountId: null })),
        children: data.children,
        quotient: null,
        pendingChanges: [],
        status: 'active',
        openedAt: event.metadata.occurredAt,
        updatedAt: event.metadata.occurredAt,
      });
      for (const child of data.children) {
        await uow.collection<ChildDocument>(FAMILY_CHILDREN).upsert({ _id: child.childId, ...child, familyId: data.familyId, communeId });
        await rememberPhoto(uow, data.familyId, child.photoId);
      }
    },
    SubscriberCodeIssued: async (event, uow) => {
      const data = event.data as Data<'SubscriberCodeIssued'>;
      const codes = uow.collection<SubscriberCodeDocument>(SUBSCRIBER_CODES);
      for (const previous of await codes.find({ communeId: uow.communeId, familyId: data.familyId })) {
        if (previous._id !== data.subscriberCode) await codes.upsert({ ...previous, usable: false });
      }
      // The collection is the deployment's: a code another commune holds stays that commune's.
      const holder = await codes.get(data.subscriberCode);
      if (!holder || holder.communeId === uow.communeId) {
        await codes.upsert({ _id: data.subscriberCode, communeId: uow.communeId, familyId: data.familyId, usable: true });
      }
      await updateFamily(uow, data.familyId, (f) => ({ ...f, subscriberCode: data.subscriberCode }));
    },
    GuardianAccountLinked: async (event, uow) => {
      const data = event.data as Data<'GuardianAccountLinked'>;
      await setCodeUsable(uow, data.subscriberCode, false);
      await updateFamily(uow, data.familyId, (f) => ({
        ...f,
        guardians: f.guardians.map((g) => (g.guardianId === data.guardianId ? { ...g, accountId: data.accountId } : g)),
      }));
    },
    GuardianAccountUnlinked: async (event, uow) => {
      const data = event.data as Data<'GuardianAccountUnlinked'>;
      await setCodeUsable(uow, data.subscriberCode, true);
      await updateFamily(uow, data.familyId, (f) => ({
        ...f,
        guardians: f.guardians.map((g) => (g.guardianId === data.guardianId ? { ...g, accountId: null } : g)),
      }));
    },
    // The accounts capability's fact: a guardian confirmed a new login e-mail. Mails about the
    // family's requests go there from now on, and staff see it on the file.
    EmailChanged: async (event, uow) => {
      const { accountId, email } = event.data as { accountId: string; email: string };
      for (const family of await uow.collection<FamilyDocument>(FAMILIES).find({ 'guardians.accountId': accountId })) {
        const guardians = family.guardians.map((g) => (g.accountId === accountId ? { ...g, email } : g));
        await uow.collection<FamilyDocument>(FAMILIES).upsert({ ...family, guardians, updatedAt: event.metadata.occurredAt });
      }
    },
    GuardianRecorded: async (event, uow) => {
      const data = event.data as Data<'GuardianRecorded'>;
      await updateFamily(uow, data.familyId, (f) => {
        const existing = f.guardians.find((g) => g.guardianId === data.guardian.guardianId);
        const guardian = { ...data.guardian, accountId: existing?.accountId ?? null };
        const guardians = existing ? f.guardians.map((g) => (g.guardianId === guardian.guardianId ? guardian : g)) : [...f.guardians, guardian];
        return { ...f, guardians, updatedAt: event.metadata.occurredAt };
      });
    },
    ChildRecorded: async (event, uow) => {
      const data = event.data as Data<'ChildRecorded'>;
      const family = await uow.collection<FamilyDocument>(FAMILIES).get(data.familyId);
      if (!family) return;
      const children = family.children.some((c) => c.childId === data.child.childId)
        ? family.children.map((c) => (c.childId === data.child.childId ? data.child : c))
        : [...family.children, data.child];
      await uow.collection<FamilyDocument>(FAMILIES).upsert({ ...family, children, updatedAt: event.metadata.occurredAt });
      await uow
        .collection<ChildDocument>(FAMILY_CHILDREN)
        .upsert({ _id: data.child.childId, ...data.child, familyId: data.familyId, communeId: event.metadata.communeId });
      await rememberPhoto(uow, data.familyId, data.child.photoId);
    },
    FamilyQuotientRecorded: async (event, uow) => {
      const data = event.data as Data<'FamilyQuotientRecorded'>;
      await updateFamily(uow, data.familyId, (f) => ({ ...f, quotient: data.quotient, updatedAt: event.metadata.occurredAt }));
    },
    FamilyChangeRequested: async (event, uow) => {
      const data = event.data as Data<'FamilyChangeRequested'>;
      await updateFamily(uow, data.familyId, (f) => ({
        ...f,
        pendingChanges: [
          ...f.pendingChanges.filter((p) => p.requestId !== data.requestId),
          { requestId: data.requestId, change: data.change, summary: data.summary, requestedAt: event.metadata.occurredAt },
        ],
      }));
      if (data.change.target !== 'guardian') await rememberPhoto(uow, data.familyId, data.change.changes.photoId);
    },
    FamilyChangeAccepted: async (event, uow) => {
      const data = event.data as Data<'FamilyChangeAccepted'>;
      await updateFamily(uow, data.familyId, (f) => ({ ...f, pendingChanges: f.pendingChanges.filter((p) => p.requestId !== data.requestId) }));
    },
    FamilyChangeRefused: async (event, uow) => {
      const data = event.data as Data<'FamilyChangeRefused'>;
      await updateFamily(uow, data.familyId, (f) => ({ ...f, pendingChanges: f.pendingChanges.filter((p) => p.requestId !== data.requestId) }));
    },
    FamilyArchived: async (event, uow) => {
      const data = event.data as Data<'FamilyArchived'>;
      await updateFamily(uow, data.familyId, (f) => ({ ...f, status: 'archived', updatedAt: event.metadata.occurredAt }));
    },
    FamilyErased: async (event, uow) => {
      const data = event.data as Data<'FamilyErased'>;
      await uow.collection(FAMILIES).delete(data.familyId);
      await uow.collection(FAMILY_CHILDREN).deleteMany({ familyId: data.familyId });
      await uow.collection(SUBSCRIBER_CODES).deleteMany({ communeId: uow.communeId, familyId: data.familyId });
    },
  },
);

async function updateFamily(uow: CommuneUnitOfWork, familyId: string, change: (f: FamilyDocument) => FamilyDocument) {
  const families = uow.collection<FamilyDocument>(FAMILIES);
  const family = await families.get(familyId);
  if (family) await families.upsert(change(family));
}

async function rememberPhoto(uow: CommuneUnitOfWork, familyId: string, photoId: string | undefined) {
  if (photoId) await uow.collection<FamilyPhotoDocument>(FAMILY_PHOTOS).upsert({ _id: photoId, familyId });
}

/** Only the commune's own code: another commune's event never touches it. */
async function setCodeUsable(uow: CommuneUnitOfWork, code: string, usable: boolean) {
  const codes = uow.collection<SubscriberCodeDocument>(SUBSCRIBER_CODES);
  const doc = await codes.get(code);
  if (doc && doc.communeId === uow.communeId) await codes.upsert({ ...doc, usable });
}
