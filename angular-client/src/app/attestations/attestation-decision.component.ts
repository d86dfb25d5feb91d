import { Component, ElementRef, Injector, afterNextRender, effect, inject, input, output, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent } from '../shared/form-field';
import { formatCents, formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { Submission } from '../shared/submission';
import { Attestation, AttestationPreview, AttestationsApi, MAX_ATTESTATION_MESSAGE } from './attestations.api';

const METHOD_LABELS: Record<string, string> = { online_card: 'carte bancaire en ligne', cash: 'espèces', cheque: 'chèque', cesu: 'CESU', direct_debit: 'prélèvement' };

/**
 * On the service's request page: what the attestation will state (worked out now from the portal's
 * data), « Émettre l'attestation » or « Refuser » with a message; once issued, its PDF.
 */
@Component({
  selector: 'pf-attestation-decision',
  imports: [ReactiveFormsModule, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent],
  template: `
    @if (status() === 'accepted') {
      <section class="card" aria-labelledby="attestation-issued-title">
        <h2 id="attestation-issued-title">Attestation émise</h2>
        @if (issued(); as a) {
          <p>Émise le {{ date(a.issuedOn) }} : {{ a.summaryText }}.</p>
          <a class="button button--secondary" [href]="a.pdfUrl" download>Télécharger l'attestation (PDF)</a>
        }
      </section>
    } @else if (status() === 'pending') {
      <section class="card" aria-labelledby="attestation-preview-title">
        <h2 id="attestation-preview-title">Ce que l'attestation indiquera</h2>
        @switch (load().state) {
          @case ('loading') { <pf-loading label="Calcul d'après les données du portail…" /> }
          @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
          @case ('ready') {
            @let p = preview()!;
            <p class="attestation-headline"><strong>{{ p.summaryText }}</strong>{{ scope(p) }}</p>
            @if (p.statement.kind === 'presence') {
              @for (line of p.statement.presence; track line.childName) {
                <h3>{{ line.childName }} : {{ days(line.days) }}</h3>
                <ul>
                  @for (a of line.activities; track a.activityName) { <li>{{ a.activityName }} : {{ days(a.days.length) }}</li> }
                </ul>
              } @empty {
                <p>Aucune présence pointée sur cette période : l'attestation le dira.</p>
              }
            }
            @if (p.statement.kind === 'payment') {
              @if (p.statement.payments.length) {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Paiements repris sur l’attestation">
                  <table class="data-table">
                    <caption class="visually-hidden">Paiements repris sur l'attestation</caption>
                    <thead><tr><th scope="col">Date</th><th scope="col">Facture</th><th scope="col">Mode</th><th scope="col" class="num">Montant</th></tr></thead>
                    <tbody>
                      @for (pay of p.statement.payments; track $index) {
                        <tr><td>{{ date(pay.receivedOn) }}</td><td>{{ pay.invoiceNumber }}</td><td>{{ method(pay.method) }}</td><td class="num">{{ euros(pay.amountCents) }}</td></tr>
                      }
                    </tbody>
                  </table>
                </div>
              } @else {
                <p>Aucun paiement reçu cette année-là : l'attestation le dira.</p>
              }
            }
            @if (p.statement.kind === 'enrolment') {
              <ul>
                @for (e of p.statement.enrolments; track $index) {
                  <li>{{ e.childName }} — {{ e.activityName }} — {{ e.periodLabel }} (du {{ date(e.from) }} au {{ date(e.to) }})</li>
                } @empty {
                  <li>Aucune inscription en cours : l'attestation le dira.</li>
                }
              </ul>
            }
          }
        }
        <form class="form" [formGroup]="form" (ngSubmit)="issue()" novalidate>
          <div class="field">
            <label for="attestation-refusal">Message à la famille <span class="optional">(obligatoire pour un refus)</span></label>
            <textarea id="attestation-refusal" rows="3" formControlName="reason" [attr.maxlength]="max" pfField></textarea>
            <pf-field-error for="attestation-refusal" [control]="form.controls.reason" [messages]="{ required: 'Indiquez à la famille le motif du refus.' }" />
          </div>
          @if (submission.error(); as e) {
            <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
          }
          <div class="button-row">
            <button type="submit" class="button button--primary" [disabled]="submission.sending() || load().state !== 'ready'">
              {{ submission.sending() ? 'Enregistrement…' : 'Émettre l’attestation' }}
            </button>
            <button type="button" class="button button--danger" (click)="refuse()" [disabled]="submission.sending()">Refuser</button>
          </div>
        </form>
      </section>
    }
  `,
})
export class AttestationDecisionComponent {
  private readonly api = inject(AttestationsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly familyId = input.required<string>();
  readonly attestationId = input.required<string>();
  /** The request's status (pending: to decide; accepted: issued). */
  readonly status = input.required<string>();
  /** Told once the service decided, with the sentence to show. */
  readonly decided = output<string>();
  readonly max = MAX_ATTESTATION_MESSAGE;
  readonly date = formatDate;
  readonly euros = formatCents;

  readonly load = signal<Load<AttestationPreview>>(loading());
  readonly preview = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly issued = signal<Attestation | null>(null);
  readonly form = inject(NonNullableFormBuilder).group({ reason: ['', Validators.maxLength(MAX_ATTESTATION_MESSAGE)] });
  /** Issuing or refusing: one decision, one request id. */
  readonly submission = new Submission();

  constructor() {
    effect(() => {
      const status = this.status();
      this.familyId();
      this.attestationId();
      untracked(() => (status === 'pending' ? this.reload() : status === 'accepted' ? this.loadIssued() : undefined));
    });
  }

  reload(): void {
    this.load.set(loading());
    this.api.preview(this.familyId(), this.attestationId()).subscribe({
      next: (p) => this.load.set(ready(p)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  days(n: number): string {
    return n > 1 ? `${n} jours` : `${n} jour`;
  }

  method(code: string): string {
    return METHOD_LABELS[code] ?? code;
  }

  scope(p: AttestationPreview): string {
    const s = p.statement;
    const who = s.child ? ` pour ${s.child.firstName}` : ' pour toute la famille';
    if (s.kind === 'presence') return `${who}, du ${formatDate(s.from)} au ${formatDate(s.to)}.`;
    if (s.kind === 'payment') return `${who}.`;
    return `${who}, au ${formatDate(s.asOf)}.`;
  }

  issue(): void {
    if (this.submission.sending()) return;
    this.run(this.api.issue(this.familyId(), this.attestationId(), this.submission.requestId), 'Attestation émise : la famille est prévenue par e-mail et la télécharge depuis sa demande.');
  }

  refuse(): void {
    if (this.submission.sending()) return;
    const reason = this.form.controls.reason.value.trim();
    if (!reason) {
      this.form.controls.reason.setErrors({ required: true });
      this.form.controls.reason.markAsTouched();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#attestation-refusal')?.focus(), { injector: this.injector });
      return;
    }
    this.run(this.api.refuse(this.familyId(), this.attestationId(), this.submission.requestId, reason), 'Demande refusée : la famille est prévenue, avec votre message.');
  }

  private loadIssued(): void {
    this.api.one(this.familyId(), this.attestationId()).subscribe({ next: (a) => this.issued.set(a), error: () => this.issued.set(null) });
  }

  private run(call: ReturnType<AttestationsApi['issue']>, message: string): void {
    this.submission.send(call, () => {
      this.form.reset({ reason: '' });
      this.decided.emit(message);
    });
  }
}
