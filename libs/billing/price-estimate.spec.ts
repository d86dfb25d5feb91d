import { TariffBook } from './month-billing';
import { estimateBookings } from './price-estimate';
import type { Tariff } from './tariff';

const canteen: Tariff = {
  activityId: 'canteen',
  periodId: '2026-2027',
  from: '2026-09-01',
  to: '2027-07-03',
  pricing: {
    kind: 'brackets',
    brackets: [
      { fromQuotient: 0, unitPriceCents: 150 },
      { fromQuotient: 700, unitPriceCents: 380 },
    ],
  },
  unexpectedPresence: null,
};
const lateMeal: Tariff = { activityId: 'late-meal', periodId: '2026-2027', from: '2026-09-01', to: '2027-07-03', pricing: { kind: 'surcharge', surcharge: { kind: 'amount', cents: 100 } }, unexpectedPresence: null };
const book = new TariffBook([canteen, lateMeal]);

describe('what a booking about to be made will cost', () => {
  it('prices each day with the QF in force that day, in the lines the invoice will show', () => {
    const estimate = estimateBookings(
      'emma',
      [
        { activityId: 'canteen', day: '2026-12-03' },
        { activityId: 'canteen', day: '2026-12-04' },
        { activityId: 'canteen', day: '2027-01-07' },
      ],
      [
        { quotient: 650, validFrom: '2026-09-01', recordedAt: '2026-09-01T08:00:00Z', source: 'family_file' },
        { quotient: 900, validFrom: '2027-01-01', recordedAt: '2027-01-02T08:00:00Z', source: 'family_file' },
      ],
      book,
    );
    expect(estimate.lines.map((l) => [l.kind, l.unitPriceCents, l.quantity])).toEqual([
      ['booked', 150, 2],
      ['booked', 380, 1],
    ]);
    expect(estimate.totalCents).toBe(680);
    expect(estimate.missing).toEqual([]);
  });

  it('adds the surcharge of the late-booking activity to the days booked late only', () => {
    const estimate = estimateBookings(
      'emma',
      [
        { activityId: 'canteen', day: '2026-12-03', lateActivityId: 'late-meal' },
        { activityId: 'canteen', day: '2026-12-07' },
      ],
      [],
      book,
    );
    // No QF known: the highest bracket, as on the invoice.
    expect(estimate.lines.map((l) => [l.activityId, l.kind, l.unitPriceCents])).toEqual([
      ['canteen', 'booked', 380],
      ['late-meal', 'late_booking', 480],
    ]);
    expect(estimate.totalCents).toBe(860);
  });

  it('names the days it cannot price, instead of guessing', () => {
    const estimate = estimateBookings('emma', [{ activityId: 'garderie', day: '2026-12-03' }], [], book);
    expect(estimate.totalCents).toBe(0);
    expect(estimate.missing).toEqual([{ activityId: 'garderie', day: '2026-12-03' }]);
  });
});
