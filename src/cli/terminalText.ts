// Record-derived text made safe for a terminal. Every string in a record is attacker-written, and a terminal obeys
// control sequences: ESC starts ANSI/OSC sequences (window title, clear screen, OSC 8 links), C1 codes such as
// U+009B act as ESC [ on some terminals, and bidirectional overrides (U+202E…) make text read differently from
// what it is (CVE-2021-42574, "Trojan Source"). Text output shows each as a visible escape instead.

/** Bidirectional marks, embeddings, overrides and isolates, and the line and paragraph separators. */
const UNSAFE_ABOVE_LATIN1: ReadonlySet<number> = new Set([
  0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/** Any character isUnsafe holds: a text without one (most are) is returned as it is, after one native scan. */
const ANY_UNSAFE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f${[...UNSAFE_ABOVE_LATIN1].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}]`,
);

/** C0 and C1 controls, DEL, and the characters above. */
function isUnsafe(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || UNSAFE_ABOVE_LATIN1.has(code);
}

const NAMED_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
]);

function hexEscape(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with each character `escape` returns a replacement for replaced; one pass, and no copy when none is. */
function replaceUnsafe(text: string, escape: (code: number) => string | undefined): string {
  if (!ANY_UNSAFE.test(text)) return text;
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const replacement = escape(text.charCodeAt(i));
    if (replacement === undefined) continue;
    out += text.slice(copied, i) + replacement;
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** One line of text with every control and bidi character shown as an escape (`\x1b`, `\n`, `\u202e`). */
export function terminalText(text: string): string {
  return replaceUnsafe(text, (code) => (isUnsafe(code) ? (NAMED_ESCAPES.get(code) ?? hexEscape(code)) : undefined));
}

/** Several lines joined by our own line breaks: each line is escaped, so a record cannot start a line of its own. */
export function terminalLines(lines: readonly string[]): string {
  return lines.map(terminalText).join('\n');
}

/**
 * JSON text that is also safe on a terminal: JSON.stringify escapes C0 controls in strings but writes DEL, C1 and
 * bidi characters as they are. Outside strings it writes only ASCII (the line breaks and spaces of the indentation
 * included), so replacing every unsafe character above C0 by a \u escape keeps the JSON valid and its value unchanged.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return replaceUnsafe(JSON.stringify(value, null, indent), (code) =>
    code >= 0x20 && isUnsafe(code) ? `\\u${code.toString(16).padStart(4, '0')}` : undefined,
  );
}
