import type { FamilyDocument } from '@pf/families';

export interface Recipient {
  guardianId: string;
  email: string;
}

/**
 * Who is told about a family's requests: the guardians who have an account on the portal (so the
 * mail concerns something they can follow there) and did not refuse mails from the service.
 */
export function requestRecipients(family: FamilyDocument): Recipient[] {
  return family.guardians
    // communicationConsent arrives with the full family file; a guardian who said no gets no mail.
    .filter((g) => g.accountId !== null && (g as { communicationConsent?: boolean }).communicationConsent !== false && g.email)
    .map((g) => ({ guardianId: g.guardianId, email: g.email }));
}
