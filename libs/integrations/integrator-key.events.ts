import type { DomainEvent } from '@pf/event-sourcing';
import type { IntegratorScope } from './scopes';

export interface IntegratorKeyIssuance {
  keyId: string;
  communeId: string;
  /** What the key is for, said by staff (« Logiciel comptable Berger-Levrault »). */
  label: string;
  scope: IntegratorScope;
  /** SHA-256 of the key, hex: the key itself is shown once and never stored. */
  keyHash: string;
  /** The key's first characters, so staff can tell keys apart. */
  keyPrefix: string;
}

export type IntegratorKeyIssued = DomainEvent<'IntegratorKeyIssued', IntegratorKeyIssuance>;
export type IntegratorKeyRevoked = DomainEvent<'IntegratorKeyRevoked', { keyId: string; communeId: string }>;
export type IntegratorKeyEvent = IntegratorKeyIssued | IntegratorKeyRevoked;

export const integratorKeyStream = (communeId: string, keyId: string) => `integratorkey-${communeId}.${keyId}`;
