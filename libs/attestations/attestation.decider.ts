import { DateTime } from 'luxon';
import { conflict, invalid, notFound, type FieldProblem } from '@pf/domain';
import { MAX_ATTESTATION_MESSAGE, type AttestationEvent, type AttestationIssued, type AttestationKind } from './attestation.events';

export interface AttestationState {
  status: 'none' | 'pending' | 'issued' | 'refused';
  familyId: string | null;
  kind: AttestationKind | null;
}

export const initialAttestationState: AttestationState = { status: 'none', familyId: null, kind: null };

export function evolveAttestation(state: AttestationState, event: AttestationEvent): AttestationState {
  switch (event.type) {
    case 'AttestationRequested':
      return { status: 'pending', familyId: event.data.familyId, kind: event.data.kind };
    case 'AttestationIssued':
      return { ...state, status: 'issued' };
    case 'AttestationRefused':
      return { ...state, status: 'refused' };
  }
}

export interface RequestAttestation {
  requestId: string;
  familyId: string;
  kind: AttestationKind;
  childId: string | null;
  from?: string | null;
  to?: string | null;
  year?: number | null;
  message?: string | null;
}

/** The first year the portal can say anything about. */
export const FIRST_YEAR = 2000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: unknown): value is string => typeof value === 'string' && DAY.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;

function refuseProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  throw invalid(problems[0].code, problems.map((p) => p.message).join(' '), problems);
}

function checkMessage(text: string | null | undefined, field: string, required: boolean): string {
  const trimmed = (text ?? '').trim();
  if (required && !trimmed) refuseProblems([{ field, code: 'REFUSAL_MESSAGE_REQUIRED', message: 'Indiquez à la famille le motif du refus.' }]);
  if (trimmed.length > MAX_ATTESTATION_MESSAGE) {
    refuseProblems([{ field, code: 'MESSAGE_TOO_LONG', message: `Le message ne doit pas dépasser ${MAX_ATTESTATION_MESSAGE} caractères.` }]);
  }
  return trimmed;
}

/** `today`: 'YYYY-MM-DD' in the commune's time zone (the handler's clock, never read here). */
export function decideRequestAttestation(cmd: RequestAttestation, state: AttestationState, today: string): AttestationEvent[] {
  if (state.status !== 'none') throw conflict('ATTESTATION_ALREADY_REQUESTED', 'Cette demande d’attestation a déjà été envoyée.');
  const message = checkMessage(cmd.message, 'message', false);
  const problems: FieldProblem[] = [];
  let from: string | null = null;
  let to: string | null = null;
  let year: number | null = null;
  if (cmd.kind === 'presence') {
    if (!isDay(cmd.from)) problems.push({ field: 'from', code: 'PERIOD_START_REQUIRED', message: 'Indiquez le premier jour de la période (date valide).' });
    if (!isDay(cmd.to)) problems.push({ field: 'to', code: 'PERIOD_END_REQUIRED', message: 'Indiquez le dernier jour de la période (date valide).' });
    refuseProblems(problems);
    from = cmd.from!;
    to = cmd.to!;
    if (from > to) problems.push({ field: 'to', code: 'PERIOD_REVERSED', message: 'Le dernier jour de la période suit le premier.' });
    else if (to > today) problems.push({ field: 'to', code: 'PERIOD_IN_FUTURE', message: 'Une présence ne s’atteste qu’une fois passée : choisissez un dernier jour au plus tard aujourd’hui.' });
    else if (DateTime.fromISO(from, { zone: 'utc' }).plus({ years: 1 }).toISODate()! <= to) {
      // At most a year (an employer or a works council asks for a season, a year).
      problems.push({ field: 'to', code: 'PERIOD_TOO_LONG', message: 'La période couvre au plus un an.' });
    }
  } else if (cmd.kind === 'payment') {
    const current = Number(today.slice(0, 4));
    if (!Number.isInteger(cmd.year) || cmd.year! < FIRST_YEAR || cmd.year! > current) {
      problems.push({ field: 'year', code: 'YEAR_INVALID', message: `Choisissez une année de ${FIRST_YEAR} à ${current}.` });
    } else {
      year = cmd.year!;
    }
  }
  refuseProblems(problems);
  return [{ type: 'AttestationRequested', data: { requestId: cmd.requestId, familyId: cmd.familyId, kind: cmd.kind, childId: cmd.childId, from, to, year, message } }];
}

function pending(state: AttestationState, familyId: string): void {
  if (state.status === 'none' || state.familyId !== familyId) throw notFound('ATTESTATION_NOT_FOUND', 'Demande d’attestation introuvable.');
  if (state.status !== 'pending') throw conflict('ATTESTATION_ALREADY_DECIDED', 'Cette demande d’attestation a déjà été traitée.');
}

export function decideIssueAttestation(data: AttestationIssued['data'], state: AttestationState): AttestationEvent[] {
  pending(state, data.familyId);
  return [{ type: 'AttestationIssued', data }];
}

export function decideRefuseAttestation(cmd: { requestId: string; familyId: string; reason: string }, state: AttestationState): AttestationEvent[] {
  const reason = checkMessage(cmd.reason, 'reason', true);
  pending(state, cmd.familyId);
  return [{ type: 'AttestationRefused', data: { requestId: cmd.requestId, familyId: cmd.familyId, reason } }];
}

/** Can this request still be decided? (the service checks before generating a PDF for nothing) */
export function assertPending(state: AttestationState, familyId: string): void {
  pending(state, familyId);
}
