import { decideAcceptFamilyChange, decideArchiveFamily, decideOpenFamilyFile, decideRecordChildPhoto, decideRequestFamilyChange, evolveFamily, initialFamilyState, type FamilyState } from './family.decider';
import type { FamilyEvent } from './family.events';
import { checkPhoto, MAX_PHOTO_BYTES, sniffPhotoType } from './child-photo';
import { describeChanges } from './family-file';

const given = (...events: FamilyEvent[]): FamilyState => events.reduce(evolveFamily, initialFamilyState);
const opened = () =>
  decideOpenFamilyFile(
    {
      familyId: 'f1',
      guardian: { guardianId: 'g1', civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'julie.dubois@example.fr' },
      children: [{ childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', health: { allergies: 'arachide' } }],
      subscriberCode: 'SHB-1111-2222-3333',
    },
    initialFamilyState,
  );
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);

describe("a child's photo", () => {
  it('set by staff keeps the rest of the child’s record as it is', () => {
    const [recorded] = decideRecordChildPhoto({ childId: 'c1', photoId: 'p1' }, given(...opened()));
    expect(recorded).toMatchObject({ type: 'ChildRecorded', data: { added: false, child: { childId: 'c1', firstName: 'Emma', photoId: 'p1', health: { allergies: 'arachide' } } } });
  });

  it('set again to the same photo changes nothing', () => {
    const state = given(...opened(), ...decideRecordChildPhoto({ childId: 'c1', photoId: 'p1' }, given(...opened())));
    expect(decideRecordChildPhoto({ childId: 'c1', photoId: 'p1' }, state)).toEqual([]);
  });

  it('cannot be set on an unknown child or an archived file', () => {
    expect(() => decideRecordChildPhoto({ childId: 'c9', photoId: 'p1' }, given(...opened()))).toThrow(expect.objectContaining({ code: 'CHILD_NOT_FOUND' }));
    const archived = given(...opened(), ...decideArchiveFamily({ reason: 'Déménagement' }, given(...opened())));
    expect(() => decideRecordChildPhoto({ childId: 'c1', photoId: 'p1' }, archived)).toThrow(expect.objectContaining({ code: 'FAMILY_ARCHIVED' }));
  });

  it('sent by a parent waits for staff, then shows on the file once accepted', () => {
    const change = { target: 'child' as const, childId: 'c1', changes: { photoId: 'p2' } };
    const summary = describeChanges('Emma', change.changes, 'child');
    expect(summary).toEqual(['Emma — Photo : nouvelle photo']);
    const asked = decideRequestFamilyChange({ requestId: 'r1', change, summary }, given(...opened()));
    const state = given(...opened(), ...asked);
    expect(state.children[0].photoId).toBeUndefined();
    const accepted = decideAcceptFamilyChange({ requestId: 'r1' }, state);
    expect(given(...opened(), ...asked, ...accepted).children[0]).toMatchObject({ photoId: 'p2', health: { allergies: 'arachide' } });
  });
});

describe('a photo file, checked by its content', () => {
  it.each([
    ['a JPEG', 'image/jpeg', JPEG],
    ['a PNG', 'image/png', PNG],
    ['a PDF', 'nothing', Buffer.from('%PDF-1.7')],
    ['an SVG with a script', 'nothing', Buffer.from('<svg onload="alert(1)">')],
    ['a GIF', 'nothing', Buffer.from('GIF89a')],
  ])('%s is taken as %s', (_, expected, bytes) => expect(sniffPhotoType(bytes as Buffer)).toBe(expected === 'nothing' ? null : expected));

  it('is refused when missing, too large or not a JPEG / PNG, with a stable code', () => {
    expect(() => checkPhoto(undefined)).toThrow(expect.objectContaining({ code: 'PHOTO_REQUIRED' }));
    expect(() => checkPhoto({ buffer: JPEG, size: MAX_PHOTO_BYTES + 1 })).toThrow(expect.objectContaining({ code: 'PHOTO_TOO_LARGE' }));
    expect(() => checkPhoto({ buffer: Buffer.from('%PDF-1.7'), size: 8 })).toThrow(expect.objectContaining({ code: 'PHOTO_TYPE_NOT_ALLOWED' }));
    expect(checkPhoto({ buffer: PNG, size: PNG.length }).contentType).toBe('image/png');
  });
});
