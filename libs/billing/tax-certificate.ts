import type { BillingDocument, PaymentDocument } from './billing.projection';

/**
 * Children who count for the childcare tax credit of year N: under 6 on 1 January of N+1, i.e.
 * born after 1 January N-5 (for 2026: born on or after 2 January 2021).
 */
export const eligibleForTaxCredit = (birthDate: string, year: number) => Boolean(birthDate) && birthDate > `${year - 5}-01-01`;

export interface CertificateChild {
  childId: string;
  birthDate: string;
}

/**
 * What each eligible child's care cost the family in the year: payments received in the year,
 * each shared out over the invoice's lines in proportion (rounded down to the cent), counting only
 * lines of eligible children for activities other than meals; credit notes reduce the lines they
 * take back.
 */
export function taxCertificateAmounts(
  year: number,
  children: CertificateChild[],
  documents: BillingDocument[],
  payments: PaymentDocument[],
  isMeal: (activityId: string) => boolean,
): { byChild: Record<string, number>; totalCents: number } {
  const eligible = new Set(children.filter((c) => eligibleForTaxCredit(c.birthDate, year)).map((c) => c.childId));
  const byId = new Map(documents.map((d) => [d._id, d]));
  const credits = documents.filter((d) => d.type === 'credit_note');
  const byChild: Record<string, number> = {};
  for (const payment of payments) {
    if (!payment.receivedOn.startsWith(`${year}-`)) continue;
    const invoice = byId.get(payment.invoiceId);
    if (!invoice) continue;
    const net = invoice.totalCents - invoice.creditedCents;
    if (net <= 0) continue;
    const perChild = new Map<string, number>();
    const count = (lines: BillingDocument['lines'], sign: 1 | -1) => {
      for (const l of lines) if (eligible.has(l.childId) && !isMeal(l.activityId)) perChild.set(l.childId, (perChild.get(l.childId) ?? 0) + sign * l.amountCents);
    };
    count(invoice.lines, 1);
    for (const c of credits.filter((c) => c.invoiceId === invoice._id)) count(c.lines, -1);
    for (const [childId, cents] of perChild) {
      if (cents <= 0) continue;
      byChild[childId] = (byChild[childId] ?? 0) + Number((BigInt(payment.amountCents) * BigInt(cents)) / BigInt(net));
    }
  }
  return { byChild, totalCents: Object.values(byChild).reduce((s, c) => s + c, 0) };
}

/**
 * The certificates a family is offered: each finished year (before `currentYear`) in which it paid
 * for the care (meals left out) of a child who counts for the tax credit, with what it paid. A
 * year without such a payment has no certificate: an empty one helps nobody's tax return.
 */
export function taxCertificateYears(
  currentYear: number,
  children: CertificateChild[],
  documents: BillingDocument[],
  payments: PaymentDocument[],
  isMeal: (activityId: string) => boolean,
): Array<{ year: number; totalCents: number }> {
  const years = [...new Set(payments.map((p) => Number(p.receivedOn.slice(0, 4))))].filter((y) => Number.isInteger(y) && y < currentYear).sort((a, b) => b - a);
  return years
    .map((year) => ({ year, totalCents: taxCertificateAmounts(year, children, documents, payments, isMeal).totalCents }))
    .filter((c) => c.totalCents > 0);
}
