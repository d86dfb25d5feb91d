import { provideHttpClient, withFetch, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { routes } from './app.routes';
import { sessionExpiryInterceptor } from './auth/session-expiry.interceptor';
import { busyRetryInterceptor } from './shared/busy-retry';
import { PortalTitleStrategy } from './layout/title-strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    { provide: TitleStrategy, useClass: PortalTitleStrategy },
    // Same-origin API: the session cookie (httpOnly) goes with every call; writes echo the
    // readable pf_csrf cookie in X-CSRF-Token (double-submit).
    provideHttpClient(
      withFetch(),
      withXsrfConfiguration({ cookieName: 'pf_csrf', headerName: 'X-CSRF-Token' }),
      // A call the portal was too busy to take is sent again after the wait it asks for.
      withInterceptors([sessionExpiryInterceptor, busyRetryInterceptor]),
    ),
  ],
};
