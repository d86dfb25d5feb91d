import { DateTime } from 'luxon';
import { projection, type ProjectionHandler } from '@pf/projections';
import type { CommuneUnitOfWork, Document, UnitOfWork } from '@pf/read-store';
import type { BillingSettings, Month } from './billing.events';
import type { DayFacts } from './billing-rules';
import { withEntry, type QuotientEntry } from './quotient';
import type { Tariff } from './tariff';
import { asDayEvents, type ReservationEvent } from '@pf/reservations';

/**
 * What billing needs to know, kept from other capabilities' events in billing's own collections
 * (so this read model rebuilds alone): each family's days of a month, its QF timeline, the
 * tariffs and the commune's billing settings.
 */
export const BILLING_DAYS = 'billing_days';
export const BILLING_QUOTIENTS = 'billing_quotients';
export const BILLING_TARIFFS = 'billing_tariffs';
export const BILLING_SETTINGS = 'billing_settings';

export interface BillingDayFacts extends DayFacts {
  /** The booking request the day belongs to (a later request never hides an earlier one). */
  requestId: string | null;
}

/** One family's month: every day of every child and activity that has a story. */
export interface FamilyMonthDocument extends Document {
  communeId: string;
  familyId: string;
  month: Month;
  days: Record<string, BillingDayFacts>;
}

export interface QuotientDocument extends Document {
  communeId: string;
  familyId: string;
  entries: QuotientEntry[];
}

export interface TariffDocument extends Document, Tariff {
  communeId: string;
  setAt: string;
}

export interface SettingsDocument extends Document, BillingSettings {
  communeId: string;
}

/** The one settings document of a commune. */
export const BILLING_SETTINGS_ID = 'settings';

export const familyMonthId = (familyId: string, month: Month) => `${familyId}|${month}`;
const dayKey = (d: { childId: string; activityId: string; day: string }) => `${d.childId}|${d.activityId}|${d.day}`;
export const tariffId = (activityId: string, periodId: string) => `${activityId}|${periodId}`;

/** The calendar day of an instant in Paris. */
export const parisDay = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).setZone('Europe/Paris').toISODate()!;

interface DayEvent {
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
}

/**
 * The family months a unit of work changed, kept mutable until the batch ends (see flush): a
 * month is changed by every booking event of the family, and copying its days for each one cost
 * more than the rest of this projection. Kept per unit and commune (the view of the unit a
 * handler gets for its event's commune), so a unit rolled back forgets them too and two communes'
 * families with the same id never share a month.
 */
const changedMonths = new WeakMap<CommuneUnitOfWork, Map<string, FamilyMonthDocument>>();
/** The communes whose months a unit may hold: the flush asks the unit for each one's view. A handful per deployment. */
const communesWithMonths = new Set<string>();

async function updateDay(uow: CommuneUnitOfWork, key: DayEvent, change: (current: BillingDayFacts | null) => BillingDayFacts | null) {
  let changed = changedMonths.get(uow);
  if (!changed) {
    changedMonths.set(uow, (changed = new Map()));
    communesWithMonths.add(uow.communeId);
  }
  const month = key.day.slice(0, 7);
  const id = familyMonthId(key.familyId, month);
  let doc = changed.get(id);
  const stored = doc ? undefined : await uow.collection<FamilyMonthDocument>(BILLING_DAYS).get(id);
  const current = (doc ?? stored)?.days[dayKey(key)] ?? null;
  const next = change(current);
  if (next === current || next === null) return;
  if (!doc) {
    doc = stored ? { ...stored, days: { ...stored.days } } : { _id: id, communeId: uow.communeId, familyId: key.familyId, month, days: {} };
    changed.set(id, doc);
  }
  doc.days[dayKey(key)] = next;
}

