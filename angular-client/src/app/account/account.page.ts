import { HttpClient } from '@angular/common/http';
import { Component, ElementRef, Injector, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PASSWORD_RULE_TEXT, passwordRule, sameAs } from '../auth/password-rule';
import { SessionStore } from '../auth/session.store';
import { isStaff } from '../auth/auth.models';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid, focusOnFieldProblems } from '../shared/form-field';
import { Submission } from '../shared/submission';
import { FamilySummaryComponent } from './family-summary';

/**
 * « Mon compte »: for a parent, the family at a glance (quotient familial and its date, balance,
 * children, how invoices are sent, direct debit, the service); the sign-in e-mail (changed once
 * confirmed from the new address) and the password. Address and phones live in the family file (a
 * change there is a request to the service).
 */
@Component({
  selector: 'pf-account-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, FamilySummaryComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Mon compte</h1>
      <p class="lead">Connecté en tant que {{ session.user()?.displayName }}.</p>
      @if (!staff()) {
        <p>Votre adresse postale et vos téléphones figurent dans votre <a routerLink="/famille">dossier famille</a>.</p>
        @if (session.user()?.familyId; as familyId) {
          <pf-family-summary [familyId]="familyId" />
        }
      }

      <section class="card" aria-labelledby="password-title">
        <h2 id="password-title">Changer de mot de passe</h2>
        <form class="form" [formGroup]="passwordForm" (ngSubmit)="changePassword()" novalidate #pwd>
          @if (passwordDone()) {
            <div class="notice notice--success" role="status"><p>Votre mot de passe est changé.</p></div>
          }
          @if (passwordSubmission.error(); as e) {
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
          <button type="submit" class="button button--primary" [disabled]="passwordSubmission.sending()">
            {{ passwordSubmission.sending() ? 'Enregistrement…' : 'Changer le mot de passe' }}
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
          @if (emailSubmission.error(); as e) {
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
          <button type="submit" class="button button--primary" [disabled]="emailSubmission.sending()">
            {{ emailSubmission.sending() ? 'Envoi…' : 'Recevoir le lien de confirmation' }}
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
  readonly passwordSubmission = new Submission({ form: this.passwordForm });
  readonly passwordDone = signal(false);

  readonly emailForm = this.fb.group({
    newEmail: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', Validators.required],
  });
  readonly emailSubmission = new Submission({ form: this.emailForm });
  readonly emailDone = signal<string | null>(null);

  changePassword(): void {
    this.passwordDone.set(false);
    this.passwordSubmission.clear();
    if (this.passwordForm.invalid) {
      this.passwordForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.passwordSubmission.send(
      this.http.post('/api/auth/password/change', this.passwordForm.getRawValue()),
      () => {
        this.passwordDone.set(true);
        this.passwordForm.reset();
      },
      { failed: focusOnFieldProblems(this.host.nativeElement, this.injector) },
    );
  }

  changeEmail(): void {
    this.emailDone.set(null);
    this.emailSubmission.clear();
    if (this.emailForm.invalid) {
      this.emailForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const { newEmail, password } = this.emailForm.getRawValue();
    const command = this.http.post<{ message: string }>('/api/auth/email/change', { requestId: this.emailSubmission.requestId, newEmail: newEmail.trim(), password });
    this.emailSubmission.send(
      command,
      ({ message }) => {
        this.emailDone.set(message);
        this.emailForm.reset();
      },
      { failed: focusOnFieldProblems(this.host.nativeElement, this.injector) },
    );
  }
}
