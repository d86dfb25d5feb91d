import { Component, input } from '@angular/core';
import { MandateText } from './billing.api';

/** The SEPA mandate as it prints (same words as its PDF): RUM, debtor, creditor with its ICS, the debtor's rights. */
@Component({
  selector: 'pf-mandate-view',
  template: `
    @let m = mandate();
    <article class="card mandate" [attr.aria-labelledby]="headingId()">
      <h3 [id]="headingId()">{{ m.title }}</h3>
      <dl class="facts facts--stack">
        <dt>Référence unique du mandat (RUM)</dt><dd class="code">{{ m.rum }}</dd>
        <dt>Type de paiement</dt><dd>{{ m.paymentType }}</dd>
      </dl>
      <h4>Débiteur (titulaire du compte)</h4>
      <dl class="facts facts--stack">
        <dt>Nom</dt><dd>{{ m.debtor.name }}</dd>
        <dt>Adresse</dt><dd>{{ m.debtor.address.length ? m.debtor.address.join(', ') : 'non renseignée' }}</dd>
        <dt>IBAN</dt><dd class="code">{{ m.debtor.iban }}</dd>
        <dt>BIC</dt><dd>{{ m.debtor.bic ?? 'non communiqué' }}</dd>
      </dl>
      <h4>Créancier</h4>
      <dl class="facts facts--stack">
        <dt>Nom</dt><dd>{{ m.creditor.name }}</dd>
        <dt>Identifiant créancier SEPA (ICS)</dt><dd class="code">{{ m.creditor.creditorId }}</dd>
        <dt>Adresse</dt><dd>{{ m.creditor.address.join(', ') }}</dd>
      </dl>
      @for (p of m.legal; track $index) { <p>{{ p }}</p> }
      <p><strong>{{ m.signatureNote }}</strong></p>
    </article>
  `,
})
export class MandateViewComponent {
  readonly mandate = input.required<MandateText>();
  readonly headingId = input('mandate-title');
}
