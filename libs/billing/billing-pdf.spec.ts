import { pdfText } from '@pf/testing';
import { invoicePdf, taxCertificatePdf, type InvoicePdfData } from './billing-pdf';
import type { BillingDocument } from './billing.projection';

const issuer = { communeName: 'Saint-Hilaire-du-Bois', issuerName: 'Régie enfance-jeunesse', address: ['1 place de la Mairie', '44000 Saint-Hilaire-du-Bois'], serviceEmail: 'enfance@saint-hilaire-du-bois.fr' };
const family = { name: 'DURAND', guardians: ['Mme Sophie Durand', 'M. Marc Durand'], addressee: 'Mme Sophie Durand', address: ['3 rue des Lilas', '44000 Saint-Hilaire-du-Bois'] };
const line = (childId: string, activityId: string, days: string[], unitPriceCents: number, quotient: number | null = 850, kind: 'booked' | 'late_booking' = 'booked') => ({
  childId,
  activityId,
  kind,
  quotient,
  unitPriceCents,
  days,
  quantity: days.length,
  amountCents: unitPriceCents * days.length,
});
const invoice = (lines: ReturnType<typeof line>[], extra: Partial<BillingDocument> = {}): BillingDocument =>
  ({
    _id: 'inv-1',
    type: 'invoice',
    number: 'FA-2026-000042',
    month: '2026-11',
    kind: 'monthly',
    issuedOn: '2026-12-01',
    dueOn: '2026-12-31',
    lines,
    totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
    creditedCents: 0,
    paidCents: 0,
    dueCents: lines.reduce((s, l) => s + l.amountCents, 0),
    status: 'due',
    invoiceId: null,
    comment: null,
    ...extra,
  }) as unknown as BillingDocument;
const data = (document: BillingDocument): InvoicePdfData => ({
  issuer,
  family,
  document,
  childNames: { minh: 'Minh', anh: 'Anh' },
  activityNames: { canteen: 'Restaurant scolaire', evening: 'Garderie du soir', late: 'Repas non prévu (majoration)' },
  howToPay: ['En ligne sur le Portail Famille, rubrique « Mes factures ».', 'Au guichet du service : espèces, chèque à l’ordre du Trésor public, CESU.', 'Référence à rappeler : FA-2026-000042.'],
});

describe('the invoice PDF a town hall sends', () => {
  it('names the commune and its service as issuer, the family once, and the billing guardian with the postal address', async () => {
    const text = pdfText(await invoicePdf(data(invoice([line('minh', 'canteen', ['2026-11-26', '2026-11-30'], 320)]))));
    expect(text).toContain('Commune de Saint-Hilaire-du-Bois Régie enfance-jeunesse 1 place de la Mairie 44000 Saint-Hilaire-du-Bois enfance@saint-hilaire-du-bois.fr');
    expect(text).toContain('Famille DURAND Mme Sophie Durand 3 rue des Lilas 44000 Saint-Hilaire-du-Bois');
    expect(text).not.toContain('Famille Famille');
    expect(text).not.toContain('M. Marc Durand');
  });

  it('gives the number, the dates, the period, one line per child and activity with its days as dd/mm/yyyy, and the total in euros', async () => {
    const text = pdfText(
      await invoicePdf(
        data(invoice([line('minh', 'canteen', ['2026-11-26', '2026-11-30'], 320), line('anh', 'evening', ['2026-11-05'], 250, null), line('minh', 'late', ['2026-11-02'], 420, 850, 'late_booking')])),
      ),
    );
    expect(text).toContain('Facture n° FA-2026-000042');
    expect(text).toContain('Date d’émission 01/12/2026');
    expect(text).toContain('Période facturée novembre 2026 (du 01/11/2026 au 30/11/2026)');
    expect(text).toContain('À régler avant le 31/12/2026');
    expect(text).toMatch(/Minh ?Restaurant scolaire ?jours réservés, QF 850 ?2 ?3,20 € ?6,40 € ?Dates : 26\/11\/2026, 30\/11\/2026/);
    expect(text).toMatch(/Anh ?Garderie du soir ?jours réservés, sans QF \(tranche la plus haute\) ?1 ?2,50 € ?2,50 € ?Dates : 05\/11\/2026/);
    expect(text).toMatch(/Minh ?Repas non prévu \(majoration\) ?réservation tardive \(majorée\), QF 850 ?1 ?4,20 € ?4,20 € ?Dates : 02\/11\/2026/);
    // Children in order, each child's activities in order.
    expect(text.indexOf('Anh')).toBeLessThan(text.indexOf('Minh'));
    expect(text).not.toMatch(/Jours : \d\d,/);
    expect(text).toMatch(/Total de la facture ?13,10 €/);
    expect(text).toMatch(/Comment payer .{1,2}En ligne sur le Portail Famille/);
    expect(text).toContain('Référence à rappeler : FA-2026-000042.');
  });

  it('shows what was already paid and what is left to pay', async () => {
    const text = pdfText(await invoicePdf(data(invoice([line('minh', 'canteen', ['2026-11-26'], 1000)], { paidCents: 400, dueCents: 600, status: 'partially_paid' } as Partial<BillingDocument>))));
    expect(text).toMatch(/Déjà réglé ?-4,00 €/);
    expect(text).toMatch(/Reste à payer ?6,00 €/);
  });

  it('says « la famille DURAND » once in the tax certificate', async () => {
    const text = pdfText(await taxCertificatePdf({ issuer, family, year: 2026, children: [{ name: 'Anh Durand', birthDate: '2023-01-17', amountCents: 4250 }], totalCents: 4250, issuedOn: '2027-01-10' }));
    expect(text).toContain('atteste que la famille DURAND a réglé en 2026');
    expect(text).toContain('Anh Durand, né(e) le 17/01/2023 : 42,50 €');
  });
});
