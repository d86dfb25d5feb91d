import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CurrentUser, SignInRequest, SignUpRequest } from './auth.models';

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

  signUp(body: SignUpRequest): Observable<{ accountId: string }> {
    return this.http.post<{ accountId: string }>('/api/auth/sign-up', body);
  }
}
