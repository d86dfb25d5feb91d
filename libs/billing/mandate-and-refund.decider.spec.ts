import type { FamilyAccountEvent } from './billing.events';
import {
  decideAcceptMandateOnline,
  decideRefund,
  decideRefuseMandateRequest,
  decideRequestMandate,
  decideScheduleDebits,
  decideValidateMandateRequest,
  dueOf,
  evolveAccount,
  initialAccountState,
  type AccountState,
} from './family-account.decider';

const given = (...events: FamilyAccountEvent[]): AccountState => events.reduce(evolveAccount, initialAccountState);
const issued: FamilyAccountEvent = {
  type: 'InvoiceIssued',
  data: {
    invoiceId: 'inv-1',
    familyId: 'martin',
    number: 'FA-2026-000001',
    month: '2026-10',
    kind: 'monthly',
    issuedOn: '2026-11-03',
    dueOn: '2026-12-03',
    lines: [{ childId: 'lea', activityId: 'canteen', kind: 'booked', quotient: null, unitPriceCents: 390, days: ['2026-10-01', '2026-10-02'], quantity: 2, amountCents: 780 }],
    totalCents: 780,
  },
};
const paid: FamilyAccountEvent = { type: 'PaymentReceived', data: { paymentId: 'pay-1', familyId: 'martin', invoiceId: 'inv-1', amountCents: 780, method: 'online_card', receivedOn: '2026-11-04', reference: 'A1' } };
const credited = (cents: number): FamilyAccountEvent => ({
  type: 'CreditNoteIssued',
  data: { creditNoteId: 'cn-1', familyId: 'martin', invoiceId: 'inv-1', number: 'AV-2026-000001', month: '2026-10', issuedOn: '2026-11-10', lines: [], totalCents: cents, reason: 'QUOTIENT_REGULARISATION', comment: null },
});
const refund = (amountCents: number, refundId = 'r-1') => ({ refundId, paymentId: 'pay-1', amountCents, method: 'bank_transfer' as const, refundedOn: '2026-11-12', reference: 'VIR-1' });

describe('refunds: what a family paid in excess is paid back, never more', () => {
  it('refunds the overpayment a credit note left on a paid invoice, and the invoice stays settled', () => {
    const state = given(issued, paid, credited(500));
    const events = decideRefund(state, refund(500));
    expect(events).toEqual([{ type: 'PaymentRefunded', data: { refundId: 'r-1', paymentId: 'pay-1', familyId: 'martin', invoiceId: 'inv-1', amountCents: 500, method: 'bank_transfer', refundedOn: '2026-11-12', reference: 'VIR-1' } }]);
    const after = events.reduce(evolveAccount, state);
    expect(dueOf(after.invoices['inv-1'])).toBe(0);
    expect(after.payments['pay-1'].refundedCents).toBe(500);
    // The same refund again records nothing; another one finds nothing left to refund.
    expect(decideRefund(after, refund(500))).toEqual([]);
    expect(() => decideRefund(after, refund(1, 'r-2'))).toThrow(expect.objectContaining({ code: 'NOTHING_TO_REFUND' }));
  });

  it('refuses more than the overpayment, a payment that is not the family’s, and an invoice paid exactly', () => {
    expect(() => decideRefund(given(issued, paid, credited(500)), refund(501))).toThrow(expect.objectContaining({ code: 'REFUND_EXCEEDS_OVERPAYMENT' }));
    expect(() => decideRefund(given(issued, paid), refund(1))).toThrow(expect.objectContaining({ code: 'NOTHING_TO_REFUND' }));
    expect(() => decideRefund(given(issued), refund(1))).toThrow(expect.objectContaining({ code: 'PAYMENT_NOT_FOUND' }));
  });
});

