import type { ReadStore } from '@pf/read-store';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import type { FamilyDocument } from '@pf/families';
import { PLANNING, type PlanningDocument, PLANNING_STATUS_LABELS } from '@pf/reservations';
import { REQUESTS, type RequestDocument } from '@pf/requests';
import { currentNewsFor } from '@pf/news';
import type { DashboardCounters } from './dashboard-counters';

/** Booked days a parent looks forward to. */
const UPCOMING: PlanningDocument['status'][] = ['reserved', 'requested', 'waitlisted', 'cancellation_requested'];
const UPCOMING_SHOWN = 5;
const NEWS_SHOWN = 3;
/** Days looked ahead for the upcoming bookings. */
const HORIZON_DAYS = 31;

export interface Dashboard {
  familyId: string;
  today: string;
  requests: { unread: number; pending: number; label: string | null };
  invoices: { available: boolean; new: number; label: string | null };
  bookings: {
    upcoming: Array<{ childId: string; firstName: string; activityId: string; activityName: string; day: string; status: string; statusLabel: string }>;
    nextMonth: number;
  };
  news: { total: number; latest: Array<{ newsId: string; title: string; publishFrom: string }> };
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const addDays = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The parent's home page: what changed, what is new, what is coming. Read-only over the read models of the caller's commune. */
export async function familyDashboard(reads: ReadStore, communeId: string, counters: DashboardCounters, family: FamilyDocument, today: string): Promise<Dashboard> {
  const commune = reads.inCommune(communeId);
  const requests = commune.collection<RequestDocument>(REQUESTS);
  const [unread, pending] = await Promise.all([
    requests.count({ familyId: family._id, unread: true }),
    requests.count({ familyId: family._id, status: 'pending' }),
  ]);

  const invoiceCounter = counters.get('newInvoices');
  const context = { reads, communeId, familyId: family._id, today };
  const newInvoices = invoiceCounter ? await invoiceCounter.count(context) : 0;

  const booked = await commune
    .collection<PlanningDocument>(PLANNING)
    .find({ familyId: family._id, day: { $gte: today, $lte: addDays(today, HORIZON_DAYS) } }, { sort: { day: 1, childId: 1, activityId: 1 } });
  const upcoming = booked.filter((d) => UPCOMING.includes(d.status));
  const shown = upcoming.slice(0, UPCOMING_SHOWN);
  const activityIds = [...new Set(shown.map((d) => d.activityId))];
  const activities = activityIds.length ? await commune.collection<ActivityDocument>(ACTIVITIES).find({ _id: { $in: activityIds } }) : [];
  const activityName = new Map(activities.map((a) => [a._id, a.name]));
  const firstName = new Map(family.children.map((c) => [c.childId, c.firstName]));

  const news = await currentNewsFor(reads, communeId, family._id, today);

  return {
    familyId: family._id,
    today,
    requests: {
      unread,
      pending,
      label: unread > 0 ? `${unread} ${plural(unread, 'demande a évolué', 'demandes ont évolué')}` : null,
    },
    invoices: {
      available: Boolean(invoiceCounter),
      new: newInvoices,
      label: invoiceCounter && newInvoices > 0 ? invoiceCounter.label(newInvoices) : null,
    },
    bookings: {
      upcoming: shown.map((d) => ({
        childId: d.childId,
        firstName: firstName.get(d.childId) ?? '',
        activityId: d.activityId,
        activityName: activityName.get(d.activityId) ?? '',
        day: d.day,
        status: d.status,
        statusLabel: PLANNING_STATUS_LABELS[d.status as keyof typeof PLANNING_STATUS_LABELS] ?? d.status,
      })),
      nextMonth: upcoming.length,
    },
    news: { total: news.length, latest: news.slice(0, NEWS_SHOWN).map((n) => ({ newsId: n._id, title: n.title, publishFrom: n.publishFrom })) },
  };
}
