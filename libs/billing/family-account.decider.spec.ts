import type { FamilyAccountEvent } from './billing.events';
import {
  decideOnlineOutcome,
  decidePayment,
  decideStartOnlinePayment,
  evolveAccount,
  initialAccountState,
  planCorrection,
  planMonthlyInvoice,
  type AccountState,
} from './family-account.decider';
import type { InvoiceLine } from './month-billing';
import { allocateNumbers, initialNumberingState } from './numbering';

const line = (days: string[], unitPriceCents = 250, quotient: number | null = 650): InvoiceLine => ({
  childId: 'lea',
  activityId: 'canteen',
  kind: 'booked',
  quotient,
  unitPriceCents,
  days,
  quantity: days.length,
  amountCents: days.length * unitPriceCents,
});
const issued = (invoiceId = 'inv-1', lines = [line(['2026-10-01', '2026-10-02'])]): FamilyAccountEvent => ({
  type: 'InvoiceIssued',
  data: { invoiceId, familyId: 'martin', number: 'FA-2026-000001', month: '2026-10', kind: 'monthly', issuedOn: '2026-11-03', dueOn: '2026-12-03', lines, totalCents: lines.reduce((s, l) => s + l.amountCents, 0) },
});
const started = (amountCents = 500): FamilyAccountEvent => ({
  type: 'OnlinePaymentStarted',
  data: { attemptId: 'attempt-1', familyId: 'martin', invoiceId: 'inv-1', amountCents, provider: 'payfip', reference: 'PF2026000001A1', startedAt: '2026-11-04T10:00:00Z' },
});
const given = (...events: FamilyAccountEvent[]): AccountState => events.reduce(evolveAccount, initialAccountState);
const numbers = (ids: string[]) => new Map(ids.map((id, i) => [id, `N${i + 1}`]));

describe('a family account', () => {
  it('issues the month once: a second run of the same month plans nothing', () => {
    const draft = { invoiceId: 'inv-1', familyId: 'martin', month: '2026-10', issuedOn: '2026-11-03', dueOn: '2026-12-03', lines: [line(['2026-10-01'])], totalCents: 250 };
    expect(planMonthlyInvoice(given(), draft)?.documents).toEqual([{ series: 'invoice', documentId: 'inv-1' }]);
    expect(planMonthlyInvoice(given(issued()), draft)).toBeNull();
  });

  it('issues no invoice for a month with nothing due', () => {
    expect(planMonthlyInvoice(given(), { invoiceId: 'inv-1', familyId: 'martin', month: '2026-10', issuedOn: '2026-11-03', dueOn: '2026-12-03', lines: [], totalCents: 0 })).toBeNull();
  });

  it('records a cheque at the desk, then says the invoice is paid when nothing is left', () => {
    const state = given(issued(), { type: 'PaymentReceived', data: { paymentId: 'p-1', familyId: 'martin', invoiceId: 'inv-1', amountCents: 200, method: 'cash', receivedOn: '2026-11-05', reference: null } });
    const events = decidePayment(state, { paymentId: 'p-2', invoiceId: 'inv-1', amountCents: 300, method: 'cheque', receivedOn: '2026-11-06', reference: '1234567' });
    expect(events.map((e) => e.type)).toEqual(['PaymentReceived', 'InvoicePaid']);
  });

  it('refuses a desk payment above what is still due, and one on a settled invoice', () => {
    expect(() => decidePayment(given(issued()), { paymentId: 'p-1', invoiceId: 'inv-1', amountCents: 501, method: 'cash', receivedOn: '2026-11-05', reference: null })).toThrow(expect.objectContaining({ code: 'PAYMENT_EXCEEDS_DUE' }));
    const paid = given(issued(), { type: 'PaymentReceived', data: { paymentId: 'p-1', familyId: 'martin', invoiceId: 'inv-1', amountCents: 500, method: 'cash', receivedOn: '2026-11-05', reference: null } });
    expect(() => decidePayment(paid, { paymentId: 'p-2', invoiceId: 'inv-1', amountCents: 1, method: 'cash', receivedOn: '2026-11-05', reference: null })).toThrow(expect.objectContaining({ code: 'INVOICE_ALREADY_SETTLED' }));
  });

  it('refuses to pay part of an invoice online where the commune does not allow it', () => {
    const start = { attemptId: 'a', invoiceId: 'inv-1', amountCents: 100, provider: 'test' as const, reference: 'r', startedAt: '2026-11-04T10:00:00Z' };
    expect(() => decideStartOnlinePayment(given(issued()), { ...start, allowPartial: false })).toThrow(expect.objectContaining({ code: 'PARTIAL_PAYMENT_NOT_ALLOWED' }));
    expect(decideStartOnlinePayment(given(issued()), { ...start, allowPartial: true })[0]).toMatchObject({ type: 'OnlinePaymentStarted', data: { amountCents: 100 } });
    expect(decideStartOnlinePayment(given(issued()), { ...start, amountCents: null, allowPartial: false })[0]).toMatchObject({ data: { amountCents: 500 } });
  });

  it('records one payment when the provider notifies the same success three times', () => {
    const outcome = { attemptId: 'attempt-1', outcome: 'paid' as const, amountCents: 500, providerCode: 'P', authorisation: '112233', transactionDay: '2026-11-04' };
    let state = given(issued(), started());
    const recorded: FamilyAccountEvent[] = [];
    for (let i = 0; i < 3; i++) {
      const events = decideOnlineOutcome(state, outcome);
      recorded.push(...events);
      state = events.reduce(evolveAccount, state);
    }
    expect(recorded.map((e) => e.type)).toEqual(['PaymentReceived', 'InvoicePaid']);
    expect(Object.keys(state.payments)).toEqual(['attempt-1']);
  });

  it('records nothing owed less for a refused card, and ignores an abandon arriving after the payment', () => {
    const refused = decideOnlineOutcome(given(issued(), started()), { attemptId: 'attempt-1', outcome: 'refused', amountCents: 500, providerCode: 'R', authorisation: null, transactionDay: '2026-11-04' });
    expect(refused).toEqual([expect.objectContaining({ type: 'OnlinePaymentFailed', data: expect.objectContaining({ outcome: 'refused' }) })]);
    const paid = given(issued(), started(), ...decideOnlineOutcome(given(issued(), started()), { attemptId: 'attempt-1', outcome: 'paid', amountCents: 500, providerCode: 'P', authorisation: '1', transactionDay: '2026-11-04' }));
    expect(decideOnlineOutcome(paid, { attemptId: 'attempt-1', outcome: 'abandoned', amountCents: 500, providerCode: 'A', authorisation: null, transactionDay: '2026-11-04' })).toEqual([]);
  });

  it('refuses a notification whose amount is not the one asked for', () => {
    expect(() => decideOnlineOutcome(given(issued(), started()), { attemptId: 'attempt-1', outcome: 'paid', amountCents: 1, providerCode: 'P', authorisation: '1', transactionDay: '2026-11-04' })).toThrow(
      expect.objectContaining({ code: 'NOTIFICATION_AMOUNT_MISMATCH' }),
    );
  });
});

