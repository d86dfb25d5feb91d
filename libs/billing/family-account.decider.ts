import { conflict, invalid, notFound } from '@pf/domain';
import type {
  CreditReason,
  DirectDebitScheduled,
  FamilyAccountEvent,
  InvoiceFacts,
  Month,
  NumberSeries,
  PaymentMethod,
  PaymentProviderName,
  PaymentReceived,
  RefundMethod,
} from './billing.events';
import type { InvoiceLine, LineKind } from './month-billing';

export interface InvoiceState extends InvoiceFacts {
  creditedCents: number;
  paidCents: number;
  /** Set once a payment brought what is due to 0. */
  paidOn: string | null;
  debit: { batchId: string; collectionDate: string } | null;
}

export interface CreditNoteState {
  creditNoteId: string;
  invoiceId: string;
  number: string;
  month: Month;
  lines: InvoiceLine[];
  totalCents: number;
}

export interface AttemptState {
  invoiceId: string;
  amountCents: number;
  provider: PaymentProviderName;
  reference: string;
  status: 'started' | 'paid' | 'refused' | 'abandoned';
}

/** A parent's request for direct debit, from the request to staff's decision. */
export interface MandateRequestState {
  mandateRequestId: string;
  mandateId: string;
  holderName: string;
  iban: string;
  bic: string | null;
  requestedOn: string;
  /** to_sign: waiting for the parent's signature (online, or on paper brought to the service). */
  status: 'to_sign' | 'signed_online' | 'validated' | 'refused' | 'withdrawn';
  acceptedOn: string | null;
}

export const OPEN_MANDATE_REQUEST: ReadonlyArray<MandateRequestState['status']> = ['to_sign', 'signed_online'];

export interface AccountState {
  familyId: string | null;
  invoices: Record<string, InvoiceState>;
  creditNotes: Record<string, CreditNoteState>;
  /** The run's invoice of each month: a month is invoiced once. */
  monthlyInvoice: Record<Month, string>;
  payments: Record<string, { invoiceId: string; amountCents: number; refundedCents: number }>;
  /** Refund ids already recorded (a retried refund records nothing more). */
  refunds: Record<string, true>;
  attempts: Record<string, AttemptState>;
  mandate: { mandateId: string; signedOn: string; collections: number } | null;
  mandateRequests: Record<string, MandateRequestState>;
}

export const initialAccountState: AccountState = { familyId: null, invoices: {}, creditNotes: {}, monthlyInvoice: {}, payments: {}, refunds: {}, attempts: {}, mandate: null, mandateRequests: {} };

/** What is still owed on an invoice (negative: the family paid more than is now due). */
export const dueOf = (i: Pick<InvoiceState, 'totalCents' | 'creditedCents' | 'paidCents'>) => i.totalCents - i.creditedCents - i.paidCents;

