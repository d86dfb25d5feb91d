import { Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid, focusOnFieldProblems } from '../shared/form-field';
import { formatCents, formatDate, formatMonth } from '../shared/french-format';
import { bicValidator, compactIban, ibanValidator } from '../shared/iban';
import { Load, LoadErrorComponent, LoadingComponent, failed, loadErrorOf, loadedValue, loading, ready } from '../shared/load-state';
import { Submission, SubmissionErrorComponent } from '../shared/submission';
import { BillingApi, DirectDebit, MandateRequest } from './billing.api';
import { MandateViewComponent } from './mandate-view';

/**
 * « Prélèvement automatique » (L'Hermitage's « QF & prélèvement »): the parent gives the account
 * (IBAN checked as typed), reads the SEPA mandate and signs it online (or prints it to sign), the
 * service validates it, and the invoices are then debited; the parent may stop it.
 */
@Component({
  selector: 'pf-direct-debit-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, LoadingComponent, LoadErrorComponent, SubmissionErrorComponent, MandateViewComponent],
  template: `
    <p class="no-print"><a routerLink="/factures"><span aria-hidden="true">‹</span> Mes factures</a></p>
    <h1 tabindex="-1">Prélèvement automatique</h1>
    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement de votre prélèvement automatique…" /> }
      @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        @if (state(); as s) {
          @if (notice(); as n) { <div class="notice notice--success" role="status" id="dd-notice" tabindex="-1"><p>{{ n }}</p></div> }
          @if (!s.available) {
            <div class="notice notice--info"><p>La commune ne propose pas encore le prélèvement automatique : vous pouvez payer vos factures en ligne ou au guichet du service.</p></div>
          } @else {
            <p class="lead">Vos factures sont prélevées sur votre compte à la date indiquée sur chacune d'elles : vous n'avez plus rien à faire.</p>

            @if (s.mandate; as m) {
              <section class="card" aria-labelledby="active-title">
                <h2 id="active-title">Votre prélèvement est en place</h2>
                <dl class="facts facts--stack">
                  <dt>Compte</dt><dd class="code">{{ m.iban }}</dd>
                  @if (m.holderName) { <dt>Titulaire</dt><dd>{{ m.holderName }}</dd> }
                  <dt>Mandat (RUM)</dt><dd class="code">{{ m.mandateId }}</dd>
                  <dt>Signé le</dt><dd>{{ date(m.signedOn) }}</dd>
                </dl>
                <h3>Factures qui seront prélevées</h3>
                @if (s.invoicesToDebit.length === 0) {
                  <p>Aucune facture à prélever pour l'instant.</p>
                } @else {
                  <ul>
                    @for (i of s.invoicesToDebit; track i.id) {
                      <li><a [routerLink]="['/factures', i.id]">Facture {{ i.number }}</a> ({{ month(i.month) }}) : {{ cents(i.dueCents) }}, {{ i.collectionDate ? 'prélevée le ' + date(i.collectionDate) : 'à la prochaine échéance de prélèvement' }}</li>
                    }
                  </ul>
                }
                @if (!confirmStop()) {
                  <button type="button" class="button button--secondary" (click)="confirmStop.set(true)">Arrêter le prélèvement automatique</button>
                } @else {
                  <div class="notice notice--warning" role="alert">
                    <p>Vos prochaines factures ne seront plus prélevées : vous les paierez en ligne ou au guichet. Confirmez-vous l'arrêt ?</p>
                    <div class="button-row">
                      <button type="button" class="button button--danger" (click)="stop()" [disabled]="stopping.sending()">Oui, arrêter le prélèvement</button>
                      <button type="button" class="button button--secondary" (click)="confirmStop.set(false)">Non, le garder</button>
                    </div>
                  </div>
                  <pf-submission-error [submission]="stopping" />
                }
              </section>
            }

            @if (open(); as r) {
              <section aria-labelledby="request-title">
                <h2 id="request-title">Votre demande de prélèvement</h2>
                <p><span class="status" [class.status--pending]="r.status === 'to_sign'" [class.status--requested]="r.status === 'signed_online'">{{ r.statusLabel }}</span> <span class="hint">demandée le {{ date(r.requestedOn) }} · compte {{ r.iban }}</span></p>
                @if (r.status === 'signed_online') {
                  <div class="notice notice--info"><p>Vous avez signé le mandat en ligne le {{ date(r.acceptedOn) }}. Le service le vérifie : vous recevrez un e-mail dès que le prélèvement sera en place.</p></div>
                }
                @if (r.mandate; as m) { <pf-mandate-view [mandate]="m" /> }
                <p><a class="button button--secondary" [href]="r.pdf" target="_blank" rel="noopener">Télécharger le mandat (PDF)</a></p>

                @if (r.status === 'to_sign') {
                  <section class="card" aria-labelledby="sign-title">
                    <h3 id="sign-title">Signer le mandat</h3>
                    <form class="form" [formGroup]="signForm" (ngSubmit)="sign(r)" novalidate>
                      <div class="field--checkbox">
                        <input id="dd-accept" type="checkbox" formControlName="accept" pfField />
                        <label for="dd-accept">J'ai lu le mandat ci-dessus et j'autorise {{ s.creditor?.name }} à prélever mon compte pour mes factures.</label>
                        <pf-field-error for="dd-accept" [control]="signForm.controls.accept" [messages]="{ required: 'Cochez la case pour signer le mandat.' }" />
                      </div>
                      <pf-submission-error [submission]="signing" />
                      <button type="submit" class="button button--primary" [disabled]="signing.sending()">{{ signing.sending() ? 'Signature…' : 'Signer le mandat en ligne' }}</button>
                    </form>
                    <p class="hint">Vous préférez signer sur papier ? Imprimez le mandat (PDF), datez-le, signez-le et remettez-le au service avec un RIB : il sera validé à sa réception.</p>
                  </section>
                }
                @if (!changing()) {
                  <p><button type="button" class="button button--quiet" (click)="changing.set(true)">Modifier le compte à prélever</button></p>
                }
              </section>
            }

            @if (refused(); as r) {
              <div class="notice notice--warning">
                <p>Votre demande du {{ date(r.requestedOn) }} a été refusée par le service.</p>
                @if (r.refusalReason) { <p>Motif : {{ r.refusalReason }}</p> }
              </div>
            }

            @if (showForm()) {
              <section class="card" aria-labelledby="form-title">
                <h2 id="form-title">{{ s.mandate ? 'Changer de compte' : open() ? 'Modifier le compte à prélever' : 'Mettre en place le prélèvement' }}</h2>
                <p>Munissez-vous d'un RIB : le mandat qui s'affiche ensuite reprend ces informations.</p>
                <form class="form" [formGroup]="form" (ngSubmit)="request()" novalidate>
                  <div class="field">
                    <label for="dd-holder">Titulaire du compte</label>
                    <input id="dd-holder" type="text" formControlName="holderName" autocomplete="name" pfField />
                    <pf-field-error for="dd-holder" [control]="form.controls.holderName" [messages]="{ required: 'Indiquez le titulaire du compte.', minlength: 'Le nom compte au moins 2 caractères.', maxlength: 'Le nom compte au plus 70 caractères.' }" />
                  </div>
                  <div class="field">
                    <label for="dd-iban">IBAN</label>
                    <p class="hint" id="dd-iban-hint">27 caractères pour un compte en France, par exemple FR76 3000 6000 0112 3456 7890 189.</p>
                    <input id="dd-iban" type="text" formControlName="iban" autocomplete="off" spellcheck="false" autocapitalize="characters" class="input--code" pfField="dd-iban-hint" />
                    <pf-field-error for="dd-iban" [control]="form.controls.iban" [messages]="{ required: 'Saisissez l’IBAN de votre compte.' }" />
                  </div>
                  <div class="field">
                    <label for="dd-bic">BIC <span class="optional">(facultatif)</span></label>
                    <input id="dd-bic" type="text" formControlName="bic" autocomplete="off" spellcheck="false" autocapitalize="characters" class="input--code" pfField />
                    <pf-field-error for="dd-bic" [control]="form.controls.bic" />
                  </div>
                  <pf-submission-error [submission]="requesting" />
                  <div class="button-row">
                    <button type="submit" class="button button--primary" [disabled]="requesting.sending()">{{ requesting.sending() ? 'Vérification…' : 'Continuer : voir le mandat' }}</button>
                    @if (open() || s.mandate) {
                      <button type="button" class="button button--secondary" (click)="changing.set(false)">Annuler</button>
                    }
                  </div>
                </form>
              </section>
            } @else if (s.mandate && !open()) {
              <p><button type="button" class="button button--quiet" (click)="changing.set(true)">Changer de compte</button></p>
            }
          }
        }
      }
    }
  `,
})
export class DirectDebitPage {
  private readonly api = inject(BillingApi);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly load = signal<Load<DirectDebit>>(loading());
  readonly state = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly cents = formatCents;
  readonly date = formatDate;
  readonly notice = signal<string | null>(null);
  readonly changing = signal(false);
  readonly confirmStop = signal(false);

