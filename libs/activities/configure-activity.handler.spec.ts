import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { ACTIVITIES, activitiesProjection, FACILITIES } from './activities.projection';
import { ConfigureActivityCommand, ConfigureActivityHandler, ConfigureFacilityCommand, ConfigureFacilityHandler } from './configure-activity.handler';
import { aCanteen } from '@pf/activities/testing';

const A = 'saint-hilaire-du-bois';
const B = 'val-de-loire';
let request = 0;
const ctx = (communeId: string): CommandContext => ({
  communeId,
  actor: { kind: 'staff', id: `agent-${communeId}`, name: 'Agent' },
  channel: 'back-office',
  requestId: `00000000-0000-4000-8000-${String(++request).padStart(12, '0')}`,
  now: '2026-12-01T08:00:00.000Z',
});

describe('configuring facilities and activities, commune by commune', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: ReadStore;
  let runner: ProjectionRunner;
  let facilities: ConfigureFacilityHandler;
  let activities: ConfigureActivityHandler;
  const run = async (work: Promise<{ position: number }>) => expect(await runner.waitFor((await work).position)).toBe(true);
  const snapshot = async (communeId: string) => ({
    facilities: await reads.inCommune(communeId).collection(FACILITIES).find({}),
    activities: await reads.inCommune(communeId).collection(ACTIVITIES).find({}),
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-activities-'));
    events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    runner = new ProjectionRunner(events, reads, [activitiesProjection], { retryDelayMs: 10 });
    await runner.start();
    const streams = new EventSourcedStreams(events);
    facilities = new ConfigureFacilityHandler(streams);
    activities = new ConfigureActivityHandler(streams, reads);
    await run(facilities.execute(new ConfigureFacilityCommand({ facilityId: 'restaurant', name: 'Restaurant scolaire', address: null }, ctx(A))));
    await run(activities.execute(new ConfigureActivityCommand(aCanteen({ communeId: A }), ctx(A))));
  });
  afterEach(async () => {
    await runner.stop();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers « not found » to another commune that names the commune's facility or activity to change it, and writes nothing", async () => {
    const before = await snapshot(A);
    const head = await events.headPosition();
    await expect(facilities.execute(new ConfigureFacilityCommand({ facilityId: 'restaurant', name: 'Pris !', address: null }, ctx(B), true))).rejects.toMatchObject({
      code: 'FACILITY_NOT_FOUND',
      kind: 'not_found',
    });
    await expect(activities.execute(new ConfigureActivityCommand(aCanteen({ communeId: B, name: 'Pris !' }), ctx(B), true))).rejects.toMatchObject({
      code: 'ACTIVITY_NOT_FOUND',
    });
    expect(await events.headPosition()).toBe(head);
    expect(await snapshot(A)).toEqual(before);
    expect(await snapshot(B)).toEqual({ facilities: [], activities: [] });
  });

  it("answers « not found » to a late booking attached to another commune's activity, and writes nothing", async () => {
    const late = aCanteen({ communeId: B, activityId: 'late-meal', periods: [], deadline: { kind: 'daysBefore', days: 0, time: '09:00' }, lateBookingOf: 'canteen' });
    const head = await events.headPosition();
    await expect(activities.execute(new ConfigureActivityCommand(late, ctx(B)))).rejects.toMatchObject({ code: 'ACTIVITY_NOT_FOUND', kind: 'not_found' });
    expect(await events.headPosition()).toBe(head);
    await run(activities.execute(new ConfigureActivityCommand({ ...late, communeId: A }, ctx(A))));
    expect(await reads.inCommune(A).collection(ACTIVITIES).get('late-meal')).toMatchObject({ lateBookingOf: 'canteen', communeId: A });
  });

  it("changes the commune's own facility when named, and keeps the same id of two communes apart", async () => {
    await run(facilities.execute(new ConfigureFacilityCommand({ facilityId: 'restaurant', name: 'Restaurant Jules-Ferry', address: null }, ctx(A), true)));
    await run(facilities.execute(new ConfigureFacilityCommand({ facilityId: 'restaurant', name: 'Cantine de B', address: null }, ctx(B))));
    expect(await reads.inCommune(A).collection(FACILITIES).get('restaurant')).toEqual({ _id: 'restaurant', facilityId: 'restaurant', name: 'Restaurant Jules-Ferry', address: null, communeId: A });
    expect(await reads.inCommune(B).collection(FACILITIES).get('restaurant')).toMatchObject({ name: 'Cantine de B', communeId: B });
  });
});