export function evolveAccount(state: AccountState, event: FamilyAccountEvent): AccountState {
  switch (event.type) {
    case 'InvoiceIssued': {
      const d = event.data;
      return {
        ...state,
        familyId: d.familyId,
        invoices: { ...state.invoices, [d.invoiceId]: { ...d, creditedCents: 0, paidCents: 0, paidOn: null, debit: null } },
        monthlyInvoice: d.kind === 'monthly' ? { ...state.monthlyInvoice, [d.month]: d.invoiceId } : state.monthlyInvoice,
      };
    }
    case 'CreditNoteIssued': {
      const d = event.data;
      const invoice = state.invoices[d.invoiceId];
      return {
        ...state,
        creditNotes: { ...state.creditNotes, [d.creditNoteId]: { creditNoteId: d.creditNoteId, invoiceId: d.invoiceId, number: d.number, month: d.month, lines: d.lines, totalCents: d.totalCents } },
        invoices: invoice ? { ...state.invoices, [d.invoiceId]: { ...invoice, creditedCents: invoice.creditedCents + d.totalCents } } : state.invoices,
      };
    }
    case 'PaymentReceived': {
      const d = event.data;
      const invoice = state.invoices[d.invoiceId];
      const attempt = d.attemptId ? state.attempts[d.attemptId] : undefined;
      return {
        ...state,
        payments: { ...state.payments, [d.paymentId]: { invoiceId: d.invoiceId, amountCents: d.amountCents, refundedCents: 0 } },
        invoices: invoice ? { ...state.invoices, [d.invoiceId]: { ...invoice, paidCents: invoice.paidCents + d.amountCents } } : state.invoices,
        attempts: attempt && d.attemptId ? { ...state.attempts, [d.attemptId]: { ...attempt, status: 'paid' } } : state.attempts,
        mandate: d.method === 'direct_debit' && state.mandate ? { ...state.mandate, collections: state.mandate.collections + 1 } : state.mandate,
      };
    }
    case 'InvoicePaid': {
      const invoice = state.invoices[event.data.invoiceId];
      return invoice ? { ...state, invoices: { ...state.invoices, [invoice.invoiceId]: { ...invoice, paidOn: event.data.paidOn } } } : state;
    }
    case 'OnlinePaymentStarted': {
      const d = event.data;
      return { ...state, familyId: d.familyId, attempts: { ...state.attempts, [d.attemptId]: { invoiceId: d.invoiceId, amountCents: d.amountCents, provider: d.provider, reference: d.reference, status: 'started' } } };
    }
    case 'OnlinePaymentFailed': {
      const attempt = state.attempts[event.data.attemptId];
      return attempt ? { ...state, attempts: { ...state.attempts, [event.data.attemptId]: { ...attempt, status: event.data.outcome } } } : state;
    }
    case 'SepaMandateSigned':
      return { ...state, familyId: event.data.familyId, mandate: { mandateId: event.data.mandateId, signedOn: event.data.signedOn, collections: 0 } };
    case 'SepaMandateRevoked':
      return state.mandate?.mandateId === event.data.mandateId ? { ...state, mandate: null } : state;
    case 'DirectDebitScheduled': {
      const invoice = state.invoices[event.data.invoiceId];
      return invoice ? { ...state, invoices: { ...state.invoices, [invoice.invoiceId]: { ...invoice, debit: { batchId: event.data.batchId, collectionDate: event.data.collectionDate } } } } : state;
    }
    case 'QuotientRegularised':
      return { ...state, familyId: event.data.familyId };
    case 'PaymentRefunded': {
      const d = event.data;
      const payment = state.payments[d.paymentId];
      const invoice = state.invoices[d.invoiceId];
      return {
        ...state,
        refunds: { ...state.refunds, [d.refundId]: true },
        payments: payment ? { ...state.payments, [d.paymentId]: { ...payment, refundedCents: payment.refundedCents + d.amountCents } } : state.payments,
        invoices: invoice ? { ...state.invoices, [d.invoiceId]: { ...invoice, paidCents: invoice.paidCents - d.amountCents } } : state.invoices,
      };
    }
    case 'SepaMandateRequested': {
      const d = event.data;
      return {
        ...state,
        familyId: d.familyId,
        mandateRequests: {
          ...state.mandateRequests,
          [d.mandateRequestId]: { mandateRequestId: d.mandateRequestId, mandateId: d.mandateId, holderName: d.holderName, iban: d.iban, bic: d.bic, requestedOn: d.requestedOn, status: 'to_sign', acceptedOn: null },
        },
      };
    }
    case 'SepaMandateAcceptedOnline':
      return withRequest(state, event.data.mandateRequestId, { status: 'signed_online', acceptedOn: event.data.acceptedOn });
    case 'SepaMandateRequestValidated':
      return withRequest(state, event.data.mandateRequestId, { status: 'validated' });
    case 'SepaMandateRequestRefused':
      return withRequest(state, event.data.mandateRequestId, { status: 'refused' });
    case 'SepaMandateRequestWithdrawn':
      return withRequest(state, event.data.mandateRequestId, { status: 'withdrawn' });
    default:
      return state;
  }
}

function withRequest(state: AccountState, id: string, change: Partial<MandateRequestState>): AccountState {
  const request = state.mandateRequests[id];
  return request ? { ...state, mandateRequests: { ...state.mandateRequests, [id]: { ...request, ...change } } } : state;
}

// --- Numbered documents -----------------------------------------------------------------------

/**
 * Documents a decision wants to issue: each needs a number from the commune's numbering stream.
 * `events` receives the numbers allocated (documentId → number) in the same atomic append.
 */
