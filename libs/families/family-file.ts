import { invalid, uuidFromName, type FieldProblem } from '@pf/domain';
import type { ChildChanges, ChildDetails, Contact, GuardianChanges, GuardianDetails, Phones } from './family.events';

/** '+33 6 12 34 56 78', '06.12.34.56.78' → '06 12 34 56 78'. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '').replace(/^(?:\+|00)33/, '0');
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

const normalizePhones = (phones: Phones): Phones =>
  Object.fromEntries(Object.entries(phones).filter(([, v]) => typeof v === 'string' && v.trim()).map(([k, v]) => [k, normalizePhone(v as string)]));

const trimmed = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;

export function normalizeGuardianChanges(changes: GuardianChanges): GuardianChanges {
  const out: GuardianChanges = trimmed({ ...changes });
  if (out.email) out.email = out.email.toLowerCase();
  if (out.phones) out.phones = normalizePhones(out.phones);
  if (out.address) out.address = trimmed(out.address);
  return out;
}

type ContactInput = Omit<Contact, 'contactId'> & { contactId?: string };
/** A child's changes as typed by a person: contacts may not have ids yet. */
export type ChildChangesInput = Omit<ChildChanges, 'contacts'> & { contacts?: ContactInput[] };
export type ChildInput = Omit<ChildDetails, 'childId' | 'contacts'> & { contacts?: ContactInput[] };

/**
 * Contacts get stable ids derived from `idSeed`, so a retried request writes the same record. The
 * seed is itself an id derived from the commune and the request (idFromRequest), never a bare request id.
 */
export function normalizeChildChanges(changes: ChildChangesInput, idSeed: string): ChildChanges {
  const out = trimmed({ ...changes }) as ChildChanges;
  if (out.health?.doctor?.phone) out.health = { ...out.health, doctor: { ...out.health.doctor, phone: normalizePhone(out.health.doctor.phone) } };
  if (out.contacts) {
    out.contacts = (changes.contacts ?? []).map((c, i): Contact => ({ ...trimmed(c), contactId: c.contactId ?? uuidFromName(`${idSeed}|contact:${i}`), phone: normalizePhone(c.phone) }));
  }
  return out;
}

/** Dates of birth: real, not in the future, not absurdly old. */
export function checkBirthDate(birthDate: string | undefined, today: string, field = 'birthDate'): FieldProblem[] {
  if (birthDate === undefined) return [];
  if (birthDate > today) return [{ field, code: 'BIRTH_DATE_IN_FUTURE', message: 'La date de naissance ne peut pas être dans le futur.' }];
  if (birthDate < '1990-01-01') return [{ field, code: 'BIRTH_DATE_TOO_OLD', message: 'La date de naissance semble erronée.' }];
  return [];
}

export function assertNoProblems(problems: FieldProblem[]): void {
  if (problems.length) throw invalid('FAMILY_FILE_INVALID', problems[0].message, problems);
}

export function checkGuardian(g: GuardianChanges, field = 'guardian'): FieldProblem[] {
  if (g.phones && Object.values(g.phones).every((v) => !v)) {
    return [{ field: `${field}.phones`, code: 'PHONE_REQUIRED', message: 'Indiquez au moins un numéro de téléphone.' }];
  }
  return [];
}

const GUARDIAN_LABELS: Record<string, string> = {
  civility: 'Civilité',
  lastName: 'Nom',
  firstName: 'Prénom',
  email: 'E-mail',
  quality: 'Qualité',
  familySituation: 'Situation familiale',
  phones: 'Téléphones',
  address: 'Adresse',
  communicationConsent: 'Consentement aux communications',
  invoiceDelivery: 'Envoi des factures',
  professional: 'Informations professionnelles',
  caf: 'Données CAF',
};

const CHILD_LABELS: Record<string, string> = {
  firstName: 'Prénom',
  lastName: 'Nom',
  birthDate: 'Date de naissance',
  schoolClass: 'Classe',
  birthPlace: 'Lieu de naissance',
  sex: 'Sexe',
  school: 'Scolarité',
  photoId: 'Photo',
  health: 'Santé',
  authorisations: 'Autorisations',
  contacts: 'Personnes autorisées et contacts d’urgence',
};

