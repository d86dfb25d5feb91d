import {
  decideAcceptFamilyChange,
  decideArchiveFamily,
  decideEraseFamily,
  decideIssueSubscriberCode,
  decideLinkGuardianAccount,
  decideOpenFamilyFile,
  decideRecordChild,
  decideRefuseFamilyChange,
  decideRequestFamilyChange,
  evolveFamily,
  initialFamilyState,
  type FamilyState,
} from './family.decider';
import type { FamilyEvent } from './family.events';

const opened = decideOpenFamilyFile(
  {
    familyId: 'f1',
    guardian: { guardianId: 'g1', civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'julie.dubois@example.fr' },
    children: [{ childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12' }],
    subscriberCode: 'SHB-1111-2222-3333',
  },
  initialFamilyState,
);
const given = (...events: FamilyEvent[]): FamilyState => [...opened, ...events].reduce(evolveFamily, initialFamilyState);
const allergies = { requestId: 'r1', change: { target: 'child' as const, childId: 'c1', changes: { health: { allergies: 'Arachide' } } }, summary: ['Emma — Santé : allergies : Arachide'] };

describe("a parent's change to the family file", () => {
  it('waits for staff as a pending change', () => {
    expect(decideRequestFamilyChange(allergies, given())).toEqual([{ type: 'FamilyChangeRequested', data: { familyId: 'f1', ...allergies } }]);
  });

  it("applies, once accepted, only the sections asked to the child's record as it is now", () => {
    const state = given(
      ...decideRequestFamilyChange(allergies, given()),
      ...decideRecordChild({ child: { childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', sex: 'F' }, adding: false }, given()),
    );
    expect(decideAcceptFamilyChange({ requestId: 'r1' }, state)).toEqual([
      { type: 'FamilyChangeAccepted', data: { familyId: 'f1', requestId: 'r1' } },
      { type: 'ChildRecorded', data: { familyId: 'f1', child: { childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', sex: 'F', health: { allergies: 'Arachide' } }, added: false } },
    ]);
  });

  it('is decided once: accepting or refusing it again is a conflict', () => {
    const state = given(...decideRequestFamilyChange(allergies, given()), { type: 'FamilyChangeRefused', data: { familyId: 'f1', requestId: 'r1', reason: 'Justificatif manquant' } });
    expect(() => decideAcceptFamilyChange({ requestId: 'r1' }, state)).toThrow(expect.objectContaining({ code: 'CHANGE_ALREADY_DECIDED' }));
    expect(() => decideRefuseFamilyChange({ requestId: 'r1', reason: 'x' }, state)).toThrow(expect.objectContaining({ code: 'CHANGE_ALREADY_DECIDED' }));
  });

  it('refuses a change to a child that is not in the file', () => {
    expect(() => decideRequestFamilyChange({ ...allergies, change: { ...allergies.change, childId: 'c9' } }, given())).toThrow(expect.objectContaining({ code: 'CHILD_NOT_FOUND' }));
  });
});

describe('code abonné regeneration', () => {
  it('makes the old code stop working', () => {
    const state = given(...decideIssueSubscriberCode({ subscriberCode: 'SHB-9999-8888-7777' }, given()));
    expect(() => decideLinkGuardianAccount({ familyId: 'f1', accountId: 'a1', subscriberCode: 'SHB-1111-2222-3333', email: 'julie.dubois@example.fr' }, state)).toThrow(
      expect.objectContaining({ code: 'SUBSCRIBER_CODE_REFUSED' }),
    );
    expect(decideLinkGuardianAccount({ familyId: 'f1', accountId: 'a1', subscriberCode: 'SHB-9999-8888-7777', email: 'julie.dubois@example.fr' }, state)).toHaveLength(1);
  });
});

describe('archiving and erasing a family', () => {
  it('erases only an archived file', () => {
    expect(() => decideEraseFamily({ reasonCode: 'RIGHT_TO_ERASURE' }, given())).toThrow(expect.objectContaining({ code: 'FAMILY_NOT_ARCHIVED' }));
  });

  it('records the erasure with the ids read models need to forget the family', () => {
    const linked = decideLinkGuardianAccount({ familyId: 'f1', accountId: 'a1', subscriberCode: 'SHB-1111-2222-3333', email: 'julie.dubois@example.fr' }, given());
    const state = given(...linked, ...decideArchiveFamily({ reason: 'Déménagement' }, given(...linked)));
    expect(decideEraseFamily({ reasonCode: 'RIGHT_TO_ERASURE' }, state)).toEqual([
      { type: 'FamilyErased', data: { familyId: 'f1', reasonCode: 'RIGHT_TO_ERASURE', childIds: ['c1'], guardianIds: ['g1'], accountIds: ['a1'] } },
    ]);
  });

  it('accepts no change on an archived file, and nothing at all once erased', () => {
    const archived = given(...decideArchiveFamily({ reason: 'Déménagement' }, given()));
    expect(() => decideRequestFamilyChange(allergies, archived)).toThrow(expect.objectContaining({ code: 'FAMILY_ARCHIVED' }));
    const erased = [...decideEraseFamily({ reasonCode: 'DUPLICATE_FILE' }, archived)].reduce(evolveFamily, archived);
    expect(() => decideArchiveFamily({ reason: 'x' }, erased)).toThrow(expect.objectContaining({ code: 'FAMILY_NOT_FOUND' }));
    expect(() => decideLinkGuardianAccount({ familyId: 'f1', accountId: 'a2', subscriberCode: 'SHB-1111-2222-3333', email: 'x@example.fr' }, erased)).toThrow(
      expect.objectContaining({ code: 'SUBSCRIBER_CODE_REFUSED' }),
    );
  });
});
