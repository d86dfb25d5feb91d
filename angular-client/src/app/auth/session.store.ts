import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from './auth.api';
import { CurrentUser } from './auth.models';

/**
 * Who is signed in. The session itself lives in an httpOnly cookie; the client only asks
 * `/api/auth/me` once, then keeps the answer in a signal.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(AuthApi);
  private readonly state = signal<CurrentUser | null>(null);
  private loading: Promise<CurrentUser | null> | null = null;

  readonly user = this.state.asReadonly();
  readonly signedIn = computed(() => this.state() !== null);
  readonly communeName = computed(() => this.state()?.communeName ?? null);

  /** Resolves the current user (null when signed out); asks the API only the first time. */
  ensureLoaded(): Promise<CurrentUser | null> {
    this.loading ??= firstValueFrom(this.api.me()).then(
      (user) => {
        this.state.set(user);
        return user;
      },
      (error: unknown) => {
        // 401: nobody is signed in. Anything else: let the next navigation ask again.
        if (!(error instanceof HttpErrorResponse && error.status === 401)) this.loading = null;
        this.state.set(null);
        return null;
      },
    );
    return this.loading;
  }

  signedInAs(user: CurrentUser): void {
    this.state.set(user);
    this.loading = Promise.resolve(user);
  }

  clear(): void {
    this.state.set(null);
    this.loading = Promise.resolve(null);
  }
}