  readonly open = computed<MandateRequest | null>(() => {
    const r = this.state()?.request;
    return r && (r.status === 'to_sign' || r.status === 'signed_online') ? r : null;
  });
  readonly refused = computed<MandateRequest | null>(() => {
    const r = this.state()?.request;
    return r?.status === 'refused' && !this.state()?.mandate ? r : null;
  });
  /** The account form: nothing in place or in progress, or the parent asked to change it. */
  readonly showForm = computed(() => {
    const s = this.state();
    return !!s && (this.changing() || (!s.mandate && !this.open()));
  });

  readonly form = this.fb.group({
    holderName: ['', [Validators.required, Validators.minLength(2), Validators.maxLength(70)]],
    iban: ['', [Validators.required, ibanValidator]],
    bic: ['', [bicValidator]],
  });
  readonly signForm = this.fb.group({ accept: [false, Validators.requiredTrue] });
  readonly requesting = new Submission({ form: this.form });
  readonly signing = new Submission({ form: this.signForm });
  readonly stopping = new Submission();

  constructor() {
    this.reload();
  }

  private get familyId(): string {
    return this.session.user()?.familyId ?? '';
  }

  month(month: string): string {
    const [y, m] = month.split('-').map(Number);
    return formatMonth(y!, m!);
  }

