import { rmSync } from 'node:fs';
import { FixedClock } from '@pf/domain';
import { CHECKPOINTS } from '@pf/projections';
import { isDeploymentCollection, type DeploymentCollection, type ReadStore } from '@pf/read-store';
import { PORTAL_PROJECTIONS } from '../../apps/api/src/projections';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { openStoppedPortal } from '../support/offline-stores';
import { startPortal } from '../support/portal';

/** Every document of every read model, every commune's (each says its commune), in the order they are stored. */
async function snapshot(reads: ReadStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const projection of PORTAL_PROJECTIONS) {
    for (const { name } of projection.collections) {
      const docs = isDeploymentCollection(name)
        ? await reads.collection(name as DeploymentCollection).find({}, { sort: { _id: 1 } })
        : await reads.acrossCommunes().collection(name).find({}, { sort: { _id: 1 } });
      out[name] = JSON.stringify(docs);
    }
  }
  return out;
}

describe('read models rebuilt from the first event', () => {
  it('are identical to the ones built live', async () => {
    const clock = new FixedClock('2026-12-01T08:00:00Z');
    const portal = await startPortal({ clock, keepData: true });
    let made = 0;
    try {
      const staff = new ApiClient(portal.baseUrl);
      await staff.signIn(STAFF.email, STAFF.password);
      const families = (await staff.get('/api/families')).body.items;
      const parent = new ApiClient(portal.baseUrl);
      const familyId = (await parent.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
      const canteen = (await parent.get('/api/activities')).body.items.find((a: any) => a.kind === 'canteen');
      const martin = families.find((f: any) => f.name === 'Famille MARTIN');
      const ok = (response: { status: number; body: unknown }) => {
        if (response.status >= 300) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
        return response;
      };

      // Bookings decided by the rules: accepted, refused (closed day, past deadline).
      for (const day of ['2026-12-03', '2026-12-04', '2026-12-01', '2026-12-05']) {
        for (const child of martin.children) {
          ok(await parent.post('/api/reservations', { requestId: requestId(), childId: child.childId, activityId: canteen.activityId, day }));
          made++;
        }
      }
      // Read marks, one then all.
      const first = (await parent.get(`/api/families/${familyId}/requests?unread=true&limit=1`)).body.items[0];
      ok(await parent.post(`/api/families/${familyId}/requests/${first.requestId}/mark-read`, { requestId: requestId() }));
      clock.set('2026-12-01T09:00:00Z');
      // A conversation with the service, answered, followed up, answered again.
      const contactId = requestId();
      ok(await parent.post(`/api/families/${familyId}/contact`, { requestId: contactId, topic: 'billing', text: 'Bonjour, où trouver ma facture ?' }));
      made++;
      ok(await staff.post(`/api/families/${familyId}/contact/${contactId}/answers`, { requestId: requestId(), text: 'Dans votre espace, rubrique Factures.' }));
      ok(await parent.post(`/api/families/${familyId}/contact/${contactId}/messages`, { requestId: requestId(), text: 'Merci ! Et celle de novembre ?' }));
      ok(await staff.post(`/api/families/${familyId}/contact/${contactId}/answers`, { requestId: requestId(), text: 'Elle part cette semaine.' }));
      ok(await parent.post(`/api/families/${familyId}/requests/mark-all-read`, { requestId: requestId() }));
      // News published, revised, withdrawn; one for an activity only.
      const news = ok(await staff.post('/api/news', { requestId: requestId(), title: 'Repas de Noël', body: 'Menu de fête le 17/12/2026.', publishFrom: '2026-12-01', publishUntil: '2026-12-18', audience: { kind: 'commune' } }));
      const newsId = (news.body as { newsId: string }).newsId;
      ok(await staff.send('PUT', `/api/news/${newsId}`, { requestId: requestId(), title: 'Repas de Noël', body: 'Menu de fête le jeudi 17/12/2026.', publishFrom: '2026-12-01', publishUntil: '2026-12-18', audience: { kind: 'activity', activityId: canteen.activityId } }));
      const other = ok(await staff.post('/api/news', { requestId: requestId(), title: 'Fermeture', body: 'Accueil fermé le 24/12.', publishFrom: '2026-12-10', audience: { kind: 'commune' } }));
      ok(await staff.post(`/api/news/${(other.body as { newsId: string }).newsId}/withdraw`, { requestId: requestId() }));
      // A second commune, its activities under the demo's own ids, with news of its own.
      const second = await registerOtherCommune(portal, clock.now(), 'val-de-loire-test', { reuseDemoIds: true });
      const secondStaff = new ApiClient(portal.baseUrl);
      await secondStaff.signIn(second.staff.email, second.staff.password);
      ok(await secondStaff.post('/api/news', { requestId: requestId(), title: 'Rentrée', body: 'Inscriptions ouvertes.', publishFrom: '2026-12-01', audience: { kind: 'commune' } }));
    } finally {
      await portal.close();
    }

    const stopped = await openStoppedPortal(portal.dataDir);
    try {
      const live = await snapshot(stopped.reads);
      const requests = JSON.parse(live.requests) as Array<{ kind: string; messages: unknown[] }>;
      expect(requests.filter((r) => r.kind === 'reservation')).toHaveLength(made - 1);
      expect(requests.find((r) => r.kind === 'contact')?.messages).toHaveLength(4);
      expect(JSON.parse(live.news)).toHaveLength(3);
      // The same activity ids in both communes: two documents each, told apart by their commune.
      const activities = JSON.parse(live.activities) as Array<{ _id: string; communeId: string }>;
      expect(new Set(activities.map((a) => a.communeId))).toEqual(new Set(['saint-hilaire-du-bois', 'val-de-loire-test']));
      expect(new Set(activities.map((a) => a._id)).size).toBe(activities.length / 2);
      expect(JSON.parse(live.audit_index).length).toBeGreaterThan(made * 2);
      await stopped.rebuildAll();
      expect(await snapshot(stopped.reads)).toEqual(live);
      // Replaying on top of a built model (checkpoint lost, documents kept) changes nothing either.
      await stopped.runner.stop();
      await stopped.reads.unitOfWork(async (uow) => {
        for (const name of stopped.runner.names) await uow.collection(CHECKPOINTS).delete(name);
      });
      await stopped.runner.start();
      expect(await stopped.runner.waitFor(await stopped.events.headPosition(), 20_000)).toBe(true);
      expect(await snapshot(stopped.reads)).toEqual(live);
    } finally {
      await stopped.close();
      rmSync(portal.dataDir, { recursive: true, force: true });
    }
  });
});
