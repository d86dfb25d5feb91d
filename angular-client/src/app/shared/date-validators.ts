import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { parseFrenchDate, todayInParis } from './french-format';

/** A day typed as jj/mm/aaaa that exists in the calendar, and (for a birth date) not in the future. */
export function frenchBirthDate(now: () => Date = () => new Date()): ValidatorFn {
  return (control: AbstractControl<string | null>): ValidationErrors | null => {
    const value = (control.value ?? '').trim();
    if (value === '') return null;
    const iso = parseFrenchDate(value);
    if (!iso) return { frenchDate: { message: 'Saisissez une date valide au format jj/mm/aaaa, par exemple 14/03/2019.' } };
    if (iso > todayInParis(now())) return { futureDate: { message: 'La date de naissance ne peut pas être dans le futur.' } };
    if (iso < '1900-01-01') return { frenchDate: { message: 'Vérifiez l’année de naissance.' } };
    return null;
  };
}
