import { billMonth, type MonthBill, type TariffBook } from './month-billing';
import type { QuotientEntry } from './quotient';

/** A day the family is about to book (a preview's accepted, waiting-listed or pending day). */
export interface DayToPrice {
  activityId: string;
  day: string;
  /** Booked past the deadline through this late-booking activity: its surcharge applies. */
  lateActivityId?: string | null;
}

/**
 * What these days will cost once booked, priced exactly as the monthly run will invoice them (the
 * tariff of each day's period, the QF in force that day, the late-booking surcharge), grouped in
 * the same lines. An estimate: a QF or tariff change before the run changes the invoice.
 */
export function estimateBookings(childId: string, days: readonly DayToPrice[], quotients: readonly QuotientEntry[], book: TariffBook): MonthBill {
  return billMonth(
    days.map((d) => ({
      childId,
      activityId: d.activityId,
      day: d.day,
      booking: 'accepted' as const,
      lateActivityId: d.lateActivityId ?? null,
      absence: null,
      attendance: null,
      lateCancellation: false,
    })),
    quotients,
    book,
  );
}
