import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { isStaff } from '../auth/auth.models';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent } from '../shared/form-field';
import { formatCents, formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { Submission, SubmissionErrorComponent } from '../shared/submission';
import { BillingApi, InvoiceDetail } from './billing.api';

const RETURNS: Record<string, { text: string; tone: string }> = {
  paye: { text: 'Votre paiement est accepté : merci.', tone: 'success' },
  refuse: { text: 'Le paiement a été refusé par votre banque : la facture reste à payer.', tone: 'error' },
  abandonne: { text: 'Le paiement a été abandonné : la facture reste à payer.', tone: 'warning' },
  'en-cours': { text: 'Votre paiement est en cours de confirmation : la page se mettra à jour.', tone: 'info' },
};

/** One invoice: its lines (child, activity, days, unit price), payments, PDF, and online payment. */
@Component({
  selector: 'pf-invoice-page',
  imports: [RouterLink, ReactiveFormsModule, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent, SubmissionErrorComponent],
  template: `
    <p class="no-print"><a [routerLink]="staff ? '/gestion/facturation' : '/factures'"><span aria-hidden="true">‹</span> {{ staff ? 'Facturation' : 'Mes factures' }}</a></p>
    @switch (load().state) {
      @case ('loading') { <h1 tabindex="-1">Facture</h1><pf-loading label="Chargement de la facture…" /> }
      @case ('error') { <h1 tabindex="-1">Facture</h1><pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        @if (invoice(); as i) {
          <h1 tabindex="-1">{{ i.type === 'credit_note' ? 'Avoir' : 'Facture' }} {{ i.number }}</h1>
          @if (returned(); as r) {
            <div [class]="'notice notice--' + r.tone" role="status"><p>{{ r.text }}</p></div>
          }
          <div class="card">
            <dl class="facts">
              <dt>Émise le</dt><dd>{{ date(i.issuedOn) }}</dd>
              @if (i.dueOn) { <dt>À payer avant le</dt><dd>{{ date(i.dueOn) }}</dd> }
              <dt>Montant</dt><dd>{{ cents(i.totalCents) }}</dd>
              @if (i.paidCents) { <dt>Déjà payé</dt><dd>{{ cents(i.paidCents) }}</dd> }
              @if (i.creditedCents) { <dt>Avoirs</dt><dd>{{ cents(i.creditedCents) }}</dd> }
              <dt>Reste à payer</dt><dd><strong>{{ cents(i.dueCents) }}</strong></dd>
              <dt>État</dt><dd><span class="status">{{ i.statusLabel }}</span></dd>
            </dl>
            <div class="button-row">
              <a class="button button--secondary" [href]="pdfUrl()" target="_blank" rel="noopener">Télécharger le PDF</a>
              @if (staff) {
                <a class="button button--secondary" [routerLink]="['/gestion/audit', 'invoice', i.id]">Journal d'audit de la facture</a>
              }
            </div>
          </div>

          @if (i.debitPlanned; as d) {
            <div class="notice notice--info">
              <p>
                {{ d.collectionDate ? 'Cette facture sera prélevée le ' + date(d.collectionDate) : 'Cette facture sera prélevée à la prochaine échéance de prélèvement' }}@if (d.iban) {<span> sur le compte {{ d.iban }} (mandat {{ d.mandateId }})</span>}.
                @if (!staff) { Vous n'avez rien à faire. }
              </p>
            </div>
          }

          @if (!staff && i.type === 'invoice' && i.dueCents > 0 && !i.debitPlanned) {
            <section class="card" aria-labelledby="pay-title">
              <h2 id="pay-title">Payer en ligne</h2>
              <p>Vous allez être dirigé vers le service de paiement sécurisé, puis ramené ici.</p>
              <form class="form" [formGroup]="payForm" (ngSubmit)="pay(i)" novalidate>
                <div class="field">
                  <label for="pay-amount">Montant à payer (€)</label>
                  <p class="hint" id="pay-amount-hint">{{ partialAllowed() ? 'Vous pouvez payer une partie seulement.' : 'Le paiement se fait en une fois.' }}</p>
                  <input id="pay-amount" type="text" inputmode="decimal" formControlName="amount" [readonly]="!partialAllowed()" pfField="pay-amount-hint" />
                  <pf-field-error for="pay-amount" [control]="payForm.controls.amount" [messages]="{ required: 'Indiquez le montant.', pattern: 'Montant en euros, par exemple 12,50.' }" />
                </div>
                @if (payment.error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div> }
                <button type="submit" class="button button--primary" [disabled]="payment.sending()">{{ payment.sending() ? 'Redirection…' : 'Payer ' + payForm.controls.amount.value + ' €' }}</button>
              </form>
            </section>
          }

          @if (staff && i.type === 'invoice' && i.dueCents > 0) {
            <section class="card" aria-labelledby="desk-title">
              <h2 id="desk-title">Enregistrer un règlement au guichet</h2>
              <form class="form" [formGroup]="deskForm" (ngSubmit)="deskPayment(i)" novalidate>
                <div class="field-row">
                  <div class="field">
                    <label for="desk-amount">Montant (€)</label>
                    <input id="desk-amount" type="text" inputmode="decimal" formControlName="amount" pfField />
                    <pf-field-error for="desk-amount" [control]="deskForm.controls.amount" [messages]="{ required: 'Indiquez le montant.', pattern: 'Montant en euros, par exemple 12,50.' }" />
                  </div>
                  <div class="field">
                    <label for="desk-method">Mode de règlement</label>
                    <select id="desk-method" formControlName="method">
                      <option value="cash">Espèces</option>
                      <option value="cheque">Chèque</option>
                      <option value="cesu">CESU</option>
                    </select>
                  </div>
                </div>
                <div class="field-row">
                  <div class="field">
                    <label for="desk-reference">Référence <span class="optional">(numéro de chèque, facultatif)</span></label>
                    <input id="desk-reference" type="text" formControlName="reference" pfField />
                    <pf-field-error for="desk-reference" [control]="deskForm.controls.reference" [messages]="{ pattern: 'Lettres, chiffres, espaces, / et - seulement.' }" />
                  </div>
                  <div class="field">
                    <label for="desk-date">Reçu le</label>
                    <input id="desk-date" type="date" formControlName="receivedOn" pfField />
                  </div>
                </div>
                @if (deskDone(); as d) { <div class="notice notice--success" role="status"><p>{{ d }}</p></div> }
                @if (payment.error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div> }
                <button type="submit" class="button button--primary" [disabled]="payment.sending()">Enregistrer le règlement</button>
              </form>
            </section>
          }

          @if (refundDone(); as d) { <div class="notice notice--success" role="status"><p>{{ d }}</p></div> }
          @if (staff && i.type === 'invoice' && (i.overpaidCents ?? 0) > 0) {
            <section class="card" aria-labelledby="refund-title">
              <h2 id="refund-title">Rembourser le trop-perçu</h2>
              <p>La famille a payé {{ cents(i.overpaidCents ?? 0) }} de plus que ce que la facture demande désormais (avoir après règlement).</p>
              <form class="form" [formGroup]="refundForm" (ngSubmit)="refund()" novalidate>
                <div class="field-row">
                  <div class="field">
                    <label for="refund-payment">Règlement remboursé</label>
                    <select id="refund-payment" formControlName="paymentId" pfField>
                      @for (p of refundable(i); track p._id) { <option [value]="p._id">{{ date(p.receivedOn) }} — {{ cents(p.amountCents - (p.refundedCents ?? 0)) }}@if (p.reference) {<span> (réf. {{ p.reference }})</span>}</option> }
                    </select>
                  </div>
                  <div class="field">
                    <label for="refund-amount">Montant (€)</label>
                    <input id="refund-amount" type="text" inputmode="decimal" formControlName="amount" pfField />
                    <pf-field-error for="refund-amount" [control]="refundForm.controls.amount" [messages]="{ required: 'Indiquez le montant.', pattern: 'Montant en euros, par exemple 12,50.' }" />
                  </div>
                  <div class="field">
                    <label for="refund-method">Mode de remboursement</label>
                    <select id="refund-method" formControlName="method">
                      <option value="bank_transfer">Virement</option>
                      <option value="cheque">Chèque</option>
                      <option value="cash">Espèces</option>
                    </select>
                  </div>
                </div>
                <div class="field">
                  <label for="refund-reference">Référence <span class="optional">(facultatif)</span></label>
                  <input id="refund-reference" type="text" formControlName="reference" pfField />
                  <pf-field-error for="refund-reference" [control]="refundForm.controls.reference" [messages]="{ pattern: 'Lettres, chiffres, espaces, / et - seulement.' }" />
                </div>
                <pf-submission-error [submission]="refunding" />
                <button type="submit" class="button button--primary" [disabled]="refunding.sending()">Enregistrer le remboursement</button>
              </form>
            </section>
          }

          <section aria-labelledby="lines-title">
            <h2 id="lines-title">Détail</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Détail de la facture">
              <table class="data-table">
                <thead><tr><th scope="col">Enfant</th><th scope="col">Activité</th><th scope="col">Nature</th><th scope="col" class="num">Jours</th><th scope="col" class="num">Prix unitaire</th><th scope="col" class="num">Montant</th></tr></thead>
                <tbody>
                  @for (l of i.lines; track $index) {
                    <tr>
                      <td>{{ l.childName }}</td><td>{{ l.activityName }}</td><td>{{ l.kindLabel }}</td>
                      <td class="num">{{ l.quantity }}</td><td class="num">{{ cents(l.unitPriceCents) }}</td><td class="num">{{ cents(l.amountCents) }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </section>
          @if (i.payments.length) {
            <section aria-labelledby="inv-payments-title">
              <h2 id="inv-payments-title">Règlements</h2>
              <ul>
                @for (p of i.payments; track $index) { <li>{{ date(p.receivedOn) }} : {{ cents(p.amountCents) }}@if (p.reference) {<span> (réf. {{ p.reference }})</span>}@if (p.refundedCents) {<span>, dont {{ cents(p.refundedCents) }} remboursés</span>}</li> }
              </ul>
            </section>
          }
        }
      }
    }
  `,
})
export class InvoicePage {
  private readonly api = inject(BillingApi);
  private readonly session = inject(SessionStore);
  readonly id = input.required<string>();
  readonly staff = isStaff(this.session.user()?.role);
  readonly load = signal<Load<InvoiceDetail>>(loading());
  readonly invoice = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly pdfUrl = computed(() => this.api.pdfUrl(this.id()));
  readonly cents = formatCents;
  readonly date = formatDate;
  readonly returned = signal<{ text: string; tone: string } | null>(null);
  readonly partialAllowed = signal(false);
  readonly payForm = inject(NonNullableFormBuilder).group({ amount: ['', [Validators.required, Validators.pattern(/^\d+([.,]\d{1,2})?$/)]] });
  readonly deskForm = inject(NonNullableFormBuilder).group({
    amount: ['', [Validators.required, Validators.pattern(/^\d+([.,]\d{1,2})?$/)]],
    method: ['cash' as 'cash' | 'cheque' | 'cesu'],
    reference: ['', [Validators.maxLength(50), Validators.pattern(/^[A-Za-z0-9 /-]*$/)]],
    receivedOn: [''],
  });
  readonly deskDone = signal<string | null>(null);
  readonly refundForm = inject(NonNullableFormBuilder).group({
    paymentId: [''],
    amount: ['', [Validators.required, Validators.pattern(/^\d+([.,]\d{1,2})?$/)]],
    method: ['bank_transfer' as 'bank_transfer' | 'cash' | 'cheque'],
    reference: ['', [Validators.maxLength(50), Validators.pattern(/^[A-Za-z0-9 /-]*$/)]],
  });
  readonly refunding = new Submission({ form: this.refundForm });
  readonly refundDone = signal<string | null>(null);
  /** The online payment (a family) or the desk payment (the staff): one request id, one error, as only one of the two is offered. */
  readonly payment = new Submission();

  constructor() {
    const back = inject(ActivatedRoute).snapshot.queryParamMap.get('paiement');
    if (back && RETURNS[back]) this.returned.set(RETURNS[back]);
    effect(() => {
      this.id();
      untracked(() => this.reload());
    });
    const familyId = this.session.user()?.familyId;
    if (familyId && !this.staff) this.api.family(familyId).subscribe({ next: (b) => this.partialAllowed.set(b.onlinePayment.partialAllowed), error: () => undefined });
  }

  reload(): void {
    this.load.set(loading());
    this.api.invoice(this.id()).subscribe({
      next: (i) => {
        this.load.set(ready(i));
        this.payForm.controls.amount.setValue((i.dueCents / 100).toFixed(2).replace('.', ','));
        if (i.overpaidCents) {
          this.refundForm.patchValue({ paymentId: this.refundable(i)[0]?._id ?? '', amount: (i.overpaidCents / 100).toFixed(2).replace('.', ',') });
        }
      },
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  deskPayment(i: InvoiceDetail): void {
    this.payment.clear();
    this.deskDone.set(null);
    if (this.deskForm.invalid) {
      this.deskForm.markAllAsTouched();
      return;
    }
    const v = this.deskForm.getRawValue();
    const amountCents = Math.round(Number(v.amount.replace(',', '.')) * 100);
    if (amountCents < 1 || amountCents > i.dueCents) {
      this.deskForm.controls.amount.setErrors({ range: { message: `Le montant va de 0,01 € à ${formatCents(i.dueCents)}.` } });
      this.deskForm.markAllAsTouched();
      return;
    }
    this.payment.send(
      this.api.deskPayment({ requestId: this.payment.requestId, invoiceId: i.id, amountCents, method: v.method, ...(v.reference.trim() ? { reference: v.reference.trim() } : {}), ...(v.receivedOn ? { receivedOn: v.receivedOn } : {}) }),
      () => {
        this.deskDone.set(`Règlement de ${formatCents(amountCents)} enregistré.`);
        this.deskForm.reset({ amount: '', method: 'cash', reference: '', receivedOn: '' });
        this.reload();
      },
    );
  }

  /** Payments with something left to refund, newest first. */
  refundable(i: InvoiceDetail): InvoiceDetail['payments'] {
    return i.payments.filter((p) => p._id && p.amountCents > (p.refundedCents ?? 0)).reverse();
  }

  refund(): void {
    this.refundDone.set(null);
    this.refunding.clear();
    if (this.refundForm.invalid) {
      this.refundForm.markAllAsTouched();
      return;
    }
    const v = this.refundForm.getRawValue();
    const amountCents = Math.round(Number(v.amount.replace(',', '.')) * 100);
    this.refunding.send(
      this.api.refund({ requestId: this.refunding.requestId, paymentId: v.paymentId, amountCents, method: v.method, ...(v.reference.trim() ? { reference: v.reference.trim() } : {}) }),
      () => {
        this.refundDone.set(`Remboursement de ${formatCents(amountCents)} enregistré.`);
        this.reload();
      },
    );
  }

  pay(i: InvoiceDetail): void {
    this.payment.clear();
    if (this.payForm.invalid) {
      this.payForm.markAllAsTouched();
      return;
    }
    const amountCents = Math.round(Number(this.payForm.controls.amount.value.replace(',', '.')) * 100);
    if (amountCents < 1 || amountCents > i.dueCents) {
      this.payForm.controls.amount.setErrors({ range: { message: `Le montant va de 0,01 € à ${formatCents(i.dueCents)}.` } });
      this.payForm.markAllAsTouched();
      return;
    }
    this.payment.send(
      this.api.pay(i.id, { requestId: this.payment.requestId, ...(amountCents !== i.dueCents ? { amountCents } : {}) }),
      ({ redirectUrl }) => window.location.assign(redirectUrl),
      // The page is left for the payment service: the button stays on « Redirection… » until then.
      { leaving: true },
    );
  }
}
