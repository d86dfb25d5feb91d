import { Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { ApiError, toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent } from '../shared/form-field';
import { AuthApi } from './auth.api';

type State = 'activating' | 'active' | 'already-active' | 'failed';

/** The page the activation e-mail links to: /activer-mon-compte?compte=…&jeton=… */
@Component({
  selector: 'pf-activation-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Activation de votre compte</h1>

      @switch (state()) {
        @case ('activating') {
          <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Activation en cours…</p>
        }
        @case ('active') {
          <div class="notice notice--success" role="status">
            <p>Votre compte est activé. Vous pouvez maintenant vous connecter.</p>
          </div>
          <a class="button button--primary" routerLink="/connexion">Se connecter</a>
        }
        @case ('already-active') {
          <div class="notice" role="status"><p>{{ error()?.message }}</p></div>
          <a class="button button--primary" routerLink="/connexion">Se connecter</a>
        }
        @case ('failed') {
          <div class="notice notice--error" role="alert"><p>{{ error()?.message }}</p></div>

          <section class="card" aria-labelledby="resend-title">
            <h2 id="resend-title">Recevoir un nouveau lien</h2>
            @if (resent(); as message) {
              <div class="notice notice--success" role="status"><p>{{ message }}</p></div>
            } @else {
              <form class="form" [formGroup]="form" (ngSubmit)="resend()" novalidate>
                <div class="field">
                  <label for="email">Adresse e-mail de votre compte</label>
                  <input id="email" type="email" formControlName="email" autocomplete="email" spellcheck="false" pfField />
                  <pf-field-error for="email" [control]="form.controls.email"
                                  [messages]="{ required: 'Saisissez votre adresse e-mail.' }" />
                </div>
                @if (resendError(); as e) {
                  <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
                }
                <button type="submit" class="button button--primary" [disabled]="sending()">
                  {{ sending() ? 'Envoi en cours…' : 'Recevoir un nouveau lien' }}
                </button>
              </form>
            }
          </section>
        }
      }
    </div>
  `,
})
export class ActivationPage {
  private readonly api = inject(AuthApi);
  readonly state = signal<State>('activating');
  readonly error = signal<ApiError | null>(null);
  readonly form = inject(NonNullableFormBuilder).group({ email: ['', [Validators.required, Validators.email]] });
  readonly sending = signal(false);
  readonly resent = signal<string | null>(null);
  readonly resendError = signal<ApiError | null>(null);

  constructor() {
    const params = inject(ActivatedRoute).snapshot.queryParamMap;
    const accountId = params.get('compte');
    const token = params.get('jeton');
    if (!accountId || !token) {
      this.fail({ statusCode: 422, code: 'TOKEN_INVALID', message: "Ce lien est incomplet. Copiez l'adresse entière reçue par e-mail, ou demandez un nouveau lien.", details: [] });
      return;
    }
    this.api.activate({ accountId, token }).subscribe({
      next: () => this.state.set('active'),
      error: (e: unknown) => this.fail(toApiError(e)),
    });
  }

  private fail(error: ApiError): void {
    this.error.set(error);
    this.state.set(error.code === 'TOKEN_ALREADY_USED' ? 'already-active' : 'failed');
  }

  resend(): void {
    this.resendError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.sending.set(true);
    this.api.resendActivation(this.form.getRawValue().email.trim()).subscribe({
      next: ({ message }) => {
        this.sending.set(false);
        this.resent.set(message);
      },
      error: (e: unknown) => {
        this.sending.set(false);
        this.resendError.set(toApiError(e));
      },
    });
  }
}
