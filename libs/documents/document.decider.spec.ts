import { sniffContentType } from './content-type';
import { decideAccept, decideRefuse, decideUpload, evolveDocument, initialDocumentState } from './document.decider';

const uploaded = decideUpload(
  { documentId: 'd1', familyId: 'f1', kind: 'pai', childId: 'c1', fileName: 'pai.pdf', contentType: 'application/pdf', size: 10, sha256: 'x' },
  initialDocumentState,
);
const state = uploaded.reduce(evolveDocument, initialDocumentState);

describe('a document sent by a family', () => {
  it('waits for staff, who accept or refuse it once', () => {
    const [accepted] = decideAccept({ documentId: 'd1', familyId: 'f1' }, state);
    expect(accepted.type).toBe('FamilyDocumentAccepted');
    expect(() => decideRefuse({ documentId: 'd1', familyId: 'f1', reason: 'x' }, evolveDocument(state, accepted))).toThrow(expect.objectContaining({ code: 'DOCUMENT_ALREADY_DECIDED' }));
  });

  it("is not reachable through another family's file", () => {
    expect(() => decideAccept({ documentId: 'd1', familyId: 'f2' }, state)).toThrow(expect.objectContaining({ code: 'DOCUMENT_NOT_FOUND' }));
  });
});

describe('type of a file, read from its content', () => {
  it.each([
    ['%PDF-1.7 …', 'application/pdf'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['MZ\x90\x00 executable', null],
    ['<html><script>', null],
    ['', null],
  ])('%j is %s', (content, type) => {
    expect(sniffContentType(Buffer.isBuffer(content) ? content : Buffer.from(content, 'latin1'))).toBe(type);
  });
});