/** French words for the nested fields and coded values a change request may carry. */
const PART_LABELS: Record<string, string> = {
  mobile: 'portable', home: 'domicile', work: 'travail',
  line1: 'adresse', line2: 'complément', postcode: 'code postal', city: 'ville',
  occupation: 'profession', employer: 'employeur', workAddress: 'adresse professionnelle',
  allocataire: 'allocataire', regime: 'régime', number: 'numéro',
  doctor: 'médecin', allergies: 'allergies', pai: 'PAI', glasses: 'lunettes', dentalDevice: 'appareil dentaire',
  hearingAid: 'appareil auditif', notes: 'remarques', name: 'nom', phone: 'téléphone',
  sport: 'sport', photos: 'photos', leaveAlone: 'sortie seul', hospitalisation: 'hospitalisation',
  level: 'niveau', className: 'classe',
};
const VALUE_LABELS: Record<string, Record<string, string>> = {
  quality: { mere: 'mère', pere: 'père', tuteur: 'tuteur', tutrice: 'tutrice', 'beau-parent': 'beau-parent', 'famille-accueil': "famille d'accueil", autre: 'autre' },
  familySituation: {
    marie: 'marié(e)', pacse: 'pacsé(e)', 'vie-maritale': 'vie maritale', celibataire: 'célibataire',
    separe: 'séparé(e)', divorce: 'divorcé(e)', veuf: 'veuf / veuve', autre: 'autre',
  },
  invoiceDelivery: { email: 'par e-mail', courrier: 'par courrier' },
  regime: { general: 'régime général', msa: 'MSA', autre: 'autre' },
  level: { maternelle: 'maternelle', elementaire: 'élémentaire' },
  sex: { F: 'fille', M: 'garçon' },
  civility: { Mme: 'Madame', M: 'Monsieur' },
};

const describeValue = (value: unknown, key = ''): string => {
  if (key === 'photoId') return value ? 'nouvelle photo' : 'photo retirée';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'string') return value ? (VALUE_LABELS[key]?.[value] ?? value) : '(vide)';
  if (Array.isArray(value)) return `${value.length} élément(s)`;
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${PART_LABELS[k] ?? k} : ${describeValue(v, k)}`)
      .join(', ');
  }
  return value === undefined || value === null ? '(vide)' : String(value);
};

/** French lines saying what a change request asks, e.g. "Léa — Santé : allergies : arachide". */
export function describeChanges(who: string, changes: GuardianChanges | ChildChanges, kind: 'guardian' | 'child'): string[] {
  const labels = kind === 'guardian' ? GUARDIAN_LABELS : CHILD_LABELS;
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${who} — ${labels[key] ?? key} : ${describeValue(value, key)}`);
}

export interface MissingData {
  /** 'guardian' / 'child' and its id. */
  target: 'guardian' | 'child' | 'family';
  id: string;
  who: string;
  field: string;
  label: string;
}

/** "Ces données obligatoires ne sont pas renseignées": what the service needs and the file lacks. */
export function missingMandatoryData(family: { _id: string; guardians: GuardianDetails[]; children: ChildDetails[] }): MissingData[] {
  const missing: MissingData[] = [];
  for (const g of family.guardians) {
    const who = `${g.firstName} ${g.lastName}`;
    const add = (field: string, label: string) => missing.push({ target: 'guardian', id: g.guardianId, who, field, label });
    if (!g.quality) add('quality', 'Qualité (mère, père, tuteur…)');
    if (!g.phones || !Object.values(g.phones).some(Boolean)) add('phones', 'Au moins un numéro de téléphone');
    if (!g.address) add('address', 'Adresse postale');
    if (!g.invoiceDelivery) add('invoiceDelivery', 'Mode d’envoi des factures');
  }
  for (const c of family.children) {
    const who = c.firstName;
    const add = (field: string, label: string) => missing.push({ target: 'child', id: c.childId, who, field, label });
    if (!c.sex) add('sex', 'Sexe');
    if (!c.school?.level) add('school', 'Niveau scolaire (maternelle ou élémentaire)');
    if (!c.health?.doctor) add('health.doctor', 'Médecin traitant');
    if (!c.authorisations) add('authorisations', 'Autorisations (sport, image, sortie seul, hospitalisation)');
    if (!c.contacts?.some((x) => x.emergency)) add('contacts', 'Au moins une personne à appeler en cas d’urgence');
  }
  return missing;
}
