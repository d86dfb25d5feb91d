import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refusalOf } from '@pf/domain';
import { SqliteEventStore } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { ACTIVITIES, activitiesProjection, type ActivityDocument } from '@pf/activities';
import { aCanteen } from '@pf/activities/testing';
import { COMMUNES, communesProjection, type CommuneDocument } from '@pf/communes';
import { enrolmentsProjection } from '@pf/enrolments';
import { FAMILY_CHILDREN, familiesProjection, type ChildDocument } from '@pf/families';
import { requestsProjection } from '@pf/requests';
import { BookingContextLoader } from './booking-context';
import { CancelReservationCommand, CancelReservationHandler, DecideRequestsCommand, DecideRequestsHandler, DeclareAbsenceCommand, DeclareAbsenceHandler, RecordAttendanceCommand, RecordAttendanceHandler } from './day-requests.handler';
import { PLANNING, planningProjection, type PlanningDocument } from './planning.projection';
import { PreviewReservationCommand, PreviewReservationHandler, RequestPeriodReservationCommand, RequestPeriodReservationHandler, RequestReservationCommand, RequestReservationHandler } from './request-reservation.handler';
import { activityMonthStream } from './reservation.events';
import { reservationRequestSteps } from './reservation.requests';

/**
 * Two communes on one deployment: commune B's staff names commune A's children, activities and
 * requests. Each is « not found » in B, and nothing is written.
 */
const A = 'saint-hilaire';
const B = 'val-de-loire';
const NOW = '2026-12-01T07:30:00.000Z';
const DAY = '2026-12-03';
const CANTEEN = 'a7f3c2de-0000-4000-8000-000000000001';
const HOLIDAYS = 'a7f3c2de-0000-4000-8000-000000000002';
const LEA = 'a7f3c2de-0000-4000-8000-0000000000c1';
const B_CHILD = 'b7f3c2de-0000-4000-8000-0000000000c2';
const B_ACTIVITY = 'b7f3c2de-0000-4000-8000-000000000003';

const staffOf = (communeId: string): SessionUser => ({ accountId: `agent-${communeId}`, role: 'staff', communeId, familyId: null, displayName: 'Agent' });
const ctxOf = (communeId: string, requestId: string): CommandContext & { requestId: string } => ({
  communeId,
  actor: { kind: 'staff', id: `agent-${communeId}`, name: 'Agent' },
  channel: 'back-office',
  requestId,
  now: NOW,
});
const profile = (communeId: string): CommuneDocument => ({
  _id: communeId,
  communeId,
  name: communeId,
  timeZone: 'Europe/Paris',
  schoolZone: 'B',
  subscriberCodePrefix: communeId.slice(0, 3).toUpperCase(),
  serviceName: 'Service enfance',
  serviceEmail: `enfance@${communeId}.fr`,
});
const child = (childId: string, communeId: string): ChildDocument =>
  ({ _id: childId, childId, firstName: 'Léa', lastName: 'Martin', birthDate: '2018-05-01', familyId: `family-${childId}`, communeId }) as ChildDocument;
const activity = (activityId: string, communeId: string, over: Partial<ActivityDocument> = {}): ActivityDocument => ({ _id: activityId, ...aCanteen({ activityId, communeId }), ...over });

