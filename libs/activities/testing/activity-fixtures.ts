import type { ActivityConfiguration } from '../activity.events';

/**
 * The canteen most specs and benches reason about: Monday, Tuesday, Thursday and Friday, 48 hours'
 * notice, school year 2026-2027, 35 maternelle / 64 élémentaire places.
 */
export function aCanteen(overrides: Partial<ActivityConfiguration> = {}): ActivityConfiguration {
  return {
    activityId: 'canteen',
    communeId: 'saint-hilaire-du-bois',
    facilityId: 'restaurant',
    facilityName: 'Restaurant scolaire',
    name: 'Restaurant scolaire',
    kind: 'canteen',
    startTime: '11:45',
    endTime: '13:30',
    openWeekdays: [1, 2, 4, 5],
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'hoursBefore', hours: 48 },
    capacity: 99,
    processing: 'automatic',
    periods: [{ periodId: 'annee-2026-2027', label: 'Année scolaire 2026-2027', kind: 'school_year', from: '2026-09-01', to: '2027-07-03', openWeekdays: [1, 2, 4, 5] }],
    groups: [
      { group: 'maternelle', capacity: 35 },
      { group: 'elementaire', capacity: 64 },
    ],
    closedDays: [],
    enrolment: 'open',
    lateBookingOf: null,
    ...overrides,
  };
}
