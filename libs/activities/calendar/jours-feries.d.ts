/**
 * Types for @socialgouv/jours-feries 2.0.0, which ships none (see its src/index.js).
 * `getJoursFeries(year, { alsace })` returns one entry per bank holiday, keyed by its French name.
 * Each Date is LOCAL midnight of the process's time zone (`new Date(year, month, day)`), and the
 * Easter-based ones are Easter + n × 24 h: read them with bank-holidays.ts, never with UTC getters.
 */
declare module '@socialgouv/jours-feries' {
  type JourFerieName =
    | "Jour de l'an"
    | 'Fête du travail'
    | 'Victoire des alliés'
    | 'Fête Nationale'
    | 'Assomption'
    | 'Toussaint'
    | 'Armistice'
    | 'Noël'
    | 'Lundi de Pâques'
    | 'Ascension'
    | 'Lundi de Pentecôte'
    /** Alsace-Moselle only. */
    | 'Vendredi Saint'
    /** Alsace-Moselle only. */
    | 'Saint Étienne';

  function getJoursFeries(
    year: number | string,
    options?: { alsace?: boolean },
  ): Partial<Record<JourFerieName, Date>>;

  export = getJoursFeries;
}
