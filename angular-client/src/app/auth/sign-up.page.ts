import { Component, ElementRef, Injector, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid, focusOnFieldProblems, shouldShowError } from '../shared/form-field';
import { FlashMessages } from '../shared/flash-messages';
import { Submission } from '../shared/submission';
import { AuthApi } from './auth.api';
import { Civility } from './auth.models';
import { PASSWORD_RULE_TEXT, passwordRule, sameAs } from './password-rule';

@Component({
  selector: 'pf-sign-up-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Créer un compte</h1>
      <p class="lead">Votre compte vous relie au dossier famille que la mairie a ouvert pour vous.</p>
      <p class="hint">Tous les champs sont obligatoires.</p>

      <form class="card form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (submission.error(); as e) {
          <div class="notice notice--error" role="alert">
            <p>{{ e.message }}</p>
            @if (submission.otherProblems().length) {
              <ul>
                @for (problem of submission.otherProblems(); track problem.field + problem.code) {
                  <li>{{ problem.message }}</li>
                }
              </ul>
            }
          </div>
        }

        <fieldset class="form-section">
          <legend>Code abonné famille</legend>
          <div class="field">
            <label for="subscriberCode">Code abonné</label>
            <p class="hint" id="subscriberCode-hint">
              Il figure sur le courrier remis par la mairie, par exemple <span class="code">SHB-4821-7730-1254</span>.
            </p>
            <input id="subscriberCode" type="text" formControlName="subscriberCode" class="input--code"
                   autocomplete="off" autocapitalize="characters" spellcheck="false"
                   (blur)="tidyCode()" pfField="subscriberCode-hint" />
            <pf-field-error for="subscriberCode" [control]="form.controls.subscriberCode"
                            [messages]="{ required: 'Saisissez le code abonné indiqué sur le courrier de la mairie.' }" />
            <p class="aside-link">Pas encore de code abonné ? <a routerLink="/pre-inscription">Pré-inscrire ma famille</a></p>
          </div>
        </fieldset>

        <fieldset class="form-section">
          <legend>Vous</legend>
          <fieldset class="field radio-group"
                    [attr.aria-describedby]="showError(form.controls.civility) ? 'civility-error' : null">
            <legend>Civilité</legend>
            <div class="radio-group__options">
              <div class="radio">
                <input id="civility-mme" type="radio" formControlName="civility" value="Mme" name="civility" />
                <label for="civility-mme">Madame</label>
              </div>
              <div class="radio">
                <input id="civility-m" type="radio" formControlName="civility" value="M" name="civility" />
                <label for="civility-m">Monsieur</label>
              </div>
            </div>
            <pf-field-error for="civility" [control]="form.controls.civility"
                            [messages]="{ required: 'Choisissez une civilité.' }" />
          </fieldset>

          <div class="field">
            <label for="lastName">Nom</label>
            <input id="lastName" type="text" formControlName="lastName" autocomplete="family-name" pfField />
            <pf-field-error for="lastName" [control]="form.controls.lastName"
                            [messages]="{ required: 'Saisissez votre nom.' }" />
          </div>

          <div class="field">
            <label for="firstName">Prénom</label>
            <input id="firstName" type="text" formControlName="firstName" autocomplete="given-name" pfField />
            <pf-field-error for="firstName" [control]="form.controls.firstName"
                            [messages]="{ required: 'Saisissez votre prénom.' }" />
          </div>
        </fieldset>

        <fieldset class="form-section">
          <legend>Vos accès au portail</legend>
          <div class="field">
            <label for="email">Adresse e-mail (votre identifiant)</label>
            <input id="email" type="email" formControlName="email" autocomplete="email" inputmode="email"
                   spellcheck="false" pfField />
            <pf-field-error for="email" [control]="form.controls.email"
                            [messages]="{ required: 'Saisissez votre adresse e-mail.' }" />
          </div>

          <div class="field">
            <label for="password">Mot de passe</label>
            <p class="hint" id="password-hint">{{ passwordRuleText }}</p>
            <input id="password" type="password" formControlName="password" autocomplete="new-password"
                   pfField="password-hint" />
            <pf-field-error for="password" [control]="form.controls.password"
                            [messages]="{ required: 'Choisissez un mot de passe.' }" />
          </div>

          <div class="field">
            <label for="passwordConfirmation">Confirmation du mot de passe</label>
            <input id="passwordConfirmation" type="password" formControlName="passwordConfirmation"
                   autocomplete="new-password" pfField />
            <pf-field-error for="passwordConfirmation" [control]="form.controls.passwordConfirmation"
                            [messages]="{ required: 'Saisissez à nouveau le mot de passe.' }" />
          </div>
        </fieldset>

        <details class="terms">
          <summary>Lire les conditions d'utilisation</summary>
          <p>
            Le portail famille permet de consulter le dossier de votre famille, de réserver les activités
            périscolaires et de suivre vos demandes. Les informations saisies sont traitées par le service enfance
            de votre commune pour la gestion de ces activités. Vous pouvez demander l'accès, la rectification ou
            l'effacement de vos données auprès de la mairie.
          </p>
        </details>
        <div class="field field--checkbox">
          <input id="termsAccepted" type="checkbox" formControlName="termsAccepted" pfField />
          <label for="termsAccepted">J'ai lu et j'accepte les conditions d'utilisation</label>
          <pf-field-error for="termsAccepted" [control]="form.controls.termsAccepted"
                          [messages]="{ required: 'Vous devez accepter les conditions d’utilisation pour créer un compte.' }" />
        </div>

        <button type="submit" class="button button--primary button--block" [disabled]="submission.sending()">
          {{ submission.sending() ? 'Création en cours…' : 'Créer mon compte' }}
        </button>
      </form>

      <p class="aside-link">Vous avez déjà un compte ? <a routerLink="/connexion">Se connecter</a></p>
    </div>
  `,
})
export class SignUpPage {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashMessages);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly passwordRuleText = PASSWORD_RULE_TEXT;
  readonly showError = shouldShowError;
  readonly form = this.fb.group(
    {
      subscriberCode: ['', [Validators.required, Validators.maxLength(40)]],
      civility: this.fb.control<Civility | ''>('', Validators.required),
      lastName: ['', [Validators.required, Validators.maxLength(80)]],
      firstName: ['', [Validators.required, Validators.maxLength(80)]],
      email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
      password: ['', [Validators.required, Validators.maxLength(128), passwordRule]],
      passwordConfirmation: ['', Validators.required],
      termsAccepted: [false, Validators.requiredTrue],
    },
    { validators: sameAs('password', 'passwordConfirmation') },
  );
  /** Its request id is kept across retries after a network failure, renewed once the server has answered. */
  readonly submission = new Submission({ form: this.form });

  /** Codes are copied from paper: upper case, no stray spaces. */
  tidyCode(): void {
    const control = this.form.controls.subscriberCode;
    const tidy = control.value.toUpperCase().replace(/\s+/g, '');
    if (tidy !== control.value) control.setValue(tidy);
  }

  submit(): void {
    this.submission.clear();
    this.tidyCode();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const value = this.form.getRawValue();
    this.submission.send(
      this.api.signUp({
        requestId: this.submission.requestId,
        subscriberCode: value.subscriberCode,
        civility: value.civility as Civility,
        lastName: value.lastName.trim(),
        firstName: value.firstName.trim(),
        email: value.email.trim(),
        password: value.password,
        passwordConfirmation: value.passwordConfirmation,
        termsAccepted: true,
      }),
      () => {
        const email = value.email.trim();
        this.flash.show(
          `Votre compte est créé. Un e-mail vient d'être envoyé à ${email} : cliquez sur le lien « Activer mon compte » ` +
            "qu'il contient, puis connectez-vous ici. Pensez à regarder dans les courriers indésirables.",
          'success',
          email,
        );
        void this.router.navigateByUrl('/connexion');
      },
      // On success the page is left: the button stays disabled until then.
      { leaving: true, failed: focusOnFieldProblems(this.host.nativeElement, this.injector) },
    );
  }
}
