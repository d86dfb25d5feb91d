import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@pf/event-store';
import { createReadStore, type ReadStore } from '@pf/read-store';
import { COMMUNES, communesProjection } from '@pf/communes';
import { activityPublicEvents, communePublicEvents, familyPublicEvents, reservationPublicEvents } from './mappings';
import { composePublicEvents } from './public-event';
import { publicEventsProjection } from './public-events.projection';
import { PUBLIC_STREAMS_CURSOR, publicStream, PublicStreamsPublisher } from './public-streams.publisher';

const definition = publicEventsProjection(composePublicEvents([communePublicEvents, familyPublicEvents, activityPublicEvents, reservationPublicEvents]));
const FAMILY = '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b';
const CHILD = '9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d';
const ACTIVITY = '3c2b1a09-8f7e-5d6c-9b5a-4f3e2d1c0b9a';

let position = 0;
const recorded = (type: string, data: unknown, communeId = 'saint-hilaire-du-bois'): RecordedEvent => {
  position += 5;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    data,
    streamId: 'x',
    revision: 0,
    position,
    recordedAt: '2026-12-01T08:00:00.000Z',
    metadata: { communeId, actor: { kind: 'staff', id: 'a' }, correlationId: 'c', causationId: 'c', occurredAt: '2026-12-01T08:00:00.000Z', schemaVersion: 1 },
  };
};
const opened = (communeId?: string) =>
  recorded(
    'FamilyFileOpened',
    {
      familyId: FAMILY,
      name: 'Famille DUBOIS',
      guardians: [{ guardianId: FAMILY, civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'julie@example.fr' }],
      children: [{ childId: CHILD, firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12' }],
    },
    communeId,
  );
const booking = (day: string, communeId?: string) =>
  recorded('ReservationAccepted', { requestId: CHILD, familyId: FAMILY, childId: CHILD, activityId: ACTIVITY, day }, communeId);

describe('public streams for KurrentDB integrators', () => {
  const dirs: string[] = [];
  let reads: ReadStore;
  let target: SqliteEventStore;
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'public-streams-'));
    dirs.push(d);
    return d;
  };
  const apply = async (...events: RecordedEvent[]) => {
    for (const spec of definition.collections) await reads.ensureCollection(spec);
    for (const e of events) await reads.unitOfWork((uow) => definition.handlers[e.type](e, uow.inCommune(e.metadata.communeId)));
  };
  /** The publisher goes through the communes of the deployment. */
  const register = async (...communeIds: string[]) => {
    for (const spec of communesProjection.collections) await reads.ensureCollection(spec);
    await reads.unitOfWork(async (uow) => {
      for (const communeId of communeIds) await uow.collection(COMMUNES).upsert({ _id: communeId, communeId, name: communeId });
    });
  };

  beforeEach(async () => {
    reads = await createReadStore({ dataDir: dir() });
    target = await SqliteEventStore.open({ dataDir: dir() });
  });
  afterEach(async () => {
    await target.close();
    await reads.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('copies each commune’s CAF statistics view into its own stream, in order, without names', async () => {
    await register('saint-hilaire-du-bois', 'autre-commune');
    await apply(opened(), booking('2026-12-03'), opened('autre-commune'), booking('2026-12-04'));
    const publisher = new PublicStreamsPublisher(reads, target, { scopes: ['caf-statistics'] });
    await reads.ensureCollection({ name: PUBLIC_STREAMS_CURSOR });
    expect(await publisher.publishPending()).toBe(4);

    const stream = await target.readStream(publicStream('saint-hilaire-du-bois', 'caf-statistics'));
    expect(stream.map((e) => e.type)).toEqual(['family.opened.v1', 'reservation.accepted.v1', 'reservation.accepted.v1']);
    expect(stream.map((e) => (e.data as { data: { day?: string } }).data.day)).toEqual([undefined, '2026-12-03', '2026-12-04']);
    expect(JSON.stringify(stream)).not.toMatch(/Dubois|Emma|julie/);
    expect((await target.readStream(publicStream('autre-commune', 'caf-statistics'))).map((e) => e.type)).toEqual(['family.opened.v1']);
    expect(await target.readStream(publicStream('saint-hilaire-du-bois', 'accounting'))).toEqual([]);
  });

  it('resumes after its cursor and writes nothing twice when asked to publish again from the start', async () => {
    await register('saint-hilaire-du-bois');
    await apply(opened(), booking('2026-12-03'));
    const publisher = new PublicStreamsPublisher(reads, target, { scopes: ['caf-statistics', 'accounting'] });
    await reads.ensureCollection({ name: PUBLIC_STREAMS_CURSOR });
    await publisher.publishPending();
    expect(await publisher.publishPending()).toBe(0);
    await apply(booking('2026-12-07'));
    expect(await publisher.publishPending()).toBe(1);

    await reads.unitOfWork((uow) => uow.collection(PUBLIC_STREAMS_CURSOR).delete('commune:saint-hilaire-du-bois'));
    expect(await publisher.publishPending()).toBe(3);
    expect(await target.readStream(publicStream('saint-hilaire-du-bois', 'accounting'))).toHaveLength(3);
    expect(await target.readStream(publicStream('saint-hilaire-du-bois', 'caf-statistics'))).toHaveLength(3);
  });

  it('goes on from the single cursor of before for every commune, each with its own cursor from then on', async () => {
    await register('saint-hilaire-du-bois', 'autre-commune');
    const old = [opened(), opened('autre-commune')];
    await apply(...old);
    await reads.ensureCollection({ name: PUBLIC_STREAMS_CURSOR });
    await reads.unitOfWork((uow) => uow.collection(PUBLIC_STREAMS_CURSOR).upsert({ _id: 'publisher', position: old[1].position, seq: null }));
    await apply(booking('2026-12-03'), booking('2026-12-04', 'autre-commune'));
    const publisher = new PublicStreamsPublisher(reads, target, { scopes: ['caf-statistics'] });
    expect(await publisher.publishPending()).toBe(2);
    expect((await target.readStream(publicStream('saint-hilaire-du-bois', 'caf-statistics'))).map((e) => e.type)).toEqual(['reservation.accepted.v1']);
    expect((await target.readStream(publicStream('autre-commune', 'caf-statistics'))).map((e) => e.type)).toEqual(['reservation.accepted.v1']);
    expect(await publisher.publishPending()).toBe(0);
  });
});
