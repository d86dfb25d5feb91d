import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventToAppend, type RecordedEvent } from '@pf/event-store';
import { PersonalDataEventStore } from './personal-data-event-store';
import type { PersonalDataPolicies } from './personal-data.policy';
import { SqliteKeyStore } from './sqlite-key-store';

interface Opened {
  familyId: string;
  guardianName: string;
  phone: string;
  childrenCount: number;
}

const policies: PersonalDataPolicies = {
  FileOpened: {
    subject: (d: Opened) => `family:${d.familyId}`,
    personalFields: ['guardianName', 'phone'],
    redact: (d: Opened) => ({ ...d, guardianName: '', phone: '' }),
  },
};

const event = (id: string, data: Opened, actorName?: string): EventToAppend => ({
  id,
  type: 'FileOpened',
  data,
  metadata: {
    communeId: 'c1',
    actor: actorName ? { kind: 'guardian', id: 'acc-1', name: actorName } : { kind: 'staff', id: 'staff-1', name: 'Sandrine Lefèvre' },
    correlationId: id,
    causationId: id,
    occurredAt: '2026-12-01T08:00:00.000Z',
    schemaVersion: 1,
  },
});

const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

/** Every byte of every file under the folder, as latin1 text, to search for a string. */
const bytesOf = (dir: string): string =>
  readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');

describe('personal data sealed in the event store (crypto-shredding)', () => {
  let dir: string;
  let keys: SqliteKeyStore;
  let inner: SqliteEventStore;
  let store: PersonalDataEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pf-pd-'));
    keys = SqliteKeyStore.open(dir, { keyEncryptionKey: randomBytes(32) });
    inner = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    store = new PersonalDataEventStore(inner, keys, policies);
  });
  afterEach(async () => {
    await store.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores no name or phone in clear, yet readers see them', async () => {
    await store.append('family-c1.f1', [event(ID(1), { familyId: 'f1', guardianName: 'Julie Dubois', phone: '0611223344', childrenCount: 2 }, 'Julie Dubois')], 'no_stream');
    const [raw] = await inner.readStream('family-c1.f1');
    expect(JSON.stringify(raw)).not.toMatch(/Julie|0611223344/);
    expect(raw.data).toMatchObject({ familyId: 'f1', guardianName: '', phone: '', childrenCount: 2 });
    expect(bytesOf(dir)).not.toMatch(/Julie|0611223344/);

    const [seen] = await store.readStream('family-c1.f1');
    expect(seen.data).toEqual({ familyId: 'f1', guardianName: 'Julie Dubois', phone: '0611223344', childrenCount: 2 });
    expect(seen.metadata.actor).toEqual({ kind: 'guardian', id: 'acc-1', name: 'Julie Dubois' });
  });

  it('hands credentials to the command path alone: every other read gets the event without them', async () => {
    const credentials = new PersonalDataEventStore(inner, keys, {
      AccountRegistered: {
        subject: (d: { accountId: string }) => `account:${d.accountId}`,
        personalFields: ['email', 'passwordHash'],
        credentialFields: ['passwordHash'],
        redact: (d: object) => ({ ...d, email: '', passwordHash: '' }),
      },
    });
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
    await credentials.append('account-a1', [{ ...event(ID(7), { familyId: 'f1', guardianName: '', phone: '', childrenCount: 0 }), type: 'AccountRegistered', data: { accountId: 'a1', email: 'julie@example.fr', passwordHash: hash } }], 'no_stream');
    expect(bytesOf(dir)).not.toContain('argon2');
    expect((await credentials.readStream('account-a1', { withCredentials: true }))[0].data).toEqual({ accountId: 'a1', email: 'julie@example.fr', passwordHash: hash });
    const others = [(await credentials.readStream('account-a1'))[0], (await credentials.readAll())[0]];
    const subscription = credentials.subscribeToAll();
    for await (const e of subscription) {
      others.push(e);
      break;
    }
    await subscription.close();
    for (const e of others) expect(e.data).toEqual({ accountId: 'a1', email: 'julie@example.fr' });
  });

  it('opens the envelopes for subscribers and readers of the whole log', async () => {
    await store.append('family-c1.f1', [event(ID(1), { familyId: 'f1', guardianName: 'Julie Dubois', phone: '0611223344', childrenCount: 1 })], 'no_stream');
    expect((await store.readAll())[0].data).toMatchObject({ guardianName: 'Julie Dubois' });
    const subscription = store.subscribeToAll();
    const first = (await subscription[Symbol.asyncIterator]().next()).value as RecordedEvent;
    await subscription.close();
    expect(first.data).toMatchObject({ guardianName: 'Julie Dubois' });
  });

  it('keeps staff names in clear: they are the audit trail, not a family’s data', async () => {
    await store.append('family-c1.f1', [event(ID(1), { familyId: 'f1', guardianName: 'X', phone: 'Y', childrenCount: 1 })], 'no_stream');
    expect((await inner.readStream('family-c1.f1'))[0].metadata.actor.name).toBe('Sandrine Lefèvre');
  });

  it('gives the redacted data once the family’s key is destroyed, counts kept, and refuses to seal for it again', async () => {
    await store.append('family-c1.f1', [event(ID(1), { familyId: 'f1', guardianName: 'Julie Dubois', phone: '0611223344', childrenCount: 2 })], 'no_stream');
    await store.append('family-c1.f2', [event(ID(2), { familyId: 'f2', guardianName: 'Marc Petit', phone: '0699887766', childrenCount: 1 })], 'no_stream');
    await keys.destroy('family:f1');
    expect((await store.readStream('family-c1.f1'))[0].data).toEqual({ familyId: 'f1', guardianName: '', phone: '', childrenCount: 2 });
    expect((await store.readStream('family-c1.f2'))[0].data).toMatchObject({ guardianName: 'Marc Petit' });
    await expect(store.append('family-c1.f1', [event(ID(3), { familyId: 'f1', guardianName: 'Julie', phone: '', childrenCount: 2 })], 'any')).rejects.toMatchObject({
      code: 'PERSONAL_DATA_ERASED',
    });
  });

  it('leaves no copy of a destroyed key in the key store files, WAL included', async () => {
    await store.append('family-c1.f1', [event(ID(1), { familyId: 'f1', guardianName: 'Julie Dubois', phone: '0611223344', childrenCount: 2 })], 'no_stream');
    const key = Buffer.from((await keys.existingKey('family:f1'))!);
    await keys.destroy('family:f1');
    const files = readdirSync(dir).filter((f) => f.startsWith('personal-data-keys'));
    const all = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
    expect(all.indexOf(key)).toBe(-1);
    const wal = join(dir, 'personal-data-keys.sqlite-wal');
    if (existsSync(wal)) expect(statSync(wal).size).toBe(0);
    expect(await keys.isErased('family:f1')).toBe(true);
  });
});
