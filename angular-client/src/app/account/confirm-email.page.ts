import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { ApiError, toApiError } from '../shared/api-error';

/** The page the e-mail change link opens: /mon-compte/confirmer-email?compte=…&jeton=… */
@Component({
  selector: 'pf-confirm-email-page',
  imports: [RouterLink],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Confirmation de votre adresse e-mail</h1>
      @switch (state()) {
        @case ('working') {
          <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Confirmation en cours…</p>
        }
        @case ('done') {
          <div class="notice notice--success" role="status"><p>Votre nouvelle adresse e-mail est confirmée : utilisez-la désormais pour vous connecter.</p></div>
          <a class="button button--primary" routerLink="/">Continuer</a>
        }
        @case ('failed') {
          <div class="notice notice--error" role="alert"><p>{{ error()?.message }}</p></div>
          <p><a routerLink="/mon-compte">Demander un nouveau lien depuis « Mon compte »</a></p>
        }
      }
    </div>
  `,
})
export class ConfirmEmailPage {
  readonly state = signal<'working' | 'done' | 'failed'>('working');
  readonly error = signal<ApiError | null>(null);

  constructor() {
    const params = inject(ActivatedRoute).snapshot.queryParamMap;
    const accountId = params.get('compte');
    const token = params.get('jeton');
    if (!accountId || !token) {
      this.error.set({ statusCode: 422, code: 'TOKEN_INVALID', message: "Ce lien est incomplet. Copiez l'adresse entière reçue par e-mail.", details: [] });
      this.state.set('failed');
      return;
    }
    inject(HttpClient)
      .post('/api/auth/email/confirm', { accountId, token })
      .subscribe({
        next: () => this.state.set('done'),
        error: (e: unknown) => {
          this.error.set(toApiError(e));
          this.state.set('failed');
        },
      });
  }
}
