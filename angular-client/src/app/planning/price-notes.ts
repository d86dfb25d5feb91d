import { Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatCents } from '../shared/french-format';
import { PriceEstimate } from './planning.models';

/** « 3 jours × 3,20 € — Restaurant scolaire », « 1 jour × 4,20 € — réservation tardive « Repas non prévu », majoration comprise ». */
export function priceLineText(line: PriceEstimate['lines'][number]): string {
  const what = line.kind === 'late_booking' ? `réservation tardive${line.activityName ? ` « ${line.activityName} »` : ''}, majoration comprise` : (line.activityName ?? 'activité');
  return `${line.quantity} jour${line.quantity > 1 ? 's' : ''} × ${formatCents(line.unitPriceCents)} — ${what}`;
}

/** No QF on file for a day priced: the tariff then is the highest bracket's (or the rate's ceiling). */
export const withoutQuotient = (price: PriceEstimate): boolean => price.lines.some((l) => l.quotient === null);

/**
 * What a price says about the family quotient: priced at the family's QF, or, without one on
 * file, at the highest bracket, and how to give it (the attestation CAF, on the documents page).
 */
@Component({
  selector: 'pf-quotient-note',
  imports: [RouterLink],
  template: `
    @if (withoutQuotient(price())) {
      <div class="notice notice--warning quotient-note">
        <p>Aucun quotient familial n'est enregistré : le tarif de la tranche la plus haute s'applique.</p>
        <p>
          Pour un tarif selon vos revenus, envoyez votre attestation CAF (ou de quotient familial) depuis la page
          <a routerLink="/documents">Documents</a> : le service enregistre alors votre quotient familial.
        </p>
      </div>
    } @else {
      <p class="hint">Au tarif de votre quotient familial.</p>
    }
  `,
})
export class QuotientNoteComponent {
  readonly price = input.required<PriceEstimate>();
  readonly withoutQuotient = withoutQuotient;
}
