/** « BERNARD » or « Famille BERNARD » (as the API may name it) → « famille BERNARD » in a sentence. */
export function familyLabel(name: string): string {
  return `famille ${name.replace(/^\s*famille\s+/i, '')}`;
}

/** Same, at the start of a title: « Famille BERNARD ». */
export function familyTitle(name: string): string {
  const label = familyLabel(name);
  return label.charAt(0).toUpperCase() + label.slice(1);
}
