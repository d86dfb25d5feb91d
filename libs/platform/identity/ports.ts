import type { SessionUser } from './session';

/**
 * Which families may this user see? Answered by the families capability (it holds the families
 * read model): the family `familyId` of the user's commune, if this user may reach it
 * (see `canReachFamily`), else null.
 */
export interface FamilyVisibility {
  visibleFamily(user: SessionUser, familyId: string): Promise<{ _id: string; communeId: string } | null>;
}
export const FAMILY_VISIBILITY = Symbol('FAMILY_VISIBILITY');

/**
 * Who is behind a session? Answered by the accounts capability: the user of an active account,
 * re-read on every request (so a closed account or a changed role takes effect at once), or null.
 */
export interface SessionAccounts {
  activeUser(accountId: string): Promise<SessionUser | null>;
}
export const SESSION_ACCOUNTS = Symbol('SESSION_ACCOUNTS');

/**
 * Resolves `Authorization: Bearer <key>` to an integrator (provided by the integrations
 * capability). Without one, bearer keys authenticate nobody.
 */
export interface ApiKeyAuthenticator {
  authenticate(key: string): Promise<SessionUser | null>;
}
export const API_KEY_AUTHENTICATOR = Symbol('API_KEY_AUTHENTICATOR');
