import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@pf/event-store';
import { createReadStore, type ReadStore } from '@pf/read-store';
import type { CommuneProfile } from './commune.events';
import { communeSearchKey } from './commune-search';
import { COMMUNES, communesProjection, type CommuneDocument } from './communes.projection';

const profile = (communeId: string, name: string): CommuneProfile => ({
  communeId,
  name,
  timeZone: 'Europe/Paris',
  schoolZone: 'B',
  subscriberCodePrefix: 'XYZ',
  serviceName: 'Service enfance',
  serviceEmail: `enfance@${communeId}.fr`,
});

let position = 0;
const registered = (p: CommuneProfile): RecordedEvent => {
  position += 1;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'CommuneRegistered',
    data: p,
    streamId: `commune-${p.communeId}`,
    revision: 0,
    position,
    recordedAt: '2026-09-01T08:00:00.000Z',
    metadata: { communeId: p.communeId, actor: { kind: 'system', id: 'seed' }, correlationId: 'c', causationId: 'c', occurredAt: '2026-09-01T08:00:00.000Z', schemaVersion: 1 },
  };
};

describe('the communes read model', () => {
  let dir: string;
  let reads: ReadStore;
  const apply = async (...events: RecordedEvent[]) => {
    for (const spec of communesProjection.collections) await reads.ensureCollection(spec);
    for (const event of events) await reads.unitOfWork((uow) => communesProjection.handlers[event.type](event, uow.inCommune(event.metadata.communeId)));
  };
  const communes = () => reads.collection<CommuneDocument>(COMMUNES);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'communes-'));
    reads = await createReadStore({ dataDir: dir });
  });
  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each registered commune with its profile', async () => {
    await apply(registered(profile('saint-hilaire-du-bois', 'Saint-Hilaire-du-Bois')));
    expect(await communes().get('saint-hilaire-du-bois')).toMatchObject({ ...profile('saint-hilaire-du-bois', 'Saint-Hilaire-du-Bois'), sortName: 'saint hilaire du bois' });
  });

  it('finds a commune by the start of any word of its name, and only that commune', async () => {
    await apply(registered(profile('saint-hilaire-du-bois', 'Saint-Hilaire-du-Bois')), registered(profile('l-hermitage', "L'Hermitage")), registered(profile('plan-d-orgon', "Plan-d'Orgon")));
    const found = async (typed: string) => (await communes().find({ searchKeys: communeSearchKey(typed)! }, { sort: { sortName: 1 } })).map((c) => c.communeId);
    expect(await found('hermi')).toEqual(['l-hermitage']);
    expect(await found('St Hil')).toEqual(['saint-hilaire-du-bois']);
    expect(await found('orgon')).toEqual(['plan-d-orgon']);
    expect(await found('bordeaux')).toEqual([]);
    expect((await communes().find({}, { sort: { sortName: 1 } })).map((c) => c.name)).toEqual(["L'Hermitage", "Plan-d'Orgon", 'Saint-Hilaire-du-Bois']);
  });

  it('sets the same document when the event is applied again', async () => {
    const event = registered(profile('saint-hilaire-du-bois', 'Saint-Hilaire-du-Bois'));
    await apply(event);
    const first = await communes().find({});
    await apply(event);
    expect(await communes().find({})).toEqual(first);
  });
});