/** Writes the months the batch changed, each once, in its commune (the unit gives back the very view its handlers wrote through). */
async function flushMonths(uow: UnitOfWork): Promise<void> {
  for (const communeId of communesWithMonths) {
    const commune = uow.inCommune(communeId);
    const changed = changedMonths.get(commune);
    if (!changed) continue;
    changedMonths.delete(commune);
    const months = commune.collection<FamilyMonthDocument>(BILLING_DAYS);
    for (const doc of changed.values()) await months.upsert(doc);
  }
}

const fresh = (k: DayEvent): BillingDayFacts => ({
  childId: k.childId,
  activityId: k.activityId,
  day: k.day,
  booking: null,
  lateActivityId: null,
  absence: null,
  attendance: null,
  lateCancellation: false,
  requestId: null,
});

type Booking = DayEvent & { requestId: string; lateActivityId?: string };
/** The data of one of the reservations' day events. */
type Day<T extends ReservationEvent['type']> = Extract<ReservationEvent, { type: T }>['data'];

const book = (status: NonNullable<DayFacts['booking']>) => (current: BillingDayFacts | null, data: Booking): BillingDayFacts => ({
  ...(current ?? fresh(data)),
  booking: status,
  requestId: data.requestId,
  lateActivityId: data.lateActivityId ?? null,
  // A new booking starts a new story for the day; attendance already taken stays.
  absence: null,
  lateCancellation: false,
});

/** A QF event's data as billing reads it: the quotient is a number or the family file's `{ value, updatedOn, validFrom? }`. */
interface QuotientEventData {
  familyId: string;
  quotient?: unknown;
  validFrom?: unknown;
}

/** QF events from the family file: `FamilyQuotientRecorded { familyId, quotient: { value, updatedOn, validFrom? } }`; `FamilyQuotientUpdated { familyId, quotient, validFrom }` read too. */
function quotientEntryOf(type: string, data: QuotientEventData, occurredAt: string): QuotientEntry | null {
  const fileQuotient = typeof data.quotient === 'object' && data.quotient !== null ? (data.quotient as { value?: unknown; validFrom?: unknown }) : undefined;
  const value = typeof data.quotient === 'number' ? data.quotient : fileQuotient?.value;
  if (typeof value !== 'number') return null;
  // Not retroactive: in force from the day it was recorded, unless the event states otherwise.
  const stated = (typeof data.validFrom === 'string' && data.validFrom) || (typeof fileQuotient?.validFrom === 'string' && fileQuotient.validFrom) || null;
  return { quotient: value, validFrom: stated ?? parisDay(occurredAt), recordedAt: occurredAt, source: type === 'QuotientRegularised' ? 'regularisation' : 'family_file' };
}

async function addQuotient(uow: CommuneUnitOfWork, familyId: string, entry: QuotientEntry) {
  const quotients = uow.collection<QuotientDocument>(BILLING_QUOTIENTS);
  const doc = (await quotients.get(familyId)) ?? { _id: familyId, communeId: uow.communeId, familyId, entries: [] };
  await quotients.upsert({ ...doc, entries: withEntry(doc.entries, entry) });
}

const quotientChanged: ProjectionHandler = async (e, uow) => {
  const data = e.data as QuotientEventData;
  const entry = quotientEntryOf(e.type, data, e.metadata.occurredAt);
  if (entry) await addQuotient(uow, data.familyId, entry);
};

