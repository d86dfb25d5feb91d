import { textProblem } from './text-safety';

const single = { multiLine: false, blank: true };
const multi = { multiLine: true, blank: true };

describe('textProblem', () => {
  it.each([
    ['accents and typographic apostrophe', 'Hélène d’Aubigné-Lefèvre'],
    ['non-breaking spaces inside a text', 'Le\u00a0:\u202fmerci'],
    ['emoji with zero-width joiners and variation selectors', 'Bravo 👨‍👩‍👧 ❤️'],
    ['an empty text (optional fields)', ''],
    ['Arabic with a right-to-left mark inside', 'مرحبا\u200f Martin'],
  ])('leaves ordinary text alone: %s', (_, text) => {
    expect(textProblem(text, single)).toBeNull();
  });

  it('allows line breaks and tabs in multi-line texts only', () => {
    expect(textProblem('Bonjour,\r\n\tmerci.', multi)).toBeNull();
    expect(textProblem('Jean\nMartin', single)?.code).toBe('CONTROL_CHARACTERS');
    expect(textProblem('Jean\tMartin', single)?.code).toBe('CONTROL_CHARACTERS');
  });

  it.each([
    ['NUL', 'Jean\u0000Martin'],
    ['BEL', 'Jean\u0007'],
    ['DEL', 'a\u007fb'],
    ['C1 (NEL, CSI)', 'a\u0085\u009b31m'],
    ['bidi override', 'facture\u202Efdp.exe'],
    ['bidi embedding', '\u202Aabc'],
    ['bidi isolates', '\u2066Martin\u2069'],
  ])('refuses control and bidi characters: %s', (_, text) => {
    expect(textProblem(text, multi)).toEqual({ code: 'CONTROL_CHARACTERS', message: 'Ce texte contient des caractères invisibles ou de contrôle.' });
  });

  it('refuses unpaired surrogates', () => {
    expect(textProblem('a\uD800b', multi)?.code).toBe('INVALID_CHARACTERS');
    expect(textProblem('\uDC00', multi)?.code).toBe('INVALID_CHARACTERS');
    expect(textProblem('😀', multi)).toBeNull();
  });

  it('refuses texts made only of invisible characters or spaces, where asked', () => {
    expect(textProblem('\u200B\u200C\u200D', single)?.code).toBe('INVISIBLE_TEXT');
    expect(textProblem('\uFEFF \u2060', single)?.code).toBe('INVISIBLE_TEXT');
    expect(textProblem('   ', single)?.code).toBe('BLANK_TEXT');
    expect(textProblem('\u00a0\u3000', single)?.code).toBe('BLANK_TEXT');
    expect(textProblem('   ', { multiLine: false, blank: false })).toBeNull();
    expect(textProblem('a\u200B', single)).toBeNull();
  });
});
