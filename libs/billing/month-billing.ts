import { billingVerdict, type BilledBasis, type DayFacts } from './billing-rules';
import { quotientOn, type QuotientEntry } from './quotient';
import { applySurcharge, unitPrice, type Tariff } from './tariff';

export type LineKind = 'booked' | 'late_booking' | 'unexpected_presence';

/** One invoice line: a child, an activity, a kind of day, one unit price, the days billed at it. */
export interface InvoiceLine {
  childId: string;
  /** The activity billed: the late-booking activity for late days. */
  activityId: string;
  kind: LineKind;
  /** The QF the price was worked out from (null: unknown, highest price). */
  quotient: number | null;
  unitPriceCents: number;
  /** Days billed, sorted; quantity = days.length. */
  days: string[];
  quantity: number;
  amountCents: number;
}

export interface MissingTariff {
  activityId: string;
  day: string;
}

export interface MonthBill {
  lines: InvoiceLine[];
  totalCents: number;
  /** Days that could not be priced: the run refuses to bill the month until they have a tariff. */
  missing: MissingTariff[];
}

/** Tariffs of one commune, looked up by activity and day. */
export class TariffBook {
  private readonly byActivity = new Map<string, Tariff[]>();

  constructor(tariffs: readonly Tariff[]) {
    for (const t of tariffs) this.byActivity.set(t.activityId, [...(this.byActivity.get(t.activityId) ?? []), t]);
  }

  /** The tariff in force on `day` (the period that contains it). */
  on(activityId: string, day: string): Tariff | null {
    const candidates = this.byActivity.get(activityId) ?? [];
    for (let i = candidates.length - 1; i >= 0; i--) if (candidates[i].from <= day && day <= candidates[i].to) return candidates[i];
    return null;
  }
}

type Priced = { ok: true; activityId: string; kind: LineKind; cents: number } | { ok: false; missing: MissingTariff };

function basePrice(book: TariffBook, activityId: string, day: string, quotient: number | null): { cents: number; tariff: Tariff } | MissingTariff {
  const tariff = book.on(activityId, day);
  if (!tariff || tariff.pricing.kind === 'surcharge') return { activityId, day };
  return { cents: unitPrice(tariff.pricing, quotient), tariff };
}

function price(book: TariffBook, facts: DayFacts, basis: BilledBasis, late: boolean, quotient: number | null): Priced {
  const base = basePrice(book, facts.activityId, facts.day, quotient);
  if (!('cents' in base)) return { ok: false, missing: base };
  if (basis === 'unexpected_presence') {
    const u = base.tariff.unexpectedPresence;
    const cents = !u ? base.cents : u.kind === 'price' ? u.cents : applySurcharge(base.cents, u.surcharge);
    return { ok: true, activityId: facts.activityId, kind: 'unexpected_presence', cents };
  }
  if (late && facts.lateActivityId) {
    const lateTariff = book.on(facts.lateActivityId, facts.day);
    if (!lateTariff) return { ok: false, missing: { activityId: facts.lateActivityId, day: facts.day } };
    const cents = lateTariff.pricing.kind === 'surcharge' ? applySurcharge(base.cents, lateTariff.pricing.surcharge) : unitPrice(lateTariff.pricing, quotient);
    return { ok: true, activityId: facts.lateActivityId, kind: 'late_booking', cents };
  }
  return { ok: true, activityId: facts.activityId, kind: 'booked', cents: base.cents };
}

const KIND_ORDER: Record<LineKind, number> = { booked: 0, late_booking: 1, unexpected_presence: 2 };

/**
 * One family's month: each day judged by the billing rules, priced with the tariff of its period
 * and the QF in force that day, then grouped into lines (child × activity × kind × unit price).
 * A QF change within the month gives two lines at two prices.
 */
export function billMonth(days: readonly DayFacts[], quotients: readonly QuotientEntry[], book: TariffBook): MonthBill {
  const groups = new Map<string, InvoiceLine>();
  const missing: MissingTariff[] = [];
  for (const facts of days) {
    const verdict = billingVerdict(facts);
    if (!verdict.billed) continue;
    const quotient = quotientOn(quotients, facts.day);
    const priced = price(book, facts, verdict.basis, verdict.late, quotient);
    if (!priced.ok) {
      missing.push(priced.missing);
      continue;
    }
    const key = [facts.childId, priced.activityId, priced.kind, priced.cents, quotient ?? '-'].join('|');
    const line = groups.get(key) ?? { childId: facts.childId, activityId: priced.activityId, kind: priced.kind, quotient, unitPriceCents: priced.cents, days: [], quantity: 0, amountCents: 0 };
    line.days.push(facts.day);
    groups.set(key, line);
  }
  const lines = [...groups.values()].map((l) => {
    const sorted = [...new Set(l.days)].sort();
    return { ...l, days: sorted, quantity: sorted.length, amountCents: sorted.length * l.unitPriceCents };
  });
  lines.sort((a, b) => a.childId.localeCompare(b.childId) || a.activityId.localeCompare(b.activityId) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.days[0].localeCompare(b.days[0]));
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0), missing };
}

/** Each billed day and its price, to compare what was invoiced with what is due now (corrections). */
export function dayPrices(lines: readonly Pick<InvoiceLine, 'childId' | 'activityId' | 'kind' | 'quotient' | 'unitPriceCents' | 'days'>[]): Map<string, { line: Omit<InvoiceLine, 'days' | 'quantity' | 'amountCents'>; day: string }> {
  const map = new Map<string, { line: Omit<InvoiceLine, 'days' | 'quantity' | 'amountCents'>; day: string }>();
  for (const l of lines) {
    for (const day of l.days) map.set(`${l.childId}|${l.activityId}|${l.kind}|${day}`, { line: { childId: l.childId, activityId: l.activityId, kind: l.kind, quotient: l.quotient, unitPriceCents: l.unitPriceCents }, day });
  }
  return map;
}
