import { passwordProblems } from './password-policy';

describe('password rule shown at sign-up', () => {
  it('accepts 8 characters with a digit, a lowercase and an uppercase letter', () => {
    expect(passwordProblems('Vacances2026')).toEqual([]);
  });

  it.each(['court1A', 'sansmajuscule1', 'SANSMINUSCULE1', 'SansChiffre'])('refuses %s', (password) => {
    expect(passwordProblems(password)[0]).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
  });

  it('refuses the commonest passwords even when they fit the rule', () => {
    expect(passwordProblems('Azerty123')[0]).toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
  });

  it('says when the confirmation differs', () => {
    expect(passwordProblems('Vacances2026', 'Vacances2027')).toEqual([
      expect.objectContaining({ field: 'passwordConfirmation', code: 'PASSWORD_MISMATCH' }),
    ]);
  });
});
