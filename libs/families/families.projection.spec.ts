import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@pf/event-store';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { FAMILIES, FAMILY_CHILDREN, familiesProjection, SUBSCRIBER_CODES, type SubscriberCodeDocument } from './families.projection';

let position = 0;
const event = (type: string, data: unknown, communeId = 'c1'): RecordedEvent => ({
  id: `e${++position}`,
  type,
  data,
  streamId: `family-${communeId}.f1`,
  revision: position,
  position,
  recordedAt: '2026-11-02T08:00:00.000Z',
  metadata: { communeId, actor: { kind: 'staff', id: 's1' }, correlationId: 'x', causationId: 'x', occurredAt: '2026-11-02T08:00:00.000Z', schemaVersion: 1 },
});

describe('families read model', () => {
  let dir: string;
  let reads: ReadStore;
  const apply = async (...events: RecordedEvent[]) => {
    for (const spec of familiesProjection.collections) await reads.ensureCollection(spec);
    await reads.unitOfWork(async (uow) => {
      for (const e of events) await familiesProjection.handlers[e.type]?.(e, uow.inCommune(e.metadata.communeId));
    });
  };
  const c1 = () => reads.inCommune('c1');
  const code = (id: string) => reads.collection<SubscriberCodeDocument>(SUBSCRIBER_CODES).get(id);
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-families-'));
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
  });
  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const openedData = {
    familyId: 'f1',
    name: 'Famille DUBOIS',
    guardians: [{ guardianId: 'g1', civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'j@example.fr' }],
    children: [{ childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12' }],
  };
  const opened = event('FamilyFileOpened', openedData);

  it('shows a pending change until staff decide, then the new record', async () => {
    const change = { target: 'child', childId: 'c1', changes: { health: { allergies: 'Arachide' } } };
    await apply(opened, event('FamilyChangeRequested', { familyId: 'f1', requestId: 'r1', change, summary: ['Emma — Santé'] }));
    expect((await c1().collection(FAMILIES).get('f1'))?.pendingChanges).toEqual([{ requestId: 'r1', change, summary: ['Emma — Santé'], requestedAt: '2026-11-02T08:00:00.000Z' }]);
    const child = { childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', health: { allergies: 'Arachide' } };
    await apply(event('FamilyChangeAccepted', { familyId: 'f1', requestId: 'r1' }), event('ChildRecorded', { familyId: 'f1', child, added: false }));
    const family = await c1().collection(FAMILIES).get('f1');
    expect(family).toMatchObject({ communeId: 'c1', pendingChanges: [], children: [child] });
    expect(await c1().collection(FAMILY_CHILDREN).get('c1')).toMatchObject({ health: { allergies: 'Arachide' }, familyId: 'f1', communeId: 'c1' });
  });

  it('forgets everything about an erased family', async () => {
    await apply(opened, event('SubscriberCodeIssued', { familyId: 'f1', subscriberCode: 'SHB-1111-2222-3333' }));
    await apply(event('FamilyErased', { familyId: 'f1', reasonCode: 'RIGHT_TO_ERASURE', childIds: ['c1'], guardianIds: ['g1'], accountIds: [] }));
    expect(await c1().collection(FAMILIES).get('f1')).toBeNull();
    expect(await c1().collection(FAMILY_CHILDREN).count({ familyId: 'f1' })).toBe(0);
    expect(await reads.collection(SUBSCRIBER_CODES).count({ familyId: 'f1' })).toBe(0);
  });

  it("keeps a commune's family, children and subscriber code when another commune uses the same ids and code", async () => {
    await apply(opened, event('SubscriberCodeIssued', { familyId: 'f1', subscriberCode: 'SHB-1111-2222-3333' }));
    const before = { family: await c1().collection(FAMILIES).get('f1'), child: await c1().collection(FAMILY_CHILDREN).get('c1'), code: await code('SHB-1111-2222-3333') };

    await apply(
      event('FamilyFileOpened', { ...openedData, name: 'Famille AUTRE' }, 'c2'),
      event('SubscriberCodeIssued', { familyId: 'f1', subscriberCode: 'SHB-1111-2222-3333' }, 'c2'),
      event('GuardianAccountLinked', { familyId: 'f1', guardianId: 'g1', accountId: 'a2', subscriberCode: 'SHB-1111-2222-3333' }, 'c2'),
    );
    expect(await reads.inCommune('c2').collection(FAMILIES).get('f1')).toMatchObject({ communeId: 'c2', name: 'Famille AUTRE' });
    await apply(event('FamilyErased', { familyId: 'f1', reasonCode: 'RIGHT_TO_ERASURE', childIds: ['c1'], guardianIds: ['g1'], accountIds: [] }, 'c2'));

    expect(await c1().collection(FAMILIES).get('f1')).toEqual(before.family);
    expect(await c1().collection(FAMILY_CHILDREN).get('c1')).toEqual(before.child);
    expect(await code('SHB-1111-2222-3333')).toEqual({ _id: 'SHB-1111-2222-3333', communeId: 'c1', familyId: 'f1', usable: true });
    expect(before.code).toEqual(await code('SHB-1111-2222-3333'));
    expect(await reads.inCommune('c2').collection(FAMILIES).get('f1')).toBeNull();
  });
});
