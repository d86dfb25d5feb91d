import { createHash } from 'node:crypto';
import { deploymentCollection, type Document, type ReadStore } from '@pf/read-store';

/** Deployment-wide (one sender serves every commune); each mail says its commune, which is part of its key. */
export const MAIL_OUTBOX = deploymentCollection('mail_outbox');

export interface MailToSend {
  /** The commune the mail is sent for: its dedupe key and its data subject are that commune's. */
  communeId: string;
  /** Same key, same mail: enqueuing it again (a replayed request, a re-applied event) sends nothing more. */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * Whose personal data the mail carries ('family:<id>', 'account:<id>'): erasing that subject
   * drops its mails still waiting. Sent mails keep no content.
   */
  dataSubject?: string;
}

export type OutboxStatus = 'pending' | 'sent';

export interface OutboxDocument extends Document {
  communeId: string;
  status: OutboxStatus;
  /** Content, present only while the mail waits to be sent. */
  to: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  dataSubject: string | null;
  enqueuedAt: string;
  attempts: number;
  /** Epoch ms of the next try. */
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: string | null;
}

/** The dedupe key may hold ids only; it is hashed anyway so no key shape leaks into the store. */
export const outboxId = (communeId: string, dedupeKey: string) => createHash('sha256').update(communeId).update('\u0000').update(dedupeKey).digest('hex');

/**
 * A durable outbox in the read store: a mail is first written here, then the sender delivers it,
 * retrying with back-off while the mail server is unreachable. The outbox is no projection:
 * rebuilding read models leaves it alone.
 */
export class MailOutbox {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly reads: ReadStore, private readonly nowMs: () => number = Date.now) {}

  async init(): Promise<void> {
    await this.reads.ensureCollection({ name: MAIL_OUTBOX, indexes: [{ fields: ['status', 'nextAttemptAt'] }, { fields: ['communeId', 'dataSubject'] }] });
  }

  /** True when the mail was queued now, false when its dedupe key was already known. */
  async enqueue(mail: MailToSend): Promise<boolean> {
    if (!mail.communeId || !mail.to || !mail.subject || !mail.text) throw new Error('A mail needs a commune, a recipient, a subject and a text');
    const _id = outboxId(mail.communeId, mail.dedupeKey);
    const queued = await this.reads.unitOfWork(async (uow) => {
      const outbox = uow.collection<OutboxDocument>(MAIL_OUTBOX);
      if (await outbox.get(_id)) return false;
      await outbox.upsert({
        _id,
        communeId: mail.communeId,
        status: 'pending',
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? null,
        dataSubject: mail.dataSubject ?? null,
        enqueuedAt: new Date(this.nowMs()).toISOString(),
        attempts: 0,
        nextAttemptAt: this.nowMs(),
        lastError: null,
        sentAt: null,
      });
      return true;
    });
    if (queued) for (const listener of this.listeners) listener();
    return queued;
  }

  /** Mails due now, oldest first. */
  due(limit = 20): Promise<OutboxDocument[]> {
    return this.reads
      .collection<OutboxDocument>(MAIL_OUTBOX)
      .find({ status: 'pending', nextAttemptAt: { $lte: this.nowMs() } }, { sort: { nextAttemptAt: 1 }, limit });
  }

  async nextDueAt(): Promise<number | null> {
    const [next] = await this.reads.collection<OutboxDocument>(MAIL_OUTBOX).find({ status: 'pending' }, { sort: { nextAttemptAt: 1 }, limit: 1 });
    return next ? next.nextAttemptAt : null;
  }

  /** Delivered: forget the content, keep the key so a replay sends nothing. */
  async markSent(id: string): Promise<void> {
    await this.update(id, (doc) => ({ ...doc, status: 'sent', to: null, subject: null, text: null, html: null, sentAt: new Date(this.nowMs()).toISOString(), lastError: null, attempts: doc.attempts + 1 }));
  }

  async markFailed(id: string, error: string, retryInMs: number): Promise<void> {
    await this.update(id, (doc) => ({ ...doc, attempts: doc.attempts + 1, lastError: error.slice(0, 500), nextAttemptAt: this.nowMs() + retryInMs }));
  }

  /** Drops the mails still waiting that carry this subject's personal data (right to erasure). */
  async forgetSubject(communeId: string, dataSubject: string): Promise<number> {
    return this.reads.unitOfWork((uow) => uow.collection<OutboxDocument>(MAIL_OUTBOX).deleteMany({ communeId, dataSubject }));
  }

  get(communeId: string, dedupeKey: string): Promise<OutboxDocument | null> {
    return this.reads.collection<OutboxDocument>(MAIL_OUTBOX).get(outboxId(communeId, dedupeKey));
  }

  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async update(id: string, change: (doc: OutboxDocument) => OutboxDocument): Promise<void> {
    await this.reads.unitOfWork(async (uow) => {
      const outbox = uow.collection<OutboxDocument>(MAIL_OUTBOX);
      const doc = await outbox.get(id);
      if (doc) await outbox.upsert(change(doc));
    });
  }
}
