import { uuidFromName } from '@pf/domain';
import type { ActivityConfiguration, FacilityConfiguration } from '@pf/activities';
import type { CommuneProfile } from '@pf/communes';

/** A small commune of Loire-Atlantique (académie de Nantes, zone B), as a town hall would set it up. */
export const DEMO_COMMUNE: CommuneProfile = {
  communeId: 'saint-hilaire-du-bois',
  name: 'Saint-Hilaire-du-Bois',
  timeZone: 'Europe/Paris',
  schoolZone: 'B',
  subscriberCodePrefix: 'SHB',
  serviceName: 'Service enfance-jeunesse',
  serviceEmail: 'enfance@saint-hilaire-du-bois.fr',
};

const activity = (slug: string, rest: Omit<ActivityConfiguration, 'activityId' | 'communeId'>): ActivityConfiguration => ({
  activityId: demoActivityId(slug),
  communeId: DEMO_COMMUNE.communeId,
  ...rest,
});
export const demoActivityId = (slug: string) => uuidFromName(`${DEMO_COMMUNE.communeId}:activity:${slug}`);
const facilityId = (slug: string) => uuidFromName(`${DEMO_COMMUNE.communeId}:facility:${slug}`);

export const DEMO_FACILITIES: FacilityConfiguration[] = [
  { facilityId: facilityId('restaurant-jules-ferry'), name: 'Restaurant scolaire Jules-Ferry', address: '2 rue des Écoles, 44000 Saint-Hilaire-du-Bois' },
  { facilityId: facilityId('accueil-periscolaire'), name: 'Accueil périscolaire Les Écureuils', address: '4 rue des Écoles, 44000 Saint-Hilaire-du-Bois' },
  { facilityId: facilityId('centre-de-loisirs'), name: 'Centre de loisirs La Marelle', address: '12 chemin du Stade, 44000 Saint-Hilaire-du-Bois' },
];
const [RESTAURANT, PERISCOLAIRE, CENTRE_DE_LOISIRS] = DEMO_FACILITIES;
const at = (facility: FacilityConfiguration) => ({ facilityId: facility.facilityId, facilityName: facility.name });

/** School days of the four-day week (no school on Wednesday). */
const SCHOOL_DAYS = [1, 2, 4, 5];
/** Zone B, 2026-2027: rentrée on Tuesday 1 September 2026, summer from Saturday 3 July 2027. */
const SCHOOL_YEAR_2026_2027 = { periodId: 'annee-2026-2027', label: 'Année scolaire 2026-2027', kind: 'school_year' as const, from: '2026-09-01', to: '2027-07-03' };
/** 35 places for the maternelle pupils, 64 for the élémentaire ones. */
const SCHOOL_GROUPS = [
  { group: 'maternelle' as const, capacity: 35 },
  { group: 'elementaire' as const, capacity: 64 },
];

