import { Component, OnInit, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AccountSummary, BillingApi } from '../billing/billing.api';
import { FamilyApi } from '../family/family.api';
import { toApiError } from '../shared/api-error';
import { formatCents, formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loadErrorOf, loadedValue, loading, ready } from '../shared/load-state';
import { Submission, SubmissionErrorComponent } from '../shared/submission';

type Delivery = 'email' | 'courrier';

/**
 * The family part of « Mon compte », as the Blainville and L'Hermitage portals show it: the
 * quotient familial with its date, the balance of the invoices on today's date, the children, how
 * the invoices are sent (a change is a request to the service), direct debit, the service.
 */
@Component({
  selector: 'pf-family-summary',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, SubmissionErrorComponent],
  template: `
    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement de votre foyer…" /> }
      @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        @if (summary(); as s) {
          <section class="card" aria-labelledby="family-summary-title">
            <h2 id="family-summary-title">Mon foyer</h2>
            <dl class="facts facts--stack">
              <dt>Quotient familial</dt>
              <dd>
                @if (s.quotient?.recorded; as q) {
                  <strong>{{ q.value }} €</strong>, mis à jour le {{ date(q.updatedOn) }}
                } @else if (s.quotient?.applied; as a) {
                  <strong>{{ a.value }} €</strong>
                } @else {
                  Non renseigné : le tarif le plus haut s'applique. Envoyez votre attestation CAF depuis la page <a routerLink="/documents">Documents</a>.
                }
                @if (s.quotient?.applied; as a) {
                  <br /><span class="hint">Appliqué à vos factures depuis le {{ date(a.since) }}@if (a.source === 'regularisation') {<span> (régularisé par le service : {{ a.value }} €)</span>}.</span>
                }
              </dd>
              <dt>Solde des factures au {{ date(s.asOf) }}</dt>
              <dd>
                <strong>{{ s.balanceCents > 0 ? cents(s.balanceCents) + ' à payer' : s.balanceCents < 0 ? cents(-s.balanceCents) + ' en votre faveur' : 'rien à payer' }}</strong>
                @if (s.invoicesDue) { <span> ({{ s.invoicesDue }} facture{{ s.invoicesDue > 1 ? 's' : '' }} à régler)</span> }
                <br /><a routerLink="/factures">Détail financier par facture</a>
              </dd>
              <dt>Enfants à charge</dt>
              <dd>
                {{ s.children.length }}
                <ul class="plain-list">
                  @for (c of s.children; track c.childId) { <li>{{ c.firstName }} {{ c.lastName }}, né(e) le {{ date(c.birthDate) }} ({{ c.age }} an{{ c.age > 1 ? 's' : '' }})</li> }
                </ul>
              </dd>
              <dt>Prélèvement automatique</dt>
              <dd>
                {{ s.directDebit.label }}@if (s.directDebit.iban) {<span> — compte {{ s.directDebit.iban }}</span>}
                @if (s.directDebitOffered) {
                  <br /><a routerLink="/factures/prelevement">{{ s.directDebit.status === 'none' ? 'Mettre en place le prélèvement automatique' : 'Voir mon prélèvement automatique' }}</a>
                }
              </dd>
            </dl>
          </section>

          <section class="card" aria-labelledby="delivery-title">
            <h2 id="delivery-title">Envoi des factures</h2>
            <p>Par e-mail, vous recevez un message à chaque nouvelle facture ; par courrier, le service vous l'envoie à votre adresse postale. Un changement est une demande que le service valide.</p>
            @if (deliveryNotice(); as n) { <div class="notice notice--success" role="status"><p>{{ n }}</p></div> }
            @for (g of s.guardians; track g.guardianId) {
              <form class="form" [formGroup]="deliveryOf(g.guardianId, g.pendingInvoiceDelivery ?? g.invoiceDelivery)" (ngSubmit)="askDelivery(s, g.guardianId)" novalidate>
                <fieldset class="field radio-group">
                  <legend>Factures de {{ g.name }}@if (g.me) {<span> (vous)</span>} : {{ g.invoiceDeliveryLabel }}</legend>
                  <div class="radio-group__options">
                    <div class="radio"><input [id]="'delivery-email-' + g.guardianId" type="radio" formControlName="mode" value="email" /><label [for]="'delivery-email-' + g.guardianId">Par e-mail</label></div>
                    <div class="radio"><input [id]="'delivery-post-' + g.guardianId" type="radio" formControlName="mode" value="courrier" /><label [for]="'delivery-post-' + g.guardianId">Par courrier</label></div>
                  </div>
                </fieldset>
                @if (g.pendingInvoiceDelivery) {
                  <p><span class="status status--pending">En attente de validation</span> Changement demandé : {{ g.pendingInvoiceDelivery === 'courrier' ? 'par courrier' : 'par e-mail' }}.</p>
                }
                @if (deliveryOf(g.guardianId, null).value.mode === 'courrier' && !g.hasAddress) {
                  <p class="hint">Pour recevoir les factures par courrier, indiquez aussi votre adresse postale dans le <a routerLink="/famille">dossier famille</a>.</p>
                }
                <button type="submit" class="button button--secondary" [disabled]="sending.sending() || deliveryOf(g.guardianId, null).value.mode === (g.pendingInvoiceDelivery ?? g.invoiceDelivery)">Demander ce mode d'envoi</button>
              </form>
            }
            <pf-submission-error [submission]="sending" />
          </section>

          <section class="card" aria-labelledby="service-title">
            <h2 id="service-title">Gestionnaire</h2>
            <p><strong>{{ s.service.name }}</strong> — {{ s.service.issuerName }}</p>
            @for (line of s.service.address; track $index) { <p>{{ line }}</p> }
            @if (s.service.email) { <p><a [href]="'mailto:' + s.service.email">{{ s.service.email }}</a> · <a routerLink="/contact">Nous contacter</a></p> }
          </section>
        }
      }
    }
  `,
})
export class FamilySummaryComponent implements OnInit {
  private readonly billing = inject(BillingApi);
  private readonly families = inject(FamilyApi);
  readonly familyId = input.required<string>();
  readonly load = signal<Load<AccountSummary>>(loading());
  readonly summary = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly cents = formatCents;
  readonly date = formatDate;
  readonly deliveryNotice = signal<string | null>(null);
  readonly sending = new Submission();
  private readonly choices = new Map<string, FormGroup<{ mode: FormControl<Delivery | null> }>>();

  ngOnInit(): void {
    this.reload();
  }

  /** One radio group per guardian, starting at the mode on file (or the one asked for). */
  deliveryOf(guardianId: string, current: Delivery | null): FormGroup<{ mode: FormControl<Delivery | null> }> {
    let group = this.choices.get(guardianId);
    if (!group) {
      group = new FormGroup({ mode: new FormControl<Delivery | null>(current) });
      this.choices.set(guardianId, group);
    }
    return group;
  }

  reload(): void {
    this.load.set(loading());
    this.billing.accountSummary(this.familyId()).subscribe({
      next: (s) => {
        this.choices.clear();
        this.load.set(ready(s));
      },
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  askDelivery(s: AccountSummary, guardianId: string): void {
    const wanted = this.deliveryOf(guardianId, null).value.mode;
    if (!wanted) return;
    this.deliveryNotice.set(null);
    this.sending.send(this.families.requestChange(s.familyId, { requestId: this.sending.requestId, target: 'guardian', guardianId, guardian: { invoiceDelivery: wanted } }), () => {
      this.deliveryNotice.set(`Demande envoyée : factures ${wanted === 'courrier' ? 'par courrier' : 'par e-mail'}, en attente de validation par le service.`);
      this.reload();
    });
  }
}
