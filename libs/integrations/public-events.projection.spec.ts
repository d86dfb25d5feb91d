import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@pf/event-store';
import { createReadStore, type ReadStore } from '@pf/read-store';
import { readFeed } from './event-feed';
import { activityPublicEvents, communePublicEvents, dayFollowUpPublicEvents, familyPublicEvents, reservationPublicEvents } from './mappings';
import { composePublicEvents, PublicContractError, type PublicEventMappings } from './public-event';
import { PUBLIC_EVENTS, publicEventsProjection, publicIdOf, viewOf, type PublicEventRow } from './public-events.projection';

const events = composePublicEvents([communePublicEvents, familyPublicEvents, activityPublicEvents, reservationPublicEvents, dayFollowUpPublicEvents]);
const definition = publicEventsProjection(events);

const FAMILY = '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b';
const CHILD = '9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d';
const GUARDIAN = '0e8f7d6c-5b4a-5392-8170-f6e5d4c3b2a1';
const ACTIVITY = '3c2b1a09-8f7e-5d6c-9b5a-4f3e2d1c0b9a';
const REQUEST = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';

let position = 0;
function recorded(type: string, data: unknown, communeId = 'saint-hilaire-du-bois', occurredAt = '2026-12-01T08:00:00.000Z'): RecordedEvent {
  position += 10;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    data,
    streamId: `x-${communeId}.1`,
    revision: 0,
    position,
    recordedAt: occurredAt,
    metadata: { communeId, actor: { kind: 'staff', id: 'agent' }, correlationId: 'c', causationId: 'c', occurredAt, schemaVersion: 1 },
  };
}

