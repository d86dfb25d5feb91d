/**
 * Finding one's commune by typing part of its name: « st hil », « Saint-Hilaire », « hilaire »,
 * « l'hermitage » or « hermitage » all find it, whatever the accents, hyphens or capitals.
 * The read model keeps, per commune, the prefixes a search may be (of the whole name and of each
 * word), so a search is one equality on an array field, which both read stores answer.
 */

/** Lower case, no accents, words separated by one space; « Saint » and « St » are the same word. */
export function normaliseCommuneSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((word) => (word === 'st' ? 'saint' : word === 'ste' ? 'sainte' : word))
    .join(' ');
}

/** Searches shorter than this list everything (one letter narrows nothing useful). */
export const MIN_SEARCH_LENGTH = 2;
/** Longer searches are cut: no name is that long. */
export const MAX_SEARCH_LENGTH = 60;

function prefixes(text: string): string[] {
  const out: string[] = [];
  for (let end = MIN_SEARCH_LENGTH; end <= Math.min(text.length, MAX_SEARCH_LENGTH); end++) {
    const prefix = text.slice(0, end);
    if (!prefix.endsWith(' ')) out.push(prefix);
  }
  return out;
}

/** Every search that finds this name: prefixes of the whole name and of each word and what follows it. */
export function communeSearchKeys(name: string): string[] {
  const words = normaliseCommuneSearch(name).split(' ').filter(Boolean);
  const keys = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (const prefix of prefixes(words.slice(i).join(' '))) keys.add(prefix);
  }
  return [...keys];
}

/** The key to look up for what a person typed, or null to list every commune. */
export function communeSearchKey(typed: string | undefined): string | null {
  const key = normaliseCommuneSearch(typed ?? '').slice(0, MAX_SEARCH_LENGTH).trim();
  return key.length >= MIN_SEARCH_LENGTH ? key : null;
}
