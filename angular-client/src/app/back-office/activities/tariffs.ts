import { AbstractControl, FormArray, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import { formatCents } from '../../shared/french-format';

/** A tariff as GET /api/billing/tariffs gives it (the domain's integers). */
export interface Tariff {
  activityId: string;
  periodId: string;
  from: string;
  to: string;
  pricing:
    | { kind: 'brackets'; brackets: { fromQuotient: number; unitPriceCents: number }[] }
    | { kind: 'effort_rate'; ratePpm: number; floorCents: number; ceilingCents: number }
    | { kind: 'surcharge'; surcharge: { kind: 'amount'; cents: number } | { kind: 'percent'; basisPoints: number } };
  unexpectedPresence: { kind: 'price'; cents: number } | { kind: 'surcharge'; surcharge: { kind: 'amount'; cents: number } | { kind: 'percent'; basisPoints: number } } | null;
}

/** Euros typed with a comma or a dot, at most two decimals, up to 1 000 € (as the server allows). */
export const EUROS = /^\d{1,4}([.,]\d{1,2})?$/;
const PERCENT = /^\d{1,3}([.,]\d{1,4})?$/;
const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);
const euros = (c: number) => (c / 100).toFixed(2).replace('.', ',');
const percentOf = (scaled: number, decimals: number) => {
  const whole = Math.floor(scaled / 10 ** decimals);
  const fraction = String(scaled % 10 ** decimals).padStart(decimals, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `,${fraction}` : ''}`;
};

/** In words, for the activity list: « QF 0 à 500 : 1,20 € ; 501 et plus : 2,50 € ». */
export function tariffText(t: Tariff | undefined): string {
  if (!t) return 'aucun tarif';
  const p = t.pricing;
  if (p.kind === 'brackets') {
    return p.brackets
      .map((b, i) => {
        const next = p.brackets[i + 1];
        const range = next ? `QF ${b.fromQuotient} à ${next.fromQuotient - 1}` : `QF ${b.fromQuotient} et plus`;
        return `${range} : ${formatCents(b.unitPriceCents)}`;
      })
      .join(' ; ');
  }
  if (p.kind === 'effort_rate') return `taux d'effort ${percentOf(p.ratePpm, 4)} % du QF, entre ${formatCents(p.floorCents)} et ${formatCents(p.ceilingCents)}`;
  return p.surcharge.kind === 'amount' ? `prix du jour + ${formatCents(p.surcharge.cents)}` : `prix du jour + ${percentOf(p.surcharge.basisPoints, 2)} %`;
}

const increasingBrackets = (array: AbstractControl): ValidationErrors | null => {
  const rows = (array as FormArray).controls;
  rows.forEach((row, i) => {
    const from = row.get('fromQuotient')!;
    const errors = { ...(from.errors ?? {}) };
    delete errors['first'];
    delete errors['order'];
    const value = Number(from.value);
    if (i === 0 && from.value !== '' && value !== 0) errors['first'] = { message: 'La première tranche commence à un quotient de 0.' };
    if (i > 0 && from.value !== '' && value <= Number(rows[i - 1]!.get('fromQuotient')!.value)) errors['order'] = { message: 'Les tranches se suivent par quotient croissant.' };
    from.setErrors(Object.keys(errors).length ? errors : null);
  });
  return rows.length ? null : { required: true };
};

export function tariffForm(fb: NonNullableFormBuilder, t: Tariff | undefined, lateBooking: boolean) {
  const p = t?.pricing;
  const bracket = (from = '', price = '') =>
    fb.group({ fromQuotient: [from, [Validators.required, Validators.pattern(/^\d+$/)]], price: [price, [Validators.required, Validators.pattern(EUROS)]] });
  const u = t?.unexpectedPresence;
  return fb.group({
    kind: [(p?.kind ?? (lateBooking ? 'surcharge' : 'brackets')) as 'brackets' | 'effort_rate' | 'surcharge'],
    brackets: fb.array(p?.kind === 'brackets' ? p.brackets.map((b) => bracket(String(b.fromQuotient), euros(b.unitPriceCents))) : [bracket('0')], { validators: increasingBrackets }),
    ratePercent: [p?.kind === 'effort_rate' ? percentOf(p.ratePpm, 4) : '', Validators.pattern(PERCENT)],
    floor: [p?.kind === 'effort_rate' ? euros(p.floorCents) : '', Validators.pattern(EUROS)],
    ceiling: [p?.kind === 'effort_rate' ? euros(p.ceilingCents) : '', Validators.pattern(EUROS)],
    surchargeKind: [(p?.kind === 'surcharge' ? p.surcharge.kind : 'percent') as 'amount' | 'percent'],
    surchargeValue: [p?.kind === 'surcharge' ? (p.surcharge.kind === 'amount' ? euros(p.surcharge.cents) : percentOf(p.surcharge.basisPoints, 2)) : '', Validators.pattern(/^\d{1,4}([.,]\d{1,2})?$/)],
    unexpected: [(u?.kind ?? 'usual') as 'usual' | 'price'],
    unexpectedPrice: [u?.kind === 'price' ? euros(u.cents) : '', Validators.pattern(EUROS)],
  });
}
export type TariffForm = ReturnType<typeof tariffForm>;

export function newBracket(fb: NonNullableFormBuilder) {
  return fb.group({ fromQuotient: ['', [Validators.required, Validators.pattern(/^\d+$/)]], price: ['', [Validators.required, Validators.pattern(EUROS)]] });
}

/** The body of POST /api/billing/tariffs (percentages as text « 0,45 », amounts in cents). */
export function tariffBody(form: TariffForm, activityId: string, periodId: string, requestId: string) {
  const v = form.getRawValue();
  const pricing =
    v.kind === 'brackets'
      ? { kind: 'brackets', brackets: v.brackets.map((b) => ({ fromQuotient: Number(b.fromQuotient), unitPriceCents: cents(b.price) })) }
      : v.kind === 'effort_rate'
        ? { kind: 'effort_rate', ratePercent: v.ratePercent, floorCents: cents(v.floor), ceilingCents: cents(v.ceiling) }
        : { kind: 'surcharge', surcharge: v.surchargeKind === 'amount' ? { kind: 'amount', cents: cents(v.surchargeValue) } : { kind: 'percent', percent: v.surchargeValue } };
  return {
    requestId,
    activityId,
    periodId,
    pricing,
    unexpectedPresence: v.unexpected === 'price' && v.kind !== 'surcharge' ? { kind: 'price', cents: cents(v.unexpectedPrice) } : null,
  };
}

/** Fields the chosen mode needs, checked before sending (the server checks them again). */
export function missingForMode(form: TariffForm): string[] {
  const v = form.getRawValue();
  const missing: string[] = [];
  if (v.kind === 'effort_rate') {
    if (!v.ratePercent) missing.push('ratePercent');
    if (!v.floor) missing.push('floor');
    if (!v.ceiling) missing.push('ceiling');
  }
  if (v.kind === 'surcharge' && !v.surchargeValue) missing.push('surchargeValue');
  if (v.unexpected === 'price' && v.kind !== 'surcharge' && !v.unexpectedPrice) missing.push('unexpectedPrice');
  return missing;
}
