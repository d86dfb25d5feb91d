import { Component, ElementRef, Injector, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { FlashMessages } from '../shared/flash-messages';
import { Submission } from '../shared/submission';
import { AuthApi } from './auth.api';
import { PASSWORD_RULE_TEXT, passwordRule, sameAs } from './password-rule';

/** The page the password-reset e-mail links to: /mot-de-passe/nouveau?compte=…&jeton=… */
@Component({
  selector: 'pf-reset-password-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Choisir un nouveau mot de passe</h1>
      @if (!link) {
        <div class="notice notice--error" role="alert">
          <p>Ce lien est incomplet. Copiez l'adresse entière reçue par e-mail, ou demandez un nouveau lien.</p>
        </div>
        <p><a routerLink="/mot-de-passe/oublie">Demander un nouveau lien</a></p>
      } @else {
        <form class="card form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (submission.error(); as e) {
            <div class="notice notice--error" role="alert">
              <p>{{ e.message }}</p>
              @for (problem of submission.otherProblems(); track problem.field + problem.code) {
                <p>{{ problem.message }}</p>
              }
              @if (e.code.startsWith('TOKEN_')) {
                <p><a routerLink="/mot-de-passe/oublie">Demander un nouveau lien</a></p>
              }
            </div>
          }
          <div class="field">
            <label for="password">Nouveau mot de passe</label>
            <p class="hint" id="password-hint">{{ rule }}</p>
            <input id="password" type="password" formControlName="password" autocomplete="new-password" pfField="password-hint" />
            <pf-field-error for="password" [control]="form.controls.password" [messages]="{ required: 'Choisissez un mot de passe.' }" />
          </div>
          <div class="field">
            <label for="passwordConfirmation">Confirmation du mot de passe</label>
            <input id="passwordConfirmation" type="password" formControlName="passwordConfirmation" autocomplete="new-password" pfField />
            <pf-field-error for="passwordConfirmation" [control]="form.controls.passwordConfirmation"
                            [messages]="{ required: 'Saisissez à nouveau le mot de passe.' }" />
          </div>
          <button type="submit" class="button button--primary button--block" [disabled]="submission.sending()">
            {{ submission.sending() ? 'Enregistrement…' : 'Enregistrer le mot de passe' }}
          </button>
        </form>
      }
    </div>
  `,
})
export class ResetPasswordPage {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashMessages);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly rule = PASSWORD_RULE_TEXT;
  readonly link = (() => {
    const params = inject(ActivatedRoute).snapshot.queryParamMap;
    const accountId = params.get('compte');
    const token = params.get('jeton');
    return accountId && token ? { accountId, token } : null;
  })();
  readonly form = inject(NonNullableFormBuilder).group(
    {
      password: ['', [Validators.required, Validators.maxLength(128), passwordRule]],
      passwordConfirmation: ['', Validators.required],
    },
    { validators: sameAs('password', 'passwordConfirmation') },
  );
  /** The link's one-time token, not a request id, keeps the command from being applied twice. */
  readonly submission = new Submission({ form: this.form });

  submit(): void {
    this.submission.clear();
    if (!this.link) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.submission.send(
      this.api.resetPassword({ ...this.link, ...this.form.getRawValue() }),
      () => {
        this.flash.show('Votre mot de passe est changé. Connectez-vous avec le nouveau mot de passe.');
        void this.router.navigateByUrl('/connexion');
      },
      // On success the page is left: the button stays disabled until then.
      { leaving: true },
    );
  }
}
