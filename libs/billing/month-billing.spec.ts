import { billingVerdict, type DayFacts } from './billing-rules';
import { divideHalfUp, euros, parsePercent } from './money';
import { billMonth, TariffBook } from './month-billing';
import { quotientOn, type QuotientEntry } from './quotient';
import { tariffProblems, unitPrice, type Pricing, type Tariff } from './tariff';

const CANTEEN = 'canteen';
const LATE = 'canteen-late';
const EVENING = 'evening-care';
const year = { periodId: 'annee-2026-2027', from: '2026-09-01', to: '2027-07-03' };

/** Restaurant scolaire: 3 QF brackets (0–500, 501–800, 801 and more). */
const canteenBrackets: Pricing = {
  kind: 'brackets',
  brackets: [
    { fromQuotient: 0, unitPriceCents: 120 },
    { fromQuotient: 501, unitPriceCents: 250 },
    { fromQuotient: 801, unitPriceCents: 390 },
  ],
};
const canteen: Tariff = { activityId: CANTEEN, ...year, pricing: canteenBrackets, unexpectedPresence: { kind: 'price', cents: 600 } };
const lateCanteen = (surcharge: Tariff['pricing']): Tariff => ({ activityId: LATE, ...year, pricing: surcharge, unexpectedPresence: null });
/** Garderie du soir: 0,45 % of the QF, between 1,00 € and 4,00 €. */
const evening: Tariff = { activityId: EVENING, ...year, pricing: { kind: 'effort_rate', ratePpm: 4500, floorCents: 100, ceilingCents: 400 }, unexpectedPresence: null };

const qf = (quotient: number, validFrom = '2026-01-01', recordedAt = `${validFrom}T08:00:00Z`): QuotientEntry => ({ quotient, validFrom, recordedAt, source: 'family_file' });
const day = (d: string, facts: Partial<DayFacts> = {}): DayFacts => ({
  childId: 'lea',
  activityId: CANTEEN,
  day: d,
  booking: 'accepted',
  lateActivityId: null,
  absence: null,
  attendance: null,
  lateCancellation: false,
  ...facts,
});

/** given the family's days and QF, when the month is billed, then these lines. */
const given = (days: DayFacts[], quotients: QuotientEntry[] = [qf(650)], tariffs: Tariff[] = [canteen]) => ({
  billed: () => billMonth(days, quotients, new TariffBook(tariffs)),
});

describe('the billing rules of one day', () => {
  it('bills a booked day where the child was pointed present', () => {
    expect(billingVerdict(day('2026-11-02', { attendance: 'present' }))).toEqual({ billed: true, basis: 'booked_present', late: false });
  });

  it('bills a booked day where the child was absent without justification', () => {
    expect(billingVerdict(day('2026-11-02', { absence: { justified: false } }))).toMatchObject({ billed: true, basis: 'booked_absent_unjustified' });
    expect(billingVerdict(day('2026-11-02', { attendance: 'absent' }))).toMatchObject({ billed: true, basis: 'booked_absent_unjustified' });
  });

  it('bills a day whose cancellation was asked past the deadline', () => {
    expect(billingVerdict(day('2026-11-02', { lateCancellation: true, attendance: 'absent' }))).toMatchObject({ billed: true, basis: 'late_cancellation' });
  });

  it('does not bill an illness with a medical certificate, even pointed absent', () => {
    expect(billingVerdict(day('2026-11-02', { absence: { justified: true }, attendance: 'absent' }))).toEqual({ billed: false, basis: 'absent_justified' });
  });

  it('bills a child who came without a booking as an unexpected presence', () => {
    expect(billingVerdict(day('2026-11-02', { booking: null, attendance: 'present' }))).toEqual({ billed: true, basis: 'unexpected_presence', late: false });
    expect(billingVerdict(day('2026-11-02', { booking: 'cancelled', attendance: 'present' }))).toMatchObject({ basis: 'unexpected_presence' });
  });

  it('does not bill a day cancelled in time, still waiting, or still pending', () => {
    expect(billingVerdict(day('2026-11-02', { booking: 'cancelled' }))).toEqual({ billed: false, basis: 'cancelled' });
    expect(billingVerdict(day('2026-11-02', { booking: 'waitlisted' }))).toEqual({ billed: false, basis: 'not_booked' });
    expect(billingVerdict(day('2026-11-02', { booking: 'pending' }))).toEqual({ billed: false, basis: 'not_booked' });
  });

  it('bills a booked day whose attendance was not taken', () => {
    expect(billingVerdict(day('2026-11-02'))).toEqual({ billed: true, basis: 'booked', late: false });
  });
});

