import { HttpClient, HttpParams } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { toApiError } from '../../shared/api-error';
import { addMonths, startOfMonth } from '../../shared/calendar';
import { FieldDirective, FieldErrorComponent } from '../../shared/form-field';
import { formatCents, formatDate, formatDateTime, formatMonth, todayInParis } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { Submission } from '../../shared/submission';
import { BillingDocument } from '../../billing/billing.api';
import { BillingSettingsComponent } from './billing-settings';
import { MandateRequestsComponent } from './mandate-requests';
import { PaperInvoicesComponent } from './paper-invoices';

interface Run {
  _id: string;
  month: string;
  invoicesIssued: number;
  totalCents: number;
  familiesAlreadyInvoiced: number;
  completedAt: string;
  by: { kind: string; name?: string };
}

const monthText = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  const text = formatMonth(y!, m!);
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Billing runs (a finished month), invoices search, invoices to post, parents' direct-debit requests, exports for accounting, direct-debit batches. */
@Component({
  selector: 'pf-staff-billing-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent, BillingSettingsComponent, PaperInvoicesComponent, MandateRequestsComponent],
  template: `
    <h1 tabindex="-1">Facturation</h1>
    <pf-billing-settings />

    <section class="card" aria-labelledby="run-title">
      <h2 id="run-title">Facturer un mois</h2>
      <p>Une facture par famille pour ce qui a été réservé et pointé ; un mois déjà facturé ne l'est pas deux fois.</p>
      <form class="form field-row" [formGroup]="runForm" (ngSubmit)="run()" novalidate>
        <div class="field">
          <label for="run-month">Mois (terminé)</label>
          <input id="run-month" type="month" formControlName="month" [max]="lastMonth" pfField />
          <pf-field-error for="run-month" [control]="runForm.controls.month" [messages]="{ required: 'Choisissez le mois.' }" />
        </div>
        <div><button type="submit" class="button button--primary" [disabled]="runSubmission.sending()">{{ runSubmission.sending() ? 'Facturation en cours…' : 'Lancer la facturation' }}</button></div>
      </form>
      @if (runResult(); as r) { <div class="notice notice--success" role="status"><p>{{ r }}</p></div> }
      @if (runSubmission.error(); as e) {
        <div class="notice notice--error" role="alert">
          <p>{{ e.message }}</p>
          @for (d of e.details; track $index) { <p>{{ d.message }}</p> }
        </div>
      }
      <h3>Facturations passées</h3>
      @if (runs().length === 0) {
        <p>Aucune facturation pour l'instant.</p>
      } @else {
        <ul class="plain-list">
          @for (r of runs(); track r._id) {
            <li>{{ monthText(r.month) }} : {{ r.invoicesIssued }} facture(s), {{ cents(r.totalCents) }} — le {{ dateTime(r.completedAt) }}@if (r.by.name) {<span> par {{ r.by.name }}</span>}</li>
          }
        </ul>
      }
    </section>

    <section aria-labelledby="invoices-title">
      <h2 id="invoices-title">Factures</h2>
      <form class="card filters filters--queue" [formGroup]="search" role="search" aria-label="Rechercher des factures" (ngSubmit)="reload()">
        <div class="field">
          <label for="inv-month">Mois</label>
          <input id="inv-month" type="month" formControlName="month" />
        </div>
        <div class="field">
          <label for="inv-status">État</label>
          <select id="inv-status" formControlName="status">
            <option value="">Tous</option>
            <option value="due">À payer</option>
            <option value="partially_paid">Partiellement payées</option>
            <option value="paid">Payées</option>
            <option value="credited">Annulées par avoir</option>
          </select>
        </div>
        <div class="field">
          <label for="inv-number">Numéro de facture</label>
          <input id="inv-number" type="text" formControlName="number" placeholder="FA-2026-000001" />
        </div>
        <div class="field"><span aria-hidden="true">&nbsp;</span><button type="submit" class="button button--secondary button--block">Rechercher</button></div>
      </form>
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement des factures…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          <p role="status">{{ total() === 0 ? 'Aucune facture.' : total() + ' facture(s).' }}</p>
          @if (items().length) {
            <div class="table-scroll" tabindex="0" role="region" aria-label="Factures">
              <table class="data-table">
                <thead><tr><th scope="col">Numéro</th><th scope="col">Mois</th><th scope="col" class="num">Montant</th><th scope="col" class="num">Reste dû</th><th scope="col">État</th></tr></thead>
                <tbody>
                  @for (i of items(); track i.id) {
                    <tr>
                      <th scope="row"><a [routerLink]="['/gestion/factures', i.id]">{{ i.number }}</a></th>
                      <td>{{ monthText(i.month) }}</td>
                      <td class="num">{{ cents(i.totalCents) }}</td>
                      <td class="num">{{ cents(i.dueCents) }}</td>
                      <td>{{ i.statusLabel }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        }
      }
    </section>

    <pf-paper-invoices />

    <pf-mandate-requests />

    <section class="card" aria-labelledby="exports-title">
      <h2 id="exports-title">Exports pour la comptabilité</h2>
      <form class="form field-row" [formGroup]="exports" novalidate>
        <div class="field"><label for="exp-from">Du</label><input id="exp-from" type="date" formControlName="from" /></div>
        <div class="field"><label for="exp-to">Au</label><input id="exp-to" type="date" formControlName="to" /></div>
      </form>
      <div class="button-row">
        <a class="button button--secondary" [href]="exportUrl('invoices')" download>Factures (CSV)</a>
        <a class="button button--secondary" [href]="exportUrl('payments')" download>Règlements (CSV)</a>
      </div>
    </section>

    <section class="card" aria-labelledby="debit-title">
      <h2 id="debit-title">Prélèvements SEPA</h2>
      <p>Réunit les factures encore dues des familles ayant signé un mandat (chaque facture une seule fois).</p>
      <button type="button" class="button button--secondary" (click)="directDebit()" [disabled]="debitSubmission.sending()">{{ debitSubmission.sending() ? 'Préparation…' : 'Préparer la remise de prélèvements' }}</button>
      @if (debit(); as d) {
        <div class="notice notice--success" role="status">
          <p>Remise du {{ date(d.collectionDate) }} : {{ d.count }} facture(s), {{ cents(d.totalCents) }}.</p>
          <p><a [href]="d.file" download>Télécharger le fichier pain.008</a></p>
        </div>
      }
      @if (debitSubmission.error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div> }
    </section>
  `,
})
export class StaffBillingPage {
  private readonly http = inject(HttpClient);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly cents = formatCents;
  readonly date = formatDate;
  readonly dateTime = formatDateTime;
  readonly monthText = monthText;
  readonly lastMonth = addMonths(startOfMonth(todayInParis()), -1).slice(0, 7);

