import type { DomainEvent } from '@pf/event-sourcing';

export type ContactTopic = 'reservations' | 'billing' | 'family_file' | 'other';

export const CONTACT_TOPIC_LABELS: Record<ContactTopic, string> = {
  reservations: 'Réservations et planning',
  billing: 'Facturation et paiement',
  family_file: 'Dossier famille',
  other: 'Autre question',
};

/** A parent wrote to the service: a request of kind `contact`. `text` is personal data (sealed per family). */
export type ContactMessageSent = DomainEvent<'ContactMessageSent', { requestId: string; familyId: string; topic: ContactTopic; text: string }>;
/** Staff answered in the thread; the parent is told by mail. */
export type ContactMessageAnswered = DomainEvent<'ContactMessageAnswered', { requestId: string; familyId: string; text: string }>;
/** The parent wrote again in the same thread: it waits for the service again. */
export type ContactMessageFollowedUp = DomainEvent<'ContactMessageFollowedUp', { requestId: string; familyId: string; text: string }>;

export type ContactEvent = ContactMessageSent | ContactMessageAnswered | ContactMessageFollowedUp;

/** One stream per conversation. */
export const contactStream = (communeId: string, requestId: string) => `contact-${communeId}.${requestId}`;