describe('QF brackets, edges included', () => {
  const price = (q: number | null) => unitPrice(canteenBrackets as Exclude<Pricing, { kind: 'surcharge' }>, q);

  it('charges the first bracket from a QF of 0 up to 500 included', () => {
    expect([price(0), price(499), price(500)]).toEqual([120, 120, 120]);
  });

  it('charges the second bracket from 501 included up to 800 included', () => {
    expect([price(501), price(800)]).toEqual([250, 250]);
  });

  it('charges the last bracket from 801 with no upper edge', () => {
    expect([price(801), price(5000)]).toEqual([390, 390]);
  });

  it('charges the highest bracket to a family whose QF is unknown', () => {
    expect(price(null)).toBe(390);
  });

  it('refuses brackets that do not start at 0 or do not increase, field by field', () => {
    const problems = tariffProblems({ pricing: { kind: 'brackets', brackets: [{ fromQuotient: 100, unitPriceCents: 120 }, { fromQuotient: 100, unitPriceCents: 200 }] }, unexpectedPresence: null }, false);
    expect(problems.map((p) => p.code)).toEqual(['FIRST_BRACKET_NOT_ZERO', 'BRACKETS_NOT_INCREASING']);
  });
});

describe('effort rate and rounding to the cent', () => {
  const rate = evening.pricing as Exclude<Pricing, { kind: 'surcharge' }>;

  it('rounds a price of 3,654 € down to 3,65 € (QF 812 × 0,45 %)', () => {
    expect(unitPrice(rate, 812)).toBe(365);
  });

  it('rounds half a cent up: QF 701 × 0,45 % = 3,1545 € → 3,15 €, QF 770 × 0,45 % = 3,465 € → 3,47 €', () => {
    expect(unitPrice(rate, 701)).toBe(315);
    expect(unitPrice(rate, 770)).toBe(347);
  });

  it('never goes below the floor nor above the ceiling; an unknown QF pays the ceiling', () => {
    expect(unitPrice(rate, 100)).toBe(100);
    expect(unitPrice(rate, 2000)).toBe(400);
    expect(unitPrice(rate, null)).toBe(400);
  });

  it('computes with integers only: no floating point creeps into the totals', () => {
    expect(divideHalfUp(5, 10)).toBe(1);
    expect(divideHalfUp(4, 10)).toBe(0);
    expect(divideHalfUp(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    const tenDimes = given(Array.from({ length: 10 }, (_, i) => day(`2026-11-${String(i + 2).padStart(2, '0')}`)), [qf(650)], [{ ...canteen, pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 10 }] } }]).billed();
    expect(tenDimes.totalCents).toBe(100);
  });

  it('reads a percentage typed with a comma, to the stated precision only', () => {
    expect(parsePercent('0,45', 4)).toBe(4500);
    expect(parsePercent('12.5', 2)).toBe(1250);
    expect(parsePercent('0.123456', 4)).toBeNull();
    expect(euros(123456)).toBe('1\u202f234,56\u00a0€');
  });
});

