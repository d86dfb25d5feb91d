import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  raw: string;
}

/**
 * The local mail catcher of `npm start` without SMTP_URL: an SMTP server on 127.0.0.1 that keeps
 * every mail as a .eml file under DATA_DIR/mails, for the developer to read (and click the
 * activation link) at /dev/mails. Never used when SMTP_URL is set.
 */
export class MailCatcher {
  private server?: SMTPServer;
  private port = 0;

  constructor(private readonly folder: string) {}

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(preferredPort: number): Promise<void> {
    mkdirSync(this.folder, { recursive: true });
    try {
      await this.listen(preferredPort);
    } catch (error) {
      if (preferredPort === 0) throw error;
      await this.listen(0); // the usual port is taken: any free one will do
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  list(): CaughtMail[] {
    return readdirSync(this.folder)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse()
      .slice(0, 200)
      .map((f) => this.read(f.slice(0, -4))!)
      .filter(Boolean);
  }

  read(id: string): CaughtMail | null {
    if (!/^[\w-]+$/.test(id)) return null;
    try {
      const raw = readFileSync(join(this.folder, `${id}.eml`), 'utf8');
      return { id, receivedAt: new Date(Number(id.split('-')[0])).toISOString(), raw };
    } catch {
      return null;
    }
  }

  /**
   * Forgets every caught mail sent to, or naming, one of these addresses (an erased family's
   * guardians): the whole .eml file goes, headers and body. Returns how many were removed.
   */
  forget(addresses: string[]): number {
    const needles = addresses.map((a) => a.trim().toLowerCase()).filter(Boolean);
    if (!needles.length) return 0;
    let removed = 0;
    for (const file of readdirSync(this.folder).filter((f) => f.endsWith('.eml'))) {
      const path = join(this.folder, file);
      let raw: string;
      try {
        raw = readFileSync(path, 'utf8').toLowerCase();
      } catch {
        continue; // removed meanwhile
      }
      if (!needles.some((n) => raw.includes(n))) continue;
      rmSync(path, { force: true });
      removed++;
    }
    return removed;
  }

  private listen(port: number): Promise<void> {
    let counter = 0;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      banner: 'Portail Famille - collecteur de courriels local',
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const id = `${Date.now()}-${String(counter++).padStart(4, '0')}`;
          writeFileSync(join(this.folder, `${id}.eml`), Buffer.concat(chunks), { mode: 0o600 });
          callback();
        });
      },
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.removeListener('error', reject);
        server.on('error', () => undefined);
        this.server = server;
        this.port = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }
}
