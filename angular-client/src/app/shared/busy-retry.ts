import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { Component, Injectable, inject, signal } from '@angular/core';
import { Observable, defer, retry, throwError, timer } from 'rxjs';

/** How many times a call the portal was too busy to take is sent again before the error is shown. */
export const MAX_BUSY_RETRIES = 10;

/** The wait the portal asked for (Retry-After, in seconds), within reason. */
export function retryAfterSeconds(error: HttpErrorResponse): number | null {
  if (error.status !== 503) return null;
  const seconds = Number(error.headers?.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) : 1;
}

/** What the page says while the portal asks to wait: « nouvel essai dans N s », counting down. */
@Injectable({ providedIn: 'root' })
export class BusyNotice {
  readonly secondsLeft = signal<number | null>(null);
  private waiting = 0;

  /** Counts `seconds` down on screen, then resolves. */
  wait(seconds: number): Observable<number> {
    return defer(() => {
      this.waiting++;
      this.secondsLeft.set(seconds);
      const tick = setInterval(() => this.secondsLeft.update((s) => (s !== null && s > 1 ? s - 1 : s)), 1000);
      return new Observable<number>((subscriber) => {
        const sub = timer(seconds * 1000).subscribe(subscriber);
        return () => {
          sub.unsubscribe();
          clearInterval(tick);
          if (--this.waiting === 0) this.secondsLeft.set(null);
        };
      });
    });
  }
}

/**
 * A call the portal was too busy to take (503 with Retry-After) is sent again as it was after the
 * wait it asked for — the same body, so the same request id, which the portal takes once — while
 * the page says so, instead of failing or spinning without a word.
 */
export const busyRetryInterceptor: HttpInterceptorFn = (request, next) => {
  const notice = inject(BusyNotice);
  return next(request).pipe(
    retry({
      count: MAX_BUSY_RETRIES,
      delay: (error: unknown) => {
        const seconds = error instanceof HttpErrorResponse ? retryAfterSeconds(error) : null;
        return seconds === null ? throwError(() => error) : notice.wait(seconds);
      },
    }),
  );
};

/** The banner of BusyNotice, announced politely to screen readers. */
@Component({
  selector: 'pf-busy-notice',
  template: `
    <div class="busy-notice" role="status" aria-live="polite">
      @if (notice.secondsLeft(); as seconds) {
        <p class="notice notice--info">Beaucoup de demandes en ce moment, nouvel essai dans {{ seconds }} s.</p>
      }
    </div>
  `,
})
export class BusyNoticeComponent {
  protected readonly notice = inject(BusyNotice);
}
