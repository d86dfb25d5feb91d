import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { AccountLink, CurrentUser, SignInRequest, SignUpRequest } from './auth.models';

@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  me(): Observable<CurrentUser> {
    return this.http.get<CurrentUser>('/api/auth/me');
  }

  signIn(body: SignInRequest): Observable<CurrentUser> {
    return this.http.post<CurrentUser>('/api/auth/sign-in', body);
  }

  signOut(): Observable<void> {
    return this.http.post<void>('/api/auth/sign-out', null);
  }

  /** 201: the account exists and waits for its activation link, sent by e-mail. */
  signUp(body: SignUpRequest): Observable<{ accountId: string; status?: 'pending_activation' }> {
    return this.http.post<{ accountId: string; status?: 'pending_activation' }>('/api/auth/sign-up', body);
  }

  activate(link: AccountLink): Observable<{ status: 'active' }> {
    return this.http.post<{ status: 'active' }>('/api/auth/activation', link);
  }

  /** Always the same French answer, whether or not an account waits at this address. */
  resendActivation(email: string): Observable<{ message: string }> {
    return this.http.post<{ message: string }>('/api/auth/activation/resend', { email });
  }

  forgotPassword(email: string): Observable<{ message: string }> {
    return this.http.post<{ message: string }>('/api/auth/password/forgot', { email });
  }

  resetPassword(body: AccountLink & { password: string; passwordConfirmation: string }): Observable<{ status: string }> {
    return this.http.post<{ status: string }>('/api/auth/password/reset', body);
  }
}
