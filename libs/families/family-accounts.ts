import type { CommandContext } from '@pf/event-sourcing';
import type { Document } from '@pf/read-store';

/** A family's account as the family file sees it (its personal-data export, its erasure). */
export interface FamilyAccount extends Document {
  email: string;
  displayName: string;
  status: 'pending_activation' | 'active';
  /** An e-mail change waiting for confirmation on the new address. */
  pendingEmail: string | null;
}

/**
 * The accounts of a family, answered by the accounts capability (it holds the accounts): the
 * family file lists them in the personal-data export and closes them when the family is erased.
 */
export interface FamilyAccounts {
  ofFamily(communeId: string, familyId: string): Promise<FamilyAccount[]>;
  /** Closes the accounts (sessions revoked, login e-mails released); the position of the last event. */
  close(accountIds: string[], ctx: CommandContext): Promise<number>;
}
export const FAMILY_ACCOUNTS = Symbol('FAMILY_ACCOUNTS');
