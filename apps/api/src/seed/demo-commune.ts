import { uuidFromName } from '@pf/domain';
import type { ActivityConfiguration } from '@pf/activities';
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
  activityId: uuidFromName(`${DEMO_COMMUNE.communeId}:activity:${slug}`),
  communeId: DEMO_COMMUNE.communeId,
  ...rest,
});

const SCHOOL_DAYS = [1, 2, 4, 5];

export const DEMO_ACTIVITIES: ActivityConfiguration[] = [
  activity('restaurant-scolaire', {
    facilityId: 'restaurant-jules-ferry',
    facilityName: 'Restaurant scolaire Jules-Ferry',
    name: 'Restaurant scolaire',
    kind: 'canteen',
    startTime: '11:45',
    endTime: '13:30',
    openWeekdays: SCHOOL_DAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'hoursBefore', hours: 48 },
    capacity: 99,
    processing: 'automatic',
  }),
  activity('garderie-matin', {
    facilityId: 'accueil-periscolaire',
    facilityName: 'Accueil périscolaire Les Écureuils',
    name: 'Garderie du matin',
    kind: 'morning_care',
    startTime: '07:30',
    endTime: '08:35',
    openWeekdays: SCHOOL_DAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'daysBefore', days: 1, time: '18:00' },
    capacity: 40,
    processing: 'automatic',
  }),
  activity('garderie-soir', {
    facilityId: 'accueil-periscolaire',
    facilityName: 'Accueil périscolaire Les Écureuils',
    name: 'Garderie du soir',
    kind: 'evening_care',
    startTime: '16:30',
    endTime: '18:45',
    openWeekdays: SCHOOL_DAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'workingDaysBefore', days: 1, time: '12:00' },
    capacity: 40,
    processing: 'automatic',
  }),
  activity('mercredi-loisirs', {
    facilityId: 'centre-de-loisirs',
    facilityName: 'Centre de loisirs La Marelle',
    name: 'Mercredi loisirs (journée avec repas)',
    kind: 'wednesday',
    startTime: '08:30',
    endTime: '17:30',
    openWeekdays: [3],
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'weekdayOfPreviousWeek', weekday: 4, time: '23:59' },
    capacity: 48,
    processing: 'automatic',
  }),
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
