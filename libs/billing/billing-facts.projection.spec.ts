import { AGENT, PARENT, RULES, ProjectionHarness, type GivenEvent } from '@pf/testing';
import { BILLING_DAYS, BILLING_QUOTIENTS, billingFactsProjection, familyMonthId, type FamilyMonthDocument, type QuotientDocument } from './billing-facts.projection';

const booking = { requestId: 'req-1', familyId: 'martin', childId: 'lea', activityId: 'canteen', day: '2026-10-06', group: 'elementaire' };
const accepted: GivenEvent = { type: 'ReservationAccepted', data: booking, actor: RULES };
const day = async (h: ProjectionHarness) => (await h.get<FamilyMonthDocument>(BILLING_DAYS, familyMonthId('martin', '2026-10')))?.days['lea|canteen|2026-10-06'];

describe('what billing keeps of the reservations and the QF', () => {
  let h: ProjectionHarness;
  beforeEach(async () => (h = await ProjectionHarness.start([billingFactsProjection])));
  afterEach(() => h.stop());

  it('keeps a booked day, then the justified absence declared on it', async () => {
    await h.given(accepted, { type: 'AbsenceDeclared', data: { ...booking, requestId: 'abs-1', reservationRequestId: 'req-1', reason: 'illness', medicalCertificate: true, justified: true }, actor: PARENT });
    expect(await day(h)).toMatchObject({ booking: 'accepted', absence: { justified: true }, attendance: null, lateCancellation: false });
  });

  it('bills again a day whose absence certificate the service refused', async () => {
    await h.given(accepted, {
      type: 'AbsenceDeclared',
      data: { ...booking, requestId: 'abs-1', reservationRequestId: 'req-1', reason: 'illness', medicalCertificate: true, justified: true, certificateDocumentId: 'doc-1' },
      actor: PARENT,
    });
    await h.given({ type: 'AbsenceCertificateRefused', data: { ...booking, requestId: 'abs-1', documentId: 'doc-1', reason: 'Certificat illisible.' }, actor: AGENT });
    expect(await day(h)).toMatchObject({ booking: 'accepted', absence: { justified: false } });
    const { billingVerdict } = await import('./billing-rules');
    expect(billingVerdict((await day(h))!)).toEqual({ billed: true, basis: 'booked_absent_unjustified', late: false });
  });

  it('marks a cancellation refused past the deadline, and forgets nothing when the same events come again', async () => {
    const refused: GivenEvent = { type: 'CancellationRefused', data: { ...booking, requestId: 'cancel-1', reservationRequestId: 'req-1', reason: null, reasonCode: 'PAST_DEADLINE', reasonText: 'trop tard' }, actor: RULES };
    await h.given(accepted, refused);
    await h.given(accepted, refused);
    expect(await day(h)).toMatchObject({ booking: 'accepted', lateCancellation: true });
  });

  it('keeps a day cancelled in time as cancelled, and a presence without booking as unexpected', async () => {
    await h.given(accepted, { type: 'ReservationCancelled', data: { ...booking, requestId: 'cancel-1', reservationRequestId: 'req-1', reason: null, previousStatus: 'accepted', waitlist: [] }, actor: RULES });
    await h.given({ type: 'AttendanceRecorded', data: { familyId: 'martin', childId: 'lea', activityId: 'canteen', day: '2026-10-06', status: 'present', expected: false }, actor: AGENT });
    expect(await day(h)).toMatchObject({ booking: 'cancelled', attendance: 'present' });
  });

  it('keeps each day of a period decided together, with the late-booking activity on the late days only', async () => {
    await h.given({
      type: 'ReservationDaysDecided',
      data: {
        requestId: 'req-2',
        familyId: 'martin',
        childId: 'lea',
        activityId: 'canteen',
        group: 'elementaire',
        late: { activityId: 'late-meal', days: ['2026-10-06'] },
        accepted: ['2026-10-06', '2026-10-08'],
        waitlisted: [],
        refused: [{ day: '2026-10-09', reasonCode: 'DAY_CLOSED', reasonText: 'Grève' }],
        pending: [],
      },
      actor: RULES,
    });
    const month = await h.get<FamilyMonthDocument>(BILLING_DAYS, familyMonthId('martin', '2026-10'));
    expect(month?.days['lea|canteen|2026-10-06']).toMatchObject({ booking: 'accepted', requestId: 'req-2', lateActivityId: 'late-meal' });
    expect(month?.days['lea|canteen|2026-10-08']).toMatchObject({ booking: 'accepted', lateActivityId: null });
    expect(month?.days['lea|canteen|2026-10-09']).toBeUndefined();
  });

  it('puts a QF in force from the day it was recorded (Paris), and a regularisation from the day staff state', async () => {
    await h.given(
      { type: 'FamilyQuotientRecorded', data: { familyId: 'martin', quotient: { value: 650, updatedOn: '2026-09-01' } }, actor: AGENT, at: '2026-10-15T22:30:00.000Z' },
      { type: 'QuotientRegularised', data: { familyId: 'martin', quotient: 450, validFrom: '2026-09-01' }, actor: AGENT, at: '2026-11-20T09:00:00.000Z' },
    );
    const doc = await h.get<QuotientDocument>(BILLING_QUOTIENTS, 'martin');
    expect(doc!.entries.map((e) => [e.validFrom, e.quotient, e.source])).toEqual([
      ['2026-09-01', 450, 'regularisation'],
      ['2026-10-16', 650, 'family_file'],
    ]);
  });
});
