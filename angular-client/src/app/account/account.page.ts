import { HttpClient } from '@angular/common/http';
import { Component, ElementRef, Injector, inject, signal } from '@angular/core';
import { FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PASSWORD_RULE_TEXT, passwordRule, sameAs } from '../auth/password-rule';
import { SessionStore } from '../auth/session.store';
import { isStaff } from '../auth/auth.models';
import { ApiError, applyServerErrors, isDefinitiveRejection, toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { newRequestId } from '../shared/request-id';

/**
 * « Mon compte »: the sign-in e-mail (changed once confirmed from the new address) and the
 * password. Address and phones live in the family file (a change there is a request to the service).
 */
@Component({
  selector: 'pf-account-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Mon compte</h1>
      <p class="lead">Connecté en tant que {{ session.user()?.displayName }}.</p>
      @if (!staff()) {
        <p>Votre adresse postale et vos téléphones figurent dans votre <a routerLink="/famille">dossier famille</a>.</p>
      }

      <section class="card" aria-labelledby="password-title">
        <h2 id="password-title">Changer de mot de passe</h2>
        <form class="form" [formGroup]="passwordForm" (ngSubmit)="changePassword()" novalidate #pwd>
          @if (passwordDone()) {
            <div class="notice notice--success" role="status"><p>Votre mot de passe est changé.</p></div>
          }
          @if (passwordError(); as e) {
            <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
          }
          <div class="field">
            <label for="currentPassword">Mot de passe actuel</label>
            <input id="currentPassword" type="password" formControlName="currentPassword" autocomplete="current-password" pfField />
            <pf-field-error for="currentPassword" [control]="passwordForm.controls.currentPassword" [messages]="{ required: 'Saisissez votre mot de passe actuel.' }" />
          </div>
          <div class="field">
            <label for="password">Nouveau mot de passe</label>
            <p class="hint" id="password-hint">{{ rule }}</p>
            <input id="password" type="password" formControlName="password" autocomplete="new-password" pfField="password-hint" />
            <pf-field-error for="password" [control]="passwordForm.controls.password" [messages]="{ required: 'Choisissez un nouveau mot de passe.' }" />
          </div>
          <div class="field">
            <label for="passwordConfirmation">Confirmation du nouveau mot de passe</label>
            <input id="passwordConfirmation" type="password" formControlName="passwordConfirmation" autocomplete="new-password" pfField />
            <pf-field-error for="passwordConfirmation" [control]="passwordForm.controls.passwordConfirmation" [messages]="{ required: 'Saisissez à nouveau le mot de passe.' }" />
          </div>
          <button type="submit" class="button button--primary" [disabled]="passwordSending()">
            {{ passwordSending() ? 'Enregistrement…' : 'Changer le mot de passe' }}
          </button>
        </form>
      </section>

      <section class="card" aria-labelledby="email-title">
        <h2 id="email-title">Changer d'adresse e-mail</h2>
        <p>Votre adresse e-mail sert d'identifiant. La nouvelle adresse est utilisée dès que vous l'avez confirmée par le lien que nous y envoyons.</p>
        <form class="form" [formGroup]="emailForm" (ngSubmit)="changeEmail()" novalidate>
          @if (emailDone(); as message) {
            <div class="notice notice--success" role="status"><p>{{ message }}</p></div>
          }
          @if (emailError(); as e) {
            <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
          }
          <div class="field">
            <label for="newEmail">Nouvelle adresse e-mail</label>
            <input id="newEmail" type="email" formControlName="newEmail" autocomplete="email" spellcheck="false" pfField />
            <pf-field-error for="newEmail" [control]="emailForm.controls.newEmail" [messages]="{ required: 'Saisissez la nouvelle adresse.' }" />
          </div>
          <div class="field">
            <label for="emailPassword">Votre mot de passe</label>
            <input id="emailPassword" type="password" formControlName="password" autocomplete="current-password" pfField />
            <pf-field-error for="emailPassword" [control]="emailForm.controls.password" [messages]="{ required: 'Saisissez votre mot de passe pour confirmer.' }" />
          </div>
          <button type="submit" class="button button--primary" [disabled]="emailSending()">
            {{ emailSending() ? 'Envoi…' : 'Recevoir le lien de confirmation' }}
          </button>
        </form>
      </section>
    </div>
  `,
})
export class AccountPage {
  private readonly http = inject(HttpClient);
  readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly rule = PASSWORD_RULE_TEXT;
  readonly staff = () => isStaff(this.session.user()?.role);

  readonly passwordForm = this.fb.group(
    {
      currentPassword: ['', Validators.required],
      password: ['', [Validators.required, Validators.maxLength(128), passwordRule]],
      passwordConfirmation: ['', Validators.required],
    },
    { validators: sameAs('password', 'passwordConfirmation') },
  );
  readonly passwordSending = signal(false);
  readonly passwordDone = signal(false);
  readonly passwordError = signal<ApiError | null>(null);

  readonly emailForm = this.fb.group({
    newEmail: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', Validators.required],
  });
  readonly emailSending = signal(false);
  readonly emailDone = signal<string | null>(null);
  readonly emailError = signal<ApiError | null>(null);
  private emailRequestId = newRequestId();

  changePassword(): void {
    this.passwordDone.set(false);
    this.passwordError.set(null);
    if (this.passwordForm.invalid) {
      this.passwordForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.passwordSending.set(true);
    this.http.post('/api/auth/password/change', this.passwordForm.getRawValue()).subscribe({
      next: () => {
        this.passwordSending.set(false);
        this.passwordDone.set(true);
        this.passwordForm.reset();
      },
      error: (e: unknown) => this.fail(e, this.passwordForm, this.passwordSending, this.passwordError),
    });
  }

  changeEmail(): void {
    this.emailDone.set(null);
    this.emailError.set(null);
    if (this.emailForm.invalid) {
      this.emailForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const { newEmail, password } = this.emailForm.getRawValue();
    this.emailSending.set(true);
    this.http.post<{ message: string }>('/api/auth/email/change', { requestId: this.emailRequestId, newEmail: newEmail.trim(), password }).subscribe({
      next: ({ message }) => {
        this.emailSending.set(false);
        this.emailDone.set(message);
        this.emailRequestId = newRequestId();
        this.emailForm.reset();
      },
      error: (e: unknown) => {
        if (isDefinitiveRejection(toApiError(e))) this.emailRequestId = newRequestId();
        this.fail(e, this.emailForm, this.emailSending, this.emailError);
      },
    });
  }

  private fail(e: unknown, form: FormGroup, sending: { set(v: boolean): void }, error: { set(v: ApiError | null): void }): void {
    const apiError = toApiError(e);
    sending.set(false);
    error.set(apiError);
    applyServerErrors(form, apiError.details);
    if (apiError.details.length) focusFirstInvalid(this.host.nativeElement, this.injector);
  }
}
