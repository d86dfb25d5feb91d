/**
 * What an integrator's key may read. Each scope is one kind of town-hall software named in the
 * domain (accounting, CAF statistics, school software) and receives only the data its job needs.
 */
export const INTEGRATOR_SCOPES = ['accounting', 'caf-statistics', 'school-software'] as const;
export type IntegratorScope = (typeof INTEGRATOR_SCOPES)[number];

export const isIntegratorScope = (value: unknown): value is IntegratorScope =>
  typeof value === 'string' && (INTEGRATOR_SCOPES as readonly string[]).includes(value);

export const SCOPE_MEANINGS: Record<IntegratorScope, { fr: string; en: string }> = {
  accounting: {
    fr: 'Logiciel de comptabilité et de facturation de la mairie : familles et responsables (noms, e-mails), prénoms et noms des enfants, activités et jours réservés acceptés, factures, avoirs, règlements et remboursements (montants en centimes).',
    en: "Town hall accounting and billing software: families and guardians (names, e-mails), children's names, activities and accepted bookings, invoices, credit notes, payments and refunds (amounts in cents).",
  },
  'caf-statistics': {
    fr: 'Statistiques pour la CAF : âges et effectifs par activité et par jour, sans aucun nom ni identifiant de famille ou d’enfant.',
    en: 'CAF statistics: ages and counts per activity and day, without any name or family or child identifier.',
  },
  'school-software': {
    fr: 'Logiciel scolaire : enfants (nom, prénom, date de naissance, classe), responsables (sans coordonnées), activités et toutes les demandes de réservation.',
    en: 'School software: children (names, birth date, class), guardians (no contact details), activities and every booking request.',
  },
};
