import { AbstractControl, ValidationErrors } from '@angular/forms';

/** « fr76 3000 6000 0112 3456 7890 189 » → « FR7630006000011234567890189 ». */
export const compactIban = (value: string) => value.replace(/[\s-]+/g, '').toUpperCase();

/** « FR7630006000011234567890189 » → « FR76 3000 6000 0112 3456 7890 189 », as a bank prints it. */
export const groupedIban = (value: string) => compactIban(value).replace(/(.{4})(?=.)/g, '$1 ');

/** ISO 7064 mod 97 of an IBAN moved round (letters as 10–35), computed piecewise. */
function mod97(iban: string): number {
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest;
}

/**
 * The check a person sees while typing: the shape of an IBAN and its check digits. The server
 * checks again (SEPA country, length of that country) and says what is wrong field by field.
 */
export function ibanValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = compactIban(control.value ?? '');
  if (!value) return null;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(value)) return { iban: { message: 'Un IBAN commence par le code du pays et 2 chiffres (FR76…) et compte de 15 à 34 caractères.' } };
  if (mod97(value) !== 1) return { iban: { message: 'Cet IBAN n’est pas valide (clé de contrôle) : vérifiez-le caractère par caractère sur votre RIB.' } };
  return null;
}

/** BIC: 8 or 11 characters (bank, country, place, branch). */
export function bicValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').replace(/\s+/g, '').toUpperCase();
  return !value || /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value) ? null : { bic: { message: 'Le BIC compte 8 ou 11 caractères, par exemple CCBPFRPPNAN.' } };
}
