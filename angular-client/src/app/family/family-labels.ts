import { FamilySituation, GuardianQuality } from './family.api';

export const QUALITIES: { value: GuardianQuality; label: string }[] = [
  { value: 'mere', label: 'Mère' },
  { value: 'pere', label: 'Père' },
  { value: 'tuteur', label: 'Tuteur' },
  { value: 'tutrice', label: 'Tutrice' },
  { value: 'beau-parent', label: 'Beau-parent' },
  { value: 'famille-accueil', label: "Famille d'accueil" },
  { value: 'autre', label: 'Autre' },
];

export const SITUATIONS: { value: FamilySituation; label: string }[] = [
  { value: 'marie', label: 'Marié(e)' },
  { value: 'pacse', label: 'Pacsé(e)' },
  { value: 'vie-maritale', label: 'Vie maritale' },
  { value: 'celibataire', label: 'Célibataire' },
  { value: 'separe', label: 'Séparé(e)' },
  { value: 'divorce', label: 'Divorcé(e)' },
  { value: 'veuf', label: 'Veuf, veuve' },
  { value: 'autre', label: 'Autre' },
];

export const labelOf = <T extends string>(list: { value: T; label: string }[], value: T | undefined | null): string =>
  list.find((x) => x.value === value)?.label ?? '';

/** Same rules as the API (family.dto.ts): French phones, postcodes, CAF numbers. */
export const FRENCH_PHONE = /^(?:(?:\+|00)33[\s.-]?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}$/;
export const FRENCH_POSTCODE = /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/;

export const yesNo = (value: boolean | undefined): string => (value === undefined ? 'non renseigné' : value ? 'oui' : 'non');