export interface NumberedPlan {
  documents: Array<{ series: NumberSeries; documentId: string }>;
  events: (numbers: ReadonlyMap<string, string>) => FamilyAccountEvent[];
}

const numberOf = (numbers: ReadonlyMap<string, string>, id: string) => {
  const n = numbers.get(id);
  if (!n) throw new Error(`No number was allocated to ${id}`);
  return n;
};

export interface MonthlyInvoiceDraft {
  invoiceId: string;
  familyId: string;
  month: Month;
  issuedOn: string;
  dueOn: string;
  lines: InvoiceLine[];
  totalCents: number;
}

/** The month's invoice, unless the month was already invoiced (a second run issues nothing) or nothing is due. */
export function planMonthlyInvoice(state: AccountState, draft: MonthlyInvoiceDraft): NumberedPlan | null {
  if (state.monthlyInvoice[draft.month] || state.invoices[draft.invoiceId]) return null;
  if (draft.lines.length === 0 || draft.totalCents <= 0) return null;
  return {
    documents: [{ series: 'invoice', documentId: draft.invoiceId }],
    events: (numbers) => [{ type: 'InvoiceIssued', data: { ...draft, number: numberOf(numbers, draft.invoiceId), kind: 'monthly' } }],
  };
}

type DayEntry = { line: Omit<InvoiceLine, 'days' | 'quantity' | 'amountCents'>; day: string; invoiceId: string };
const dayKey = (l: { childId: string; activityId: string; kind: LineKind }, day: string) => `${l.childId}|${l.activityId}|${l.kind}|${day}`;

/** Each day of the month as invoiced now: invoices minus credit notes. */
export function netInvoicedDays(state: AccountState, month: Month): Map<string, DayEntry> {
  const net = new Map<string, DayEntry>();
  const invoices = Object.values(state.invoices).filter((i) => i.month === month).sort((a, b) => a.number.localeCompare(b.number));
  for (const invoice of invoices) {
    for (const l of invoice.lines) for (const day of l.days) net.set(dayKey(l, day), { line: strip(l), day, invoiceId: invoice.invoiceId });
  }
  for (const credit of Object.values(state.creditNotes).filter((c) => c.month === month)) {
    for (const l of credit.lines) for (const day of l.days) if (net.get(dayKey(l, day))?.invoiceId === credit.invoiceId) net.delete(dayKey(l, day));
  }
  return net;
}

const strip = (l: InvoiceLine) => ({ childId: l.childId, activityId: l.activityId, kind: l.kind, quotient: l.quotient, unitPriceCents: l.unitPriceCents });

/** Days at their price, grouped back into lines (same order as the run's lines). */
export function linesOf(entries: Array<{ line: Omit<InvoiceLine, 'days' | 'quantity' | 'amountCents'>; day: string }>): InvoiceLine[] {
  const groups = new Map<string, InvoiceLine>();
  for (const { line, day } of entries) {
    const key = [line.childId, line.activityId, line.kind, line.unitPriceCents, line.quotient ?? '-'].join('|');
    const g = groups.get(key) ?? { ...line, days: [], quantity: 0, amountCents: 0 };
    g.days.push(day);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const days = [...new Set(g.days)].sort();
      return { ...g, days, quantity: days.length, amountCents: days.length * g.unitPriceCents };
    })
    .sort((a, b) => a.childId.localeCompare(b.childId) || a.activityId.localeCompare(b.activityId) || a.kind.localeCompare(b.kind) || a.days[0].localeCompare(b.days[0]));
}

export interface CorrectionInput {
  familyId: string;
  month: Month;
  /** The month as it is due now (recomputed with today's facts and QF timeline). */
  lines: InvoiceLine[];
  issuedOn: string;
  dueOn: string;
  reason: CreditReason;
  comment: string | null;
  /** Ids of the documents this correction may issue. */
  ids: { creditNoteId: (invoiceId: string) => string; invoiceId: string };
}

/**
 * A correction never edits an invoice: days invoiced that are no longer due (or due at another
 * price) are credited on a credit note against the invoice that held them; days now due that were
 * not invoiced (or at another price) go on one supplementary invoice. Nothing to correct → null.
 */
