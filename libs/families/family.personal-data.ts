import { familySubject, type PersonalDataPolicies, type PersonalDataPolicy } from '@pf/personal-data';
import type { ChildDetails, FamilyEvent, GuardianDetails } from './family.events';

type Data<T extends FamilyEvent['type']> = Extract<FamilyEvent, { type: T }>['data'];

/** What stays of a guardian once erased: the id and the civility-free shape. */
export const redactGuardian = (g: GuardianDetails): GuardianDetails => ({ guardianId: g.guardianId, civility: g.civility, lastName: '', firstName: '', email: '' });
/** What stays of a child once erased: the id (bookings and invoices refer to it). */
export const redactChild = (c: ChildDetails): ChildDetails => ({ childId: c.childId, firstName: '', lastName: '', birthDate: '' });

const policy = <T extends FamilyEvent['type']>(p: PersonalDataPolicy<Data<T>>) => p;

/** Personal data of the family file's events, sealed with the family's key. */
export const familyPersonalData: PersonalDataPolicies = {
  FamilyFileOpened: policy<'FamilyFileOpened'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['name', 'guardians', 'children'],
    redact: (d) => ({ ...d, name: '', guardians: d.guardians.map(redactGuardian), children: d.children.map(redactChild) }),
  }),
  GuardianRecorded: policy<'GuardianRecorded'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['guardian'],
    redact: (d) => ({ ...d, guardian: redactGuardian(d.guardian) }),
  }),
  ChildRecorded: policy<'ChildRecorded'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['child'],
    redact: (d) => ({ ...d, child: redactChild(d.child) }),
  }),
  FamilyChangeRequested: policy<'FamilyChangeRequested'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['change', 'summary'],
    redact: (d) => ({ ...d, change: { ...d.change, changes: {} } as typeof d.change, summary: [] }),
  }),
  FamilyChangeRefused: policy<'FamilyChangeRefused'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['reason'],
    redact: (d) => ({ ...d, reason: '' }),
  }),
  FamilyArchived: policy<'FamilyArchived'>({
    subject: (d) => familySubject(d.familyId),
    personalFields: ['reason'],
    redact: (d) => ({ ...d, reason: '' }),
  }),
};
