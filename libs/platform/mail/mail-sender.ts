import { createTransport, type Transporter } from 'nodemailer';
import type { MailOutbox } from './outbox';

export interface MailSenderOptions {
  smtpUrl: string;
  from: string;
  /** First retry delay; doubles at each failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Fallback wake-up when idle (enqueue wakes the loop at once). */
  idlePollMs?: number;
  log?: (message: string) => void;
}

/** The delay before the n-th retry (n ≥ 1): exponential, capped. A mail is never dropped. */
export const retryDelay = (attempt: number, baseMs: number, maxMs: number) => Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));

/**
 * Delivers the outbox over SMTP (nodemailer). A failed delivery stays in the outbox and is tried
 * again later with exponential back-off: a mail server outage delays mails, it never loses them.
 */
export class MailSender {
  private readonly transport: Transporter;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private timer?: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly outbox: MailOutbox, private readonly options: MailSenderOptions) {
    this.transport = createTransport(options.smtpUrl, {
      // Bounded: an unreachable server fails the attempt quickly instead of hanging the loop.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as object);
    this.unsubscribe = outbox.onEnqueued(() => this.wake?.());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe();
    this.wake?.();
    await this.loop;
    this.transport.close();
  }

  /** One pass over the mails due now; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    let delivered = 0;
    for (const mail of await this.outbox.due()) {
      if (!this.running && this.loop) break;
      try {
        await this.transport.sendMail({
          from: this.options.from,
          to: mail.to!,
          subject: mail.subject!,
          text: mail.text!,
          ...(mail.html ? { html: mail.html } : {}),
        });
        await this.outbox.markSent(mail._id);
        delivered++;
      } catch (error) {
        const delay = retryDelay(mail.attempts + 1, this.options.baseDelayMs ?? 2_000, this.options.maxDelayMs ?? 15 * 60_000);
        // Never log the recipient or the content: only the error and when we try again.
        this.options.log?.(`envoi d'un e-mail échoué (tentative ${mail.attempts + 1}), nouvel essai dans ${Math.round(delay / 1000)} s : ${describe(error)}`);
        await this.outbox.markFailed(mail._id, describe(error), delay);
      }
    }
    return delivered;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.deliverDue();
      } catch (error) {
        this.options.log?.(`boîte d'envoi illisible : ${describe(error)}`);
      }
      if (!this.running) break;
      const next = await this.outbox.nextDueAt().catch(() => null);
      const idle = this.options.idlePollMs ?? 30_000;
      const wait = next === null ? idle : Math.max(0, Math.min(idle, next - Date.now()));
      if (wait > 0) await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        clearTimeout(this.timer);
        this.wake = undefined;
        resolve();
      };
      this.timer = setTimeout(() => this.wake?.(), ms);
    });
  }
}

const describe = (error: unknown) => (error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error));
