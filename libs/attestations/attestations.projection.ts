import { projection } from '@pf/projections';
import type { CommuneUnitOfWork, Document } from '@pf/read-store';
import type { FamilyErased } from '@pf/families';
import type { AttestationEvent, AttestationKind, AttestationSummary } from './attestation.events';

export const ATTESTATIONS = 'attestations';
/** Which family each issued PDF belongs to (ids only, kept after an erasure so the files can be deleted). */
export const ATTESTATION_FILES = 'attestation_files';

export interface AttestationDocument extends Document {
  communeId: string;
  familyId: string;
  kind: AttestationKind;
  childId: string | null;
  from: string | null;
  to: string | null;
  year: number | null;
  message: string;
  status: 'pending' | 'issued' | 'refused';
  requestedAt: string;
  decidedAt: string | null;
  reason: string | null;
  fileId: string | null;
  size: number | null;
  issuedOn: string | null;
  summary: AttestationSummary | null;
}

export interface AttestationFileDocument extends Document {
  communeId: string;
  familyId: string;
  attestationId: string;
}

type Data<T extends AttestationEvent['type']> = Extract<AttestationEvent, { type: T }>['data'];

async function update(uow: CommuneUnitOfWork, id: string, change: (d: AttestationDocument) => AttestationDocument) {
  const docs = uow.collection<AttestationDocument>(ATTESTATIONS);
  const doc = await docs.get(id);
  if (doc) await docs.upsert(change(doc));
}

/** Attestation requests and the PDFs issued for them; every handler sets, so a replay changes nothing. */
export const attestationsProjection = projection(
  'attestations',
  // 2: documents keyed by (commune, id).
  2,
  [
    { name: ATTESTATIONS, indexes: [{ fields: ['familyId', 'requestedAt'] }, { fields: ['communeId', 'status'] }] },
    { name: ATTESTATION_FILES, indexes: [{ fields: ['familyId'] }] },
  ],
  {
    AttestationRequested: async (event, uow) => {
      const d = event.data as Data<'AttestationRequested'>;
      await uow.collection<AttestationDocument>(ATTESTATIONS).upsert({
        _id: d.requestId,
        communeId: uow.communeId,
        familyId: d.familyId,
        kind: d.kind,
        childId: d.childId,
        from: d.from,
        to: d.to,
        year: d.year,
        message: d.message,
        status: 'pending',
        requestedAt: event.metadata.occurredAt,
        decidedAt: null,
        reason: null,
        fileId: null,
        size: null,
        issuedOn: null,
        summary: null,
      });
    },
    AttestationIssued: async (event, uow) => {
      const d = event.data as Data<'AttestationIssued'>;
      await update(uow, d.requestId, (doc) => ({ ...doc, status: 'issued', decidedAt: event.metadata.occurredAt, fileId: d.fileId, size: d.size, issuedOn: d.issuedOn, summary: d.summary }));
      await uow.collection<AttestationFileDocument>(ATTESTATION_FILES).upsert({ _id: d.fileId, communeId: uow.communeId, familyId: d.familyId, attestationId: d.requestId });
    },
    AttestationRefused: (event, uow) => {
      const d = event.data as Data<'AttestationRefused'>;
      return update(uow, d.requestId, (doc) => ({ ...doc, status: 'refused', decidedAt: event.metadata.occurredAt, reason: d.reason }));
    },
    FamilyErased: async (event, uow) => {
      await uow.collection(ATTESTATIONS).deleteMany({ familyId: (event.data as FamilyErased['data']).familyId });
    },
  },
);
