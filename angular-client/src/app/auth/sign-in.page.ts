import { Component, ElementRef, Injector, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ApiError, toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { FlashMessage, FlashMessages } from '../shared/flash-messages';
import { AuthApi } from './auth.api';
import { homeFor } from './auth.models';
import { SessionStore } from './session.store';

@Component({
  selector: 'pf-sign-in-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Connexion</h1>
      <p class="lead">Connectez-vous pour réserver la cantine et la garderie, et suivre vos demandes.</p>

      @if (flash(); as message) {
        <div class="notice" [class.notice--success]="message.kind === 'success'" role="status">
          <p>{{ message.text }}</p>
        </div>
      }

      <form class="card form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (error(); as e) {
          <div class="notice notice--error" role="alert">
            <p>{{ e.message }}</p>
            @if (e.code === 'ACCOUNT_NOT_ACTIVATED') {
              @if (resent(); as message) {
                <p>{{ message }}</p>
              } @else {
                <button type="button" class="button button--secondary" (click)="resendActivation()" [disabled]="resending()">
                  Recevoir un nouveau lien d'activation
                </button>
              }
            }
          </div>
        }

        <div class="field">
          <label for="email">Adresse e-mail</label>
          <input id="email" type="email" formControlName="email" autocomplete="username" inputmode="email"
                 spellcheck="false" pfField />
          <pf-field-error for="email" [control]="form.controls.email"
                          [messages]="{ required: 'Saisissez votre adresse e-mail.' }" />
        </div>

        <div class="field">
          <label for="password">Mot de passe</label>
          <div class="password-input">
            <input id="password" [type]="showPassword() ? 'text' : 'password'" formControlName="password"
                   autocomplete="current-password" pfField />
            <button type="button" class="button button--quiet" [attr.aria-pressed]="showPassword()"
                    (click)="showPassword.set(!showPassword())">
              Afficher<span class="visually-hidden"> le mot de passe</span>
            </button>
          </div>
          <pf-field-error for="password" [control]="form.controls.password"
                          [messages]="{ required: 'Saisissez votre mot de passe.' }" />
        </div>

        <div class="field field--checkbox">
          <input id="rememberMe" type="checkbox" formControlName="rememberMe" aria-describedby="rememberMe-hint" />
          <label for="rememberMe">Se souvenir de moi</label>
          <p class="hint" id="rememberMe-hint">Vous restez connecté 30 jours sur cet appareil. À éviter sur un ordinateur partagé.</p>
        </div>

        <button type="submit" class="button button--primary button--block" [disabled]="submitting()">
          {{ submitting() ? 'Connexion en cours…' : 'Se connecter' }}
        </button>
        <p class="aside-link"><a routerLink="/mot-de-passe/oublie">Mot de passe oublié ?</a></p>
      </form>

      <section class="card aside" aria-labelledby="no-account-title">
        <h2 id="no-account-title">Première visite ?</h2>
        <p>Munissez-vous du <strong>code abonné</strong> figurant sur le courrier remis par la mairie.</p>
        <a class="button button--secondary" routerLink="/inscription">Créer un compte</a>
        <h3>Pas encore de code abonné ?</h3>
        <p>Nouvel arrivant ou premier accueil de vos enfants : présentez votre famille au service enfance, il vous enverra votre code.</p>
        <a class="button button--secondary" routerLink="/pre-inscription">Pré-inscrire ma famille</a>
      </section>
    </div>
  `,
})
export class SignInPage {
  private readonly api = inject(AuthApi);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
    rememberMe: [false],
  });
  readonly submitting = signal(false);
  readonly error = signal<ApiError | null>(null);
  readonly showPassword = signal(false);
  readonly flash = signal<FlashMessage | null>(null);
  readonly resending = signal(false);
  readonly resent = signal<string | null>(null);

  constructor() {
    const { message, email } = inject(FlashMessages).take();
    this.flash.set(message);
    if (email) this.form.controls.email.setValue(email);
  }

  resendActivation(): void {
    this.resending.set(true);
    this.api.resendActivation(this.form.controls.email.value.trim()).subscribe({
      next: ({ message }) => {
        this.resending.set(false);
        this.resent.set(message);
      },
      error: (e: unknown) => {
        this.resending.set(false);
        this.resent.set(toApiError(e).message);
      },
    });
  }

  submit(): void {
    this.error.set(null);
    this.resent.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.submitting.set(true);
    const { email, password, rememberMe } = this.form.getRawValue();
    this.api.signIn({ email: email.trim(), password, rememberMe }).subscribe({
      next: (user) => {
        this.session.signedInAs(user);
        const back = this.route.snapshot.queryParamMap.get('retour');
        const target = back && back.startsWith('/') && !back.startsWith('//') ? back : homeFor(user);
        void this.router.navigateByUrl(target);
      },
      error: (e: unknown) => {
        this.submitting.set(false);
        this.flash.set(null);
        this.error.set(toApiError(e));
      },
    });
  }
}
