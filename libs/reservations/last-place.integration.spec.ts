import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore } from '@pf/read-store';
import { PLANNING, planningProjection, type PlanningDocument } from './planning.projection';
import { decideBooking, decideCancellation, evolveMonth, initialMonthState, placesOn, type DayRules, type MonthState } from './reservation.decider';
import { activityMonthStream, type ActivityMonthEvent } from './reservation.events';

/**
 * The real command path on the embedded store: two EventSourcedStreams stand for two API
 * processes sharing one store, so the 50 requests race both in-process (queued) and across
 * "processes" (optimistic concurrency, retried).
 */
const COMMUNE = 'saint-hilaire-du-bois';
const DAY = '2026-12-03';
const STREAM = activityMonthStream(COMMUNE, 'canteen', DAY);
const CAPACITY = 20;
const rules: DayRules = { closed: null, onTime: true, deadlineText: 'au plus tard 48 heures avant', capacity: { total: CAPACITY, groups: {} }, processing: 'automatic', late: null };
const ctx = (requestId: string): CommandContext & { requestId: string } => ({
  communeId: COMMUNE,
  actor: { kind: 'guardian', id: `account-${requestId}`, name: 'Parent' },
  channel: 'web',
  requestId,
  now: '2026-12-01T08:00:00.000Z',
});
const bookingOf = (child: string) => ({
  streamId: STREAM,
  initialState: initialMonthState,
  evolve: evolveMonth,
  decide: (state: MonthState) =>
    decideBooking({ key: { requestId: `r-${child}`, familyId: `f-${child}`, childId: child, activityId: 'canteen', day: DAY }, group: 'elementaire', eligibility: { ok: true }, late: false, period: false }, state, rules),
});

describe('the last place of a canteen day, asked by 50 parents at once', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pf-last-place-'));
    store = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes to exactly one child; the others wait in arrival order; a cancellation promotes the first of them', async () => {
    const processes = [new EventSourcedStreams(store, { maxAttempts: 100 }), new EventSourcedStreams(store, { maxAttempts: 100 })];
    // 19 of the 20 places are taken.
    for (let i = 0; i < CAPACITY - 1; i++) await processes[0].handle(bookingOf(`early-${i}`), ctx(`early-${i}`));

    const racers = Array.from({ length: 50 }, (_, i) => `racer-${i}`);
    const outcomes = await Promise.all(racers.map((child, i) => processes[i % 2].handle(bookingOf(child), ctx(`r-${child}`))));

    const decisions = outcomes.map((o) => o.events.find((e) => e.type !== 'ReservationRequested')!);
    expect(decisions.filter((e) => e.type === 'ReservationAccepted')).toHaveLength(1);
    expect(decisions.filter((e) => e.type === 'ReservationWaitlisted')).toHaveLength(49);

    // In the stream, the waiting list grew one by one: ranks 1…49 in the order the requests were appended.
    const stored = await store.readStream(STREAM);
    const ranks = stored.filter((e) => e.type === 'ReservationWaitlisted').map((e) => (e.data as { rank: number }).rank);
    expect(ranks).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
    const state = placesOn(stored.map((e) => ({ type: e.type, data: e.data }) as ActivityMonthEvent).reduce(evolveMonth, initialMonthState), DAY);
    expect(state.accepted).toBe(CAPACITY);
    const firstWaiting = state.waiting[0];
    expect(stored.find((e) => e.type === 'ReservationWaitlisted' && (e.data as { rank: number }).rank === 1)?.data).toMatchObject({ childId: firstWaiting });

    // A parent cancels one of the early bookings: the first waiting child gets the place in the same append.
    const cancellation = await processes[1].handle(
      {
        streamId: STREAM,
        initialState: initialMonthState,
        evolve: evolveMonth,
        decide: (s: MonthState) =>
          decideCancellation({ requestId: 'cancel-early-0', childId: 'early-0', activityId: 'canteen', day: DAY, familyId: 'f-early-0', reason: null }, s, {
            onTime: true,
            deadlineText: '',
            processing: 'automatic',
            capacity: rules.capacity,
          }),
      },
      ctx('cancel-early-0'),
    );
    expect(cancellation.events.map((e) => e.type)).toEqual(['CancellationRequested', 'ReservationCancelled', 'ReservationPromoted']);
    expect(cancellation.events[2].data).toMatchObject({ childId: firstWaiting, waitlist: state.waiting.slice(1) });
    expect(placesOn(cancellation.state, DAY).accepted).toBe(CAPACITY);

    // The planning read model, fed with these events only, says the same.
    const reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    const runner = new ProjectionRunner(store, reads, [planningProjection]);
    try {
      await runner.start();
      expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
      const planning = reads.inCommune(COMMUNE).collection<PlanningDocument>(PLANNING);
      expect(await planning.count({ activityId: 'canteen', day: DAY, status: 'reserved' })).toBe(CAPACITY);
      expect((await planning.get(`${firstWaiting}|canteen|${DAY}`))?.status).toBe('reserved');
      expect((await planning.get(`early-0|canteen|${DAY}`))?.status).toBe('cancelled');
      const waiting = await planning.find({ activityId: 'canteen', day: DAY, status: 'waitlisted' }, { sort: { rank: 1 } });
      expect(waiting.map((d) => d.childId)).toEqual(state.waiting.slice(1));
      expect(waiting.map((d) => d.rank)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    } finally {
      await runner.stop();
      await reads.close();
    }
  });
});
