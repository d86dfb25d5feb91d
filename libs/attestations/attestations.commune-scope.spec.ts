import { FixedClock, refusalOf } from '@pf/domain';
import type { BlobStore } from '@pf/blob-store';
import { EventSourcedStreams } from '@pf/event-sourcing';
import type { KeyStore } from '@pf/personal-data';
import type { ProjectionRunner } from '@pf/projections';
import type { SessionUser } from '@pf/identity';
import type { FamilyErasureHook, FamilyFileService } from '@pf/families';
import { AGENT, ProjectionHarness, type GivenEvent } from '@pf/testing';
import { ATTESTATION_FILES, ATTESTATIONS, attestationsProjection, type AttestationDocument } from './attestations.projection';
import { AttestationsService } from './attestations.service';

/**
 * Two communes whose families carry the same id (made before ids were namespaced by commune),
 * each with an attestation request of the same id: commune B's staff reach only B's.
 */
const A = 'saint-hilaire';
const B = 'val-de-loire';
const staffOf = (communeId: string): SessionUser => ({ accountId: `agent-${communeId}`, role: 'staff', communeId, familyId: null, displayName: 'Agent' });
const requested = (communeId: string): GivenEvent => ({
  type: 'AttestationRequested',
  communeId,
  stream: `attestation-${communeId}.r1`,
  data: { requestId: 'r1', familyId: 'f1', kind: 'enrolment', childId: null, from: null, to: null, year: null, message: '' },
});
const issued = (communeId: string, fileId: string): GivenEvent => ({
  type: 'AttestationIssued',
  communeId,
  actor: AGENT,
  data: { requestId: 'r1', familyId: 'f1', fileId, sha256: 'abc', size: 2048, issuedOn: '2026-12-02', summary: { days: null, amountCents: null, enrolments: 1 } },
});

describe('attestations name only what the caller’s commune has', () => {
  let h: ProjectionHarness;
  let service: AttestationsService;
  let erased: FamilyErasureHook;
  const deletedBlobs: string[] = [];

  beforeEach(async () => {
    h = await ProjectionHarness.start([attestationsProjection]);
    const families = { onErased: (hook: FamilyErasureHook) => (erased = hook) } as unknown as FamilyFileService;
    const blobs = { delete: async (id: string) => void deletedBlobs.push(id) } as unknown as BlobStore;
    const projections = { waitFor: (position: number) => h.waitFor(position) } as unknown as ProjectionRunner;
    service = new AttestationsService(new EventSourcedStreams(h.events), projections, families, blobs, {} as KeyStore, h.reads, new FixedClock('2026-12-03T09:00:00.000Z'));
    service.onModuleInit();
    deletedBlobs.length = 0;
  });
  afterEach(() => h.stop());


  it("answers 404 to commune B naming A's attestation, writes nothing, and leaves A's as it was", async () => {
    await h.given(requested(A));
    const before = await h.find<AttestationDocument>(ATTESTATIONS, {}, undefined, A);
    const head = await h.events.headPosition();
    const notFound = { kind: 'not_found', code: 'ATTESTATION_NOT_FOUND' };

    expect(await refusalOf(service.view(B, 'f1', 'r1'))).toEqual(notFound);
    expect(await refusalOf(service.refuse(staffOf(B), 'f1', 'r1', 'b-refusal', 'Non.'))).toEqual(notFound);
    expect(await refusalOf(service.pdf(B, 'f1', 'r1'))).toEqual(notFound);
    expect(await service.list(B, 'f1')).toEqual([]);
    expect(await h.events.headPosition()).toBe(head);
    expect(await h.find<AttestationDocument>(ATTESTATIONS, {}, undefined, A)).toEqual(before);

    // The same refusal in A goes through: the 404 above came from the commune only.
    expect(await service.refuse(staffOf(A), 'f1', 'r1', 'a-refusal', 'Aucune inscription.')).toMatchObject({ attestationId: 'r1', status: 'refused' });
  });

  it("keeps B's request of the same id apart from A's, and deletes only B's files when B's family is erased", async () => {
    await h.given(requested(A), issued(A, 'file-a'), requested(B), issued(B, 'file-b'));
    expect(await h.get<AttestationDocument>(ATTESTATIONS, 'r1', A)).toMatchObject({ communeId: A, fileId: 'file-a' });
    expect(await h.get<AttestationDocument>(ATTESTATIONS, 'r1', B)).toMatchObject({ communeId: B, fileId: 'file-b' });

    await h.given({ type: 'FamilyErased', communeId: B, actor: AGENT, data: { familyId: 'f1', childIds: [] } });
    await erased('f1', B);
    expect(deletedBlobs).toEqual(['file-b']);
    expect(await h.find(ATTESTATIONS, {}, undefined, B)).toEqual([]);
    expect(await h.get<AttestationDocument>(ATTESTATIONS, 'r1', A)).toMatchObject({ status: 'issued', fileId: 'file-a' });
    expect(await h.find(ATTESTATION_FILES, {}, undefined, A)).toHaveLength(1);
  });
});