describe('direct debit set up by a parent', () => {
  const request = (mandateRequestId = 'mr-1', iban = 'FR1420041010050500013M02606') => ({
    familyId: 'martin',
    mandateRequestId,
    mandateId: `RUM-${mandateRequestId.toUpperCase()}`,
    holderName: 'Claire Martin',
    iban,
    bic: null,
    requestedOn: '2026-11-20',
  });

  it('records the request, the online signature once, then staff validation puts the mandate in force with its holder', () => {
    let state = given(issued);
    const requested = decideRequestMandate(state, request());
    expect(requested.map((e) => e.type)).toEqual(['SepaMandateRequested']);
    state = requested.reduce(evolveAccount, state);
    expect(decideRequestMandate(state, request())).toEqual([]);
    // Nothing is debited before the service validates.
    expect(decideScheduleDebits(state, { batchId: 'b', collectionDate: '2026-12-05' })).toEqual([]);

    const signed = decideAcceptMandateOnline(state, { familyId: 'martin', mandateRequestId: 'mr-1', acceptedOn: '2026-11-21' });
    expect(signed).toEqual([{ type: 'SepaMandateAcceptedOnline', data: { familyId: 'martin', mandateRequestId: 'mr-1', mandateId: 'RUM-MR-1', acceptedOn: '2026-11-21' } }]);
    state = signed.reduce(evolveAccount, state);
    expect(decideAcceptMandateOnline(state, { familyId: 'martin', mandateRequestId: 'mr-1', acceptedOn: '2026-11-22' })).toEqual([]);

    const validated = decideValidateMandateRequest(state, { familyId: 'martin', mandateRequestId: 'mr-1', paperSignedOn: null, today: '2026-11-23' });
    expect(validated).toEqual([
      { type: 'SepaMandateRequestValidated', data: { familyId: 'martin', mandateRequestId: 'mr-1', mandateId: 'RUM-MR-1', signedOn: '2026-11-21', signature: 'online' } },
      { type: 'SepaMandateSigned', data: { familyId: 'martin', mandateId: 'RUM-MR-1', iban: 'FR1420041010050500013M02606', bic: null, signedOn: '2026-11-21', holderName: 'Claire Martin', mandateRequestId: 'mr-1' } },
    ]);
    state = validated.reduce(evolveAccount, state);
    expect(decideScheduleDebits(state, { batchId: 'b', collectionDate: '2026-12-05' })).toEqual([
      expect.objectContaining({ type: 'DirectDebitScheduled', data: expect.objectContaining({ invoiceId: 'inv-1', mandateId: 'RUM-MR-1', sequenceType: 'FRST' }) }),
    ]);
    expect(() => decideRefuseMandateRequest(state, { familyId: 'martin', mandateRequestId: 'mr-1', reason: 'x' })).toThrow(expect.objectContaining({ code: 'MANDATE_REQUEST_CLOSED' }));
  });

  it('asks the date of a mandate signed on paper, never in the future nor before the request', () => {
    const state = given(...decideRequestMandate(given(), request()));
    expect(() => decideValidateMandateRequest(state, { familyId: 'martin', mandateRequestId: 'mr-1', paperSignedOn: null, today: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'PAPER_SIGNATURE_DATE_MISSING' }));
    expect(() => decideValidateMandateRequest(state, { familyId: 'martin', mandateRequestId: 'mr-1', paperSignedOn: '2026-11-24', today: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'DATE_IN_FUTURE' }));
    expect(() => decideValidateMandateRequest(state, { familyId: 'martin', mandateRequestId: 'mr-1', paperSignedOn: '2026-11-19', today: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'SIGNED_BEFORE_REQUEST' }));
    const paper = decideValidateMandateRequest(state, { familyId: 'martin', mandateRequestId: 'mr-1', paperSignedOn: '2026-11-22', today: '2026-11-23' });
    expect(paper[0]).toMatchObject({ type: 'SepaMandateRequestValidated', data: { signedOn: '2026-11-22', signature: 'paper' } });
  });

  it('replaces a request still open by a new one, revokes the mandate it replaces, and refuses with the reason', () => {
    const first = given(...decideRequestMandate(given(), request()));
    const second = decideRequestMandate(first, request('mr-2', 'DE89370400440532013000'));
    expect(second.map((e) => e.type)).toEqual(['SepaMandateRequestWithdrawn', 'SepaMandateRequested']);
    const state = second.reduce(evolveAccount, first);
    expect(() => decideAcceptMandateOnline(state, { familyId: 'martin', mandateRequestId: 'mr-1', acceptedOn: '2026-11-21' })).toThrow(expect.objectContaining({ code: 'MANDATE_REQUEST_CLOSED' }));
    expect(() => decideAcceptMandateOnline(state, { familyId: 'martin', mandateRequestId: 'nope', acceptedOn: '2026-11-21' })).toThrow(expect.objectContaining({ code: 'MANDATE_REQUEST_NOT_FOUND' }));
    expect(decideRefuseMandateRequest(state, { familyId: 'martin', mandateRequestId: 'mr-2', reason: 'Le RIB ne correspond pas.' })).toEqual([
      { type: 'SepaMandateRequestRefused', data: { familyId: 'martin', mandateRequestId: 'mr-2', mandateId: 'RUM-MR-2', reason: 'Le RIB ne correspond pas.' } },
    ]);

    const inForce = given({ type: 'SepaMandateSigned', data: { familyId: 'martin', mandateId: 'RUM-OLD', iban: 'FR7630006000011234567890189', bic: null, signedOn: '2026-01-10' } }, ...decideRequestMandate(given(), request()));
    const validated = decideValidateMandateRequest(inForce, { familyId: 'martin', mandateRequestId: 'mr-1', paperSignedOn: '2026-11-21', today: '2026-11-23' });
    expect(validated.map((e) => e.type)).toEqual(['SepaMandateRequestValidated', 'SepaMandateRevoked', 'SepaMandateSigned']);
  });
});
