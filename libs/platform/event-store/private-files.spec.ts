import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteKeyStore } from '@pf/personal-data';
import { SqliteReadStore } from '@pf/read-store';
import { SqliteEventStore } from './sqlite-event-store';

describe('the embedded stores keep the data folder private', () => {
  let parent: string;
  beforeEach(() => (parent = mkdtempSync(join(tmpdir(), 'pf-private-'))));
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('makes the folder 0700 and every file the stores write in it 0600, older ones included', async () => {
    const dir = join(parent, 'data');
    const events = SqliteEventStore.open({ dataDir: dir });
    await events.append('family-c.1', [{ id: '7b2c6a5e-0000-4000-8000-000000000001', type: 'FamilyOpened', data: {}, metadata: { communeId: 'c', actor: { kind: 'system', id: 't' }, correlationId: 'x', causationId: 'x', occurredAt: '2026-12-01T08:00:00.000Z', schemaVersion: 1 } }], 'any');
    const reads = await SqliteReadStore.open({ dataDir: dir });
    await reads.unitOfWork((uow) => uow.collection('families').upsert({ _id: 'c/1', communeId: 'c', name: 'Famille MARTIN' }));
    const keys = SqliteKeyStore.open(dir, { keyEncryptionKey: randomBytes(32) });
    await keys.keyFor('family:1');
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dir);
      expect(files).toEqual(expect.arrayContaining(['events.sqlite', 'read-models.sqlite', 'personal-data-keys.sqlite']));
      for (const file of files) expect([file, statSync(join(dir, file)).mode & 0o777]).toEqual([file, 0o600]);
    } finally {
      await keys.close();
      await reads.close();
      await events.close();
    }
    // A folder and a file written by an older version, readable by all, are narrowed when opened again.
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'events.sqlite'), 0o644);
    const again = SqliteEventStore.open({ dataDir: dir });
    await again.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'events.sqlite')).mode & 0o777).toBe(0o600);
  });
});
