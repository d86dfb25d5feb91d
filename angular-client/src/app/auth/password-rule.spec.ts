import { FormControl, FormGroup } from '@angular/forms';
import { missingFromPassword, passwordRule, sameAs } from './password-rule';

describe('Password rule: at least 8 characters with a digit, a lowercase and an uppercase letter', () => {
  const check = (value: string) => passwordRule(new FormControl(value));

  it.each(['Enfance-2026', 'Abcdefg1', 'Élodie2026', 'motDePasse9'])('accepts %s', (value) => {
    expect(check(value)).toBeNull();
  });

  it('says, in French, everything a password lacks', () => {
    expect(missingFromPassword('abc')).toEqual(['8 caractères', 'un chiffre', 'une majuscule']);
    expect(check('abcdefgh')?.['passwordRule'].message).toBe(
      'Le mot de passe ne respecte pas la règle : il manque un chiffre et une majuscule.',
    );
  });

  it('refuses 7 characters even when every kind of character is there', () => {
    expect(check('Abcde12')?.['passwordRule'].missing).toEqual(['8 caractères']);
  });

  it('refuses a password without lowercase or without uppercase letters', () => {
    expect(check('ABCDEFG1')?.['passwordRule'].missing).toEqual(['une minuscule']);
    expect(check('abcdefg1')?.['passwordRule'].missing).toEqual(['une majuscule']);
  });

  it('leaves an empty field to the `required` validator', () => {
    expect(check('')).toBeNull();
  });
});

describe('Password confirmation', () => {
  const form = () =>
    new FormGroup(
      { password: new FormControl('Enfance-2026'), passwordConfirmation: new FormControl('') },
      { validators: sameAs('password', 'passwordConfirmation') },
    );

  it('flags the confirmation field when it differs, and clears it once it matches', () => {
    const f = form();
    f.controls.passwordConfirmation.setValue('Enfance-2025');
    expect(f.controls.passwordConfirmation.errors?.['mismatch']).toBeTruthy();
    f.controls.passwordConfirmation.setValue('Enfance-2026');
    expect(f.controls.passwordConfirmation.errors).toBeNull();
  });
});
