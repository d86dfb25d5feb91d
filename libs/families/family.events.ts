import type { DomainEvent } from '@pf/event-sourcing';

export type Civility = 'Mme' | 'M';

export interface GuardianDetails {
  guardianId: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
}

export interface ChildDetails {
  childId: string;
  firstName: string;
  lastName: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  schoolClass?: string;
}

export type FamilyFileOpened = DomainEvent<
  'FamilyFileOpened',
  { familyId: string; name: string; guardians: GuardianDetails[]; children: ChildDetails[] }
>;
/** A new code abonné replaces the previous one, which stops working. */
export type SubscriberCodeIssued = DomainEvent<'SubscriberCodeIssued', { familyId: string; subscriberCode: string }>;
export type GuardianAccountLinked = DomainEvent<
  'GuardianAccountLinked',
  { familyId: string; guardianId: string; accountId: string; subscriberCode: string }
>;
/** The link was undone because the account could not be created (e.g. the e-mail was taken meanwhile). */
export type GuardianAccountUnlinked = DomainEvent<'GuardianAccountUnlinked', { familyId: string; guardianId: string; accountId: string; subscriberCode: string; reason: string }>;

export type FamilyEvent = FamilyFileOpened | SubscriberCodeIssued | GuardianAccountLinked | GuardianAccountUnlinked;

export const familyStream = (communeId: string, familyId: string) => `family-${communeId}.${familyId}`;
