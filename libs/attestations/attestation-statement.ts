import type { AttestationKind, AttestationSummary } from './attestation.events';

/**
 * What an attestation states, worked out from the facts the portal holds (the planning's present
 * days, billing's payments, the enrolments in force). Pure: the same facts give the same statement,
 * so the preview staff see is what the PDF prints.
 */
export interface AttestationStatement {
  kind: AttestationKind;
  /** The child it is about; null: the whole family. */
  child: StatementChild | null;
  from: string | null;
  to: string | null;
  year: number | null;
  /** 'YYYY-MM-DD': the day it is worked out for (day of issue). */
  asOf: string;
  presence: PresenceLine[];
  payments: PaymentLine[];
  enrolments: EnrolmentLine[];
  summary: AttestationSummary;
}

export interface StatementChild {
  childId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
}

export interface PresenceLine {
  childId: string;
  childName: string;
  /** Days attended, each day once whatever the number of activities. */
  days: number;
  activities: Array<{ activityId: string; activityName: string; days: string[] }>;
}

export interface PaymentLine {
  receivedOn: string;
  invoiceNumber: string;
  method: string;
  /** For one child: the child's share of the payment (in proportion of the invoice's lines). */
  amountCents: number;
}

export interface EnrolmentLine {
  childId: string;
  childName: string;
  activityName: string;
  periodLabel: string;
  from: string;
  to: string;
}

export interface AttestationRequestFacts {
  kind: AttestationKind;
  childId: string | null;
  from: string | null;
  to: string | null;
  year: number | null;
}

/** A day of the planning read model, as far as presence goes. */
export interface PlanningDay {
  childId: string;
  activityId: string;
  day: string;
  attendance: 'present' | 'absent' | null;
}

export interface PaymentFact {
  invoiceId: string;
  invoiceNumber: string;
  amountCents: number;
  method: string;
  receivedOn: string;
}

export interface InvoiceFact {
  _id: string;
  type: 'invoice' | 'credit_note';
  invoiceId: string | null;
  totalCents: number;
  creditedCents: number;
  lines: Array<{ childId: string; amountCents: number }>;
}

export interface EnrolmentFact {
  childId: string;
  activityId: string;
  periodId: string;
  periodLabel: string;
  status: 'pending' | 'accepted' | 'refused';
}

export interface ActivityFact {
  activityId: string;
  name: string;
  periods: Array<{ periodId: string; label: string; from: string; to: string }>;
}

export interface StatementFacts {
  /** The family's children, in the order of the file. */
  children: StatementChild[];
  activities: ActivityFact[];
  planning: PlanningDay[];
  payments: PaymentFact[];
  invoices: InvoiceFact[];
  enrolments: EnrolmentFact[];
}

export const childName = (c: Pick<StatementChild, 'firstName' | 'lastName'>) => `${c.firstName} ${c.lastName}`.trim();

function presence(request: AttestationRequestFacts, facts: StatementFacts, concerned: StatementChild[]): PresenceLine[] {
  const names = new Map(facts.activities.map((a) => [a.activityId, a.name]));
  const lines: PresenceLine[] = [];
  for (const child of concerned) {
    const present = facts.planning.filter((p) => p.childId === child.childId && p.attendance === 'present' && p.day >= request.from! && p.day <= request.to!);
    if (present.length === 0) continue;
    const byActivity = new Map<string, Set<string>>();
    for (const p of present) byActivity.set(p.activityId, (byActivity.get(p.activityId) ?? new Set()).add(p.day));
    const activities = [...byActivity]
      .map(([activityId, days]) => ({ activityId, activityName: names.get(activityId) ?? 'Activité', days: [...days].sort() }))
      .sort((a, b) => a.activityName.localeCompare(b.activityName, 'fr'));
    lines.push({ childId: child.childId, childName: childName(child), days: new Set(present.map((p) => p.day)).size, activities });
  }
  return lines;
}

/** The child's share of a payment: its lines (less the credit notes' lines) over the invoice's net total, rounded down to the cent. */
function shareOf(childId: string, payment: PaymentFact, invoices: Map<string, InvoiceFact>, credits: InvoiceFact[]): number {
  const invoice = invoices.get(payment.invoiceId);
  if (!invoice) return 0;
  const net = invoice.totalCents - invoice.creditedCents;
  if (net <= 0) return 0;
  const sum = (lines: InvoiceFact['lines']) => lines.filter((l) => l.childId === childId).reduce((s, l) => s + l.amountCents, 0);
  const childCents = sum(invoice.lines) - credits.filter((c) => c.invoiceId === invoice._id).reduce((s, c) => s + sum(c.lines), 0);
  if (childCents <= 0) return 0;
  return Number((BigInt(payment.amountCents) * BigInt(Math.min(childCents, net))) / BigInt(net));
}

function payments(request: AttestationRequestFacts, facts: StatementFacts, asOf: string): PaymentLine[] {
  const invoices = new Map(facts.invoices.map((i) => [i._id, i]));
  const credits = facts.invoices.filter((i) => i.type === 'credit_note');
  return facts.payments
    .filter((p) => p.receivedOn.startsWith(`${request.year}-`) && p.receivedOn <= asOf)
    .map((p) => ({
      receivedOn: p.receivedOn,
      invoiceNumber: p.invoiceNumber,
      method: p.method,
      amountCents: request.childId ? shareOf(request.childId, p, invoices, credits) : p.amountCents,
    }))
    .filter((p) => p.amountCents > 0)
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.invoiceNumber.localeCompare(b.invoiceNumber));
}

function enrolments(facts: StatementFacts, concerned: StatementChild[], asOf: string): EnrolmentLine[] {
  const activities = new Map(facts.activities.map((a) => [a.activityId, a]));
  const lines: EnrolmentLine[] = [];
  for (const child of concerned) {
    for (const e of facts.enrolments.filter((x) => x.childId === child.childId && x.status === 'accepted')) {
      const activity = activities.get(e.activityId);
      const period = activity?.periods.find((p) => p.periodId === e.periodId);
      // In force: the period has not ended on the day of issue.
      if (!activity || !period || period.to < asOf) continue;
      lines.push({ childId: child.childId, childName: childName(child), activityName: activity.name, periodLabel: period.label || e.periodLabel, from: period.from, to: period.to });
    }
  }
  return lines.sort((a, b) => a.childName.localeCompare(b.childName, 'fr') || a.from.localeCompare(b.from) || a.activityName.localeCompare(b.activityName, 'fr'));
}

export function attestationStatement(request: AttestationRequestFacts, facts: StatementFacts, asOf: string): AttestationStatement {
  const child = request.childId ? (facts.children.find((c) => c.childId === request.childId) ?? null) : null;
  const concerned = child ? [child] : facts.children;
  const presenceLines = request.kind === 'presence' ? presence(request, facts, concerned) : [];
  const paymentLines = request.kind === 'payment' ? payments(request, facts, asOf) : [];
  const enrolmentLines = request.kind === 'enrolment' ? enrolments(facts, concerned, asOf) : [];
  return {
    kind: request.kind,
    child,
    from: request.from,
    to: request.to,
    year: request.year,
    asOf,
    presence: presenceLines,
    payments: paymentLines,
    enrolments: enrolmentLines,
    summary: {
      days: request.kind === 'presence' ? presenceLines.reduce((s, l) => s + l.days, 0) : null,
      amountCents: request.kind === 'payment' ? paymentLines.reduce((s, p) => s + p.amountCents, 0) : null,
      enrolments: request.kind === 'enrolment' ? enrolmentLines.length : null,
    },
  };
}