export function planCorrection(state: AccountState, input: CorrectionInput): NumberedPlan | null {
  const net = netInvoicedDays(state, input.month);
  const wanted = new Map<string, { line: Omit<InvoiceLine, 'days' | 'quantity' | 'amountCents'>; day: string }>();
  for (const l of input.lines) for (const day of l.days) wanted.set(dayKey(l, day), { line: strip(l), day });
  const samePrice = (a: DayEntry['line'], b: DayEntry['line']) => a.unitPriceCents === b.unitPriceCents && a.quotient === b.quotient;

  const credits = new Map<string, DayEntry[]>();
  for (const [key, entry] of net) {
    const now = wanted.get(key);
    if (!now || !samePrice(now.line, entry.line)) credits.set(entry.invoiceId, [...(credits.get(entry.invoiceId) ?? []), entry]);
  }
  const charges = [...wanted].filter(([key, w]) => {
    const before = net.get(key);
    return !before || !samePrice(before.line, w.line);
  });
  if (credits.size === 0 && charges.length === 0) return null;

  const creditDocs = [...credits.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([invoiceId, entries]) => {
    const lines = linesOf(entries);
    return { invoiceId, creditNoteId: input.ids.creditNoteId(invoiceId), lines, totalCents: lines.reduce((s, l) => s + l.amountCents, 0) };
  });
  const chargeLines = linesOf(charges.map(([, w]) => w));
  const charge = chargeLines.length ? { invoiceId: input.ids.invoiceId, lines: chargeLines, totalCents: chargeLines.reduce((s, l) => s + l.amountCents, 0) } : null;

  return {
    documents: [
      ...creditDocs.map((c) => ({ series: 'credit_note' as const, documentId: c.creditNoteId })),
      ...(charge ? [{ series: 'invoice' as const, documentId: charge.invoiceId }] : []),
    ],
    events: (numbers) => [
      ...creditDocs.map(
        (c): FamilyAccountEvent => ({
          type: 'CreditNoteIssued',
          data: { creditNoteId: c.creditNoteId, familyId: input.familyId, invoiceId: c.invoiceId, number: numberOf(numbers, c.creditNoteId), month: input.month, issuedOn: input.issuedOn, lines: c.lines, totalCents: c.totalCents, reason: input.reason, comment: input.comment },
        }),
      ),
      ...(charge
        ? [
            {
              type: 'InvoiceIssued' as const,
              data: { invoiceId: charge.invoiceId, familyId: input.familyId, number: numberOf(numbers, charge.invoiceId), month: input.month, kind: 'supplementary' as const, issuedOn: input.issuedOn, dueOn: input.dueOn, lines: charge.lines, totalCents: charge.totalCents },
            },
          ]
        : []),
    ],
  };
}

// --- Payments ---------------------------------------------------------------------------------

export interface PaymentInput {
  paymentId: string;
  invoiceId: string;
  amountCents: number;
  method: PaymentMethod;
  receivedOn: string;
  reference: string | null;
  provider?: PaymentProviderName;
  attemptId?: string;
  /** Money already taken by a provider is recorded even if it exceeds what is now due. */
  acceptOverpayment?: boolean;
}

function invoiceOf(state: AccountState, invoiceId: string): InvoiceState {
  const invoice = state.invoices[invoiceId];
  if (!invoice) throw notFound('INVOICE_NOT_FOUND', 'Facture introuvable.');
  return invoice;
}

/** Records money received on an invoice; the same payment id twice records it once. */
export function decidePayment(state: AccountState, input: PaymentInput): FamilyAccountEvent[] {
  if (state.payments[input.paymentId]) return [];
  const invoice = invoiceOf(state, input.invoiceId);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw invalid('AMOUNT_INVALID', 'Le montant est un nombre entier de centimes supérieur à 0.');
  const due = dueOf(invoice);
  if (!input.acceptOverpayment) {
    if (due <= 0) throw conflict('INVOICE_ALREADY_SETTLED', `La facture ${invoice.number} est déjà réglée.`);
    if (input.amountCents > due) throw invalid('PAYMENT_EXCEEDS_DUE', `Le montant dépasse le reste à payer de la facture ${invoice.number}.`);
  }
  const received: PaymentReceived = {
    type: 'PaymentReceived',
    data: {
      paymentId: input.paymentId,
      familyId: invoice.familyId,
      invoiceId: invoice.invoiceId,
      amountCents: input.amountCents,
      method: input.method,
      receivedOn: input.receivedOn,
      reference: input.reference,
      ...(input.provider ? { provider: input.provider } : {}),
      ...(input.attemptId ? { attemptId: input.attemptId } : {}),
    },
  };
  const settled = !invoice.paidOn && due - input.amountCents <= 0;
  return settled ? [received, { type: 'InvoicePaid', data: { invoiceId: invoice.invoiceId, familyId: invoice.familyId, paidOn: input.receivedOn } }] : [received];
}

