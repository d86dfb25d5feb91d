import { Component, OnInit, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { BillingApi, PaperInvoice } from '../../billing/billing.api';
import { toApiError } from '../../shared/api-error';
import { formatCents, formatDate, todayInParis } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loadErrorOf, loadedValue, loading, ready } from '../../shared/load-state';

/**
 * The invoices (and credit notes) to print and post: those of families where a guardian asked for
 * invoices by post in the family file. The others got « Nouvelle facture » by e-mail.
 */
@Component({
  selector: 'pf-paper-invoices',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <section class="card" aria-labelledby="paper-title">
      <h2 id="paper-title">Factures à envoyer par courrier</h2>
      <p>Les familles qui ont choisi l'envoi par courrier dans leur dossier ne reçoivent pas d'e-mail : imprimez leurs factures et mettez-les sous pli (l'adresse tombe dans la fenêtre de l'enveloppe).</p>
      <form class="form field-row" [formGroup]="period" (ngSubmit)="reload()" novalidate>
        <div class="field"><label for="paper-from">Émises du</label><input id="paper-from" type="date" formControlName="from" /></div>
        <div class="field"><label for="paper-to">Au</label><input id="paper-to" type="date" formControlName="to" /></div>
        <div><button type="submit" class="button button--secondary">Afficher</button></div>
      </form>
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement des factures à envoyer…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          <p role="status">{{ items().length === 0 ? 'Aucune facture à envoyer par courrier sur cette période.' : items().length + ' document(s) à envoyer par courrier.' }}</p>
          @if (items().length) {
            <div class="table-scroll" tabindex="0" role="region" aria-label="Factures à envoyer par courrier">
              <table class="data-table">
                <thead><tr><th scope="col">Numéro</th><th scope="col">Destinataire</th><th scope="col">Adresse</th><th scope="col" class="num">Montant</th><th scope="col">Émise le</th></tr></thead>
                <tbody>
                  @for (i of items(); track i.id) {
                    <tr>
                      <th scope="row"><a [routerLink]="['/gestion/factures', i.id]">{{ i.type === 'credit_note' ? 'Avoir' : 'Facture' }} {{ i.number }}</a></th>
                      <td>{{ i.addressee }}<br /><span class="hint">{{ i.familyName }}</span></td>
                      <td>@if (i.address.length) { {{ i.address.join(', ') }} } @else { <strong>Adresse manquante</strong> }</td>
                      <td class="num">{{ cents(i.totalCents) }}</td>
                      <td>{{ date(i.issuedOn) }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
            <p><a class="button button--primary" [href]="pdfUrl()" target="_blank" rel="noopener">Imprimer toutes les factures (PDF)</a></p>
          }
        }
      }
    </section>
  `,
})
export class PaperInvoicesComponent implements OnInit {
  private readonly api = inject(BillingApi);
  readonly period = inject(NonNullableFormBuilder).group({ from: [`${todayInParis().slice(0, 7)}-01`], to: [todayInParis()] });
  readonly load = signal<Load<PaperInvoice[]>>(loading());
  readonly items = loadedValue(this.load, [] as PaperInvoice[]);
  readonly loadError = loadErrorOf(this.load);
  readonly cents = formatCents;
  readonly date = formatDate;
  private shown = this.period.getRawValue();

  ngOnInit(): void {
    this.reload();
  }

  pdfUrl(): string {
    return this.api.paperInvoicesPdfUrl(this.shown.from, this.shown.to);
  }

  reload(): void {
    this.shown = this.period.getRawValue();
    this.load.set(loading());
    this.api.paperInvoices(this.shown.from, this.shown.to).subscribe({
      next: (r) => this.load.set(ready(r.items)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}
