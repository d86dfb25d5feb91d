/**
 * What no text sent to the portal may hold, whatever the field: control characters, bidi
 * overrides and isolates (they reorder what staff read: « Trojan Source »), unpaired surrogates,
 * and texts made only of spaces or invisible characters. Ordinary text is left alone: accents,
 * typographic apostrophes (’), non-breaking spaces, emoji (with their zero-width joiners and
 * variation selectors inside a text).
 */

/**
 * C0 controls except \t \n \r, DEL, C1 controls, bidi embeddings/overrides (U+202A–U+202E) and
 * isolates (U+2066–U+2069), interlinear annotations (U+FFF9–U+FFFB), non-characters U+FFFE/U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this regex's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFF9-\uFFFB\uFFFE\uFFFF]/;
/** Line breaks and tabs: allowed in multi-line texts only. */
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029\u0085]/;
/** An unpaired UTF-16 surrogate (not a character: it cannot be stored or shown). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Characters that show nothing: zero-width spaces and joiners, word joiner and invisible
 * operators, soft hyphen, bidi marks, fillers, variation selectors, tags, byte order mark.
 */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- each combining mark (variation selectors, grapheme joiner) is matched on its own, by design
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2060-\u2065\u206A-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|\uDB40[\uDC00-\uDFFF]|\uD834[\uDD73-\uDD7A]/g;
const SPACES = /\s/g;

/** Texts that may hold line breaks and tabs: those allowed 200 characters or more (or no stated maximum). */
export const MULTI_LINE_MIN_LENGTH = 200;

export interface TextProblem {
  code: 'CONTROL_CHARACTERS' | 'INVALID_CHARACTERS' | 'INVISIBLE_TEXT' | 'BLANK_TEXT';
  message: string;
}

const PROBLEMS: Record<TextProblem['code'], string> = {
  CONTROL_CHARACTERS: 'Ce texte contient des caractères invisibles ou de contrôle.',
  INVALID_CHARACTERS: 'Ce texte contient des caractères invalides.',
  INVISIBLE_TEXT: 'Ce texte ne contient que des caractères invisibles.',
  BLANK_TEXT: 'Ce texte ne contient que des espaces.',
};

const problem = (code: TextProblem['code']): TextProblem => ({ code, message: PROBLEMS[code] });

/**
 * The problem of one text, or null. `multiLine`: line breaks and tabs allowed. `blank`: also
 * refuse a non-empty text made only of spaces (bodies; not search queries).
 */
export function textProblem(text: string, options: { multiLine: boolean; blank: boolean }): TextProblem | null {
  if (LONE_SURROGATE.test(text)) return problem('INVALID_CHARACTERS');
  if (CONTROL.test(text)) return problem('CONTROL_CHARACTERS');
  if (!options.multiLine && LINE_BREAK_OR_TAB.test(text)) return problem('CONTROL_CHARACTERS');
  if (options.blank && text.length > 0) {
    const withoutInvisible = text.replace(INVISIBLE, '');
    if (withoutInvisible.replace(SPACES, '') === '') return problem(withoutInvisible.length === text.length ? 'BLANK_TEXT' : 'INVISIBLE_TEXT');
  }
  return null;
}
