export type Role = 'guardian' | 'staff' | 'admin';
export type Civility = 'Mme' | 'M';

/** The signed-in person, as `GET /api/auth/me` describes them. */
export interface CurrentUser {
  accountId: string;
  role: Role;
  communeId: string;
  communeName: string;
  familyId?: string;
  displayName: string;
}

export interface SignInRequest {
  email: string;
  password: string;
  rememberMe: boolean;
}

export interface SignUpRequest {
  requestId: string;
  subscriberCode: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
  password: string;
  passwordConfirmation: string;
  termsAccepted: true;
}

/** What a link mailed to the person carries (?compte=…&jeton=…). */
export interface AccountLink {
  accountId: string;
  token: string;
}

export const isStaff = (role: Role | undefined): boolean => role === 'staff' || role === 'admin';

/** Where each role lands after signing in. */
export const homeFor = (user: CurrentUser): string => (isStaff(user.role) ? '/gestion/demandes' : '/accueil');
