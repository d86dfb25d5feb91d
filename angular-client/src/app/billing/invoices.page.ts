import { Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { formatCents, formatDate, formatMonth } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { BillingApi, BillingDocument, FamilyBilling } from './billing.api';

/** « Mes factures »: balance, invoices to pay and paid, payments, detail per child and activity, tax certificate. */
@Component({
  selector: 'pf-invoices-page',
  imports: [RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Mes factures</h1>
    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement de vos factures…" /> }
      @case ('error') { <pf-load-error [error]="error()!" (retry)="reload()" /> }
      @case ('ready') {
        @if (billing(); as b) {
          <section class="card balance" aria-labelledby="balance-title">
            <h2 id="balance-title">Solde</h2>
            <p class="balance__amount">{{ b.balanceCents > 0 ? 'À payer : ' + cents(b.balanceCents) : b.balanceCents < 0 ? 'En votre faveur : ' + cents(-b.balanceCents) : 'Rien à payer' }}</p>
            @if (b.directDebit; as d) {
              <p>Prélèvement automatique sur le compte {{ d.iban }} (mandat signé le {{ date(d.signedOn) }}) : vos factures sont prélevées, vous n'avez rien à faire. <a routerLink="/factures/prelevement">Voir mon prélèvement automatique</a></p>
            } @else {
              <p><a routerLink="/factures/prelevement">Mettre en place le prélèvement automatique</a> : vos factures seront prélevées sur votre compte.</p>
            }
            @if (b.onlinePayment.testMode) {
              <p class="hint">Paiement en ligne en mode test : aucun paiement réel n'est effectué.</p>
            }
          </section>

          <section aria-labelledby="due-title">
            <h2 id="due-title">Factures à payer</h2>
            @if (b.invoicesDue.length === 0) {
              <p>Aucune facture à payer.</p>
            } @else {
              <ul class="plain-list">
                @for (i of b.invoicesDue; track i.id) {
                  <li class="item-card">
                    <h3><a [routerLink]="['/factures', i.id]">Facture {{ i.number }} — {{ monthTitle(i) }}</a></h3>
                    <p>
                      <span [class]="'status status--' + statusClass(i)">{{ i.statusLabel }}</span>
                      Montant {{ cents(i.totalCents) }} · reste à payer <strong>{{ cents(i.dueCents) }}</strong>@if (i.dueOn) {<span> avant le {{ date(i.dueOn) }}</span>}
                    </p>
                    @if (i.debitPlanned) {
                      <p class="hint">{{ i.directDebit ? 'Prélevée le ' + date(i.directDebit.collectionDate) : 'Sera prélevée à la prochaine échéance de prélèvement' }} : rien à faire.</p>
                    }
                  </li>
                }
              </ul>
            }
          </section>

          <section aria-labelledby="paid-title">
            <h2 id="paid-title">Factures payées</h2>
            @if (b.invoicesPaid.length === 0) {
              <p>Aucune facture payée pour l'instant.</p>
            } @else {
              <ul class="plain-list">
                @for (i of b.invoicesPaid; track i.id) {
                  <li class="item-card">
                    <h3><a [routerLink]="['/factures', i.id]">Facture {{ i.number }} — {{ monthTitle(i) }}</a></h3>
                    <p><span [class]="'status status--' + statusClass(i)">{{ i.statusLabel }}</span> {{ cents(i.totalCents) }}@if (i.paidOn) {<span>, payée le {{ date(i.paidOn) }}</span>}</p>
                  </li>
                }
              </ul>
            }
          </section>

          @if (b.creditNotes.length) {
            <section aria-labelledby="credit-title">
              <h2 id="credit-title">Avoirs</h2>
              <ul class="plain-list">
                @for (c of b.creditNotes; track c.id) {
                  <li class="item-card"><a [routerLink]="['/factures', c.id]">Avoir {{ c.number }}</a> — {{ cents(c.totalCents) }}, émis le {{ date(c.issuedOn) }}@if (c.reason) {<span> : {{ c.reason }}</span>}</li>
                }
              </ul>
            </section>
          }

          @if (b.payments.length) {
            <section aria-labelledby="payments-title">
              <h2 id="payments-title">Règlements</h2>
              <div class="table-scroll" tabindex="0" role="region" aria-label="Règlements">
                <table class="data-table">
                  <thead><tr><th scope="col">Date</th><th scope="col">Facture</th><th scope="col">Mode</th><th scope="col" class="num">Montant</th></tr></thead>
                  <tbody>
                    @for (p of b.payments; track p.id) {
                      <tr><td>{{ date(p.receivedOn) }}</td><td>{{ p.invoiceNumber }}</td><td>{{ p.methodLabel }}</td><td class="num">{{ cents(p.amountCents) }}</td></tr>
                    }
                  </tbody>
                </table>
              </div>
            </section>
          }

          @if (b.refunds?.length) {
            <section aria-labelledby="refunds-title">
              <h2 id="refunds-title">Remboursements</h2>
              <ul>
                @for (r of b.refunds; track r.id) { <li>{{ date(r.refundedOn) }} : {{ cents(r.amountCents) }} remboursés par {{ r.methodLabel }} (facture {{ r.invoiceNumber }})</li> }
              </ul>
            </section>
          }

          @if (b.byEnrolment.length) {
            <section aria-labelledby="by-enrolment-title">
              <h2 id="by-enrolment-title">Détail par enfant et par activité</h2>
              <div class="table-scroll" tabindex="0" role="region" aria-label="Détail par enfant et par activité">
                <table class="data-table">
                  <thead><tr><th scope="col">Enfant</th><th scope="col">Activité</th><th scope="col" class="num">Jours facturés</th><th scope="col" class="num">Montant</th></tr></thead>
                  <tbody>
                    @for (e of b.byEnrolment; track e.childId + e.activityId) {
                      <tr><td>{{ e.childName }}</td><td>{{ e.activityName }}</td><td class="num">{{ e.days }}</td><td class="num">{{ cents(e.amountCents) }}</td></tr>
                    }
                  </tbody>
                </table>
              </div>
            </section>
          }

          <section class="card" aria-labelledby="tax-title">
            <h2 id="tax-title">Attestation fiscale (frais de garde des enfants de moins de 6 ans)</h2>
            @for (c of b.taxCertificates; track c.year) {
              <p>Pour votre déclaration de revenus : l'attestation de l'année {{ c.year }} est disponible ({{ cents(c.totalCents) }} de frais de garde réglés).</p>
              <p><a class="button button--secondary" [href]="taxUrl(c.year)" target="_blank" rel="noopener">Télécharger l'attestation {{ c.year }} (PDF)</a></p>
            } @empty {
              <p>Aucune attestation fiscale pour l'instant : elle est proposée après chaque année civile où vous avez réglé des frais de garde (hors repas) pour un enfant de moins de 6 ans.</p>
            }
          </section>
        }
      }
    }
  `,
})
export class InvoicesPage {
  private readonly api = inject(BillingApi);
  private readonly session = inject(SessionStore);
  readonly load = signal<Load<FamilyBilling>>(loading());
  readonly billing = loadedValue(this.load, null);
  readonly error = loadErrorOf(this.load);
  readonly cents = formatCents;
  readonly date = formatDate;

  taxUrl(year: number): string {
    return this.api.taxCertificatePdfUrl(this.session.user()?.familyId ?? '', year);
  }

  constructor() {
    this.reload();
  }

  monthTitle(i: BillingDocument): string {
    const [y, m] = i.month.split('-').map(Number);
    const text = formatMonth(y!, m!);
    return text.charAt(0).toUpperCase() + text.slice(1) + (i.kind === 'supplementary' ? ' (complémentaire)' : '');
  }

  statusClass(i: BillingDocument): string {
    return { due: 'pending', partially_paid: 'waitlisted', paid: 'accepted', credited: 'cancelled', issued: 'accepted' }[i.status];
  }

  reload(): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) {
      this.load.set(failed({ statusCode: 404, code: 'NO_FAMILY', message: "Votre compte n'est pas encore rattaché à un dossier famille.", details: [] }));
      return;
    }
    this.load.set(loading());
    this.api.family(familyId).subscribe({
      next: (b) => this.load.set(ready(b)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}
