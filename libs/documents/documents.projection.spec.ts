import { ProjectionHarness } from '@pf/testing';
import { DOCUMENT_BLOBS, DOCUMENTS, documentsProjection } from './documents.projection';

const A = 'saint-hilaire-du-bois';
const B = 'val-de-loire';
const uploaded = (communeId: string) => ({
  type: 'FamilyDocumentUploaded',
  communeId,
  data: { documentId: 'd1', familyId: 'f1', kind: 'pai', childId: null, fileName: 'pai.pdf', contentType: 'application/pdf', size: 10, sha256: 'x' },
});

describe('the documents read model', () => {
  let h: ProjectionHarness;
  beforeEach(async () => {
    h = await ProjectionHarness.start([documentsProjection]);
  });
  afterEach(() => h.stop());

  it("keeps a commune's documents as they were whatever another commune does with the same ids", async () => {
    await h.given(uploaded(A));
    const before = { documents: await h.find(DOCUMENTS, {}, undefined, A), blobs: await h.find(DOCUMENT_BLOBS, {}, undefined, A) };
    expect(before.documents).toEqual([expect.objectContaining({ _id: 'd1', communeId: A, familyId: 'f1', status: 'pending' })]);

    await h.given(
      { type: 'FamilyDocumentAccepted', communeId: B, data: { documentId: 'd1', familyId: 'f1' } },
      { type: 'PublicDocumentWithdrawn', communeId: B, data: { documentId: 'd1' } },
      { type: 'FamilyErased', communeId: B, data: { familyId: 'f1', reasonCode: 'RIGHT_TO_ERASURE', childIds: [], guardianIds: [], accountIds: [] } },
    );
    expect({ documents: await h.find(DOCUMENTS, {}, undefined, A), blobs: await h.find(DOCUMENT_BLOBS, {}, undefined, A) }).toEqual(before);
    expect(await h.find(DOCUMENTS, {}, undefined, B)).toEqual([]);
  });

  it('forgets an erased family of its own commune', async () => {
    await h.given(uploaded(A), uploaded(B), { type: 'FamilyErased', communeId: A, data: { familyId: 'f1', reasonCode: 'RIGHT_TO_ERASURE', childIds: [], guardianIds: [], accountIds: [] } });
    expect(await h.find(DOCUMENTS, {}, undefined, A)).toEqual([]);
    expect(await h.find(DOCUMENTS, {}, undefined, B)).toEqual([expect.objectContaining({ _id: 'd1', communeId: B })]);
  });
});