export const DEMO_ACTIVITIES: ActivityConfiguration[] = [
  activity('restaurant-scolaire', {
    ...at(RESTAURANT),
    name: 'Restaurant scolaire',
    kind: 'canteen',
    startTime: '11:45',
    endTime: '13:30',
    openWeekdays: SCHOOL_DAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'hoursBefore', hours: 48 },
    capacity: 99,
    processing: 'automatic',
    periods: [{ ...SCHOOL_YEAR_2026_2027, openWeekdays: SCHOOL_DAYS }],
    groups: SCHOOL_GROUPS,
    closedDays: [{ day: '2027-03-19', reason: 'Journée pédagogique : pas de classe, restaurant fermé' }],
    // Every pupil of the commune's schools may eat at the canteen: no enrolment request.
    enrolment: 'open',
    lateBookingOf: null,
  }),
  // Booked through the canteen once its 48-hour deadline is past, until 9:00 the same day, at its own (higher) tariff.
  activity('repas-non-prevu', {
    ...at(RESTAURANT),
    name: 'Repas non prévu (majoration)',
    kind: 'canteen',
    startTime: '11:45',
    endTime: '13:30',
    openWeekdays: SCHOOL_DAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'daysBefore', days: 0, time: '09:00' },
    capacity: null,
    processing: 'automatic',
    periods: [],
    groups: [],
    closedDays: [],
    enrolment: 'open',
    lateBookingOf: demoActivityId('restaurant-scolaire'),
  }),
  activity('garderie-matin', {
    ...at(PERISCOLAIRE),
    name: 'Garderie du matin',
    kind: 'morning_care',
    startTime: '07:30',
    endTime: '08:35',
    openWeekdays: SCHOOL_DAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'daysBefore', days: 1, time: '18:00' },
    capacity: 40,
    processing: 'automatic',
    periods: [{ ...SCHOOL_YEAR_2026_2027, openWeekdays: SCHOOL_DAYS }],
    groups: [
      { group: 'maternelle', capacity: 14 },
      { group: 'elementaire', capacity: 26 },
    ],
    closedDays: [],
    enrolment: 'automatic',
    lateBookingOf: null,
  }),
  activity('garderie-soir', {
    ...at(PERISCOLAIRE),
    name: 'Garderie du soir',
    kind: 'evening_care',
    startTime: '16:30',
    endTime: '18:45',
    openWeekdays: SCHOOL_DAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'workingDaysBefore', days: 1, time: '12:00' },
    capacity: 40,
    processing: 'automatic',
    periods: [{ ...SCHOOL_YEAR_2026_2027, openWeekdays: SCHOOL_DAYS }],
    groups: [
      { group: 'maternelle', capacity: 14 },
      { group: 'elementaire', capacity: 26 },
    ],
    closedDays: [],
    enrolment: 'automatic',
    lateBookingOf: null,
  }),
  activity('mercredi-loisirs', {
    ...at(CENTRE_DE_LOISIRS),
    name: 'Mercredi loisirs (journée avec repas)',
    kind: 'wednesday',
    startTime: '08:30',
    endTime: '17:30',
    openWeekdays: [3],
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'weekdayOfPreviousWeek', weekday: 4, time: '23:59' },
    capacity: 48,
    processing: 'automatic',
    periods: [{ ...SCHOOL_YEAR_2026_2027, openWeekdays: [3] }],
    groups: [
      { group: 'maternelle', capacity: 16 },
      { group: 'elementaire', capacity: 32 },
    ],
    closedDays: [],
    enrolment: 'staff',
    lateBookingOf: null,
  }),
  // ALSH: the holiday centre, by session; the service checks each enrolment and each booking.
  activity('alsh-vacances', {
    ...at(CENTRE_DE_LOISIRS),
    name: 'Accueil de loisirs des vacances (ALSH)',
    kind: 'holiday_centre',
    startTime: '08:30',
    endTime: '17:30',
    openWeekdays: [1, 2, 3, 4, 5],
    opensDuringSchoolHolidays: true,
    deadline: { kind: 'daysBefore', days: 7, time: '12:00' },
    capacity: 48,
    processing: 'manual',
    periods: [
      { periodId: 'toussaint-2026', label: 'Vacances de la Toussaint 2026', kind: 'holiday_session', from: '2026-10-19', to: '2026-10-30', openWeekdays: [1, 2, 3, 4, 5] },
      { periodId: 'hiver-2027', label: "Vacances d'hiver 2027", kind: 'holiday_session', from: '2027-02-22', to: '2027-03-05', openWeekdays: [1, 2, 3, 4, 5] },
      { periodId: 'printemps-2027', label: 'Vacances de printemps 2027', kind: 'holiday_session', from: '2027-04-19', to: '2027-04-30', openWeekdays: [1, 2, 3, 4, 5] },
    ],
    groups: [
      { group: 'maternelle', capacity: 16 },
      { group: 'elementaire', capacity: 32 },
    ],
    closedDays: [],
    enrolment: 'staff',
    lateBookingOf: null,
  }),
];

/** Enrolments the demo families already hold (asked through the ordinary command, accepted by the rules or the service). */
export const DEMO_ENROLMENTS: Array<{ family: string; child: number; activity: string; periodId: string; typicalWeek?: number[] }> = [
  { family: 'martin', child: 1, activity: 'garderie-matin', periodId: 'annee-2026-2027', typicalWeek: [1, 2, 4, 5] },
  { family: 'martin', child: 0, activity: 'garderie-soir', periodId: 'annee-2026-2027', typicalWeek: [1, 4] },
  { family: 'bernard', child: 0, activity: 'garderie-soir', periodId: 'annee-2026-2027' },
];

export interface DemoFamily {
  slug: string;
  guardian: { civility: 'Mme' | 'M'; firstName: string; lastName: string; email: string };
  children: Array<{ firstName: string; lastName: string; birthDate: string; schoolClass: string }>;
  /** Password of the parent's account; no account when absent (its code is printed to try sign-up). */
  password?: string;
}

export const DEMO_STAFF = {
  civility: 'Mme' as const,
  firstName: 'Sandrine',
  lastName: 'Lefèvre',
  email: 'agent.enfance@saint-hilaire-du-bois.fr',
  password: 'Enfance-2026',
};

export const DEMO_FAMILIES: DemoFamily[] = [
  {
    slug: 'martin',
    guardian: { civility: 'Mme', firstName: 'Claire', lastName: 'Martin', email: 'claire.martin@example.fr' },
    children: [
      { firstName: 'Léa', lastName: 'Martin', birthDate: '2017-03-14', schoolClass: 'CM1' },
      { firstName: 'Hugo', lastName: 'Martin', birthDate: '2021-09-02', schoolClass: 'Moyenne section' },
    ],
    password: 'Famille-2026',
  },
  {
    slug: 'bernard',
    guardian: { civility: 'M', firstName: 'Thomas', lastName: 'Bernard', email: 'thomas.bernard@example.fr' },
    children: [{ firstName: 'Chloé', lastName: 'Bernard', birthDate: '2016-11-21', schoolClass: 'CM2' }],
    password: 'Famille-2026',
  },
  {
    slug: 'nguyen',
    guardian: { civility: 'Mme', firstName: 'Linh', lastName: 'Nguyen', email: 'linh.nguyen@example.fr' },
    children: [
      { firstName: 'Minh', lastName: 'Nguyen', birthDate: '2019-06-30', schoolClass: 'CP' },
      { firstName: 'Anh', lastName: 'Nguyen', birthDate: '2023-01-17', schoolClass: 'Petite section' },
    ],
  },
];
