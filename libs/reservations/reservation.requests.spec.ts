import type { RecordedEvent } from '@pf/event-store';
import type { RequestNames } from '@pf/requests';
import { reservationRequestSteps } from './reservation.requests';

const names: RequestNames = { child: async () => 'Emma', activity: async (id) => (id === 'late-meal' ? 'Repas non prévu (majoration)' : 'Restaurant scolaire') };
const recorded = (type: string, data: object, requestId = 'period-1', actor: RecordedEvent['metadata']['actor'] = { kind: 'rule', id: 'rules' }): RecordedEvent => ({
  id: `${type}-${requestId}`,
  streamId: 's',
  revision: 0,
  position: 1,
  recordedAt: '2026-12-01T08:00:00Z',
  type,
  data,
  metadata: { communeId: 'c', actor, correlationId: requestId, causationId: requestId, requestId, occurredAt: '2026-12-01T08:00:00Z', schemaVersion: 1 },
});
const steps = (event: RecordedEvent) => reservationRequestSteps[event.type](event, names);
const day = (d: string) => ({ requestId: 'period-1', familyId: 'f1', childId: 'emma', activityId: 'canteen', day: d, group: 'elementaire', period: true });

describe('« Mes demandes » for a period booking', () => {
  it('opens one request for the whole period, saying how many days it covers', async () => {
    const [opened] = await steps(
      recorded('PeriodReservationRequested', { requestId: 'period-1', familyId: 'f1', childId: 'emma', activityId: 'canteen', from: '2026-09-01', to: '2027-07-03', weekdays: [1, 2, 4, 5], days: 140, skipped: 30 }),
    );
    expect(opened).toMatchObject({
      opened: { kind: 'period_reservation', description: 'Réservation Restaurant scolaire — Emma — du 01/09/2026 au 03/07/2027 (lun. mar. jeu. ven.)' },
      label: 'Demande de réservation reçue (140 jours)',
    });
  });

  it('gives each day its outcome silently, and one readable summary the family is told about', async () => {
    const summary = await steps(
      recorded('PeriodReservationDecided', {
        requestId: 'period-1',
        familyId: 'f1',
        childId: 'emma',
        activityId: 'canteen',
        accepted: ['2026-12-03', '2026-12-04'],
        waitlisted: ['2026-12-07'],
        refused: [{ day: '2026-12-01', reasonCode: 'PAST_DEADLINE' }],
        pending: [],
        reasons: { PAST_DEADLINE: 'Le délai de réservation est dépassé.' },
      }),
    );
    expect(summary.filter((s) => s.silent).map((s) => s.outcome)).toEqual([
      { key: 'emma|canteen|2026-12-03', status: 'accepted' },
      { key: 'emma|canteen|2026-12-04', status: 'accepted' },
      { key: 'emma|canteen|2026-12-07', status: 'waitlisted' },
      { key: 'emma|canteen|2026-12-01', status: 'refused' },
    ]);
    expect(summary.filter((s) => !s.silent)).toEqual([
      expect.objectContaining({ label: "2 jours acceptés, 1 jour en liste d'attente, 1 jour refusé", notifiesFamily: true, reason: { code: 'PAST_DEADLINE', text: 'Le délai de réservation est dépassé.' } }),
    ]);
  });

  it('says the rules decided the period, even for a decision recorded with the parent who asked as its actor', async () => {
    const parent = { kind: 'guardian' as const, id: 'account-1', name: 'Sophie Durand' };
    const decided = { requestId: 'period-1', familyId: 'f1', childId: 'emma', activityId: 'canteen', accepted: ['2026-12-03'], waitlisted: [], refused: [], pending: [], reasons: {} };
    for (const actor of [parent, { kind: 'rule' as const, id: 'booking-rules', name: 'Règles de réservation' }]) {
      const summary = (await steps(recorded('PeriodReservationDecided', decided, 'period-1', actor))).filter((s) => !s.silent);
      expect(summary).toEqual([expect.objectContaining({ label: '1 jour accepté', actor: { kind: 'rule', name: 'Règles de réservation' } })]);
    }
  });

  it('leaves the days decided with the period to the summary, but tells a later promotion or staff decision', async () => {
    expect(await steps(recorded('ReservationAccepted', day('2026-12-03')))).toEqual([]);
    const [promoted] = await steps(recorded('ReservationPromoted', { ...day('2026-12-07'), waitlist: [] }, 'cancel-9'));
    expect(promoted).toMatchObject({ requestId: 'period-1', outcome: { key: 'emma|canteen|2026-12-07', status: 'accepted' }, label: 'Place libérée : jour accepté (lundi 07/12/2026)', notifiesFamily: true });
    const [refused] = await steps(recorded('ReservationRefused', { ...day('2027-02-26'), reasonCode: 'REFUSED_BY_STAFF', reasonText: 'Sortie.' }, 'staff-1', { kind: 'staff', id: 'agent' }));
    expect(refused).toMatchObject({ outcome: { key: 'emma|canteen|2027-02-26', status: 'refused' }, reason: { code: 'REFUSED_BY_STAFF', text: 'Sortie.' } });
    expect(refused.silent).toBeUndefined();
  });

  it('marks the day of a period cancelled in the booking request when its cancellation is accepted', async () => {
    const cancelled = await steps(
      recorded('ReservationCancelled', { requestId: 'cancel-1', familyId: 'f1', childId: 'emma', activityId: 'canteen', day: '2026-12-10', reservationRequestId: 'period-1', reservationPeriod: true, reason: null, previousStatus: 'accepted', waitlist: [] }, 'cancel-1'),
    );
    expect(cancelled).toEqual([
      expect.objectContaining({ requestId: 'cancel-1', status: 'accepted', label: 'Annulation acceptée' }),
      expect.objectContaining({ requestId: 'period-1', outcome: { key: 'emma|canteen|2026-12-10', status: 'cancelled' } }),
    ]);
  });
});

