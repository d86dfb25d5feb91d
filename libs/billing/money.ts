/**
 * Amounts are integer cents, never floating point. One rounding rule everywhere: a unit price
 * worked out from a rate is rounded half up to the cent (0,5 centime → 1 centime), once; line
 * totals are unit price × quantity, exact; invoice totals are sums of lines, exact.
 */

/** numerator / denominator rounded half up, for non-negative integers (exact with BigInt). */
export function divideHalfUp(numerator: number | bigint, denominator: number | bigint): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d <= 0n || n < 0n) throw new RangeError('divideHalfUp expects a non-negative numerator and a positive denominator');
  return Number((n * 2n + d) / (2n * d));
}

export function assertCents(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of cents, got ${value}`);
  return value;
}

/** « 1 234,50 € » as French texts write it (narrow no-break space as thousands separator). */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${sign}${units},${String(abs % 100).padStart(2, '0')}\u00a0€`;
}

/** « 12.5 » or « 12,5 » (a percentage with at most `decimals` decimals) → integer in units of 10^-decimals %; null for anything else sent. */
export function parsePercent(value: unknown, decimals: number): number | null {
  const text = String(value).trim().replace(',', '.');
  const match = /^(\d{1,3})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return null;
  return Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
}

/** Inverse of parsePercent, for display: 4500 with 4 decimals → « 0,45 % ». */
export function percentText(scaled: number, decimals: number): string {
  const whole = Math.floor(scaled / 10 ** decimals);
  const fraction = String(scaled % 10 ** decimals).padStart(decimals, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `,${fraction}` : ''}\u00a0%`;
}
