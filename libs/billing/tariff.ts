import type { FieldProblem } from '@pf/domain';
import { divideHalfUp } from './money';

/**
 * A surcharge on a unit price: a fixed amount, or a percentage in basis points (1 000 = 10 %).
 * Percentages are rounded half up to the cent.
 */
export type Surcharge = { kind: 'amount'; cents: number } | { kind: 'percent'; basisPoints: number };

/** One QF bracket (tranche): from `fromQuotient` included up to the next bracket's `fromQuotient` excluded. */
export interface QuotientBracket {
  fromQuotient: number;
  unitPriceCents: number;
}

/**
 * How the unit price of a day is worked out:
 * - `brackets`: by QF bracket; the first bracket starts at 0 and the last one has no upper edge;
 *   a family with no known QF pays the last (highest) bracket;
 * - `effort_rate`: the QF (euros) × the rate, between a floor and a ceiling; no known QF → the ceiling;
 *   the rate is in parts per million (0,45 % = 4 500 ppm);
 * - `surcharge`: a late-booking activity (« repas non prévu »): the booked activity's own price
 *   for the day plus this surcharge.
 */
export type Pricing =
  | { kind: 'brackets'; brackets: QuotientBracket[] }
  | { kind: 'effort_rate'; ratePpm: number; floorCents: number; ceilingCents: number }
  | { kind: 'surcharge'; surcharge: Surcharge };

/** What a child pointed present without a booking pays: the usual price, a fixed price, or the usual price plus a surcharge. */
export type UnexpectedPresencePrice = { kind: 'price'; cents: number } | { kind: 'surcharge'; surcharge: Surcharge } | null;

/** The tariff of one activity over one of its periods. */
export interface Tariff {
  activityId: string;
  periodId: string;
  /** The period's first and last days, inclusive. */
  from: string;
  to: string;
  pricing: Pricing;
  unexpectedPresence: UnexpectedPresencePrice;
}

const MAX_CENTS = 100_000; // 1 000 € a day: anything above is a typing mistake

export function applySurcharge(baseCents: number, surcharge: Surcharge): number {
  return surcharge.kind === 'amount' ? baseCents + surcharge.cents : baseCents + divideHalfUp(baseCents * surcharge.basisPoints, 10_000);
}

/** The unit price for a family with this QF (null: unknown). Not for `surcharge` pricing, which needs the base price. */
export function unitPrice(pricing: Exclude<Pricing, { kind: 'surcharge' }>, quotient: number | null): number {
  if (pricing.kind === 'brackets') {
    if (quotient === null) return pricing.brackets[pricing.brackets.length - 1].unitPriceCents;
    let price = pricing.brackets[0].unitPriceCents;
    for (const bracket of pricing.brackets) if (quotient >= bracket.fromQuotient) price = bracket.unitPriceCents;
    return price;
  }
  if (quotient === null) return pricing.ceilingCents;
  // QF in euros × ppm / 10^6 euros = QF × ppm / 10^4 cents, rounded half up.
  const raw = divideHalfUp(quotient * pricing.ratePpm, 10_000);
  return Math.min(pricing.ceilingCents, Math.max(pricing.floorCents, raw));
}

const problem = (field: string, code: string, message: string): FieldProblem => ({ field, code, message });
const isCents = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_CENTS;

function surchargeProblems(s: Surcharge, field: string): FieldProblem[] {
  if (s.kind === 'amount') return isCents(s.cents) && s.cents > 0 ? [] : [problem(`${field}.cents`, 'SURCHARGE_INVALID', 'La majoration est un montant positif en centimes (au plus 1 000 €).')];
  return Number.isSafeInteger(s.basisPoints) && s.basisPoints > 0 && s.basisPoints <= 100_000
    ? []
    : [problem(`${field}.percent`, 'SURCHARGE_INVALID', 'La majoration en pourcentage est comprise entre 0,01 % et 1 000 %.')];
}

/** Every problem of a tariff, field by field (empty: valid). */
export function tariffProblems(t: Pick<Tariff, 'pricing' | 'unexpectedPresence'>, isLateBookingActivity: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const p = t.pricing;
  if (p.kind === 'surcharge') {
    if (!isLateBookingActivity) problems.push(problem('pricing.kind', 'SURCHARGE_ONLY_FOR_LATE_BOOKING', 'Seule une activité de réservation tardive se facture en majoration du prix de l’activité réservée.'));
    problems.push(...surchargeProblems(p.surcharge, 'pricing.surcharge'));
  } else if (p.kind === 'brackets') {
    if (p.brackets.length === 0) problems.push(problem('pricing.brackets', 'BRACKETS_EMPTY', 'Indiquez au moins une tranche.'));
    p.brackets.forEach((b, i) => {
      if (!Number.isSafeInteger(b.fromQuotient) || b.fromQuotient < 0) problems.push(problem(`pricing.brackets[${i}].fromQuotient`, 'BRACKET_EDGE_INVALID', 'Le début de tranche est un quotient entier positif.'));
      if (!isCents(b.unitPriceCents)) problems.push(problem(`pricing.brackets[${i}].unitPriceCents`, 'PRICE_INVALID', 'Le prix est un montant en centimes, de 0 à 1 000 €.'));
      if (i === 0 && b.fromQuotient !== 0) problems.push(problem('pricing.brackets[0].fromQuotient', 'FIRST_BRACKET_NOT_ZERO', 'La première tranche commence à un quotient de 0.'));
      if (i > 0 && b.fromQuotient <= p.brackets[i - 1].fromQuotient) problems.push(problem(`pricing.brackets[${i}].fromQuotient`, 'BRACKETS_NOT_INCREASING', 'Les tranches se suivent par quotient croissant.'));
    });
  } else {
    if (!Number.isSafeInteger(p.ratePpm) || p.ratePpm <= 0 || p.ratePpm > 100_000) problems.push(problem('pricing.ratePercent', 'RATE_INVALID', 'Le taux d’effort est compris entre 0,0001 % et 10 %.'));
    if (!isCents(p.floorCents)) problems.push(problem('pricing.floorCents', 'PRICE_INVALID', 'Le prix plancher est un montant en centimes, de 0 à 1 000 €.'));
    if (!isCents(p.ceilingCents)) problems.push(problem('pricing.ceilingCents', 'PRICE_INVALID', 'Le prix plafond est un montant en centimes, de 0 à 1 000 €.'));
    if (isCents(p.floorCents) && isCents(p.ceilingCents) && p.floorCents > p.ceilingCents) problems.push(problem('pricing.ceilingCents', 'CEILING_BELOW_FLOOR', 'Le plafond ne peut pas être inférieur au plancher.'));
  }
  const u = t.unexpectedPresence;
  if (u?.kind === 'price' && !isCents(u.cents)) problems.push(problem('unexpectedPresence.cents', 'PRICE_INVALID', 'Le prix d’une présence non réservée est un montant en centimes, de 0 à 1 000 €.'));
  if (u?.kind === 'surcharge') problems.push(...surchargeProblems(u.surcharge, 'unexpectedPresence.surcharge'));
  return problems;
}
