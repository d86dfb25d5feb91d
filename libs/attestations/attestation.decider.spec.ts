import {
  decideIssueAttestation,
  decideRefuseAttestation,
  decideRequestAttestation,
  evolveAttestation,
  initialAttestationState,
  type AttestationState,
  type RequestAttestation,
} from './attestation.decider';
import type { AttestationEvent, AttestationIssued } from './attestation.events';

const TODAY = '2026-12-01';
const given = (...events: AttestationEvent[]): AttestationState => events.reduce(evolveAttestation, initialAttestationState);
const ask = (cmd: Partial<RequestAttestation>): RequestAttestation => ({ requestId: 'r1', familyId: 'f1', kind: 'presence', childId: 'c1', from: '2026-09-01', to: '2026-11-30', ...cmd });
const requested: AttestationEvent = {
  type: 'AttestationRequested',
  data: { requestId: 'r1', familyId: 'f1', kind: 'presence', childId: 'c1', from: '2026-09-01', to: '2026-11-30', year: null, message: 'Pour mon employeur' },
};
const issue = (over: Partial<AttestationIssued['data']> = {}): AttestationIssued['data'] => ({
  requestId: 'r1',
  familyId: 'f1',
  fileId: 'file-1',
  sha256: 'abc',
  size: 1200,
  issuedOn: TODAY,
  summary: { days: 12, amountCents: null, enrolments: null },
  ...over,
});
const code = (c: string) => expect.objectContaining({ code: c });

describe('a family asks for an attestation', () => {
  it('records an attestation de présence for a child over a past period, with the message trimmed', () => {
    expect(decideRequestAttestation(ask({ message: '  Pour mon employeur \n' }), given(), TODAY)).toEqual([requested]);
  });

  it('keeps only the year for an attestation de paiement, and nothing of a period', () => {
    const [event] = decideRequestAttestation(ask({ kind: 'payment', childId: null, year: 2025, message: undefined }), given(), TODAY);
    expect(event.data).toEqual({ requestId: 'r1', familyId: 'f1', kind: 'payment', childId: null, from: null, to: null, year: 2025, message: '' });
  });

  it('needs neither period nor year for an attestation d’inscription', () => {
    const [event] = decideRequestAttestation({ requestId: 'r1', familyId: 'f1', kind: 'enrolment', childId: null }, given(), TODAY);
    expect(event.data).toMatchObject({ kind: 'enrolment', from: null, to: null, year: null });
  });

  it('refuses a presence period without its days, each problem on its field', () => {
    expect(() => decideRequestAttestation(ask({ from: undefined, to: '2026-02-30' }), given(), TODAY)).toThrow(
      expect.objectContaining({ code: 'PERIOD_START_REQUIRED', details: [expect.objectContaining({ field: 'from' }), expect.objectContaining({ field: 'to', code: 'PERIOD_END_REQUIRED' })] }),
    );
  });

  it('refuses a period that ends before it starts, ends after today, or covers more than a year', () => {
    expect(() => decideRequestAttestation(ask({ from: '2026-11-30', to: '2026-09-01' }), given(), TODAY)).toThrow(code('PERIOD_REVERSED'));
    expect(() => decideRequestAttestation(ask({ to: '2026-12-02' }), given(), TODAY)).toThrow(code('PERIOD_IN_FUTURE'));
    expect(() => decideRequestAttestation(ask({ from: '2025-11-30', to: '2026-11-30' }), given(), TODAY)).toThrow(code('PERIOD_TOO_LONG'));
    expect(decideRequestAttestation(ask({ from: '2025-12-01', to: '2026-11-30' }), given(), TODAY)).toHaveLength(1);
  });

  it('refuses a payment year to come, or before the portal existed', () => {
    expect(() => decideRequestAttestation(ask({ kind: 'payment', year: 2027 }), given(), TODAY)).toThrow(code('YEAR_INVALID'));
    expect(() => decideRequestAttestation(ask({ kind: 'payment', year: 1999 }), given(), TODAY)).toThrow(code('YEAR_INVALID'));
    expect(() => decideRequestAttestation(ask({ kind: 'payment', year: undefined }), given(), TODAY)).toThrow(code('YEAR_INVALID'));
    expect(decideRequestAttestation(ask({ kind: 'payment', year: 2026 }), given(), TODAY)).toHaveLength(1);
  });

  it('refuses a message longer than 1000 characters', () => {
    expect(() => decideRequestAttestation(ask({ message: 'x'.repeat(1001) }), given(), TODAY)).toThrow(code('MESSAGE_TOO_LONG'));
  });

  it('refuses to record the same request twice', () => {
    expect(() => decideRequestAttestation(ask({}), given(requested), TODAY)).toThrow(code('ATTESTATION_ALREADY_REQUESTED'));
  });
});

describe('the service issues or refuses it', () => {
  it('issues a pending request once, with what the PDF states', () => {
    const events = decideIssueAttestation(issue(), given(requested));
    expect(events).toEqual([{ type: 'AttestationIssued', data: issue() }]);
    expect(() => decideIssueAttestation(issue({ fileId: 'file-2' }), given(requested, ...events))).toThrow(code('ATTESTATION_ALREADY_DECIDED'));
    expect(() => decideRefuseAttestation({ requestId: 'r1', familyId: 'f1', reason: 'Non' }, given(requested, ...events))).toThrow(code('ATTESTATION_ALREADY_DECIDED'));
  });

  it('refuses with a message to the family, and never without one', () => {
    expect(() => decideRefuseAttestation({ requestId: 'r1', familyId: 'f1', reason: '   ' }, given(requested))).toThrow(code('REFUSAL_MESSAGE_REQUIRED'));
    expect(decideRefuseAttestation({ requestId: 'r1', familyId: 'f1', reason: ' Aucune présence pointée sur la période. ' }, given(requested))).toEqual([
      { type: 'AttestationRefused', data: { requestId: 'r1', familyId: 'f1', reason: 'Aucune présence pointée sur la période.' } },
    ]);
  });

  it("does not reach a request that does not exist, or through another family's file", () => {
    expect(() => decideIssueAttestation(issue(), given())).toThrow(code('ATTESTATION_NOT_FOUND'));
    expect(() => decideIssueAttestation(issue({ familyId: 'f2' }), given(requested))).toThrow(code('ATTESTATION_NOT_FOUND'));
    expect(() => decideRefuseAttestation({ requestId: 'r1', familyId: 'f2', reason: 'x' }, given(requested))).toThrow(code('ATTESTATION_NOT_FOUND'));
  });
});
