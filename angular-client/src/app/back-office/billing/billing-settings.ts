import { HttpClient } from '@angular/common/http';
import { Component, ElementRef, Injector, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { toApiError } from '../../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../../shared/form-field';
import { Submission } from '../../shared/submission';

interface Settings {
  configured: boolean;
  issuerName: string;
  issuerAddress: string[];
  paymentTermDays: number;
  allowPartialOnlinePayment: boolean;
  payfipClientNumber: string | null;
  sepaCreditor: { name: string; creditorId: string; iban: string; bic: string | null } | null;
  directDebitDelayDays: number;
}

/** The commune's billing settings (régie, payment term, PayFiP, SEPA creditor), with the server's limits. */
@Component({
  selector: 'pf-billing-settings',
  imports: [ReactiveFormsModule, FieldDirective, FieldErrorComponent],
  template: `
    <details class="card settings" [open]="!configured()">
      <summary><h2 class="settings__title">Paramètres de facturation</h2></summary>
      <form class="form" [formGroup]="form" (ngSubmit)="save()" novalidate>
        @if (done()) { <div class="notice notice--success" role="status"><p>Paramètres enregistrés.</p></div> }
        @if (submission.error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div> }
        <div class="field">
          <label for="set-issuer">Régie (nom sur les factures)</label>
          <input id="set-issuer" type="text" formControlName="issuerName" maxlength="120" pfField />
          <pf-field-error for="set-issuer" [control]="form.controls.issuerName" [messages]="{ required: 'Saisissez le nom de la régie.' }" />
        </div>
        <div class="field">
          <label for="set-address">Adresse (une ligne par ligne, 5 au plus)</label>
          <textarea id="set-address" rows="3" formControlName="issuerAddress" pfField></textarea>
          <pf-field-error for="set-address" [control]="form.controls.issuerAddress" />
        </div>
        <div class="field-row">
          <div class="field">
            <label for="set-term">Délai de paiement (jours)</label>
            <input id="set-term" type="number" min="1" max="90" formControlName="paymentTermDays" pfField />
            <pf-field-error for="set-term" [control]="form.controls.paymentTermDays" [messages]="{ min: 'Au moins 1 jour.', max: 'Au plus 90 jours.', required: 'Indiquez le délai.' }" />
          </div>
          <div class="field">
            <label for="set-debit-delay">Délai de prélèvement (jours)</label>
            <input id="set-debit-delay" type="number" min="2" max="30" formControlName="directDebitDelayDays" pfField />
            <pf-field-error for="set-debit-delay" [control]="form.controls.directDebitDelayDays" [messages]="{ min: 'Au moins 2 jours.', max: 'Au plus 30 jours.', required: 'Indiquez le délai.' }" />
          </div>
        </div>
        <div class="field field--checkbox">
          <input id="set-partial" type="checkbox" formControlName="allowPartialOnlinePayment" />
          <label for="set-partial">Les familles peuvent payer une partie d'une facture en ligne</label>
        </div>
        <div class="field">
          <label for="set-payfip">Numéro client PayFiP <span class="optional">(6 chiffres, donné par la DGFiP)</span></label>
          <input id="set-payfip" type="text" inputmode="numeric" formControlName="payfipClientNumber" pfField />
          <pf-field-error for="set-payfip" [control]="form.controls.payfipClientNumber" [messages]="{ pattern: 'Le numéro client PayFiP compte 6 chiffres.' }" />
        </div>
        <fieldset class="form-section" formGroupName="sepa">
          <legend>Créancier SEPA <span class="optional">(pour les prélèvements ; laisser vide sinon)</span></legend>
          <div class="field-row">
            <div class="field"><label for="set-sepa-name">Nom du créancier</label><input id="set-sepa-name" type="text" formControlName="name" maxlength="70" pfField /><pf-field-error for="set-sepa-name" [control]="form.controls.sepa.controls.name" /></div>
            <div class="field"><label for="set-sepa-ics">ICS</label><input id="set-sepa-ics" type="text" formControlName="creditorId" pfField /><pf-field-error for="set-sepa-ics" [control]="form.controls.sepa.controls.creditorId" [messages]="{ minlength: 'L’ICS compte de 5 à 35 caractères.' }" /></div>
          </div>
          <div class="field-row">
            <div class="field"><label for="set-sepa-iban">IBAN</label><input id="set-sepa-iban" type="text" formControlName="iban" pfField /><pf-field-error for="set-sepa-iban" [control]="form.controls.sepa.controls.iban" [messages]="{ minlength: 'L’IBAN compte de 15 à 34 caractères.' }" /></div>
            <div class="field"><label for="set-sepa-bic">BIC <span class="optional">(facultatif)</span></label><input id="set-sepa-bic" type="text" formControlName="bic" pfField /></div>
          </div>
        </fieldset>
        <button type="submit" class="button button--primary" [disabled]="submission.sending()">Enregistrer les paramètres</button>
      </form>
    </details>
  `,
})
export class BillingSettingsComponent {
  private readonly http = inject(HttpClient);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly configured = signal(true);
  readonly done = signal(false);
  readonly form = this.fb.group({
    issuerName: ['', [Validators.required, Validators.maxLength(120)]],
    issuerAddress: [''],
    paymentTermDays: [30, [Validators.required, Validators.min(1), Validators.max(90)]],
    directDebitDelayDays: [5, [Validators.required, Validators.min(2), Validators.max(30)]],
    allowPartialOnlinePayment: [false],
    payfipClientNumber: ['', Validators.pattern(/^\d{6}$/)],
    sepa: this.fb.group({
      name: ['', Validators.maxLength(70)],
      creditorId: ['', [Validators.minLength(5), Validators.maxLength(35)]],
      iban: ['', [Validators.minLength(15), Validators.maxLength(42)]],
      bic: [''],
    }),
  });
  /** The API's sepaCreditor.* fields are the form's sepa.* ones. */
  readonly submission = new Submission({ form: this.form, fieldPath: (field) => field.replace(/^sepaCreditor\./, 'sepa.') });

  constructor() {
    this.http.get<Settings>('/api/billing/settings').subscribe({
      next: (s) => {
        this.configured.set(s.configured);
        this.form.patchValue({
          issuerName: s.issuerName,
          issuerAddress: s.issuerAddress.join('\n'),
          paymentTermDays: s.paymentTermDays,
          directDebitDelayDays: s.directDebitDelayDays,
          allowPartialOnlinePayment: s.allowPartialOnlinePayment,
          payfipClientNumber: s.payfipClientNumber ?? '',
          sepa: { name: s.sepaCreditor?.name ?? '', creditorId: s.sepaCreditor?.creditorId ?? '', iban: s.sepaCreditor?.iban ?? '', bic: s.sepaCreditor?.bic ?? '' },
        });
      },
      error: (e: unknown) => this.submission.fail(toApiError(e)),
    });
  }

  save(): void {
    this.done.set(false);
    this.submission.clear();
    const lines = this.form.controls.issuerAddress.value.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length > 5 || lines.some((l) => l.length > 120)) {
      this.form.controls.issuerAddress.setErrors({ lines: { message: 'Au plus 5 lignes de 120 caractères.' } });
    }
    const sepa = this.form.controls.sepa.getRawValue();
    const sepaStarted = Object.values(sepa).some((v) => v.trim());
    for (const key of ['name', 'creditorId', 'iban'] as const) {
      const c = this.form.controls.sepa.controls[key];
      if (sepaStarted && !c.value.trim()) c.setErrors({ ...(c.errors ?? {}), required: true });
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const v = this.form.getRawValue();
    const body = {
      requestId: this.submission.requestId,
      issuerName: v.issuerName.trim(),
      issuerAddress: lines,
      paymentTermDays: Number(v.paymentTermDays),
      allowPartialOnlinePayment: v.allowPartialOnlinePayment,
      payfipClientNumber: v.payfipClientNumber.trim() || null,
      sepaCreditor: sepaStarted ? { name: sepa.name.trim(), creditorId: sepa.creditorId.trim(), iban: sepa.iban.replace(/\s+/g, ''), bic: sepa.bic.trim() || null } : null,
      directDebitDelayDays: Number(v.directDebitDelayDays),
    };
    this.submission.send(this.http.post<Settings>('/api/billing/settings', body), (s) => {
      this.configured.set(s.configured);
      this.done.set(true);
    });
  }
}
