import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { startMailbox, type Mailbox } from '@pf/testing';
import { MailSender, retryDelay } from './mail-sender';
import { frenchMail } from './mail.templates';
import { MailOutbox } from './outbox';

describe('mail outbox and sender', () => {
  let dir: string;
  let reads: ReadStore;
  let outbox: MailOutbox;
  let mailbox: Mailbox;
  let sender: MailSender;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-mail-'));
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    outbox = new MailOutbox(reads);
    await outbox.init();
    mailbox = await startMailbox();
    sender = new MailSender(outbox, { smtpUrl: mailbox.smtpUrl, from: 'Portail <portail@example.fr>', baseDelayMs: 50, maxDelayMs: 200, idlePollMs: 100 });
  });
  afterEach(async () => {
    await sender.stop();
    await mailbox.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const mail = (key: string, communeId = 'saint-hilaire-du-bois') => ({ communeId, dedupeKey: key, to: 'julie.dubois@example.fr', subject: 'Activez votre compte', ...frenchMail({ paragraphs: ['Bienvenue.'], action: { label: 'Activer', url: 'http://localhost/activer?jeton=abc' } }) });

  it('sends a mail queued twice under the same key only once', async () => {
    sender.start();
    expect(await outbox.enqueue(mail('activation:1'))).toBe(true);
    expect(await outbox.enqueue(mail('activation:1'))).toBe(false);
    const received = await mailbox.waitFor('julie.dubois@example.fr');
    expect(received.links).toEqual(['http://localhost/activer?jeton=abc']);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.received).toHaveLength(1);
    expect(await outbox.enqueue(mail('activation:1'))).toBe(false);
  });

  it('keeps a mail while the mail server refuses it and delivers it once the server is back', async () => {
    mailbox.setFailing(true);
    sender.start();
    await outbox.enqueue(mail('reset:1'));
    await waitUntil(async () => ((await outbox.get('saint-hilaire-du-bois', 'reset:1'))?.attempts ?? 0) >= 2);
    expect(await outbox.get('saint-hilaire-du-bois', 'reset:1')).toMatchObject({ status: 'pending', lastError: expect.stringContaining('451') });
    mailbox.setFailing(false);
    await mailbox.waitFor('julie.dubois@example.fr', undefined, 5000);
    await waitUntil(async () => (await outbox.get('saint-hilaire-du-bois', 'reset:1'))?.status === 'sent');
  });

  it('forgets the content of a mail once delivered', async () => {
    sender.start();
    await outbox.enqueue(mail('activation:2'));
    await mailbox.waitFor('julie.dubois@example.fr');
    await waitUntil(async () => (await outbox.get('saint-hilaire-du-bois', 'activation:2'))?.status === 'sent');
    expect(await outbox.get('saint-hilaire-du-bois', 'activation:2')).toMatchObject({ to: null, subject: null, text: null, html: null });
  });

  it('drops the waiting mails of an erased family, and only that commune\'s', async () => {
    await outbox.enqueue({ ...mail('x:1'), dataSubject: 'family:f1' });
    await outbox.enqueue({ ...mail('x:2'), dataSubject: 'family:f2' });
    await outbox.enqueue({ ...mail('x:1', 'matrice-sur-loire'), dataSubject: 'family:f1' });
    expect(await outbox.forgetSubject('saint-hilaire-du-bois', 'family:f1')).toBe(1);
    expect(await outbox.get('saint-hilaire-du-bois', 'x:1')).toBeNull();
    expect(await outbox.get('saint-hilaire-du-bois', 'x:2')).not.toBeNull();
    expect(await outbox.get('matrice-sur-loire', 'x:1')).not.toBeNull();
  });

  it('keeps two communes\' mails with the same key apart', async () => {
    expect(await outbox.enqueue(mail('activation:3'))).toBe(true);
    expect(await outbox.enqueue(mail('activation:3', 'matrice-sur-loire'))).toBe(true);
  });

  it('waits longer after each failure, up to a ceiling', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelay(n, 1000, 6000))).toEqual([1000, 2000, 4000, 6000, 6000]);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