export interface StartOnlinePayment {
  attemptId: string;
  invoiceId: string;
  /** null: what is due in full. */
  amountCents: number | null;
  provider: PaymentProviderName;
  reference: string;
  startedAt: string;
  allowPartial: boolean;
}

export function decideStartOnlinePayment(state: AccountState, input: StartOnlinePayment): FamilyAccountEvent[] {
  if (state.attempts[input.attemptId]) return [];
  const invoice = invoiceOf(state, input.invoiceId);
  const due = dueOf(invoice);
  if (due <= 0) throw conflict('INVOICE_ALREADY_SETTLED', `La facture ${invoice.number} est déjà réglée.`);
  const amount = input.amountCents ?? due;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw invalid('AMOUNT_INVALID', 'Le montant est un nombre entier de centimes supérieur à 0.');
  if (amount > due) throw invalid('PAYMENT_EXCEEDS_DUE', `Le montant dépasse le reste à payer de la facture ${invoice.number}.`);
  if (amount < due && !input.allowPartial) throw invalid('PARTIAL_PAYMENT_NOT_ALLOWED', 'La commune ne permet pas de payer une facture en partie en ligne : réglez le montant total.');
  return [
    {
      type: 'OnlinePaymentStarted',
      data: { attemptId: input.attemptId, familyId: invoice.familyId, invoiceId: invoice.invoiceId, amountCents: amount, provider: input.provider, reference: input.reference, startedAt: input.startedAt },
    },
  ];
}

/** What the provider said about an attempt, once verified by its adapter. */
export interface OnlineOutcome {
  attemptId: string;
  outcome: 'paid' | 'refused' | 'abandoned';
  amountCents: number;
  providerCode: string;
  /** Provider's authorisation / transaction reference (numauto for PayFiP). */
  authorisation: string | null;
  /** 'YYYY-MM-DD' of the transaction. */
  transactionDay: string;
}

/**
 * A provider's notification. A paid attempt records one payment (its id is the attempt's), so a
 * notification replayed any number of times records nothing more; a refusal or an abandon after
 * a payment changes nothing.
 */
export function decideOnlineOutcome(state: AccountState, input: OnlineOutcome): FamilyAccountEvent[] {
  const attempt = state.attempts[input.attemptId];
  if (!attempt) throw notFound('PAYMENT_ATTEMPT_NOT_FOUND', 'Paiement en ligne inconnu.');
  if (attempt.status === 'paid') return [];
  if (input.amountCents !== attempt.amountCents) throw invalid('NOTIFICATION_AMOUNT_MISMATCH', 'Le montant notifié ne correspond pas au paiement demandé.');
  if (input.outcome !== 'paid') {
    if (attempt.status !== 'started') return [];
    return [{ type: 'OnlinePaymentFailed', data: { attemptId: input.attemptId, familyId: state.familyId!, invoiceId: attempt.invoiceId, provider: attempt.provider, outcome: input.outcome, providerCode: input.providerCode } }];
  }
  return decidePayment(state, {
    paymentId: input.attemptId,
    invoiceId: attempt.invoiceId,
    amountCents: attempt.amountCents,
    method: 'online_card',
    receivedOn: input.transactionDay,
    reference: input.authorisation,
    provider: attempt.provider,
    attemptId: input.attemptId,
    acceptOverpayment: true,
  });
}

// --- SEPA ---------------------------------------------------------------------------------------

