import { Component, ElementRef, Injector, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ApiError, toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { AuthApi } from './auth.api';

@Component({
  selector: 'pf-forgot-password-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Mot de passe oublié</h1>
      @if (sent(); as message) {
        <div class="notice notice--success" role="status">
          <p>{{ message }}</p>
          <p>Le lien est valable peu de temps : utilisez-le rapidement. Pensez à regarder dans les courriers indésirables.</p>
        </div>
        <p><a routerLink="/connexion">Retour à la connexion</a></p>
      } @else {
        <p class="lead">Indiquez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
        <form class="card form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (error(); as e) {
            <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
          }
          <div class="field">
            <label for="email">Adresse e-mail</label>
            <input id="email" type="email" formControlName="email" autocomplete="email" spellcheck="false" pfField />
            <pf-field-error for="email" [control]="form.controls.email" [messages]="{ required: 'Saisissez votre adresse e-mail.' }" />
          </div>
          <button type="submit" class="button button--primary button--block" [disabled]="sending()">
            {{ sending() ? 'Envoi en cours…' : 'Recevoir un lien' }}
          </button>
        </form>
        <p class="aside-link"><a routerLink="/connexion">Retour à la connexion</a></p>
      }
    </div>
  `,
})
export class ForgotPasswordPage {
  private readonly api = inject(AuthApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly form = inject(NonNullableFormBuilder).group({ email: ['', [Validators.required, Validators.email]] });
  readonly sending = signal(false);
  readonly sent = signal<string | null>(null);
  readonly error = signal<ApiError | null>(null);

  submit(): void {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.sending.set(true);
    this.api.forgotPassword(this.form.getRawValue().email.trim()).subscribe({
      next: ({ message }) => this.sent.set(message),
      error: (e: unknown) => {
        this.sending.set(false);
        this.error.set(toApiError(e));
      },
    });
  }
}
