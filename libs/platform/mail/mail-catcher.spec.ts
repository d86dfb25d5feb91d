import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { MailCatcher } from './mail-catcher';

describe('the local mail catcher (npm start without SMTP_URL)', () => {
  let dir: string;
  let catcher: MailCatcher;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-catcher-'));
    catcher = new MailCatcher(join(dir, 'mails'));
    await catcher.start(0);
  });
  afterEach(async () => {
    await catcher.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (to: string, text: string) =>
    createTransport(catcher.smtpUrl).sendMail({ from: 'portail@example.fr', to, subject: 'Activez votre compte', text });

  it("forgets every mail of an erased family's guardians and keeps the others", async () => {
    await send('Zephyrine.Quintavalle@example.fr', 'Bonjour Zéphyrine Quintavalle');
    await send('autre.famille@example.fr', 'Bonjour Paul');
    await send('agent@mairie.fr', 'Nouvelle demande de zephyrine.quintavalle@example.fr');
    expect(catcher.list()).toHaveLength(3);

    expect(catcher.forget(['zephyrine.quintavalle@example.fr'])).toBe(2);

    const left = catcher.list();
    expect(left).toHaveLength(1);
    expect(left[0].raw).toContain('autre.famille@example.fr');
    expect(readdirSync(join(dir, 'mails'))).toHaveLength(1);
    expect(catcher.forget([])).toBe(0);
  });

  it('drops a mail to a forgotten address that arrives after the erasure (sent just before it)', async () => {
    catcher.forget(['zephyrine.quintavalle@example.fr']);
    await send('zephyrine.quintavalle@example.fr', 'Votre demande a été reçue');
    await send('autre.famille@example.fr', 'Bonjour Paul');
    expect(catcher.list().map((m) => m.raw.includes('autre.famille@example.fr'))).toEqual([true]);
  });
});
