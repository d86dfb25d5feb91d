import { NotificationRejected } from './payment-provider';
import { PayfipProvider, payfipObjet } from './payfip.provider';

const provider = new PayfipProvider({ paymentUrl: 'https://www.payfip.gouv.fr/tpa/paiement.web', saisie: 'T', notificationUrl: 'https://famille.example.fr/api/payments/notifications/payfip' });
const attempt = { attemptId: 'a-1', reference: 'FA2026000042AB12CD', amountCents: 4250, year: 2026, clientNumber: '012345' };
const notification = (overrides: Record<string, string> = {}) => ({
  numcli: '012345',
  exer: '2026',
  refdet: 'FA2026000042AB12CD',
  objet: 'Facture FA 2026 000042 Saint Hilaire du Bois',
  montant: '4250',
  mel: 'claire.martin@example.fr',
  saisie: 'T',
  resultrans: 'P',
  numauto: '112233445566',
  dattrans: '04112026',
  heurtrans: '1032',
  ...overrides,
});

describe('the PayFiP adapter', () => {
  it('sends the parent to paiement.web with the client number, year, reference, label, amount in cents, e-mail, notification address and mode', () => {
    const url = new URL(
      provider.redirectUrl({ attemptId: 'a-1', reference: attempt.reference, amountCents: 4250, invoiceNumber: 'FA-2026-000042', communeName: 'Saint-Hilaire-du-Bois', year: 2026, payerEmail: 'claire.martin@example.fr', clientNumber: '012345' }),
    );
    expect(url.origin + url.pathname).toBe('https://www.payfip.gouv.fr/tpa/paiement.web');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      numcli: '012345',
      exer: '2026',
      refdet: 'FA2026000042AB12CD',
      objet: 'Facture FA 2026 000042 Saint Hilaire du Bois',
      montant: '4250',
      mel: 'claire.martin@example.fr',
      urlcl: 'https://famille.example.fr/api/payments/notifications/payfip',
      saisie: 'T',
    });
  });

  it('reads P as paid, with the authorisation number and the transaction day', () => {
    expect(provider.verify(notification(), attempt)).toEqual({ attemptId: 'a-1', outcome: 'paid', amountCents: 4250, providerCode: 'P', authorisation: '112233445566', transactionDay: '2026-11-04' });
  });

  it('reads R as refused and A as abandoned', () => {
    expect(provider.verify(notification({ resultrans: 'R', numauto: '' }), attempt)).toMatchObject({ outcome: 'refused', authorisation: null });
    expect(provider.verify(notification({ resultrans: 'A', numauto: '' }), attempt)).toMatchObject({ outcome: 'abandoned' });
  });

  it('rejects a notification for another client number, amount, year or mode', () => {
    for (const wrong of [{ numcli: '999999' }, { montant: '1' }, { exer: '2025' }, { saisie: 'W' }] as Array<Record<string, string>>) {
      expect(() => provider.verify(notification(wrong), attempt)).toThrow(NotificationRejected);
    }
  });

  it('rejects an unknown result and a payment without authorisation number', () => {
    expect(() => provider.verify(notification({ resultrans: 'Q' }), attempt)).toThrow(expect.objectContaining({ code: 'NOTIFICATION_UNKNOWN_RESULT' }));
    expect(() => provider.verify(notification({ numauto: '' }), attempt)).toThrow(expect.objectContaining({ code: 'NOTIFICATION_INCOMPLETE' }));
  });

  it('writes the label with letters, digits and spaces only', () => {
    expect(payfipObjet('Facture FA-2026-000042 — L’Hermitage (cantine)')).toBe('Facture FA 2026 000042 LHermitage cantine');
  });
});