describe('« Mes demandes » for a period cancellation', () => {
  const cancelDay = (d: string, extra: object = {}) => ({
    requestId: 'cancel-p',
    familyId: 'f1',
    childId: 'emma',
    activityId: 'canteen',
    day: d,
    reservationRequestId: 'r-1',
    reason: 'Déménagement',
    period: true,
    ...extra,
  });

  it('opens one cancellation request for the period, its days deciding nothing on their own', async () => {
    const [opened] = await steps(
      recorded('PeriodCancellationRequested', { requestId: 'cancel-p', familyId: 'f1', childId: 'emma', activityId: 'canteen', from: '2026-12-07', to: '2026-12-18', weekdays: [1, 2, 4, 5], days: 8, reason: 'Déménagement' }, 'cancel-p'),
    );
    expect(opened).toMatchObject({
      opened: { kind: 'cancellation', description: 'Annulation Restaurant scolaire — Emma — du 07/12/2026 au 18/12/2026 (lun. mar. jeu. ven.)' },
      label: "Demande d'annulation reçue (8 jours)",
    });
    expect(await steps(recorded('CancellationRequested', cancelDay('2026-12-07'), 'cancel-p'))).toEqual([]);
    expect(await steps(recorded('CancellationRefused', { ...cancelDay('2026-12-07'), reasonCode: 'PAST_DEADLINE', reasonText: 'Trop tard.' }, 'cancel-p'))).toEqual([]);
  });

  it('sums the days up once for the family, each day an outcome of its own; the bookings show their days cancelled without another mail', async () => {
    const decided = await steps(
      recorded(
        'PeriodCancellationDecided',
        { requestId: 'cancel-p', familyId: 'f1', childId: 'emma', activityId: 'canteen', cancelled: ['2026-12-08', '2026-12-10'], refused: [{ day: '2026-12-07', reasonCode: 'PAST_DEADLINE' }], pending: [], reasons: { PAST_DEADLINE: 'Le délai est dépassé : ce jour reste facturé.' } },
        'cancel-p',
      ),
    );
    expect(decided.filter((s) => s.outcome).map((s) => s.outcome)).toEqual([
      { key: 'emma|canteen|2026-12-08', status: 'accepted' },
      { key: 'emma|canteen|2026-12-10', status: 'accepted' },
      { key: 'emma|canteen|2026-12-07', status: 'refused' },
    ]);
    expect(decided.at(-1)).toMatchObject({ label: '2 jours annulés, 1 jour maintenu et facturé (délai dépassé)', notifiesFamily: true, actor: { kind: 'rule' }, reason: { code: 'PAST_DEADLINE' } });
    const cancelled = await steps(
      recorded('ReservationCancelled', { ...cancelDay('2026-12-08', { reservationRequestId: 'period-1', reservationPeriod: true }), previousStatus: 'accepted', waitlist: [] }, 'cancel-p'),
    );
    expect(cancelled).toEqual([expect.objectContaining({ requestId: 'period-1', outcome: { key: 'emma|canteen|2026-12-08', status: 'cancelled' } })]);
    expect(cancelled[0].notifiesFamily).toBeUndefined();
    expect(cancelled[0].silent).toBeUndefined();
  });

  it('tells the family a day the service decided later', async () => {
    const [accepted] = await steps(recorded('ReservationCancelled', { ...cancelDay('2026-12-11'), previousStatus: 'accepted', waitlist: [], message: 'Bien noté.' }, 'staff-1', { kind: 'staff', id: 'agent' }));
    expect(accepted).toMatchObject({ requestId: 'cancel-p', outcome: { key: 'emma|canteen|2026-12-11', status: 'accepted' }, notifiesFamily: true, reason: { text: 'Bien noté.' } });
  });
});

