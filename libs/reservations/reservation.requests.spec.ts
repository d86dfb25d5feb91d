import type { RecordedEvent } from '@pf/event-store';
import type { RequestNames } from '../requests/request-steps';
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
      { key: '2026-12-03', status: 'accepted' },
      { key: '2026-12-04', status: 'accepted' },
      { key: '2026-12-07', status: 'waitlisted' },
      { key: '2026-12-01', status: 'refused' },
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
    expect(promoted).toMatchObject({ requestId: 'period-1', outcome: { key: '2026-12-07', status: 'accepted' }, label: 'Place libérée : jour accepté (lundi 07/12/2026)', notifiesFamily: true });
    const [refused] = await steps(recorded('ReservationRefused', { ...day('2027-02-26'), reasonCode: 'REFUSED_BY_STAFF', reasonText: 'Sortie.' }, 'staff-1', { kind: 'staff', id: 'agent' }));
    expect(refused).toMatchObject({ outcome: { key: '2027-02-26', status: 'refused' }, reason: { code: 'REFUSED_BY_STAFF', text: 'Sortie.' } });
    expect(refused.silent).toBeUndefined();
  });

  it('marks the day of a period cancelled in the booking request when its cancellation is accepted', async () => {
    const cancelled = await steps(
      recorded('ReservationCancelled', { requestId: 'cancel-1', familyId: 'f1', childId: 'emma', activityId: 'canteen', day: '2026-12-10', reservationRequestId: 'period-1', reservationPeriod: true, reason: null, previousStatus: 'accepted', waitlist: [] }, 'cancel-1'),
    );
    expect(cancelled).toEqual([
      expect.objectContaining({ requestId: 'cancel-1', status: 'accepted', label: 'Annulation acceptée' }),
      expect.objectContaining({ requestId: 'period-1', outcome: { key: '2026-12-10', status: 'cancelled' } }),
    ]);
  });
});
