import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import type { CommuneProfile } from './commune.events';
import { COMMUNES, communesProjection } from './communes.projection';
import { RegisterCommuneCommand, RegisterCommuneHandler } from './register-commune.handler';

const profile = (communeId: string, name: string, subscriberCodePrefix: string): CommuneProfile => ({
  communeId,
  name,
  timeZone: 'Europe/Paris',
  schoolZone: 'B',
  subscriberCodePrefix,
  serviceName: 'Service enfance',
  serviceEmail: `enfance@${communeId}.fr`,
});
let request = 0;
const ctx = (communeId: string): CommandContext => ({
  communeId,
  actor: { kind: 'system', id: 'operator' },
  channel: 'system',
  requestId: `00000000-0000-4000-8000-${String(++request).padStart(12, '0')}`,
  now: '2026-09-01T08:00:00.000Z',
});

describe('registering communes in one deployment', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: ReadStore;
  let runner: ProjectionRunner;
  let handler: RegisterCommuneHandler;
  const register = (p: CommuneProfile) => handler.execute(new RegisterCommuneCommand(p, ctx(p.communeId)));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-communes-'));
    events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    runner = new ProjectionRunner(events, reads, [communesProjection], { retryDelayMs: 10 });
    await runner.start();
    handler = new RegisterCommuneHandler(new EventSourcedStreams(events), reads);
    expect(await runner.waitFor((await register(profile('saint-hilaire-du-bois', 'Saint-Hilaire-du-Bois', 'SHB'))).position)).toBe(true);
  });
  afterEach(async () => {
    await runner.stop();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a commune whose subscriber codes would start like another commune's, or whose id is taken, and writes nothing", async () => {
    const before = await reads.collection(COMMUNES).find({});
    const head = await events.headPosition();
    await expect(register(profile('saint-mars', 'Saint-Mars', 'SHB'))).rejects.toMatchObject({ code: 'SUBSCRIBER_CODE_PREFIX_TAKEN', kind: 'conflict' });
    await expect(register(profile('saint-hilaire-du-bois', 'Autre commune', 'AUT'))).rejects.toMatchObject({ code: 'COMMUNE_ALREADY_REGISTERED' });
    expect(await events.headPosition()).toBe(head);
    expect(await reads.collection(COMMUNES).find({})).toEqual(before);
  });

  it('registers a commune with a prefix of its own', async () => {
    expect(await runner.waitFor((await register(profile('saint-mars', 'Saint-Mars', 'SMA'))).position)).toBe(true);
    expect((await reads.collection(COMMUNES).find({}, { sort: { _id: 1 } })).map((c) => [c._id, c.subscriberCodePrefix])).toEqual([
      ['saint-hilaire-du-bois', 'SHB'],
      ['saint-mars', 'SMA'],
    ]);
  });
});
