import { HttpClient } from '@angular/common/http';
import { Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ApiError, applyServerErrors, toApiError } from '../../shared/api-error';
import { FieldDirective, FieldErrorComponent } from '../../shared/form-field';
import { formatCents, formatDate, todayInParis } from '../../shared/french-format';
import { newRequestId } from '../../shared/request-id';
import { BillingApi, FamilyBilling } from '../../billing/billing.api';

/** A family's billing seen by the service: balance and invoices, SEPA mandate, corrections, QF regularisation. */
@Component({
  selector: 'pf-family-billing',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <section class="card" aria-labelledby="family-billing-title">
      <h2 id="family-billing-title">Facturation de la famille</h2>
      @if (notice(); as n) { <div class="notice notice--success" role="status"><p>{{ n }}</p></div> }
      @if (error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p>@for (d of e.details; track $index) {<p>{{ d.message }}</p>}</div> }
      @if (billing(); as b) {
        <p>Solde : <strong>{{ b.balanceCents > 0 ? cents(b.balanceCents) + ' à payer' : b.balanceCents < 0 ? cents(-b.balanceCents) + ' en faveur de la famille' : 'rien à payer' }}</strong></p>
        @if (invoices().length) {
          <ul>
            @for (i of invoices(); track i.id) {
              <li><a [routerLink]="['/gestion/factures', i.id]">{{ i.type === 'credit_note' ? 'Avoir' : 'Facture' }} {{ i.number }}</a> — {{ cents(i.totalCents) }}, {{ i.statusLabel.toLowerCase() }}</li>
            }
          </ul>
        } @else {
          <p>Aucune facture.</p>
        }

        <h3>Prélèvement automatique</h3>
        @if (b.directDebit; as d) {
          <p>Mandat {{ d.mandateId }} signé le {{ date(d.signedOn) }}, compte {{ d.iban }}.</p>
          <button type="button" class="button button--secondary" (click)="revoke()">Révoquer le mandat</button>
        } @else {
          <form class="form" [formGroup]="mandate" (ngSubmit)="sign()" novalidate>
            <div class="field-row">
              <div class="field">
                <label for="mandate-iban">IBAN</label>
                <input id="mandate-iban" type="text" formControlName="iban" autocomplete="off" pfField />
                <pf-field-error for="mandate-iban" [control]="mandate.controls.iban" [messages]="{ required: 'Saisissez l’IBAN.', minlength: 'L’IBAN compte de 15 à 34 caractères.' }" />
              </div>
              <div class="field">
                <label for="mandate-bic">BIC <span class="optional">(facultatif)</span></label>
                <input id="mandate-bic" type="text" formControlName="bic" autocomplete="off" pfField />
              </div>
              <div class="field">
                <label for="mandate-date">Mandat signé le</label>
                <input id="mandate-date" type="date" formControlName="signedOn" pfField />
                <pf-field-error for="mandate-date" [control]="mandate.controls.signedOn" [messages]="{ required: 'Indiquez la date de signature.' }" />
              </div>
            </div>
            <button type="submit" class="button button--secondary">Enregistrer le mandat SEPA</button>
          </form>
        }

        <h3>Corriger un mois facturé</h3>
        <p class="hint">Compare ce qui est dû maintenant à ce qui a été facturé : avoir pour les jours en trop, facture complémentaire pour les jours manquants.</p>
        <form class="form field-row" [formGroup]="correction" (ngSubmit)="correct()" novalidate>
          <div class="field">
            <label for="correction-month">Mois</label>
            <input id="correction-month" type="month" formControlName="month" pfField />
            <pf-field-error for="correction-month" [control]="correction.controls.month" [messages]="{ required: 'Choisissez le mois.' }" />
          </div>
          <div class="field">
            <label for="correction-comment">Commentaire <span class="optional">(facultatif)</span></label>
            <input id="correction-comment" type="text" formControlName="comment" maxlength="300" pfField />
          </div>
          <div><button type="submit" class="button button--secondary">Corriger</button></div>
        </form>

        <h3>Régulariser le quotient familial</h3>
        <form class="form field-row" [formGroup]="regularisation" (ngSubmit)="regularise()" novalidate>
          <div class="field">
            <label for="reg-qf">Quotient familial (€)</label>
            <input id="reg-qf" type="number" min="0" formControlName="quotient" pfField />
            <pf-field-error for="reg-qf" [control]="regularisation.controls.quotient" [messages]="{ required: 'Saisissez le quotient.', min: 'Le quotient est positif.' }" />
          </div>
          <div class="field">
            <label for="reg-from">Applicable à partir du</label>
            <input id="reg-from" type="date" formControlName="validFrom" pfField />
            <pf-field-error for="reg-from" [control]="regularisation.controls.validFrom" [messages]="{ required: 'Indiquez la date.' }" />
          </div>
          <div><button type="submit" class="button button--secondary">Régulariser</button></div>
        </form>
      }
    </section>
  `,
})
export class FamilyBillingComponent implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly api = inject(BillingApi);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly familyId = input.required<string>();
  readonly billing = signal<FamilyBilling | null>(null);
  readonly invoices = computed(() => {
    const b = this.billing();
    return b ? [...b.invoicesDue, ...b.invoicesPaid, ...b.creditNotes] : [];
  });
  readonly notice = signal<string | null>(null);
  readonly error = signal<ApiError | null>(null);
  readonly cents = formatCents;
  readonly date = formatDate;
  readonly mandate = this.fb.group({ iban: ['', [Validators.required, Validators.minLength(15), Validators.maxLength(42)]], bic: [''], signedOn: [todayInParis(), Validators.required] });
  readonly correction = this.fb.group({ month: ['', Validators.required], comment: ['', Validators.maxLength(300)] });
  readonly regularisation = this.fb.group({ quotient: [null as number | null, [Validators.required, Validators.min(0), Validators.max(100_000)]], validFrom: ['', Validators.required] });

  ngOnInit(): void {
    this.reload();
  }

  reload(): void {
    this.api.family(this.familyId()).subscribe({ next: (b) => this.billing.set(b), error: (e: unknown) => this.error.set(toApiError(e)) });
  }

  private post(path: string, body: object, message: (answer: never) => string, form?: { reset(): void; markAllAsTouched(): void; invalid: boolean }): void {
    this.notice.set(null);
    this.error.set(null);
    if (form?.invalid) {
      form.markAllAsTouched();
      return;
    }
    this.http.post<never>(`/api/billing/families/${encodeURIComponent(this.familyId())}/${path}`, { requestId: newRequestId(), ...body }).subscribe({
      next: (answer) => {
        this.notice.set(message(answer));
        form?.reset();
        this.reload();
      },
      error: (e: unknown) => {
        const error = toApiError(e);
        this.error.set(error);
        if (form) applyServerErrors(form as never, error.details);
      },
    });
  }

  sign(): void {
    const v = this.mandate.getRawValue();
    this.post('mandate', { iban: v.iban.replace(/\s+/g, ''), ...(v.bic.trim() ? { bic: v.bic.trim() } : {}), signedOn: v.signedOn }, () => 'Mandat SEPA enregistré.', this.mandate);
  }

  revoke(): void {
    this.post('mandate/revocation', {}, () => 'Mandat révoqué : les prochaines factures ne seront plus prélevées.');
  }

  correct(): void {
    const v = this.correction.getRawValue();
    this.post('corrections', { month: v.month, ...(v.comment.trim() ? { comment: v.comment.trim() } : {}) }, (a: { documents: unknown[] }) =>
      a.documents.length ? `${a.documents.length} document(s) émis (avoir ou facture complémentaire).` : 'Rien à corriger : la facture correspond à ce qui est dû.', this.correction);
  }

  regularise(): void {
    const v = this.regularisation.getRawValue();
    this.post('quotient-regularisations', { quotient: Math.round(Number(v.quotient)), validFrom: v.validFrom }, (a: { months: string[] }) =>
      a.months.length ? `Quotient régularisé ; mois corrigés : ${a.months.join(', ')}.` : 'Quotient régularisé (aucun mois déjà facturé à corriger).', this.regularisation);
  }
}
