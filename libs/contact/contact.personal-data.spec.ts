import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pf/event-store';
import { PersonalDataEventStore, SqliteKeyStore } from '@pf/personal-data';
import { contactPersonalData } from './contact.personal-data';

describe('a contact message in the event store', () => {
  it('is sealed with the family’s key, readable by the portal, and blank once the family is erased', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-contact-pd-'));
    const keys = SqliteKeyStore.open(dir, { keyEncryptionKey: randomBytes(32) });
    const inner = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    const store = new PersonalDataEventStore(inner, keys, contactPersonalData);
    try {
      const data = { requestId: 'r1', familyId: 'f1', topic: 'other', text: 'Mon fils Hugo est allergique aux arachides' };
      await store.append('contact-shb.r1', [
        { id: '00000000-0000-4000-8000-000000000001', type: 'ContactMessageSent', data, metadata: { communeId: 'shb', actor: { kind: 'guardian', id: 'a1' }, correlationId: 'c', causationId: 'c', occurredAt: '2026-12-01T08:00:00.000Z', schemaVersion: 1 } },
      ], 'no_stream');
      expect(JSON.stringify(await inner.readStream('contact-shb.r1'))).not.toContain('arachides');
      expect((await store.readStream('contact-shb.r1'))[0].data).toEqual(data);
      await keys.destroy('family:f1');
      expect((await store.readStream('contact-shb.r1'))[0].data).toEqual({ ...data, text: '' });
    } finally {
      await store.close();
      await keys.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
