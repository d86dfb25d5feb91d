import type { DomainEvent } from '@pf/event-sourcing';

export type SchoolZone = 'A' | 'B' | 'C';

export interface CommuneProfile {
  communeId: string;
  name: string;
  /** IANA zone; every day and deadline of the commune is read in it. */
  timeZone: string;
  schoolZone: SchoolZone;
  /** Printed at the start of subscriber codes, e.g. SHB. */
  subscriberCodePrefix: string;
  serviceName: string;
  serviceEmail: string;
}

export type CommuneRegistered = DomainEvent<'CommuneRegistered', CommuneProfile>;
export type CommuneEvent = CommuneRegistered;

export const communeStream = (communeId: string) => `commune-${communeId}`;
