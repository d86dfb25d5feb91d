import { randomBytes } from 'node:crypto';
import { deploymentCollection, type Document, type ReadStore } from '@pf/read-store';

export const SESSIONS = deploymentCollection('sessions');

export interface SessionDocument extends Document {
  accountId: string;
  /** Epoch ms. */
  expiresAt: number;
  createdAt: string;
}

/**
 * Server-side sessions, so signing out, a password change or an erasure end them at once. They
 * live in the read store beside the read models but are no projection (a rebuild keeps them).
 */
export class SessionStore {
  constructor(private readonly reads: ReadStore) {}

  async init(): Promise<void> {
    await this.reads.ensureCollection({ name: SESSIONS, indexes: [{ fields: ['accountId'] }] });
  }

  async open(accountId: string, nowMs: number, lifetimeSeconds: number): Promise<string> {
    const sessionId = randomBytes(18).toString('base64url');
    await this.reads.unitOfWork(async (uow) => {
      const sessions = uow.collection<SessionDocument>(SESSIONS);
      // Expired sessions of this account go when it opens a new one: the collection stays small.
      for (const old of await sessions.find({ accountId, expiresAt: { $lt: nowMs } })) await sessions.delete(old._id);
      await sessions.upsert({ _id: sessionId, accountId, expiresAt: nowMs + lifetimeSeconds * 1000, createdAt: new Date(nowMs).toISOString() });
    });
    return sessionId;
  }

  async isLive(sessionId: string, accountId: string, nowMs: number): Promise<boolean> {
    const session = await this.reads.collection<SessionDocument>(SESSIONS).get(sessionId);
    return session !== null && session.accountId === accountId && session.expiresAt > nowMs;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.reads.unitOfWork((uow) => uow.collection(SESSIONS).delete(sessionId));
  }

  /** Ends every session of the account but `keep` (the one changing the password). */
  async revokeAll(accountId: string, keep?: string): Promise<void> {
    await this.reads.unitOfWork(async (uow) => {
      const sessions = uow.collection<SessionDocument>(SESSIONS);
      for (const s of await sessions.find({ accountId })) if (s._id !== keep) await sessions.delete(s._id);
    });
  }
}
