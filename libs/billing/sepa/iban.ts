import { electronicFormatIBAN, isSEPACountry, isValidBIC, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import type { FieldProblem } from '@pf/domain';

/** « FR76 3000 6000 0112 3456 7890 189 » → « FR7630006000011234567890189 ». */
export const normaliseIban = (iban: string) => electronicFormatIBAN(iban) ?? iban.replace(/\s+/g, '').toUpperCase();

/** IBAN checks: a SEPA country, the length of that country, and the ISO 7064 mod-97 check digits. */
export function ibanProblems(iban: string, field: string): FieldProblem[] {
  const value = normaliseIban(String(iban ?? ''));
  const problem = (code: string, message: string): FieldProblem[] => [{ field, code, message }];
  if (!value) return problem('IBAN_MISSING', 'Indiquez l’IBAN.');
  const { valid, errorCodes } = validateIBAN(value);
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) return problem('IBAN_COUNTRY_UNKNOWN', 'L’IBAN doit commencer par le code d’un pays (FR, DE…).');
  if (!isSEPACountry(value.slice(0, 2))) return problem('IBAN_NOT_SEPA', 'Le prélèvement SEPA n’est possible que sur un compte de la zone SEPA.');
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) return problem('IBAN_LENGTH_INVALID', `Un IBAN ${value.slice(0, 2)} n’a pas cette longueur.`);
  if (!valid) return problem('IBAN_CHECKSUM_INVALID', 'L’IBAN est invalide (clé de contrôle) : vérifiez-le caractère par caractère.');
  return [];
}

export function bicProblems(bic: string, field: string): FieldProblem[] {
  return isValidBIC(String(bic ?? '').toUpperCase()) ? [] : [{ field, code: 'BIC_INVALID', message: 'Le BIC compte 8 ou 11 caractères (ex. BNPAFRPPXXX).' }];
}

/** Mod 97 of a string of letters (A=10 … Z=35) and digits, computed piecewise. */
function mod97(text: string): number {
  const digits = text.toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest;
}

/**
 * SEPA creditor identifier (ICS in France, e.g. FR12ZZZ123456): country, 2 check digits,
 * 3-character business code (not checked), national identifier; the check digits are those of
 * the national identifier followed by the country and 00, as for an IBAN.
 */
export function creditorIdProblems(id: string, field: string): FieldProblem[] {
  const value = String(id ?? '').replace(/\s+/g, '').toUpperCase();
  const match = /^([A-Z]{2})(\d{2})([A-Z0-9]{3})([A-Z0-9]{1,28})$/.exec(value);
  if (!match || mod97(`${match[4]}${match[1]}${match[2]}`) !== 1) return [{ field, code: 'CREDITOR_ID_INVALID', message: 'L’identifiant créancier SEPA (ICS) est invalide, ex. FR12ZZZ123456.' }];
  return [];
}