describe('reservations name only what the caller’s commune has', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: ReadStore;
  let streams: EventSourcedStreams;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-reservations-communes-'));
    events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    streams = new EventSourcedStreams(events);
    for (const definition of [communesProjection, activitiesProjection, familiesProjection, enrolmentsProjection, planningProjection, requestsProjection([reservationRequestSteps])]) {
      for (const spec of definition.collections) await reads.ensureCollection(spec);
    }
    await reads.unitOfWork(async (uow) => {
      await uow.collection<CommuneDocument>(COMMUNES).upsert(profile(A));
      await uow.collection<CommuneDocument>(COMMUNES).upsert(profile(B));
      const a = uow.inCommune(A);
      await a.collection<ActivityDocument>(ACTIVITIES).upsert(activity(CANTEEN, A));
      await a.collection<ActivityDocument>(ACTIVITIES).upsert(activity(HOLIDAYS, A, { processing: 'manual', name: 'Centre de loisirs' }));
      await a.collection<ChildDocument>(FAMILY_CHILDREN).upsert(child(LEA, A));
      const b = uow.inCommune(B);
      await b.collection<ActivityDocument>(ACTIVITIES).upsert(activity(B_ACTIVITY, B));
      await b.collection<ChildDocument>(FAMILY_CHILDREN).upsert(child(B_CHILD, B));
    });
  });
  afterEach(async () => {
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const contexts = () => new BookingContextLoader(reads);
  const notFound = (code: string) => ({ kind: 'not_found', code });

  it('books in commune A what commune A has (the ids below are real)', async () => {
    const outcome = await new RequestReservationHandler(streams, contexts()).execute(
      new RequestReservationCommand({ childId: LEA, activityId: CANTEEN, day: DAY }, staffOf(A), ctxOf(A, 'a-request')),
    );
    expect(outcome.status).toBe('accepted');
    expect(await events.readStream(activityMonthStream(A, CANTEEN, DAY))).toHaveLength(2);
  });

  it("answers 404 to commune B naming A's child or activity, and writes nothing", async () => {
    const staff = staffOf(B);
    const book = new RequestReservationHandler(streams, contexts());
    const period = new RequestPeriodReservationHandler(streams, contexts());
    const preview = new PreviewReservationHandler(streams, contexts());
    const cancel = new CancelReservationHandler(streams, reads);
    const absence = new DeclareAbsenceHandler(streams, reads);
    const attendance = new RecordAttendanceHandler(streams, reads);
    const day = { day: DAY };

    expect(await refusalOf(book.execute(new RequestReservationCommand({ childId: LEA, activityId: B_ACTIVITY, ...day }, staff, ctxOf(B, 'r1'))))).toEqual(notFound('CHILD_NOT_FOUND'));
    expect(await refusalOf(book.execute(new RequestReservationCommand({ childId: B_CHILD, activityId: CANTEEN, ...day }, staff, ctxOf(B, 'r2'))))).toEqual(notFound('ACTIVITY_NOT_FOUND'));
    const year = { from: '2026-12-01', to: '2026-12-18' };
    expect(await refusalOf(period.execute(new RequestPeriodReservationCommand({ childId: LEA, activityId: B_ACTIVITY, ...year }, staff, ctxOf(B, 'r3'))))).toEqual(notFound('CHILD_NOT_FOUND'));
    expect(await refusalOf(period.execute(new RequestPeriodReservationCommand({ childId: B_CHILD, activityId: CANTEEN, ...year }, staff, ctxOf(B, 'r4'))))).toEqual(notFound('ACTIVITY_NOT_FOUND'));
    expect(await refusalOf(preview.execute(new PreviewReservationCommand({ childId: B_CHILD, activityId: CANTEEN, ...year }, staff, ctxOf(B, 'r5'))))).toEqual(notFound('ACTIVITY_NOT_FOUND'));
    expect(await refusalOf(cancel.execute(new CancelReservationCommand({ childId: LEA, activityId: B_ACTIVITY, ...day }, staff, ctxOf(B, 'r6'))))).toEqual(notFound('CHILD_NOT_FOUND'));
    expect(await refusalOf(cancel.execute(new CancelReservationCommand({ childId: B_CHILD, activityId: CANTEEN, ...day }, staff, ctxOf(B, 'r7'))))).toEqual(notFound('ACTIVITY_NOT_FOUND'));
    const illness = { reason: 'illness' as const, medicalCertificate: false };
    expect(await refusalOf(absence.execute(new DeclareAbsenceCommand({ childId: LEA, activityId: B_ACTIVITY, ...day, ...illness }, staff, ctxOf(B, 'r8'))))).toEqual(notFound('CHILD_NOT_FOUND'));
    expect(await refusalOf(absence.execute(new DeclareAbsenceCommand({ childId: B_CHILD, activityId: CANTEEN, ...day, ...illness }, staff, ctxOf(B, 'r9'))))).toEqual(notFound('ACTIVITY_NOT_FOUND'));
    const register = { day: '2026-12-01' };
    expect(
      await refusalOf(attendance.execute(new RecordAttendanceCommand({ activityId: CANTEEN, ...register, marks: [{ childId: B_CHILD, status: 'present' }] }, staff, ctxOf(B, 'r10')))),
    ).toEqual(notFound('ACTIVITY_NOT_FOUND'));
    expect(
      await refusalOf(attendance.execute(new RecordAttendanceCommand({ activityId: B_ACTIVITY, ...register, marks: [{ childId: LEA, status: 'present' }] }, staff, ctxOf(B, 'r11')))),
    ).toEqual(notFound('CHILD_NOT_FOUND'));

    expect(await events.headPosition()).toBe(0);
  });

  it("answers 404 to commune B deciding A's pending request, writes nothing, and leaves A's day to A", async () => {
    const asked = await new RequestReservationHandler(streams, contexts()).execute(
      new RequestReservationCommand({ childId: LEA, activityId: HOLIDAYS, day: DAY }, staffOf(A), ctxOf(A, 'a-pending')),
    );
    expect(asked.status).toBe('pending');
    const runner = new ProjectionRunner(events, reads, [planningProjection, requestsProjection([reservationRequestSteps])]);
    await runner.start();
    try {
      const head = await events.headPosition();
      expect(await runner.waitFor(head, 10_000)).toBe(true);
      const planningOfA = reads.inCommune(A).collection<PlanningDocument>(PLANNING);
      const before = await planningOfA.find({});
      expect(before).toEqual([expect.objectContaining({ requestId: 'a-pending', status: 'requested' })]);

      const decide = new DecideRequestsHandler(streams, reads);
      const decision = (communeId: string, requestId: string) =>
        decide.execute(new DecideRequestsCommand({ decision: 'accept', targets: [{ requestId: 'a-pending' }] }, ctxOf(communeId, requestId)));
      // In B the id names nothing: « not found », as any unknown id — not « no longer pending », which would tell B it exists.
      expect(await refusalOf(decision(B, 'd1'))).toEqual(notFound('REQUEST_NOT_FOUND'));
      expect(await events.headPosition()).toBe(head);
      expect(await planningOfA.find({})).toEqual(before);
      // The same target in A is decided: the refusal above came from the commune only.
      const decided = await decision(A, 'd2');
      expect(decided).toMatchObject({ decided: 1 });
      expect(await runner.waitFor(decided.position, 10_000)).toBe(true);
      // Decided in A, it is A's request that is no longer pending (409); B still gets « not found ».
      expect(await refusalOf(decision(A, 'd3'))).toEqual({ kind: 'conflict', code: 'REQUEST_NOT_PENDING' });
      expect(await refusalOf(decision(B, 'd4'))).toEqual(notFound('REQUEST_NOT_FOUND'));
    } finally {
      await runner.stop();
    }
  });
});
