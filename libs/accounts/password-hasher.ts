import { hash, verify } from '@node-rs/argon2';

// 2 = Algorithm.Argon2id (a const enum, which isolated transpilation cannot inline).
const ARGON2ID = 2;

export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: ARGON2ID });

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified when the e-mail is unknown, so that the answer takes as long either way. */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$pYD5nmFPJqBlqUD4QH+QVA$XKCrT63VyJrKpDTJEgfdSEK+9eyh816PhkdeocDQxoQ';