describe('« Mes demandes » for a copied selection', () => {
  const selection = [
    { childId: 'emma', activityId: 'canteen', day: '2026-12-07' },
    { childId: 'emma', activityId: 'canteen', day: '2026-12-08' },
    { childId: 'emma', activityId: 'evening', day: '2026-12-10' },
  ];

  it('opens one request for every child, activity and week copied', async () => {
    const [opened] = await steps(recorded('SelectionCopyRequested', { requestId: 'copy-1', familyId: 'f1', selection, from: '2026-12-14', until: '2027-01-29', days: 17, skipped: 6 }, 'copy-1'));
    expect(opened).toMatchObject({
      requestId: 'copy-1',
      opened: {
        kind: 'period_reservation',
        description: "Recopie de la semaine du 07/12/2026 jusqu'au 29/01/2027 — Emma : Restaurant scolaire lun. mar., Restaurant scolaire jeu.",
        childId: 'emma',
        firstDay: '2026-12-14',
        lastDay: '2027-01-29',
      },
      label: 'Demande de réservation reçue (17 jours)',
    });
    expect((opened.opened as { activityId?: string }).activityId).toBeUndefined();
  });

  it('keys each outcome by child, activity and day: two activities on one day are two outcomes', async () => {
    const decided = await steps(
      recorded(
        'SelectionCopyDecided',
        {
          requestId: 'copy-1',
          familyId: 'f1',
          accepted: [{ childId: 'emma', activityId: 'canteen', day: '2026-12-14' }, { childId: 'emma', activityId: 'evening', day: '2026-12-14' }],
          waitlisted: [],
          refused: [{ childId: 'emma', activityId: 'canteen', day: '2026-12-21', reasonCode: 'DAY_CLOSED', reasonText: 'Fermé.' }],
          pending: [],
          reasons: { DAY_CLOSED: 'Fermé.' },
        },
        'copy-1',
      ),
    );
    expect(decided.filter((s) => s.outcome).map((s) => s.outcome!.key)).toEqual(['emma|canteen|2026-12-14', 'emma|evening|2026-12-14', 'emma|canteen|2026-12-21']);
    expect(decided.at(-1)).toMatchObject({ label: '2 jours acceptés, 1 jour refusé', notifiesFamily: true, reason: { code: 'DAY_CLOSED' } });
  });
});

describe('« Mes demandes » for an absence with its certificate', () => {
  it('says the certificate is being checked, and later that it was refused and the day billed, without a second mail', async () => {
    const [declared] = await steps(
      recorded('AbsenceDeclared', { requestId: 'abs-1', familyId: 'f1', childId: 'emma', activityId: 'canteen', day: '2026-12-07', reservationRequestId: 'r-1', reason: 'illness', medicalCertificate: true, justified: true, certificateDocumentId: 'doc-1' }, 'abs-1'),
    );
    expect(declared.label).toContain('certificat médical');
    const [refused] = await steps(recorded('AbsenceCertificateRefused', { requestId: 'abs-1', familyId: 'f1', childId: 'emma', activityId: 'canteen', day: '2026-12-07', documentId: 'doc-1', reason: 'Illisible.' }, 'doc-decision', { kind: 'staff', id: 'agent' }));
    expect(refused).toMatchObject({ requestId: 'abs-1', label: expect.stringContaining('facturé'), reason: { code: 'CERTIFICATE_REFUSED', text: 'Illisible.' } });
    expect(refused.notifiesFamily).toBeUndefined();
  });
});