  readonly runForm = this.fb.group({ month: [this.lastMonth, Validators.required] });
  readonly runSubmission = new Submission();
  readonly runResult = signal<string | null>(null);
  readonly runs = signal<Run[]>([]);

  readonly search = this.fb.group({ month: [''], status: [''], number: [''] });
  readonly load = signal<Load<{ total: number; items: BillingDocument[] }>>(loading());
  readonly items = loadedValue(this.load, [], (value) => value.items);
  readonly total = loadedValue(this.load, 0, (value) => value.total);
  readonly loadError = loadErrorOf(this.load);

  readonly exports = this.fb.group({ from: [`${todayInParis().slice(0, 4)}-01-01`], to: [todayInParis()] });
  readonly debitSubmission = new Submission();
  readonly debit = signal<{ collectionDate: string; count: number; totalCents: number; file: string } | null>(null);

  constructor() {
    this.loadRuns();
    this.reload();
  }

  exportUrl(kind: 'invoices' | 'payments'): string {
    const { from, to } = this.exports.getRawValue();
    return `/api/billing/exports/${kind}.csv?${new HttpParams().set('from', from).set('to', to).toString()}`;
  }

  loadRuns(): void {
    this.http.get<{ items: Run[] }>('/api/billing/runs').subscribe({ next: (r) => this.runs.set(r.items), error: () => undefined });
  }

  reload(): void {
    const v = this.search.getRawValue();
    let params = new HttpParams().set('limit', 100);
    if (v.month) params = params.set('month', v.month);
    if (v.status) params = params.set('status', v.status);
    if (v.number.trim()) params = params.set('number', v.number.trim());
    this.load.set(loading());
    this.http.get<{ total: number; items: BillingDocument[] }>('/api/billing/invoices', { params }).subscribe({
      next: (r) => this.load.set(ready(r)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  run(): void {
    this.runResult.set(null);
    this.runSubmission.clear();
    if (this.runForm.invalid) {
      this.runForm.markAllAsTouched();
      return;
    }
    const month = this.runForm.controls.month.value;
    this.runSubmission.send(this.http.post<{ invoicesIssued: number; totalCents: number; familiesAlreadyInvoiced: number }>('/api/billing/runs', { requestId: this.runSubmission.requestId, month }), (r) => {
      this.runResult.set(
        `${monthText(month)} : ${r.invoicesIssued} facture(s) émise(s) pour ${formatCents(r.totalCents)}` +
          (r.familiesAlreadyInvoiced ? ` ; ${r.familiesAlreadyInvoiced} famille(s) déjà facturée(s) ce mois-ci.` : '.'),
      );
      this.loadRuns();
      this.reload();
    });
  }

  directDebit(): void {
    this.debitSubmission.send(this.http.post<{ collectionDate: string; invoiceIds?: string[]; count?: number; totalCents: number; file: string }>('/api/billing/direct-debits', { requestId: this.debitSubmission.requestId }), (d) => {
      this.debit.set({ collectionDate: d.collectionDate, count: d.count ?? d.invoiceIds?.length ?? 0, totalCents: d.totalCents, file: d.file });
    });
  }
}
