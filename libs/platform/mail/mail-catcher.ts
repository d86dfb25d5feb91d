import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/** How long mails still arriving for a forgotten address are dropped (the outbox retries for less). */
const FORGET_LATE_MAILS_MS = 15 * 60_000;
const digest = (address: string) => createHash('sha256').update(address.trim().toLowerCase()).digest('base64');

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
  /** SHA-256 of addresses forgotten lately → until when mails still arriving for them are dropped. */
  private readonly forgotten = new Map<string, number>();

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
  forget(addresses: string[], nowMs = Date.now()): number {
    const needles = addresses.map((a) => a.trim().toLowerCase()).filter(Boolean);
    if (!needles.length) return 0;
    // First: a mail still on its way (sent before the erasure, received after) is dropped on arrival.
    for (const needle of needles) this.forgotten.set(digest(needle), nowMs + FORGET_LATE_MAILS_MS);
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

  private wasForgotten(address: string): boolean {
    const until = this.forgotten.get(digest(address));
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.forgotten.delete(digest(address));
    return false;
  }

  private listen(port: number): Promise<void> {
    let counter = 0;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      banner: 'Portail Famille - collecteur de courriels local',
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          if (recipients.length && recipients.every((r) => this.wasForgotten(r))) return callback();
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