const familyOpened = (communeId = 'saint-hilaire-du-bois') =>
  recorded(
    'FamilyFileOpened',
    {
      familyId: FAMILY,
      name: 'Famille DUBOIS',
      guardians: [{ guardianId: GUARDIAN, civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'julie.dubois@example.fr' }],
      children: [{ childId: CHILD, firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-12-02', schoolClass: 'CE2' }],
    },
    communeId,
  );
const reservation = { requestId: REQUEST, familyId: FAMILY, childId: CHILD, activityId: ACTIVITY, day: '2026-12-03', group: 'elementaire' };

describe('the public events read model', () => {
  let dir: string;
  let reads: ReadStore;

  const apply = async (...recordedEvents: RecordedEvent[]) => {
    for (const spec of definition.collections) await reads.ensureCollection(spec);
    for (const event of recordedEvents) {
      const handler = definition.handlers[event.type];
      if (handler) await reads.unitOfWork((uow) => handler(event, uow.inCommune(event.metadata.communeId)));
    }
  };
  const rows = (communeId = 'saint-hilaire-du-bois') => reads.inCommune(communeId).collection<PublicEventRow>(PUBLIC_EVENTS).find({}, { sort: { position: 1, seq: 1 } });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'public-events-'));
    reads = await createReadStore({ dataDir: dir });
  });
  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns a family file into one public event with a view per scope', async () => {
    await apply(familyOpened());
    const [row] = await rows();
    expect(row).toMatchObject({ type: 'family.opened', version: 1, typeVersion: 'family.opened@1', familyId: FAMILY, scopes: ['accounting', 'school-software', 'caf-statistics'] });
    expect(viewOf(row, 'caf-statistics')).toEqual({ childAges: [7], childCount: 1 });
    expect(viewOf(row, 'accounting')).toEqual({
      familyId: FAMILY,
      familyName: 'Famille DUBOIS',
      guardians: [{ guardianId: GUARDIAN, civility: 'Mme', firstName: 'Julie', lastName: 'Dubois', email: 'julie.dubois@example.fr' }],
      children: [{ childId: CHILD, firstName: 'Emma', lastName: 'Dubois' }],
    });
    expect((viewOf(row, 'school-software') as any).guardians[0]).toEqual({ guardianId: GUARDIAN, civility: 'Mme', firstName: 'Julie', lastName: 'Dubois' });
  });

  it('gives CAF statistics the child’s age on the day booked, from the birth date kept as a fact', async () => {
    await apply(familyOpened(), recorded('ReservationAccepted', reservation));
    const accepted = (await rows()).find((r) => r.type === 'reservation.accepted')!;
    // Born on 2 December 2018: 7 when the file was opened on 1 December 2026, 8 on the day booked.
    expect(viewOf(accepted, 'caf-statistics')).toEqual({ activityId: ACTIVITY, day: '2026-12-03', childAge: 8, ageGroup: '6-and-over' });
    expect(viewOf(accepted, 'accounting')).toEqual({ requestId: REQUEST, familyId: FAMILY, childId: CHILD, activityId: ACTIVITY, day: '2026-12-03' });
    // The payload is kept once for the scopes that receive it whole; only reduced views are stored apart.
    expect(Object.keys(accepted.views)).toEqual(['caf-statistics']);
    expect(viewOf(accepted, 'school-software')).toBe(viewOf(accepted, 'accounting'));
  });

  it('publishes a child taken off the waiting list as promoted, billable for accounting', async () => {
    await apply(familyOpened(), recorded('ReservationPromoted', { ...reservation, waitlist: [] }));
    const promoted = (await rows()).find((r) => r.type === 'reservation.promoted')!;
    expect(promoted.scopes).toEqual(['accounting', 'school-software', 'caf-statistics']);
    expect(viewOf(promoted, 'accounting')).toEqual({ requestId: REQUEST, familyId: FAMILY, childId: CHILD, activityId: ACTIVITY, day: '2026-12-03' });
  });

  it('publishes the days of a period decided together one by one, as integrators know them, each with its own id', async () => {
    const decided = recorded('ReservationDaysDecided', {
      requestId: REQUEST,
      familyId: FAMILY,
      childId: CHILD,
      activityId: ACTIVITY,
      group: 'elementaire',
      accepted: ['2026-12-03', '2026-12-07'],
      waitlisted: [{ day: '2026-12-04', rank: 1 }],
      refused: [{ day: '2026-12-08', reasonCode: 'DAY_CLOSED', reasonText: 'Grève' }],
      pending: [],
    });
    await apply(familyOpened(), decided);
    const published = (await rows()).filter((r) => r.position === decided.position);
    expect(published.map((r) => [r.type, (r.payload as { day: string }).day])).toEqual([
      ['reservation.accepted', '2026-12-03'],
      ['reservation.waitlisted', '2026-12-04'],
      ['reservation.accepted', '2026-12-07'],
      ['reservation.refused', '2026-12-08'],
    ]);
    expect(new Set(published.map((r) => publicIdOf(r))).size).toBe(4);
    await apply(decided);
    expect((await rows()).filter((r) => r.position === decided.position)).toEqual(published);
  });

  it('publishes what happens to a booked day: cancelled, an absence (justified or not, never its reason), the register', async () => {
    const cancel = '7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a098';
    await apply(
      familyOpened(),
      recorded('ReservationCancelled', { ...reservation, requestId: cancel, reservationRequestId: REQUEST, reason: 'rendez-vous', previousStatus: 'accepted', waitlist: [] }),
      recorded('AbsenceDeclared', { ...reservation, requestId: cancel, reservationRequestId: REQUEST, reason: 'illness', medicalCertificate: true, justified: true }),
      recorded('AttendanceRecorded', { familyId: FAMILY, childId: CHILD, activityId: ACTIVITY, day: '2026-12-03', status: 'present', expected: false }),
    );
    const byType = new Map((await rows()).map((r) => [r.type, r]));
    expect(viewOf(byType.get('reservation.cancelled')!, 'accounting')).toEqual({
      requestId: cancel,
      reservationRequestId: REQUEST,
      familyId: FAMILY,
      childId: CHILD,
      activityId: ACTIVITY,
      day: '2026-12-03',
      previousStatus: 'accepted',
    });
    const absence = byType.get('absence.declared')!;
    expect(absence.scopes).toEqual(['accounting', 'school-software']);
    expect(JSON.stringify(absence)).not.toContain('illness');
    expect(viewOf(absence, 'school-software')).toMatchObject({ justified: true });
    const attendance = byType.get('attendance.recorded')!;
    expect(viewOf(attendance, 'caf-statistics')).toEqual({ activityId: ACTIVITY, day: '2026-12-03', childAge: 8, ageGroup: '6-and-over', status: 'present', expected: false });
  });

  it('keeps facts per commune: another commune’s child is of unknown age', async () => {
    await apply(familyOpened('autre-commune'), recorded('ReservationAccepted', reservation));
    const accepted = (await rows()).find((r) => r.type === 'reservation.accepted')!;
    expect(viewOf(accepted, 'caf-statistics')).toMatchObject({ childAge: null, ageGroup: null });
  });

  it('sets the same rows when an event is applied again', async () => {
    const opened = familyOpened();
    await apply(opened);
    const first = await rows();
    await apply(opened);
    expect(await rows()).toEqual(first);
  });

  it('serves a commune’s feed to a scope only, never splitting the events of one position', async () => {
    const both: PublicEventMappings = {
      types: [],
      map: { ReservationAccepted: (event, facts) => reservationPublicEvents.map.ReservationRequested(event, facts) },
    };
    const twice = publicEventsProjection(composePublicEvents([communePublicEvents, familyPublicEvents, activityPublicEvents, reservationPublicEvents, both]));
    for (const spec of twice.collections) await reads.ensureCollection(spec);
    const accepted = recorded('ReservationAccepted', reservation);
    await reads.unitOfWork((uow) => twice.handlers.ReservationAccepted(accepted, uow.inCommune(accepted.metadata.communeId)));
    await apply(recorded('ReservationAccepted', { ...reservation, day: '2026-12-04' }, 'autre-commune'));
    const page = await readFeed(reads, {
      communeId: 'saint-hilaire-du-bois',
      scope: 'school-software',
      typeVersions: ['reservation.accepted@1', 'reservation.requested@1'],
      after: 0,
      limit: 1,
    });
    expect(page.items.map((e) => [e.type, e.position])).toEqual([
      ['reservation.accepted', accepted.position],
      ['reservation.requested', accepted.position],
    ]);
    expect(page.hasMore).toBe(false);
    const accounting = await readFeed(reads, { communeId: 'saint-hilaire-du-bois', scope: 'accounting', typeVersions: ['reservation.requested@1'], after: 0, limit: 10 });
    expect(accounting.items).toEqual([]);
  });

  it('forgets an erased family: its public events go, a family.erased notice stays for accounting and school software', async () => {
    await apply(familyOpened(), recorded('ReservationAccepted', reservation));
    await apply(recorded('FamilyErased', { familyId: FAMILY, reasonCode: 'RIGHT_TO_ERASURE', childIds: [CHILD], guardianIds: [GUARDIAN], accountIds: [] }));
    const left = await rows();
    expect(left.map((r) => r.type)).toEqual(['family.erased']);
    expect(left[0]).toMatchObject({ familyId: null, scopes: ['accounting', 'school-software'] });
    expect(viewOf(left[0], 'accounting')).toMatchObject({ familyId: FAMILY, reasonCode: 'RIGHT_TO_ERASURE' });
  });

  it('publishes nothing of a family file read back redacted once the family is erased, as a rebuild does', async () => {
    const redacted = familyOpened();
    const data = redacted.data as any;
    redacted.data = {
      ...data,
      name: '',
      guardians: data.guardians.map((g: any) => ({ ...g, firstName: '', lastName: '', email: '' })),
      children: data.children.map((c: any) => ({ childId: c.childId, firstName: '', lastName: '', birthDate: '' })),
    };
    await apply(redacted, recorded('ReservationAccepted', reservation));
    const left = await rows();
    expect(left.map((r) => r.type)).toEqual(['reservation.accepted']);
    expect(viewOf(left[0], 'caf-statistics')).toMatchObject({ childAge: null });
  });

  it('keeps each commune’s rows and facts apart when another commune names the same family', async () => {
    await apply(familyOpened(), recorded('ReservationAccepted', reservation));
    const before = await rows();
    // The other commune knows no such family: no child's age of the first commune reaches its view.
    await apply(recorded('ReservationAccepted', reservation, 'autre-commune'));
    const [theirs] = await rows('autre-commune');
    expect(viewOf(theirs, 'caf-statistics')).toMatchObject({ childAge: null });
    expect(viewOf(before[1], 'caf-statistics')).toMatchObject({ childAge: 8 });
    // Its erasure of "the same" family forgets its own copies only.
    await apply(recorded('FamilyErased', { familyId: FAMILY, reasonCode: 'RIGHT_TO_ERASURE', childIds: [CHILD], guardianIds: [GUARDIAN], accountIds: [] }, 'autre-commune'));
    expect(await rows()).toEqual(before);
    expect((await rows('autre-commune')).map((r) => r.type)).toEqual(['family.erased']);
    const feed = (communeId: string) => readFeed(reads, { communeId, scope: 'accounting', typeVersions: ['family.opened@1', 'reservation.accepted@1', 'family.erased@1'], after: 0, limit: 10 });
    expect((await feed('saint-hilaire-du-bois')).items.map((e) => [e.type, e.communeId])).toEqual([
      ['family.opened', 'saint-hilaire-du-bois'],
      ['reservation.accepted', 'saint-hilaire-du-bois'],
    ]);
    expect((await feed('autre-commune')).items.map((e) => [e.type, e.communeId])).toEqual([['family.erased', 'autre-commune']]);
  });

  it('refuses to publish a payload that breaks its schema: the contract holds or nothing leaves', async () => {
    await reads.ensureCollection({ name: PUBLIC_EVENTS });
    await expect(apply(recorded('ReservationAccepted', { ...reservation, day: '03/12/2026' }))).rejects.toThrow(PublicContractError);
    expect(await rows()).toEqual([]);
  });
});

describe('composing public events', () => {
  it('refuses the same type and version declared twice', () => {
    expect(() => composePublicEvents([reservationPublicEvents, reservationPublicEvents])).toThrow(/reservation.accepted@1 is declared twice/);
  });

  it('refuses an example that does not match its own schema', () => {
    const [accepted] = reservationPublicEvents.types.filter((t) => t.type === 'reservation.accepted');
    const broken = { ...accepted, version: 2, example: { ...(accepted.example as object), day: 'demain' } };
    expect(() => composePublicEvents([{ types: [broken], map: {} }])).toThrow(/example of reservation.accepted@2/);
  });

  it('resolves a bare type to its newest version and pins it', () => {
    const [accepted] = reservationPublicEvents.types.filter((t) => t.type === 'reservation.accepted');
    const v2 = { ...accepted, version: 2 };
    const composed = composePublicEvents([reservationPublicEvents, { types: [v2], map: {} }]);
    expect(composed.resolve(['reservation.accepted', 'reservation.accepted@1', 'reservation.refused', 'invoice.paid'], 'accounting')).toEqual({
      typeVersions: ['reservation.accepted@2', 'reservation.accepted@1'],
      unknown: ['invoice.paid'],
      outOfScope: ['reservation.refused'],
    });
  });
});