describe('a family month turned into invoice lines', () => {
  it('groups the days per child and activity, with the day count and the unit price', () => {
    const bill = given([day('2026-11-02'), day('2026-11-03', { attendance: 'present' }), day('2026-11-05', { childId: 'hugo' })]).billed();
    expect(bill.lines).toEqual([
      { childId: 'hugo', activityId: CANTEEN, kind: 'booked', quotient: 650, unitPriceCents: 250, days: ['2026-11-05'], quantity: 1, amountCents: 250 },
      { childId: 'lea', activityId: CANTEEN, kind: 'booked', quotient: 650, unitPriceCents: 250, days: ['2026-11-02', '2026-11-03'], quantity: 2, amountCents: 500 },
    ]);
    expect(bill.totalCents).toBe(750);
  });

  it('leaves out the justified absence and the day cancelled in time', () => {
    const bill = given([day('2026-11-02'), day('2026-11-03', { absence: { justified: true } }), day('2026-11-05', { booking: 'cancelled' })]).billed();
    expect(bill.lines.map((l) => l.days)).toEqual([['2026-11-02']]);
  });

  it('bills a late booking at the canteen price plus a fixed surcharge of 1,00 €', () => {
    const bill = given([day('2026-11-02'), day('2026-11-03', { lateActivityId: LATE })], [qf(650)], [canteen, lateCanteen({ kind: 'surcharge', surcharge: { kind: 'amount', cents: 100 } })]).billed();
    expect(bill.lines.map((l) => [l.activityId, l.kind, l.unitPriceCents, l.quantity])).toEqual([
      [CANTEEN, 'booked', 250, 1],
      [LATE, 'late_booking', 350, 1],
    ]);
  });

  it('bills a late booking at the canteen price plus 15 %, rounded half up (2,50 € → 2,88 €)', () => {
    const bill = given([day('2026-11-03', { lateActivityId: LATE })], [qf(650)], [canteen, lateCanteen({ kind: 'surcharge', surcharge: { kind: 'percent', basisPoints: 1500 } })]).billed();
    expect(bill.lines[0]).toMatchObject({ kind: 'late_booking', unitPriceCents: 288 });
  });

  it('bills an unexpected presence at its own price', () => {
    const bill = given([day('2026-11-04', { booking: null, attendance: 'present' })]).billed();
    expect(bill.lines).toEqual([expect.objectContaining({ kind: 'unexpected_presence', unitPriceCents: 600, quantity: 1 })]);
  });

  it('uses the QF in force on each day: a QF change on the 16th splits the month into two prices', () => {
    const quotients = [qf(450, '2026-01-01'), qf(900, '2026-11-16', '2026-11-16T09:30:00Z')];
    const bill = given([day('2026-11-13'), day('2026-11-16'), day('2026-11-17'), day('2026-11-12')], quotients).billed();
    expect(bill.lines.map((l) => [l.quotient, l.unitPriceCents, l.days])).toEqual([
      [450, 120, ['2026-11-12', '2026-11-13']],
      [900, 390, ['2026-11-16', '2026-11-17']],
    ]);
    expect(bill.totalCents).toBe(2 * 120 + 2 * 390);
  });

  it('does not apply a QF backwards: recorded on the 16th, it leaves the 1st–15th at the old QF', () => {
    expect(quotientOn([qf(450, '2026-09-01'), qf(900, '2026-11-16')], '2026-11-15')).toBe(450);
    expect(quotientOn([qf(450, '2026-09-01'), qf(900, '2026-11-16')], '2026-11-16')).toBe(900);
    expect(quotientOn([], '2026-11-16')).toBeNull();
  });

  it('lets a regularisation recorded later override the QF recorded in between, from its first day', () => {
    const regularised: QuotientEntry = { quotient: 450, validFrom: '2026-09-01', recordedAt: '2026-11-20T09:00:00Z', source: 'regularisation' };
    const entries = [qf(900, '2026-06-01'), qf(650, '2026-10-16'), regularised];
    expect(quotientOn(entries, '2026-08-31')).toBe(900);
    expect(quotientOn(entries, '2026-10-20')).toBe(450);
    expect(quotientOn([...entries, qf(700, '2026-12-01', '2026-12-01T08:00:00Z')], '2026-12-02')).toBe(700);
  });

  it('keeps the later of two QF recorded for the same day', () => {
    expect(quotientOn([qf(900, '2026-11-16', '2026-11-16T10:00:00Z'), qf(450, '2026-11-16', '2026-11-16T09:00:00Z')], '2026-11-20')).toBe(900);
  });

  it('lists the days that have no tariff rather than billing them at a made-up price', () => {
    const bill = given([day('2026-11-02', { activityId: EVENING })]).billed();
    expect(bill).toMatchObject({ lines: [], totalCents: 0, missing: [{ activityId: EVENING, day: '2026-11-02' }] });
  });

  it('prices the evening care by effort rate with the family QF', () => {
    const bill = given([day('2026-11-02', { activityId: EVENING })], [qf(812)], [evening]).billed();
    expect(bill.lines[0]).toMatchObject({ unitPriceCents: 365, amountCents: 365 });
  });
});
