// Record-derived text made safe for a terminal. Every string in a record is attacker-written, and a terminal obeys
// control sequences: ESC starts ANSI/OSC sequences (window title, clear screen, OSC 8 links), C1 codes such as
// U+009B act as ESC [ on some terminals, and bidirectional overrides (U+202E…) make text read differently from
// what it is (CVE-2021-42574, "Trojan Source"). Text output shows each as a visible escape instead.

/** C0 and C1 controls, DEL, the bidirectional embedding, override and isolate characters, and the line and paragraph separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

function escapeCharacter(character: string): string {
  const named = NAMED_ESCAPES.get(character);
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text with every control and bidi character shown as an escape (`\x1b`, `\n`, `\u202e`). */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, escapeCharacter);
}

/** Several lines joined by our own line breaks: each line is escaped, so a record cannot start a line of its own. */
export function terminalLines(lines: readonly string[]): string {
  return lines.map(terminalText).join('\n');
}

/** What JSON.stringify leaves raw inside strings and a terminal must not see: everything UNSAFE except C0. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text that is also safe on a terminal: JSON.stringify escapes C0 controls in strings but writes DEL, C1 and
 * bidi characters as they are. Outside strings it writes only ASCII (the line breaks and spaces of the indentation
 * included), so replacing these characters by \u escapes keeps the JSON valid and its value unchanged.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
