import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** The rule shown to the person, word for word the one the API applies. */
export const PASSWORD_RULE_TEXT = 'Au moins 8 caractères, avec au moins un chiffre, une minuscule et une majuscule.';

/** What a password still lacks, in French, in the order of the rule. Empty when it is fine. */
export function missingFromPassword(password: string): string[] {
  const missing: string[] = [];
  if (password.length < 8) missing.push('8 caractères');
  if (!/\d/.test(password)) missing.push('un chiffre');
  if (!/\p{Ll}/u.test(password)) missing.push('une minuscule');
  if (!/\p{Lu}/u.test(password)) missing.push('une majuscule');
  return missing;
}

/** Validator: { passwordRule: { missing, message } } when the password breaks the rule. */
export const passwordRule: ValidatorFn = (control: AbstractControl<string | null>): ValidationErrors | null => {
  const value = control.value ?? '';
  if (value === '') return null; // `required` speaks for an empty field
  const missing = missingFromPassword(value);
  if (missing.length === 0) return null;
  return {
    passwordRule: {
      missing,
      message: `Le mot de passe ne respecte pas la règle : il manque ${joinFrench(missing)}.`,
    },
  };
};

/**
 * Group validator: the confirmation must repeat the password. The error is put on the
 * confirmation field itself so that it shows next to it.
 */
export function sameAs(passwordPath: string, confirmationPath: string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const password = group.get(passwordPath);
    const confirmation = group.get(confirmationPath);
    if (!password || !confirmation) return null;
    const { mismatch: _previous, ...others } = confirmation.errors ?? {};
    const differs = !!confirmation.value && confirmation.value !== password.value;
    if (differs) {
      confirmation.setErrors({ ...others, mismatch: { message: 'Les deux mots de passe ne sont pas identiques.' } });
    } else if (_previous) {
      confirmation.setErrors(Object.keys(others).length ? others : null);
    }
    return null;
  };
}

function joinFrench(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}
