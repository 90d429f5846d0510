// Re-indents JSON text for the read-only `.json.gz` view, the raw JSON of the event panel and Copy JSON without
// parsing its values: numbers, escapes and key order stay byte for byte what CloudTrail wrote, so what the reader
// sees is the log, only laid out. Several top-level values (JSON Lines) each start on their own line. Text that is
// not JSON is returned unchanged.
// The layout is bounded whatever the input: values nested deeper than MAX_INDENT_DEPTH are written compactly on
// the line of their container (indenting 10,000 levels would write 20 KB of spaces per line), and the output stops
// at a size proportional to the input, with a line saying so, so a hostile file never builds a huge string.

import { formatCount } from '../core/formatCount';

const INDENT = '  ';

/** Deeper values are written without line breaks: no real CloudTrail record nests half as deep. */
export const MAX_INDENT_DEPTH = 32;

/** Output is cut beyond this many characters for each character of input (plus OUTPUT_ALLOWANCE_CHARS). */
const OUTPUT_CHARS_PER_INPUT_CHAR = 3;
const OUTPUT_ALLOWANCE_CHARS = 1 << 20;
/**
 * The cut whatever the input: well below V8's longest string (2^29 - 24 characters), and low enough that laying out
 * a log of the default 256 MB bound stays under 1 GB (measured: 740 MB peak for a hostile 256 MB text).
 */
const MAX_OUTPUT_CHARS = 1 << 27;
const PIECES_PER_CHUNK = 4096;

/** Bounds of one layout; both default to the ones above. */
export interface LayoutBounds {
  maxIndentDepth?: number;
  maxOutputChars?: number;
}

/** The output bound for an input of `length` characters. */
function defaultMaxOutputChars(length: number): number {
  return Math.min(MAX_OUTPUT_CHARS, length * OUTPUT_CHARS_PER_INPUT_CHAR + OUTPUT_ALLOWANCE_CHARS);
}

function cutMarker(shownInputChars: number, inputChars: number): string {
  return `\n… (laid-out text cut here: ${formatCount(inputChars - shownInputChars)} of ${formatCount(inputChars)} characters of the original are not shown; the file itself is unchanged)\n`;
}

export function prettyPrintJson(text: string, bounds: LayoutBounds = {}): string {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return text;
  const maxIndentDepth = bounds.maxIndentDepth ?? MAX_INDENT_DEPTH;
  const maxOutputChars = bounds.maxOutputChars ?? defaultMaxOutputChars(text.length);
  // Pieces are joined into flat chunks as they come: an array of millions of one-token strings costs more memory
  // than the text they make.
  const chunks: string[] = [];
  let pieces: string[] = [];
  let written = 0;
  const write = (piece: string): void => {
    pieces.push(piece);
    written += piece.length;
    if (pieces.length === PIECES_PER_CHUNK) {
      chunks.push(pieces.join(''));
      pieces = [];
    }
  };
  let depth = 0;
  let i = 0;
  const n = text.length;
  // One shared string per indentation level: a line costs the output a reference, not a new string.
  const lineBreaks = Array.from({ length: maxIndentDepth + 1 }, (_, level) => '\n' + INDENT.repeat(level));
  /** A line break indented to `level`, unless the values at `level` are written compactly. */
  const lineBreak = (level: number): void => {
    if (level <= maxIndentDepth) write(lineBreaks[level]);
  };
  const nextSignificant = (from: number): string => {
    let j = from;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    return text[j] ?? '';
  };
  while (i < n) {
    if (written > maxOutputChars) {
      write(cutMarker(i, n));
      break;
    }
    const ch = text[i];
    if (ch === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      write(text.slice(start, i));
      continue;
    }
    if (isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    switch (ch) {
      case '{':
      case '[': {
        const close = ch === '{' ? '}' : ']';
        if (nextSignificant(i + 1) === close) {
          write(ch + close);
          i = text.indexOf(close, i + 1) + 1;
          if (depth === 0) write('\n');
          continue;
        }
        write(ch);
        depth++;
        lineBreak(depth);
        break;
      }
      case '}':
      case ']':
        // The closing bracket goes on its own line only when the values it closes were laid out on lines.
        if (depth <= maxIndentDepth) lineBreak(Math.max(0, depth - 1));
        depth = Math.max(0, depth - 1);
        write(ch);
        if (depth === 0) write('\n');
        break;
      case ',':
        write(',');
        if (depth > 0) lineBreak(depth);
        break;
      case ':':
        write(depth <= maxIndentDepth ? ': ' : ':');
        break;
      default: {
        const start = i;
        while (i < n && !isSpace(text.charCodeAt(i)) && !',:{}[]"'.includes(text[i])) i++;
        write(text.slice(start, i));
        if (depth === 0) write('\n');
        continue;
      }
    }
    i++;
  }
  chunks.push(pieces.join(''));
  return chunks.join('');
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * A record's JSON for reading (the panel's raw JSON, Copy JSON): its own text laid out when it has JSON text, else
 * (a console CSV row) the parsed record written out. JSON.stringify recurses once per level and throws on a value
 * nested a few thousand deep, which a hostile CSV cell can hold: such a record is replaced by a note.
 */
export function recordJsonForReading(text: string, record: unknown): string {
  if (text.trimStart().startsWith('{')) return prettyPrintJson(text);
  try {
    return prettyPrintJson(JSON.stringify(record));
  } catch {
    return prettyPrintJson(JSON.stringify({ note: 'This record is nested too deeply to be written out as JSON.' }));
  }
}
