import { dayEventsOf, dayOutcome, periodOutcomes } from './booking-context';
import type { ReservationDaysDecided } from './reservation.events';

describe('what a period booking tells the parent, day by day', () => {
  const decided: ReservationDaysDecided = {
    type: 'ReservationDaysDecided',
    data: {
      requestId: 'p-1',
      familyId: 'f-1',
      childId: 'emma',
      activityId: 'canteen',
      group: 'elementaire',
      late: { activityId: 'late-meal', days: ['2026-12-03', '2026-12-04'] },
      accepted: ['2026-12-03', '2026-12-07'],
      waitlisted: [{ day: '2026-12-04', rank: 3 }],
      refused: [{ day: '2026-12-08', reasonCode: 'DAY_CLOSED', reasonText: 'Grève' }],
      pending: [],
    },
  };

  it('reads the decision as the day-by-day facts it stands for would be read', () => {
    const direct = periodOutcomes([decided]);
    const dayByDay = dayEventsOf([decided]);
    for (const day of ['2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08']) expect(direct.get(day)).toEqual(dayOutcome(day, dayByDay.get(day)!));
    expect(direct.get('2026-12-03')).toEqual({ day: '2026-12-03', status: 'accepted', lateActivityId: 'late-meal' });
    expect(direct.get('2026-12-04')).toEqual({ day: '2026-12-04', status: 'waitlisted', rank: 3, lateActivityId: 'late-meal' });
  });
});