export const billingFactsProjection = projection(
  'billing-facts',
  // 2: documents keyed by (commune, id).
  2,
  [
    { name: BILLING_DAYS, indexes: [{ fields: ['month'] }, { fields: ['familyId', 'month'] }] },
    { name: BILLING_QUOTIENTS },
    { name: BILLING_TARIFFS, indexes: [{ fields: ['activityId'] }] },
    { name: BILLING_SETTINGS },
  ],
  {
    ReservationRequested: (e, uow) => {
      const d = e.data as Day<'ReservationRequested'>;
      return updateDay(uow, d, (c) => (!c || c.booking === null || c.booking === 'cancelled' || c.requestId === d.requestId ? book('pending')(c, d) : c));
    },
    ReservationAccepted: (e, uow) => updateDay(uow, e.data as Day<'ReservationAccepted'>, (c) => book('accepted')(c, e.data as Day<'ReservationAccepted'>)),
    ReservationPromoted: (e, uow) => updateDay(uow, e.data as Day<'ReservationPromoted'>, (c) => book('accepted')(c, e.data as Day<'ReservationPromoted'>)),
    ReservationWaitlisted: (e, uow) => updateDay(uow, e.data as Day<'ReservationWaitlisted'>, (c) => book('waitlisted')(c, e.data as Day<'ReservationWaitlisted'>)),
    ReservationRefused: (e, uow) => {
      const d = e.data as Day<'ReservationRefused'>;
      return updateDay(uow, d, (c) => (c && c.requestId === d.requestId && c.booking === 'pending' ? { ...c, booking: null, requestId: null, lateActivityId: null } : c));
    },
    ReservationCancelled: (e, uow) => {
      const d = e.data as Day<'ReservationCancelled'>;
      return updateDay(uow, d, (c) => (c && c.requestId === d.reservationRequestId ? { ...c, booking: 'cancelled', lateCancellation: false } : c));
    },
    CancellationRefused: (e, uow) => {
      const d = e.data as Day<'CancellationRefused'>;
      return updateDay(uow, d, (c) => (c && d.reasonCode === 'PAST_DEADLINE' && c.requestId === d.reservationRequestId ? { ...c, lateCancellation: true } : c));
    },
    AbsenceDeclared: (e, uow) => {
      const d = e.data as Day<'AbsenceDeclared'>;
      return updateDay(uow, d, (c) => ({ ...(c ?? fresh(d)), absence: { justified: Boolean(d.justified) } }));
    },
    // The service refused the medical certificate: the absence is no longer justified, the day is billed.
    AbsenceCertificateRefused: (e, uow) => updateDay(uow, e.data as Day<'AbsenceCertificateRefused'>, (c) => (c?.absence ? { ...c, absence: { justified: false } } : c)),
    AttendanceRecorded: (e, uow) => {
      const d = e.data as Day<'AttendanceRecorded'>;
      return updateDay(uow, d, (c) => ({ ...(c ?? fresh(d)), attendance: d.status }));
    },
    // A period's days decided together: each day as if decided alone.
    ReservationDaysDecided: async (e, uow) => {
      for (const day of asDayEvents(e)) await billingFactsProjection.handlers[day.type](day, uow);
    },

    FamilyQuotientRecorded: quotientChanged,
    FamilyQuotientUpdated: quotientChanged,
    QuotientRegularised: quotientChanged,
    FamilyErased: async (e, uow) => {
      const { familyId } = e.data as { familyId: string };
      // Months changed earlier in the batch go too (this commune's: another's family may have the same id).
      const changed = changedMonths.get(uow);
      for (const [id, doc] of changed ?? []) if (doc.familyId === familyId) changed!.delete(id);
      await uow.collection(BILLING_QUOTIENTS).delete(familyId);
      await uow.collection(BILLING_DAYS).deleteMany({ familyId });
    },

    TariffSet: async (e, uow) => {
      const d = e.data as Tariff;
      await uow.collection<TariffDocument>(BILLING_TARIFFS).upsert({ _id: tariffId(d.activityId, d.periodId), communeId: uow.communeId, ...d, setAt: e.metadata.occurredAt });
    },
    BillingSettingsConfigured: async (e, uow) => {
      await uow.collection<SettingsDocument>(BILLING_SETTINGS).upsert({ _id: BILLING_SETTINGS_ID, communeId: uow.communeId, ...(e.data as BillingSettings) });
    },
  },
  flushMonths,
);

export const DEFAULT_SETTINGS: BillingSettings = {
  issuerName: 'Service enfance',
  issuerAddress: [],
  paymentTermDays: 30,
  allowPartialOnlinePayment: false,
  payfipClientNumber: null,
  sepaCreditor: null,
  directDebitDelayDays: 5,
};
