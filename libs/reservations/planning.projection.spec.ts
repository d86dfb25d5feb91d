import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@pf/event-store';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { PLANNING, PLANNING_PLACES, planningProjection, type PlacesDocument, type PlanningDocument } from './planning.projection';
import type { ActivityMonthEvent } from './reservation.events';

const DAY = '2026-12-03';
const facts = (childId: string, over: object = {}) => ({ requestId: `r-${childId}`, familyId: `f-${childId}`, childId, activityId: 'canteen', day: DAY, group: 'elementaire' as const, ...over });
const cancellation = (childId: string, over: object = {}) => ({ requestId: `c-${childId}`, familyId: `f-${childId}`, childId, activityId: 'canteen', day: DAY, reservationRequestId: `r-${childId}`, reason: null, ...over });

describe('the planning read model, fed with events only', () => {
  let dir: string;
  let reads: ReadStore;
  let position = 0;

  const given = (...events: ActivityMonthEvent[]) => givenIn('c', ...events);
  const givenIn = async (communeId: string, ...events: ActivityMonthEvent[]) => {
    for (const spec of planningProjection.collections) await reads.ensureCollection(spec);
    await reads.unitOfWork(async (uow) => {
      for (const event of events) {
        position++;
        const recorded: RecordedEvent = {
          id: `e${position}`,
          streamId: `activitymonth-${communeId}.canteen.${DAY.slice(0, 7)}`,
          revision: position,
          position,
          recordedAt: '2026-12-01T08:00:00Z',
          type: event.type,
          data: event.data,
          metadata: { communeId, actor: { kind: 'rule', id: 'rules' }, correlationId: 'x', causationId: 'x', occurredAt: '2026-12-01T08:00:00Z', schemaVersion: 1 },
        };
        await planningProjection.handlers[event.type](recorded, uow.inCommune(communeId));
      }
      await planningProjection.flush?.(uow);
    });
  };
  const planningOf = (communeId: string) => reads.inCommune(communeId).collection<PlanningDocument>(PLANNING);
  const day = (childId: string) => planningOf('c').get(`${childId}|canteen|${DAY}`);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-planning-'));
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
  });
  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a request waiting for the service, then the booking', async () => {
    await given({ type: 'ReservationRequested', data: facts('a') });
    expect(await day('a')).toMatchObject({ status: 'requested', booking: 'pending', requestId: 'r-a' });
    await given({ type: 'ReservationAccepted', data: facts('a') });
    expect(await day('a')).toMatchObject({ status: 'reserved', group: 'elementaire' });
  });

  it('forgets a request refused at once: the day is free again', async () => {
    await given({ type: 'ReservationRequested', data: facts('a') }, { type: 'ReservationRefused', data: { ...facts('a'), reasonCode: 'PAST_DEADLINE', reasonText: 'trop tard' } });
    expect(await day('a')).toBeNull();
  });

  it('never lets a refused second request hide the first booking', async () => {
    await given(
      { type: 'ReservationAccepted', data: facts('a') },
      { type: 'ReservationRequested', data: facts('a', { requestId: 'again' }) },
      { type: 'ReservationRefused', data: { ...facts('a', { requestId: 'again' }), reasonCode: 'ALREADY_BOOKED', reasonText: 'déjà réservé' } },
    );
    expect(await day('a')).toMatchObject({ status: 'reserved', requestId: 'r-a' });
  });

  it('moves the waiting list up when a place is freed, ranks set from the event', async () => {
    await given(
      { type: 'ReservationAccepted', data: facts('a') },
      { type: 'ReservationWaitlisted', data: { ...facts('b'), rank: 1 } },
      { type: 'ReservationWaitlisted', data: { ...facts('c'), rank: 2 } },
      { type: 'CancellationRequested', data: cancellation('a') },
      { type: 'ReservationCancelled', data: { ...cancellation('a'), previousStatus: 'accepted', waitlist: ['b', 'c'] } },
      { type: 'ReservationPromoted', data: { ...facts('b'), waitlist: ['c'] } },
    );
    expect(await day('a')).toMatchObject({ status: 'cancelled', booking: 'cancelled' });
    expect(await day('b')).toMatchObject({ status: 'reserved', rank: null });
    expect(await day('c')).toMatchObject({ status: 'waitlisted', rank: 1 });
  });

  it('counts each day\'s places as its documents say (accepted by group, how many wait), event after event and when one is applied again', async () => {
    const places = () => reads.inCommune('c').collection<PlacesDocument>(PLANNING_PLACES).get(`canteen|${DAY}`);
    const events: ActivityMonthEvent[] = [
      { type: 'ReservationRequested', data: facts('p') },
      { type: 'ReservationAccepted', data: facts('a') },
      { type: 'ReservationAccepted', data: facts('m', { group: 'maternelle' }) },
      { type: 'ReservationWaitlisted', data: { ...facts('b'), rank: 1 } },
      { type: 'ReservationWaitlisted', data: { ...facts('c'), rank: 2 } },
    ];
    await given(...events);
    expect(await places()).toMatchObject({ accepted: 2, acceptedByGroup: { elementaire: 1, maternelle: 1 }, waiting: 2 });
    const later: ActivityMonthEvent[] = [
      { type: 'ReservationRefused', data: { ...facts('p'), reasonCode: 'PAST_DEADLINE', reasonText: 'trop tard' } },
      { type: 'ReservationCancelled', data: { ...cancellation('a'), previousStatus: 'accepted', waitlist: ['b', 'c'] } },
      { type: 'ReservationPromoted', data: { ...facts('b'), waitlist: ['c'] } },
    ];
    await given(...later);
    const after = { accepted: 2, acceptedByGroup: { elementaire: 1, maternelle: 1 }, waiting: 1 };
    expect(await places()).toMatchObject(after);
    await given(...events, ...later);
    expect(await places()).toMatchObject(after);
    // The same count as the day's documents.
    const docs = await planningOf('c').find({ day: DAY });
    const accepted = docs.filter((d) => d.booking === 'accepted');
    expect(accepted).toHaveLength(2);
    expect(docs.filter((d) => d.booking === 'waitlisted').map((d) => d.childId)).toEqual(['c']);
  });

  it('shows a cancellation waiting for the service, and the booking again when it is refused', async () => {
    await given({ type: 'ReservationAccepted', data: facts('a') }, { type: 'CancellationRequested', data: cancellation('a') });
    expect(await day('a')).toMatchObject({ status: 'cancellation_requested' });
    await given({ type: 'CancellationRefused', data: { ...cancellation('a'), reasonCode: 'REFUSED_BY_STAFF', reasonText: 'Repas commandé.' } });
    expect(await day('a')).toMatchObject({ status: 'reserved', cancellationRequestId: null });
  });

  it('shows absences, justified or not, and the pointage', async () => {
    const absence = { requestId: 'abs', familyId: 'f-a', childId: 'a', activityId: 'canteen', day: DAY, reservationRequestId: 'r-a', reason: 'illness' as const, medicalCertificate: true, justified: true };
    await given({ type: 'ReservationAccepted', data: facts('a') }, { type: 'AbsenceDeclared', data: absence });
    expect(await day('a')).toMatchObject({ status: 'absent_justified', absence: { justified: true } });
    await given({ type: 'ReservationAccepted', data: facts('b') }, { type: 'AttendanceRecorded', data: { familyId: 'f-b', childId: 'b', activityId: 'canteen', day: DAY, status: 'absent', expected: true } });
    expect(await day('b')).toMatchObject({ status: 'absent_unjustified' });
    await given({ type: 'AttendanceRecorded', data: { familyId: 'f-z', childId: 'z', activityId: 'canteen', day: DAY, status: 'present', expected: false } });
    expect(await day('z')).toMatchObject({ status: 'present', unexpected: true, booking: null });
  });

  it('shows an absence with its certificate as justified, then billed with the reason once the service refuses the certificate', async () => {
    const absence = { requestId: 'abs', familyId: 'f-a', childId: 'a', activityId: 'canteen', day: DAY, reservationRequestId: 'r-a', reason: 'illness' as const, medicalCertificate: true, justified: true, certificateDocumentId: 'doc-1' };
    await given({ type: 'ReservationAccepted', data: facts('a') }, { type: 'AbsenceDeclared', data: absence });
    expect(await day('a')).toMatchObject({ status: 'absent_justified', absence: { justified: true, certificateDocumentId: 'doc-1' } });
    const refused = { requestId: 'abs', familyId: 'f-a', childId: 'a', activityId: 'canteen', day: DAY, documentId: 'doc-1', reason: 'Certificat illisible.' };
    await given({ type: 'AbsenceCertificateRefused', data: refused });
    expect(await day('a')).toMatchObject({ status: 'absent_unjustified', absence: { justified: false, certificateRefused: 'Certificat illisible.' } });
    await given({ type: 'AbsenceCertificateRefused', data: { ...refused, documentId: 'doc-other', reason: 'Autre' } });
    expect(await day('a')).toMatchObject({ absence: { certificateRefused: 'Certificat illisible.' } });
  });

  it('changes nothing when an event is applied again', async () => {
    const events: ActivityMonthEvent[] = [
      { type: 'ReservationAccepted', data: facts('a') },
      { type: 'ReservationWaitlisted', data: { ...facts('b'), rank: 1 } },
      { type: 'ReservationCancelled', data: { ...cancellation('a'), previousStatus: 'accepted', waitlist: ['b'] } },
      { type: 'ReservationPromoted', data: { ...facts('b'), waitlist: [] } },
    ];
    await given(...events);
    const once = await planningOf('c').find({}, { sort: { _id: 1 } });
    await given(...events);
    expect(await planningOf('c').find({}, { sort: { _id: 1 } })).toEqual(once);
  });
  it('shows each day of a period decided together: reserved, waiting with its rank, waiting for the service; a refused day stays free', async () => {
    await given({
      type: 'ReservationDaysDecided',
      data: {
        requestId: 'p-a',
        familyId: 'f-a',
        childId: 'a',
        activityId: 'canteen',
        group: 'elementaire',
        late: { activityId: 'late-meal', days: ['2026-12-03'] },
        accepted: ['2026-12-03'],
        waitlisted: [{ day: '2026-12-04', rank: 2 }],
        refused: [{ day: '2026-12-07', reasonCode: 'DAY_CLOSED', reasonText: 'Grève' }],
        pending: ['2026-12-08'],
      },
    });
    const planning = planningOf('c');
    expect(await planning.get('a|canteen|2026-12-03')).toMatchObject({ status: 'reserved', requestId: 'p-a', lateActivityId: 'late-meal' });
    expect(await planning.get('a|canteen|2026-12-04')).toMatchObject({ status: 'waitlisted', rank: 2, lateActivityId: null });
    expect(await planning.get('a|canteen|2026-12-07')).toBeNull();
    expect(await planning.get('a|canteen|2026-12-08')).toMatchObject({ status: 'requested', booking: 'pending' });
  });

  it("keeps each commune's days apart, even under the same child, activity and day ids", async () => {
    await given({ type: 'ReservationAccepted', data: facts('a') });
    const before = await planningOf('c').find({}, { sort: { _id: 1 } });
    await givenIn(
      'd',
      { type: 'ReservationWaitlisted', data: { ...facts('a', { requestId: 'r-d' }), rank: 1 } },
      { type: 'AttendanceRecorded', data: { familyId: 'f-a', childId: 'a', activityId: 'canteen', day: DAY, status: 'absent', expected: false } },
    );
    expect(await planningOf('c').find({}, { sort: { _id: 1 } })).toEqual(before);
    expect(before).toEqual([expect.objectContaining({ _id: `a|canteen|${DAY}`, communeId: 'c', status: 'reserved', requestId: 'r-a' })]);
    expect(await planningOf('d').get(`a|canteen|${DAY}`)).toMatchObject({ communeId: 'd', booking: 'waitlisted', requestId: 'r-d', attendance: 'absent' });
  });
});
