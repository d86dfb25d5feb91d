import { DomainError } from '@pf/domain';
import {
  decideLinkGuardianAccount,
  decideOpenFamilyFile,
  evolveFamily,
  FamilyState,
  initialFamilyState,
  OpenFamilyFile,
} from './family.decider';
import type { FamilyEvent } from './family.events';

const open: OpenFamilyFile = {
  familyId: 'f1',
  guardian: { guardianId: 'g1', civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'julie.dubois@example.fr' },
  children: [{ childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12' }],
  subscriberCode: 'SHB-1111-2222-3333',
};

const given = (...events: FamilyEvent[]): FamilyState => events.reduce(evolveFamily, initialFamilyState);
const opened = () => given(...decideOpenFamilyFile(open, initialFamilyState));
const link = (overrides: Partial<Parameters<typeof decideLinkGuardianAccount>[0]> = {}) => ({
  familyId: 'f1',
  accountId: 'a1',
  subscriberCode: 'SHB-1111-2222-3333',
  email: 'julie.dubois@example.fr',
  ...overrides,
});

describe('opening a family file', () => {
  it('opens the file named after the guardian and issues its code abonné', () => {
    const events = decideOpenFamilyFile(open, initialFamilyState);
    expect(events.map((e) => e.type)).toEqual(['FamilyFileOpened', 'SubscriberCodeIssued']);
    expect(events[0].data).toMatchObject({ name: 'Famille DUBOIS' });
    expect(events[1].data).toEqual({ familyId: 'f1', subscriberCode: 'SHB-1111-2222-3333' });
  });

  it('refuses to open the same file twice', () => {
    expect(() => decideOpenFamilyFile(open, opened())).toThrow(DomainError);
  });

  it('refuses a file without any child', () => {
    expect(() => decideOpenFamilyFile({ ...open, children: [] }, initialFamilyState)).toThrow(/au moins un enfant/);
  });
});

describe('linking a parent account with the code abonné', () => {
  it('links the account to the guardian with the same e-mail', () => {
    expect(decideLinkGuardianAccount(link(), opened())).toEqual([
      { type: 'GuardianAccountLinked', data: { familyId: 'f1', guardianId: 'g1', accountId: 'a1', subscriberCode: 'SHB-1111-2222-3333' } },
    ]);
  });

  it('refuses a wrong code without saying whether the family exists', () => {
    expect(() => decideLinkGuardianAccount(link({ subscriberCode: 'SHB-0000-0000-0000' }), opened())).toThrow(
      expect.objectContaining({ code: 'SUBSCRIBER_CODE_REFUSED' }),
    );
  });

  it('refuses a code that already linked another account, with the same answer', () => {
    const state = given(...decideOpenFamilyFile(open, initialFamilyState), ...decideLinkGuardianAccount(link(), opened()));
    expect(() => decideLinkGuardianAccount(link({ accountId: 'a2' }), state)).toThrow(
      expect.objectContaining({ code: 'SUBSCRIBER_CODE_REFUSED' }),
    );
  });

  it('treats a retried link of the same account as already done', () => {
    const state = given(...decideOpenFamilyFile(open, initialFamilyState), ...decideLinkGuardianAccount(link(), opened()));
    expect(decideLinkGuardianAccount(link(), state)).toEqual([]);
  });

  it('accepts the code again once a failed sign-up undid the link', () => {
    const state = given(
      ...decideOpenFamilyFile(open, initialFamilyState),
      ...decideLinkGuardianAccount(link(), opened()),
      { type: 'GuardianAccountUnlinked', data: { familyId: 'f1', guardianId: 'g1', accountId: 'a1', subscriberCode: 'SHB-1111-2222-3333', reason: 'EMAIL_TAKEN' } },
    );
    expect(decideLinkGuardianAccount(link({ accountId: 'a2' }), state)).toHaveLength(1);
  });

  it('refuses a code that was replaced by a newer one', () => {
    const state = given(...decideOpenFamilyFile(open, initialFamilyState), {
      type: 'SubscriberCodeIssued',
      data: { familyId: 'f1', subscriberCode: 'SHB-9999-8888-7777' },
    });
    expect(() => decideLinkGuardianAccount(link(), state)).toThrow(expect.objectContaining({ code: 'SUBSCRIBER_CODE_REFUSED' }));
  });
});
