import type { FieldProblem } from '@pf/domain';

export const PASSWORD_RULE_TEXT = 'Au moins 8 caractères, avec au moins un chiffre, une minuscule et une majuscule.';

/** The commonest passwords that still satisfy the character rule (from public breach top lists). */
const COMMON = new Set(
  [
    'Password1', 'Password123', 'Azerty123', 'Azertyuiop1', 'Qwerty123', 'Motdepasse1', 'Soleil123', 'Bonjour123',
    'Marseille13', 'Doudou123', 'Loulou123', 'Chouchou1', 'Nicolas1', 'Camille1', 'Welcome1', 'Welcome123',
    'Abcdef123', 'Abc12345', 'Aa123456', 'Aa12345678', 'Passw0rd', 'P4ssword', 'Iloveyou1', 'Sunshine1',
    'Football1', 'Princess1', 'Admin123', 'Changeme1', 'Qwertyuiop1', 'Azerty1234', 'Portail123', 'Famille123',
  ].map((p) => p.toLowerCase()),
);

export function passwordProblems(password: string, confirmation?: string, field = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (password.length < 8 || !/\d/.test(password) || !/[a-z]/.test(password) || !/[A-Z]/.test(password)) {
    problems.push({ field, code: 'PASSWORD_TOO_WEAK', message: `Mot de passe trop faible. ${PASSWORD_RULE_TEXT}` });
  } else if (COMMON.has(password.toLowerCase())) {
    problems.push({ field, code: 'PASSWORD_TOO_COMMON', message: 'Ce mot de passe est trop courant. Choisissez-en un autre.' });
  }
  if (password.length > 128) problems.push({ field, code: 'PASSWORD_TOO_LONG', message: 'Le mot de passe ne doit pas dépasser 128 caractères.' });
  if (confirmation !== undefined && confirmation !== password) {
    problems.push({ field: 'passwordConfirmation', code: 'PASSWORD_MISMATCH', message: 'Les deux mots de passe ne sont pas identiques.' });
  }
  return problems;
}