describe('corrections are credit notes, never edits', () => {
  const ids = { creditNoteId: (invoiceId: string) => `credit-${invoiceId}`, invoiceId: 'inv-2' };
  const correction = (lines: InvoiceLine[]) => ({ familyId: 'martin', month: '2026-10', lines, issuedOn: '2026-11-20', dueOn: '2026-12-20', reason: 'QUOTIENT_REGULARISATION' as const, comment: null, ids });

  it('credits the days billed at the old QF and invoices them at the regularised QF', () => {
    const plan = planCorrection(given(issued()), correction([line(['2026-10-01', '2026-10-02'], 120, 450)]))!;
    expect(plan.documents).toEqual([{ series: 'credit_note', documentId: 'credit-inv-1' }, { series: 'invoice', documentId: 'inv-2' }]);
    const events = plan.events(numbers(['credit-inv-1', 'inv-2']));
    expect(events[0]).toMatchObject({ type: 'CreditNoteIssued', data: { invoiceId: 'inv-1', totalCents: 500, lines: [{ unitPriceCents: 250, quantity: 2 }] } });
    expect(events[1]).toMatchObject({ type: 'InvoiceIssued', data: { kind: 'supplementary', totalCents: 240, lines: [{ unitPriceCents: 120, quotient: 450 }] } });
  });

  it('credits only a day that is no longer due (an absence justified afterwards)', () => {
    const events = planCorrection(given(issued()), correction([line(['2026-10-01'])]))!.events(numbers(['credit-inv-1']));
    expect(events).toEqual([expect.objectContaining({ type: 'CreditNoteIssued', data: expect.objectContaining({ totalCents: 250, lines: [expect.objectContaining({ days: ['2026-10-02'] })] }) })]);
  });

  it('has nothing to correct when the month is due as it was invoiced, and sees a credit already made', () => {
    expect(planCorrection(given(issued()), correction([line(['2026-10-01', '2026-10-02'])]))).toBeNull();
    const credited = given(issued(), { type: 'CreditNoteIssued', data: { creditNoteId: 'c', familyId: 'martin', invoiceId: 'inv-1', number: 'AV-2026-000001', month: '2026-10', issuedOn: '2026-11-20', lines: [line(['2026-10-02'])], totalCents: 250, reason: 'CORRECTION', comment: null } });
    expect(planCorrection(credited, correction([line(['2026-10-01'])]))).toBeNull();
  });
});

describe('document numbers', () => {
  it('continue each series from the last number given, in the order of the documents', () => {
    const { events, numbers: n } = allocateNumbers({ ...initialNumberingState, invoice: 41 }, 2026, [
      { series: 'invoice', documentId: 'a' },
      { series: 'credit_note', documentId: 'c' },
      { series: 'invoice', documentId: 'b' },
    ]);
    expect([...n]).toEqual([['a', 'FA-2026-000042'], ['b', 'FA-2026-000043'], ['c', 'AV-2026-000001']]);
    expect(events.map((e) => e.data)).toEqual([
      { year: 2026, series: 'invoice', first: 42, last: 43, documentIds: ['a', 'b'] },
      { year: 2026, series: 'credit_note', first: 1, last: 1, documentIds: ['c'] },
    ]);
  });
});
