import type { BillingDocument, PaymentDocument } from './billing.projection';
import { eligibleForTaxCredit, taxCertificateAmounts, taxCertificateYears } from './tax-certificate';

const invoice = (lines: Array<[string, string, number]>): BillingDocument =>
  ({
    _id: 'inv-1',
    type: 'invoice',
    totalCents: lines.reduce((s, [, , c]) => s + c, 0),
    creditedCents: 0,
    lines: lines.map(([childId, activityId, amountCents]) => ({ childId, activityId, kind: 'booked', quotient: 600, unitPriceCents: amountCents, days: ['2026-03-02'], quantity: 1, amountCents })),
  }) as unknown as BillingDocument;
const payment = (amountCents: number, receivedOn = '2026-04-02'): PaymentDocument => ({ _id: `p-${amountCents}-${receivedOn}`, invoiceId: 'inv-1', amountCents, receivedOn }) as unknown as PaymentDocument;
const isMeal = (activityId: string) => activityId === 'canteen';

describe('the yearly tax certificate', () => {
  it('counts children under 6 on 1 January of the next year: for 2026, born on or after 2 January 2021', () => {
    expect(eligibleForTaxCredit('2021-01-02', 2026)).toBe(true);
    expect(eligibleForTaxCredit('2021-01-01', 2026)).toBe(false);
    expect(eligibleForTaxCredit('2019-06-15', 2026)).toBe(false);
  });

  it('counts what was paid in the year for care, leaving out meals and older children', () => {
    const docs = [invoice([['lea', 'evening-care', 3000], ['lea', 'canteen', 5000], ['hugo', 'evening-care', 2000]])];
    const children = [{ childId: 'lea', birthDate: '2022-05-10' }, { childId: 'hugo', birthDate: '2018-02-01' }];
    expect(taxCertificateAmounts(2026, children, docs, [payment(10000)], isMeal)).toEqual({ byChild: { lea: 3000 }, totalCents: 3000 });
  });

  it('shares a partial payment out in proportion, rounded down, and ignores payments of other years', () => {
    const docs = [invoice([['lea', 'evening-care', 1000], ['lea', 'canteen', 2000]])];
    const children = [{ childId: 'lea', birthDate: '2022-05-10' }];
    expect(taxCertificateAmounts(2026, children, docs, [payment(1000), payment(500, '2027-01-05')], isMeal)).toEqual({ byChild: { lea: 333 }, totalCents: 333 });
  });

  it('is offered only for a finished year in which care was paid for a child who counts, never empty', () => {
    const docs = [invoice([['lea', 'evening-care', 1000], ['lea', 'canteen', 2000], ['hugo', 'evening-care', 500]])];
    const young = { childId: 'lea', birthDate: '2022-05-10' };
    const older = { childId: 'hugo', birthDate: '2018-02-01' };
    const payments = [payment(3500, '2025-12-20'), payment(100, '2026-02-01'), payment(100, '2027-01-05')];
    expect(taxCertificateYears(2027, [young, older], docs, payments, isMeal)).toEqual([
      { year: 2026, totalCents: 28 },
      { year: 2025, totalCents: 1000 },
    ]);
    // The current year is not finished; a family opened this year has nothing to certify.
    expect(taxCertificateYears(2026, [young, older], docs, [payment(3500, '2026-03-01')], isMeal)).toEqual([]);
    // Meals only, or an older child only: nothing to certify.
    expect(taxCertificateYears(2027, [young], [invoice([['lea', 'canteen', 2000]])], [payment(2000, '2026-03-01')], isMeal)).toEqual([]);
    expect(taxCertificateYears(2027, [older], [invoice([['hugo', 'evening-care', 2000]])], [payment(2000, '2026-03-01')], isMeal)).toEqual([]);
  });
});
