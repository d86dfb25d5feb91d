import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotificationRejected, type KnownAttempt, type PaymentProvider, type PaymentRequest, type VerifiedNotification } from './payment-provider';

export type TestOutcome = 'success' | 'refusal' | 'abandon';
const CODES: Record<TestOutcome, { code: string; outcome: VerifiedNotification['outcome'] }> = {
  success: { code: 'P', outcome: 'paid' },
  refusal: { code: 'R', outcome: 'refused' },
  abandon: { code: 'A', outcome: 'abandoned' },
};

/**
 * The local test-mode provider, default of `npm start`: a page served by the portal itself,
 * clearly labelled « Mode test — aucun paiement réel », with a success, a refusal and an abandon.
 * No money moves. Its notifications are signed with a key of this process (HMAC-SHA256), so
 * only this page can produce them.
 */
export class TestModeProvider implements PaymentProvider {
  readonly name = 'test' as const;
  readonly label = 'Mode test — aucun paiement réel';
  readonly testMode = true;

  constructor(
    /** Absolute base of the portal, e.g. http://localhost:3000 (resolved when asked). */
    private readonly portalBase: () => string,
    private readonly key: Buffer = randomBytes(32),
  ) {}

  private sign(parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('|')).digest('base64url');
  }

  /** Guards the page's links: only the parent sent there by the portal can use them. */
  pageKey(attemptId: string): string {
    return this.sign(['page', attemptId]);
  }

  checkPageKey(attemptId: string, key: string): boolean {
    const expected = Buffer.from(this.pageKey(attemptId));
    const given = Buffer.from(String(key ?? ''));
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  redirectUrl(request: PaymentRequest): string {
    return `${this.portalBase()}/api/payments/test-mode/${request.attemptId}?key=${this.pageKey(request.attemptId)}`;
  }

  /** The notification the test provider sends for an outcome chosen on its page. */
  notification(attempt: { reference: string; amountCents: number }, outcome: TestOutcome, day: string, transactionId: string): Record<string, string> {
    const fields = { reference: attempt.reference, amount: String(attempt.amountCents), result: CODES[outcome].code, day, transaction: transactionId };
    return { ...fields, signature: this.sign(Object.values(fields)) };
  }

  referenceOf(params: Record<string, string>): string {
    if (!params.reference) throw new NotificationRejected('NOTIFICATION_INCOMPLETE', 'Notification de test sans référence.');
    return params.reference;
  }

  verify(p: Record<string, string>, attempt: KnownAttempt): VerifiedNotification {
    const expected = Buffer.from(this.sign([p.reference, p.amount, p.result, p.day, p.transaction].map(String)));
    const given = Buffer.from(String(p.signature ?? ''));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new NotificationRejected('NOTIFICATION_SIGNATURE_INVALID', 'Notification de test mal signée.');
    if (p.reference !== attempt.reference || p.amount !== String(attempt.amountCents)) throw new NotificationRejected('NOTIFICATION_MISMATCH', 'Notification de test pour un autre paiement.');
    const entry = Object.values(CODES).find((c) => c.code === p.result);
    if (!entry || !/^\d{4}-\d{2}-\d{2}$/.test(p.day)) throw new NotificationRejected('NOTIFICATION_INCOMPLETE', 'Notification de test illisible.');
    return { attemptId: attempt.attemptId, outcome: entry.outcome, amountCents: attempt.amountCents, providerCode: entry.code, authorisation: entry.outcome === 'paid' ? p.transaction : null, transactionDay: p.day };
  }
}