  reload(): void {
    if (!this.familyId) {
      this.load.set(failed({ statusCode: 404, code: 'NO_FAMILY', message: "Votre compte n'est pas encore rattaché à un dossier famille.", details: [] }));
      return;
    }
    this.load.set(loading());
    this.api.directDebit(this.familyId).subscribe({
      next: (s) => this.show(s),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  private show(s: DirectDebit, notice: string | null = null): void {
    this.load.set(ready(s));
    if (!this.form.controls.holderName.value) this.form.controls.holderName.setValue(s.holderSuggestion);
    this.notice.set(notice);
    if (notice) focusFirst(this.host.nativeElement, '#dd-notice', this.injector);
  }

  request(): void {
    this.requesting.clear();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const v = this.form.getRawValue();
    const bic = v.bic.replace(/\s+/g, '').toUpperCase();
    this.requesting.send(
      this.api.requestDirectDebit(this.familyId, { requestId: this.requesting.requestId, holderName: v.holderName.trim(), iban: compactIban(v.iban), ...(bic ? { bic } : {}) }),
      (s) => {
        this.changing.set(false);
        this.signForm.reset({ accept: false });
        this.show(s, 'Votre compte est vérifié : lisez le mandat ci-dessous, puis signez-le en ligne ou imprimez-le.');
      },
      { failed: focusOnFieldProblems(this.host.nativeElement, this.injector) },
    );
  }

  sign(r: MandateRequest): void {
    this.signing.clear();
    if (this.signForm.invalid) {
      this.signForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.signing.send(this.api.signMandate(this.familyId, r.mandateRequestId, { requestId: this.signing.requestId, accept: true }), (s) =>
      this.show(s, 'Mandat signé : le service va le valider, vous recevrez un e-mail dès que le prélèvement sera en place.'),
    );
  }

  stop(): void {
    this.stopping.send(this.api.stopDirectDebit(this.familyId, { requestId: this.stopping.requestId }), (s) => {
      this.confirmStop.set(false);
      this.show(s, 'Le prélèvement automatique est arrêté : vos prochaines factures seront à payer en ligne ou au guichet.');
    });
  }
}

/** After the notice is drawn, the focus goes to it, so a screen reader reads what happened. */
function focusFirst(root: HTMLElement, selector: string, injector: Injector): void {
  afterNextRender(() => root.querySelector<HTMLElement>(selector)?.focus(), { injector });
}
