import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { FlashMessages } from '../shared/flash-messages';
import { SessionStore } from './session.store';

const AUTH_CALLS = /\/api\/auth\/(me|sign-in|sign-up)$/;

/** A 401 on any other call means the session ended: say so, then go to sign-in. */
export const sessionExpiryInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  const flash = inject(FlashMessages);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !AUTH_CALLS.test(request.url) && session.signedIn()) {
        session.clear();
        flash.show('Votre session a expiré. Veuillez vous reconnecter.', 'info');
        void router.navigate(['/connexion'], { queryParams: { retour: router.url } });
      }
      return throwError(() => error);
    }),
  );
};