export function decideSignMandate(state: AccountState, input: { familyId: string; mandateId: string; iban: string; bic: string | null; signedOn: string }): FamilyAccountEvent[] {
  if (state.mandate?.mandateId === input.mandateId) return [];
  const revoke: FamilyAccountEvent[] = state.mandate ? [{ type: 'SepaMandateRevoked', data: { familyId: input.familyId, mandateId: state.mandate.mandateId, revokedOn: input.signedOn } }] : [];
  return [...revoke, { type: 'SepaMandateSigned', data: input }];
}

export function decideRevokeMandate(state: AccountState, input: { familyId: string; revokedOn: string }): FamilyAccountEvent[] {
  if (!state.mandate) throw notFound('MANDATE_NOT_FOUND', 'Aucun mandat de prélèvement en cours pour cette famille.');
  return [{ type: 'SepaMandateRevoked', data: { familyId: input.familyId, mandateId: state.mandate.mandateId, revokedOn: input.revokedOn } }];
}

/** Invoices still due with an active mandate go in the batch once; the first collection of a mandate is FRST, later ones RCUR. */
export function decideScheduleDebits(state: AccountState, input: { batchId: string; collectionDate: string; invoiceIds?: string[] }): DirectDebitScheduled[] {
  const mandate = state.mandate;
  if (!mandate) return [];
  const candidates = Object.values(state.invoices)
    .filter((i) => !i.debit && dueOf(i) > 0 && (!input.invoiceIds || input.invoiceIds.includes(i.invoiceId)))
    .sort((a, b) => a.number.localeCompare(b.number));
  const alreadyCollected = mandate.collections > 0 || Object.values(state.invoices).some((i) => i.debit);
  return candidates.map((i, index) => ({
    type: 'DirectDebitScheduled',
    data: {
      familyId: i.familyId,
      invoiceId: i.invoiceId,
      batchId: input.batchId,
      mandateId: mandate.mandateId,
      amountCents: dueOf(i),
      collectionDate: input.collectionDate,
      sequenceType: alreadyCollected || index > 0 ? 'RCUR' : 'FRST',
    },
  }));
}

// --- Refunds ------------------------------------------------------------------------------------

export interface RefundInput {
  refundId: string;
  paymentId: string;
  amountCents: number;
  method: RefundMethod;
  refundedOn: string;
  reference: string | null;
}

/**
 * Pays back what the family paid in excess on an invoice (a credit note after the payment): at
 * most what is left of the payment, and at most the invoice's overpayment, so a refund never makes
 * an invoice due again. The same refund id twice records it once.
 */
export function decideRefund(state: AccountState, input: RefundInput): FamilyAccountEvent[] {
  if (state.refunds[input.refundId]) return [];
  const payment = state.payments[input.paymentId];
  if (!payment) throw notFound('PAYMENT_NOT_FOUND', 'Règlement introuvable.');
  const invoice = invoiceOf(state, payment.invoiceId);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw invalid('AMOUNT_INVALID', 'Le montant est un nombre entier de centimes supérieur à 0.');
  const overpaid = -dueOf(invoice);
  if (overpaid <= 0) throw conflict('NOTHING_TO_REFUND', `La facture ${invoice.number} n’a pas de trop-perçu à rembourser.`);
  if (input.amountCents > payment.amountCents - payment.refundedCents) throw invalid('REFUND_EXCEEDS_PAYMENT', 'Le remboursement dépasse ce qui reste de ce règlement.');
  if (input.amountCents > overpaid) throw invalid('REFUND_EXCEEDS_OVERPAYMENT', `Le remboursement dépasse le trop-perçu de la facture ${invoice.number}.`);
  return [
    {
      type: 'PaymentRefunded',
      data: { refundId: input.refundId, paymentId: input.paymentId, familyId: invoice.familyId, invoiceId: invoice.invoiceId, amountCents: input.amountCents, method: input.method, refundedOn: input.refundedOn, reference: input.reference },
    },
  ];
}

// --- A parent's direct-debit request --------------------------------------------------------------

export interface MandateRequestInput {
  familyId: string;
  mandateRequestId: string;
  mandateId: string;
  holderName: string;
  iban: string;
  bic: string | null;
  requestedOn: string;
}

