import { NotificationRejected, type KnownAttempt, type PaymentProvider, type PaymentRequest, type VerifiedNotification } from './payment-provider';

/**
 * PayFiP (DGFiP, formerly TIPI), « protocole simplifié » of PayFiP Régie: the browser is sent to
 * `paiement.web` with the commune's client number (numcli), the year (exer), a debt reference
 * unique per payment (refdet, 6–30 letters or digits), a label (objet), the amount in cents
 * (montant), the payer's e-mail (mel), the notification address (urlcl) and the mode (saisie:
 * T test, X activation, W production). PayFiP then calls urlcl with the same fields plus
 * resultrans (P paid by card, V paid by direct debit, R refused, Z direct debit refused,
 * A abandoned), numauto (authorisation), dattrans (DDMMYYYY) and heurtrans (HHMM).
 *
 * This protocol signs nothing: a notification is trusted only when every field matches the
 * attempt the portal started (client number, reference, year, amount, mode) and, when
 * PAYFIP_NOTIFY_IPS is set, when it comes from one of those addresses.
 */
export interface PayfipOptions {
  /** Default https://www.payfip.gouv.fr/tpa/paiement.web */
  paymentUrl: string;
  saisie: 'T' | 'X' | 'W';
  /** Absolute address PayFiP notifies (urlcl), resolved when a payment starts. */
  notificationUrl: string | (() => string);
}

export const PAYFIP_PAYMENT_URL = 'https://www.payfip.gouv.fr/tpa/paiement.web';

const PAID = new Set(['P', 'V']);
const REFUSED = new Set(['R', 'Z']);

/** PayFiP's objet: letters, digits and spaces only, at most 100 characters. */
export function payfipObjet(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['-]/g, ' ')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

export class PayfipProvider implements PaymentProvider {
  readonly name = 'payfip' as const;
  readonly label = 'Carte bancaire (PayFiP, Direction générale des Finances publiques)';
  readonly testMode: boolean;

  constructor(private readonly options: PayfipOptions) {
    this.testMode = options.saisie === 'T';
  }

  redirectUrl(request: PaymentRequest): string {
    if (!request.clientNumber || !/^\d{6}$/.test(request.clientNumber)) throw new Error('PayFiP needs the commune client number (numcli, 6 digits)');
    if (!/^[A-Za-z0-9]{6,30}$/.test(request.reference)) throw new Error(`PayFiP refdet must be 6 to 30 letters or digits: ${request.reference}`);
    const params = new URLSearchParams({
      numcli: request.clientNumber,
      exer: String(request.year),
      refdet: request.reference,
      objet: payfipObjet(`Facture ${request.invoiceNumber} ${request.communeName}`),
      montant: String(request.amountCents),
      ...(request.payerEmail ? { mel: request.payerEmail } : {}),
      urlcl: typeof this.options.notificationUrl === 'function' ? this.options.notificationUrl() : this.options.notificationUrl,
      saisie: this.options.saisie,
    });
    return `${this.options.paymentUrl}?${params.toString()}`;
  }

  referenceOf(params: Record<string, string>): string {
    const refdet = params.refdet ?? params.REFDET;
    if (!refdet) throw new NotificationRejected('NOTIFICATION_INCOMPLETE', 'Notification PayFiP sans référence (refdet).');
    return refdet;
  }

  verify(raw: Record<string, string>, attempt: KnownAttempt): VerifiedNotification {
    // PayFiP has sent the field names in lower case and, in older versions, in upper case.
    const p = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), String(v)]));
    for (const field of ['numcli', 'exer', 'refdet', 'montant', 'saisie', 'resultrans', 'dattrans']) {
      if (!p[field]) throw new NotificationRejected('NOTIFICATION_INCOMPLETE', `Notification PayFiP incomplète : ${field} manquant.`);
    }
    if (p.numcli !== attempt.clientNumber) throw new NotificationRejected('NOTIFICATION_MISMATCH', 'Notification PayFiP pour un autre numéro client.');
    if (p.refdet !== attempt.reference) throw new NotificationRejected('NOTIFICATION_MISMATCH', 'Notification PayFiP pour une autre référence.');
    if (p.exer !== String(attempt.year)) throw new NotificationRejected('NOTIFICATION_MISMATCH', 'Notification PayFiP pour un autre exercice.');
    if (p.montant !== String(attempt.amountCents)) throw new NotificationRejected('NOTIFICATION_MISMATCH', 'Notification PayFiP d’un autre montant.');
    if (p.saisie !== this.options.saisie) throw new NotificationRejected('NOTIFICATION_MISMATCH', 'Notification PayFiP d’un autre mode (saisie).');
    const code = p.resultrans.toUpperCase();
    const outcome = PAID.has(code) ? 'paid' : REFUSED.has(code) ? 'refused' : code === 'A' ? 'abandoned' : null;
    if (!outcome) throw new NotificationRejected('NOTIFICATION_UNKNOWN_RESULT', `Résultat PayFiP inconnu : ${code}.`);
    if (outcome === 'paid' && !p.numauto) throw new NotificationRejected('NOTIFICATION_INCOMPLETE', 'Paiement PayFiP sans numéro d’autorisation (numauto).');
    const day = /^(\d{2})(\d{2})(\d{4})$/.exec(p.dattrans);
    if (!day) throw new NotificationRejected('NOTIFICATION_INCOMPLETE', 'Date de transaction PayFiP illisible (dattrans JJMMAAAA).');
    return {
      attemptId: attempt.attemptId,
      outcome,
      amountCents: attempt.amountCents,
      providerCode: code,
      authorisation: p.numauto || null,
      transactionDay: `${day[3]}-${day[2]}-${day[1]}`,
    };
  }
}
