import { SqliteEventStore } from '@pf/event-store';
import { ProjectionRunner } from '@pf/projections';
import { SqliteReadStore, type ReadStore } from '@pf/read-store';
import { FixedClock } from '@pf/domain';
import { PORTAL_PROJECTIONS } from '../../apps/api/src/projections';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal } from '../support/portal';

async function snapshot(reads: ReadStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const projection of PORTAL_PROJECTIONS) {
    for (const { name } of projection.collections) {
      const docs = await reads.collection(name).find({}, { sort: { _id: 1 } });
      out[name] = JSON.stringify(docs);
    }
  }
  return out;
}

describe('read models rebuilt from the first event', () => {
  it('are identical to the ones built live', async () => {
    const portal = await startPortal({ clock: new FixedClock('2026-12-01T08:00:00Z'), keepData: true });
    try {
      const staff = new ApiClient(portal.baseUrl);
      await staff.signIn(STAFF.email, STAFF.password);
      const families = (await staff.get('/api/families')).body.items;
      const parent = new ApiClient(portal.baseUrl);
      await parent.signIn('claire.martin@example.fr', 'Famille-2026');
      const canteen = (await parent.get('/api/activities')).body.items.find((a: any) => a.kind === 'canteen');
      const martin = families.find((f: any) => f.name === 'Famille MARTIN');
      for (const day of ['2026-12-03', '2026-12-04', '2026-12-01', '2026-12-05']) {
        for (const child of martin.children) {
          await parent.post('/api/reservations', { requestId: requestId(), childId: child.childId, activityId: canteen.activityId, day });
        }
      }
    } finally {
      await portal.close();
    }

    const events = SqliteEventStore.open({ dataDir: portal.dataDir });
    const reads = SqliteReadStore.open({ dataDir: portal.dataDir });
    const runner = new ProjectionRunner(await events, await reads, PORTAL_PROJECTIONS);
    try {
      const live = await snapshot(await reads);
      // 8 bookings, plus the 3 enrolments the demo families hold.
      expect(JSON.parse(live.requests)).toHaveLength(11);
      await runner.start();
      for (const name of runner.names) await runner.rebuild(name);
      expect(await snapshot(await reads)).toEqual(live);
      // Replaying on top of a built model (checkpoint lost, documents kept) changes nothing either.
      await runner.stop();
      await (await reads).unitOfWork(async (uow) => {
        for (const name of runner.names) await uow.collection('projection_checkpoints').delete(name);
      });
      await runner.start();
      expect(await runner.waitFor(await (await events).headPosition(), 10_000)).toBe(true);
      expect(await snapshot(await reads)).toEqual(live);
    } finally {
      await runner.stop();
      await (await reads).close();
      await (await events).close();
    }
  });
});
