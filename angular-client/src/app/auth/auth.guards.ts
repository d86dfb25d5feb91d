import { inject } from '@angular/core';
import { CanActivateFn, CanMatchFn, Router } from '@angular/router';
import { Role, homeFor } from './auth.models';
import { SessionStore } from './session.store';

/** Only for the given roles; others go to their own home, anonymous people to sign-in. */
export function roleGuard(...roles: Role[]): CanActivateFn {
  return async (_route, state) => {
    const router = inject(Router);
    const user = await inject(SessionStore).ensureLoaded();
    if (!user) return router.createUrlTree(['/connexion'], { queryParams: { retour: state.url } });
    if (!roles.includes(user.role)) return router.parseUrl(homeFor(user));
    return true;
  };
}

/** Sign-in and sign-up pages: a signed-in person goes straight to their home. */
export const guestOnlyGuard: CanActivateFn = async () => {
  const user = await inject(SessionStore).ensureLoaded();
  return user ? inject(Router).parseUrl(homeFor(user)) : true;
};

/** The root path: everyone lands where their role starts. */
export const homeRedirectGuard: CanMatchFn = async () => {
  const router = inject(Router);
  const user = await inject(SessionStore).ensureLoaded();
  return router.parseUrl(user ? homeFor(user) : '/connexion');
};
