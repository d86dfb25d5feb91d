import { randomInt } from 'node:crypto';

/** 'SHB-4821-7730-1254': the commune's prefix and 12 random digits (10^12 codes: not guessable). */
export function generateSubscriberCode(prefix: string, random: (max: number) => number = randomInt): string {
  const group = () => String(random(10_000)).padStart(4, '0');
  return `${prefix}-${group()}-${group()}-${group()}`;
}

/** Codes are typed by people from a letter: ignore case, spaces and missing dashes. */
export function normalizeSubscriberCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const match = /^([A-Z]{2,6})(\d{4})(\d{4})(\d{4})$/.exec(compact);
  return match ? `${match[1]}-${match[2]}-${match[3]}-${match[4]}` : compact;
}
