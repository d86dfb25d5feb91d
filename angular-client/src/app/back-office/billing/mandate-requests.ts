import { Component, OnInit, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { BillingApi, StaffMandateRequest } from '../../billing/billing.api';
import { toApiError } from '../../shared/api-error';
import { formatDate, todayInParis } from '../../shared/french-format';
import { familyLabel } from '../../shared/family-name';
import { Load, LoadErrorComponent, LoadingComponent, failed, loadErrorOf, loadedValue, loading, ready } from '../../shared/load-state';
import { Submission, SubmissionErrorComponent } from '../../shared/submission';

/**
 * The parents' direct-debit requests to check: signed online (validate), or to sign on paper
 * (validate once the signed mandate is in, with its date), or refuse with the reason.
 */
@Component({
  selector: 'pf-mandate-requests',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, SubmissionErrorComponent],
  template: `
    <section class="card" aria-labelledby="mandate-requests-title">
      <h2 id="mandate-requests-title">Demandes de prélèvement à valider</h2>
      @if (notice(); as n) { <div class="notice notice--success" role="status"><p>{{ n }}</p></div> }
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement des demandes de prélèvement…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          @if (items().length === 0) {
            <p>Aucune demande en attente.</p>
          } @else {
            <ul class="plain-list">
              @for (r of items(); track r.mandateRequestId) {
                <li class="item-card">
                  <h3><a [routerLink]="['/gestion/familles', r.familyId]">{{ r.familyName }}</a> — {{ r.holderName }}</h3>
                  <p><span class="status" [class.status--requested]="r.status === 'signed_online'" [class.status--pending]="r.status === 'to_sign'">{{ r.statusLabel }}</span> <span class="hint">demandée le {{ date(r.requestedOn) }}</span></p>
                  <p>Compte {{ r.iban }} · mandat <span class="code">{{ r.mandateId }}</span> · <a [href]="r.pdf" target="_blank" rel="noopener">Mandat (PDF)</a></p>
                  <form class="form field-row" [formGroup]="validationOf(r.mandateRequestId)" (ngSubmit)="validate(r)" novalidate>
                    @if (r.status === 'to_sign') {
                      <div class="field">
                        <label [for]="'paper-' + r.mandateRequestId">Mandat papier signé le</label>
                        <input [id]="'paper-' + r.mandateRequestId" type="date" formControlName="signedOn" [max]="today" />
                      </div>
                    }
                    <div><button type="submit" class="button button--primary" [disabled]="acting.sending()">{{ r.status === 'signed_online' ? 'Valider le mandat signé en ligne' : 'Valider le mandat papier' }}</button></div>
                  </form>
                  <form class="form field-row" [formGroup]="refusalOf(r.mandateRequestId)" (ngSubmit)="refuse(r)" novalidate>
                    <div class="field">
                      <label [for]="'refusal-' + r.mandateRequestId">Motif du refus</label>
                      <input [id]="'refusal-' + r.mandateRequestId" type="text" maxlength="500" formControlName="reason" />
                    </div>
                    <div><button type="submit" class="button button--secondary" [disabled]="acting.sending() || refusalOf(r.mandateRequestId).invalid">Refuser</button></div>
                  </form>
                </li>
              }
            </ul>
          }
          <pf-submission-error [submission]="acting" />
        }
      }
    </section>
  `,
})
export class MandateRequestsComponent implements OnInit {
  private readonly api = inject(BillingApi);
  readonly load = signal<Load<StaffMandateRequest[]>>(loading());
  readonly items = loadedValue(this.load, [] as StaffMandateRequest[]);
  readonly loadError = loadErrorOf(this.load);
  readonly date = formatDate;
  readonly today = todayInParis();
  readonly notice = signal<string | null>(null);
  readonly acting = new Submission();
  private readonly validations = new Map<string, FormGroup<{ signedOn: FormControl<string> }>>();
  private readonly refusals = new Map<string, FormGroup<{ reason: FormControl<string> }>>();

  ngOnInit(): void {
    this.reload();
  }

  /** The paper mandate's date (today by default), for a request not signed online. */
  validationOf(id: string): FormGroup<{ signedOn: FormControl<string> }> {
    if (!this.validations.has(id)) this.validations.set(id, new FormGroup({ signedOn: new FormControl(this.today, { nonNullable: true }) }));
    return this.validations.get(id)!;
  }

  refusalOf(id: string): FormGroup<{ reason: FormControl<string> }> {
    if (!this.refusals.has(id)) this.refusals.set(id, new FormGroup({ reason: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/)] }) }));
    return this.refusals.get(id)!;
  }

  reload(): void {
    this.api.mandateRequests().subscribe({
      next: (r) => this.load.set(ready(r.items)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  validate(r: StaffMandateRequest): void {
    this.notice.set(null);
    const signedOn = r.status === 'to_sign' ? this.validationOf(r.mandateRequestId).controls.signedOn.value : undefined;
    this.acting.send(this.api.validateMandateRequest(r.familyId, r.mandateRequestId, { requestId: this.acting.requestId, ...(signedOn ? { signedOn } : {}) }), () => {
      this.notice.set(`Mandat de ${r.holderName} validé : les factures de la ${familyLabel(r.familyName)} seront prélevées.`);
      this.reload();
    });
  }

  refuse(r: StaffMandateRequest): void {
    this.notice.set(null);
    const reason = this.refusalOf(r.mandateRequestId).controls.reason.value.trim();
    if (!reason) return;
    this.acting.send(this.api.refuseMandateRequest(r.familyId, r.mandateRequestId, { requestId: this.acting.requestId, reason }), () => {
      this.notice.set(`Demande de ${r.holderName} refusée : la famille est prévenue par e-mail.`);
      this.reload();
    });
  }
}
