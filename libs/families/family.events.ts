import type { DomainEvent } from '@pf/event-sourcing';

export type Civility = 'Mme' | 'M';
export type GuardianQuality = 'mere' | 'pere' | 'tuteur' | 'tutrice' | 'beau-parent' | 'famille-accueil' | 'autre';
export type FamilySituation = 'marie' | 'pacse' | 'vie-maritale' | 'celibataire' | 'separe' | 'divorce' | 'veuf' | 'autre';
export type InvoiceDelivery = 'email' | 'courrier';
export type CafRegime = 'general' | 'msa' | 'autre';
export type SchoolLevel = 'maternelle' | 'elementaire';
export type Sex = 'F' | 'M';

export interface Phones {
  mobile?: string;
  home?: string;
  work?: string;
}

export interface PostalAddress {
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
}

export interface ProfessionalInfo {
  occupation?: string;
  employer?: string;
  workAddress?: string;
}

export interface CafData {
  allocataire: boolean;
  regime?: CafRegime;
  /** Numéro d'allocataire. */
  number?: string;
}

/** A responsable légal. Fields beyond the first five are filled in as the file is completed. */
export interface GuardianDetails {
  guardianId: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
  quality?: GuardianQuality;
  familySituation?: FamilySituation;
  phones?: Phones;
  address?: PostalAddress;
  /** Agrees to receive the service's news by e-mail. */
  communicationConsent?: boolean;
  invoiceDelivery?: InvoiceDelivery;
  professional?: ProfessionalInfo;
  caf?: CafData;
}

export interface Doctor {
  name: string;
  phone?: string;
}

export interface HealthInfo {
  doctor?: Doctor;
  /** Free text, '' when none. */
  allergies?: string;
  /** Projet d'accueil individualisé. */
  pai?: boolean;
  glasses?: boolean;
  dentalDevice?: boolean;
  hearingAid?: boolean;
  notes?: string;
}

export interface Authorisations {
  sport: boolean;
  photos: boolean;
  leaveAlone: boolean;
  hospitalisation: boolean;
}

export interface Contact {
  contactId: string;
  lastName: string;
  firstName: string;
  relationship: string;
  phone: string;
  canPickUp: boolean;
  emergency: boolean;
}

export interface SchoolInfo {
  name?: string;
  level?: SchoolLevel;
  className?: string;
}

export interface ChildDetails {
  childId: string;
  firstName: string;
  lastName: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  /** Free class label typed when the file was opened (kept for older files; `school.className` supersedes it). */
  schoolClass?: string;
  birthPlace?: string;
  sex?: Sex;
  school?: SchoolInfo;
  /** Blob id of the photo, when one was given. */
  photoId?: string;
  health?: HealthInfo;
  authorisations?: Authorisations;
  contacts?: Contact[];
}

export interface FamilyQuotient {
  /** Euros, whole number, as the CAF states it. */
  value: number;
  /** 'YYYY-MM-DD' the QF was last stated. */
  updatedOn: string;
}

/** What a parent's change request asks to change (sections replaced whole). */
export type GuardianChanges = Partial<Omit<GuardianDetails, 'guardianId'>>;
export type ChildChanges = Partial<Omit<ChildDetails, 'childId'>>;
export type FamilyChange =
  | { target: 'guardian'; guardianId: string; changes: GuardianChanges }
  | { target: 'child'; childId: string; changes: ChildChanges }
  | { target: 'new-child'; childId: string; changes: Omit<ChildDetails, 'childId'> };

export type FamilyFileOpened = DomainEvent<
  'FamilyFileOpened',
  {
    familyId: string;
    name: string;
    guardians: GuardianDetails[];
    children: ChildDetails[];
    /** The pre-registration the file was opened from, if any (same id as the family). */
    preRegistrationId?: string;
  }
>;
/** A new code abonné replaces the previous one, which stops working. */
export type SubscriberCodeIssued = DomainEvent<'SubscriberCodeIssued', { familyId: string; subscriberCode: string }>;
export type GuardianAccountLinked = DomainEvent<
  'GuardianAccountLinked',
  { familyId: string; guardianId: string; accountId: string; subscriberCode: string }
>;
/** The link was undone because the account could not be created (e.g. the e-mail was taken meanwhile). */
export type GuardianAccountUnlinked = DomainEvent<'GuardianAccountUnlinked', { familyId: string; guardianId: string; accountId: string; subscriberCode: string; reason: string }>;
/** Staff wrote a guardian's record (whole record after the change). */
export type GuardianRecorded = DomainEvent<'GuardianRecorded', { familyId: string; guardian: GuardianDetails; added: boolean }>;
/** Staff wrote a child's record (whole record after the change). */
export type ChildRecorded = DomainEvent<'ChildRecorded', { familyId: string; child: ChildDetails; added: boolean }>;
export type FamilyQuotientRecorded = DomainEvent<'FamilyQuotientRecorded', { familyId: string; quotient: FamilyQuotient }>;
/** A parent asked to change the file: pending until staff decide. */
export type FamilyChangeRequested = DomainEvent<'FamilyChangeRequested', { familyId: string; requestId: string; change: FamilyChange; summary: string[] }>;
export type FamilyChangeAccepted = DomainEvent<'FamilyChangeAccepted', { familyId: string; requestId: string }>;
export type FamilyChangeRefused = DomainEvent<'FamilyChangeRefused', { familyId: string; requestId: string; reason: string }>;
/** The family left the commune's services; its file is kept read-only until erased. */
export type FamilyArchived = DomainEvent<'FamilyArchived', { familyId: string; reason: string }>;
/**
 * The family's personal data was erased (right to be forgotten): its key is destroyed and every
 * read model forgets it. Ids (children, accounts) are listed so read models can drop what they keyed by them.
 */
export type FamilyErased = DomainEvent<
  'FamilyErased',
  { familyId: string; reasonCode: ErasureReason; childIds: string[]; guardianIds: string[]; accountIds: string[] }
>;
export type ErasureReason = 'RIGHT_TO_ERASURE' | 'RETENTION_PERIOD_OVER' | 'DUPLICATE_FILE';

export type FamilyEvent =
  | FamilyFileOpened
  | SubscriberCodeIssued
  | GuardianAccountLinked
  | GuardianAccountUnlinked
  | GuardianRecorded
  | ChildRecorded
  | FamilyQuotientRecorded
  | FamilyChangeRequested
  | FamilyChangeAccepted
  | FamilyChangeRefused
  | FamilyArchived
  | FamilyErased;

export const familyStream = (communeId: string, familyId: string) => `family-${communeId}.${familyId}`;