/** A new request replaces the one still open (the parent corrected the account); the same request twice records it once. */
export function decideRequestMandate(state: AccountState, input: MandateRequestInput): FamilyAccountEvent[] {
  if (state.mandateRequests[input.mandateRequestId]) return [];
  const replaced: FamilyAccountEvent[] = Object.values(state.mandateRequests)
    .filter((r) => OPEN_MANDATE_REQUEST.includes(r.status))
    .map((r) => ({ type: 'SepaMandateRequestWithdrawn', data: { familyId: input.familyId, mandateRequestId: r.mandateRequestId, mandateId: r.mandateId, reason: 'replaced' } }));
  return [...replaced, { type: 'SepaMandateRequested', data: input }];
}

function openRequest(state: AccountState, mandateRequestId: string): MandateRequestState {
  const request = state.mandateRequests[mandateRequestId];
  if (!request) throw notFound('MANDATE_REQUEST_NOT_FOUND', 'Demande de prélèvement introuvable.');
  if (!OPEN_MANDATE_REQUEST.includes(request.status)) throw conflict('MANDATE_REQUEST_CLOSED', 'Cette demande de prélèvement est déjà traitée.');
  return request;
}

/** The parent signs the mandate online: once (signing again changes nothing). */
export function decideAcceptMandateOnline(state: AccountState, input: { familyId: string; mandateRequestId: string; acceptedOn: string }): FamilyAccountEvent[] {
  const request = openRequest(state, input.mandateRequestId);
  if (request.status === 'signed_online') return [];
  return [{ type: 'SepaMandateAcceptedOnline', data: { familyId: input.familyId, mandateRequestId: request.mandateRequestId, mandateId: request.mandateId, acceptedOn: input.acceptedOn } }];
}

/**
 * Staff validate a request: signed online (its date is the acceptance's), or on paper (staff say
 * when it was signed). The mandate then comes into force, replacing any earlier one.
 */
export function decideValidateMandateRequest(state: AccountState, input: { familyId: string; mandateRequestId: string; paperSignedOn: string | null; today: string }): FamilyAccountEvent[] {
  const request = openRequest(state, input.mandateRequestId);
  const online = request.status === 'signed_online' && request.acceptedOn !== null;
  const signedOn = online ? request.acceptedOn! : input.paperSignedOn;
  if (!signedOn) throw invalid('PAPER_SIGNATURE_DATE_MISSING', 'Le mandat n’a pas été signé en ligne : indiquez la date du mandat signé sur papier.', [{ field: 'signedOn', code: 'PAPER_SIGNATURE_DATE_MISSING', message: 'Indiquez la date de signature du mandat papier.' }]);
  if (signedOn > input.today) throw invalid('DATE_IN_FUTURE', 'La date de signature ne peut pas être dans le futur.', [{ field: 'signedOn', code: 'DATE_IN_FUTURE', message: 'La date de signature ne peut pas être dans le futur.' }]);
  if (signedOn < request.requestedOn) throw invalid('SIGNED_BEFORE_REQUEST', 'Le mandat ne peut pas être signé avant la demande.', [{ field: 'signedOn', code: 'SIGNED_BEFORE_REQUEST', message: 'Le mandat ne peut pas être signé avant la demande.' }]);
  return [
    { type: 'SepaMandateRequestValidated', data: { familyId: input.familyId, mandateRequestId: request.mandateRequestId, mandateId: request.mandateId, signedOn, signature: online ? 'online' : 'paper' } },
    ...decideSignMandate(state, { familyId: input.familyId, mandateId: request.mandateId, iban: request.iban, bic: request.bic, signedOn }).map((e) =>
      e.type === 'SepaMandateSigned' ? { ...e, data: { ...e.data, holderName: request.holderName, mandateRequestId: request.mandateRequestId } } : e,
    ),
  ];
}

export function decideRefuseMandateRequest(state: AccountState, input: { familyId: string; mandateRequestId: string; reason: string }): FamilyAccountEvent[] {
  const request = openRequest(state, input.mandateRequestId);
  return [{ type: 'SepaMandateRequestRefused', data: { familyId: input.familyId, mandateRequestId: request.mandateRequestId, mandateId: request.mandateId, reason: input.reason } }];
}
