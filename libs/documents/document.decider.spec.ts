import { checkUploadedFile, MAX_DOCUMENT_BYTES, sniffContentType } from './content-type';
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

describe('the medical certificate of an absence', () => {
  const absence = { requestId: 'abs-1', activityId: 'canteen', day: '2026-12-07' };
  const certificate = decideUpload(
    { documentId: 'd2', familyId: 'f1', kind: 'certificat_medical', childId: 'c1', fileName: 'certificat.jpg', contentType: 'image/jpeg', size: 10, sha256: 'y', absence },
    initialDocumentState,
  ).reduce(evolveDocument, initialDocumentState);

  it('remembers the absence it justifies, and its refusal names that absence (whose day is then billed)', () => {
    expect(certificate.absence).toEqual({ ...absence, childId: 'c1' });
    const [refused] = decideRefuse({ documentId: 'd2', familyId: 'f1', reason: 'Illisible.' }, certificate);
    expect(refused).toEqual({ type: 'FamilyDocumentRefused', data: { documentId: 'd2', familyId: 'f1', reason: 'Illisible.', absence } });
  });

  it('is accepted like any document, the absence staying justified', () => {
    expect(decideAccept({ documentId: 'd2', familyId: 'f1' }, certificate)).toEqual([{ type: 'FamilyDocumentAccepted', data: { documentId: 'd2', familyId: 'f1' } }]);
  });

  it('is checked as a document is: a PDF or a photo of at most 10 MB, by its content', () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    expect(checkUploadedFile({ originalname: 'certificat <Léa>.jpg', buffer: photo, size: photo.length })).toMatchObject({ contentType: 'image/jpeg', fileName: 'certificat _Léa_.jpg' });
    expect(() => checkUploadedFile(undefined)).toThrow(expect.objectContaining({ code: 'FILE_REQUIRED' }));
    expect(() => checkUploadedFile({ originalname: 'x.pdf', buffer: Buffer.from('MZ exe'), size: 6 })).toThrow(expect.objectContaining({ code: 'FILE_TYPE_NOT_ALLOWED' }));
    expect(() => checkUploadedFile({ originalname: 'x.pdf', buffer: Buffer.from('%PDF-'), size: MAX_DOCUMENT_BYTES + 1 })).toThrow(expect.objectContaining({ code: 'FILE_TOO_LARGE' }));
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
