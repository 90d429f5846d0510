// Byte-level JSON structure scanner over UTF-8 bytes. It finds where values start and end without building
// them, so record byte ranges are exact and a whole file never has to become one JS string. It is aware of
// strings and escapes; everything else (numbers, literals, commas) is validated later by JSON.parse on each
// record, so the scanner only has to be right about nesting and string boundaries.

/** JSON's structural characters as UTF-8 bytes (or UTF-16 char codes: the same values), for every byte scanner. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

/** A structural problem found while scanning, with the byte offset where it was noticed. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** True for the four JSON whitespace bytes. */
export function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Offset of the first non-whitespace byte at or after `from` (skips a UTF-8 BOM at offset 0 too). */
export function skipWhitespace(bytes: Uint8Array, from: number, end = bytes.length): number {
  let pos = from;
  if (pos === 0 && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3;
  while (pos < end && isJsonWhitespace(bytes[pos])) pos++;
  return pos;
}

/**
 * Offset just past the closing quote of the string whose opening quote is at `quoteAt`.
 * Uses the native `indexOf` to jump over string content, then counts backslashes to tell escaped quotes apart.
 */
function skipString(bytes: Uint8Array, quoteAt: number, end = bytes.length): number {
  let search = quoteAt + 1;
  for (;;) {
    const next = bytes.indexOf(QUOTE, search);
    if (next < 0 || next >= end) throw new JsonScanError('unterminated string', quoteAt);
    let backslashes = 0;
    for (let i = next - 1; i > quoteAt && bytes[i] === BACKSLASH; i--) backslashes++;
    if (backslashes % 2 === 0) return next + 1;
    search = next + 1;
  }
}

/** Offset just past the JSON value starting at `start` (which must not be whitespace). */
export function skipValue(bytes: Uint8Array, start: number, end = bytes.length): number {
  const first = bytes[start];
  if (first === QUOTE) return skipString(bytes, start, end);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return skipScalar(bytes, start, end);
  let depth = 0;
  let pos = start;
  while (pos < end) {
    const byte = bytes[pos];
    if (byte === QUOTE) {
      pos = skipString(bytes, pos, end);
      continue;
    }
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return pos + 1;
    }
    pos++;
  }
  throw new JsonScanError(first === OPEN_BRACE ? 'unterminated object' : 'unterminated array', start);
}

function skipScalar(bytes: Uint8Array, start: number, end: number): number {
  let pos = start;
  while (pos < end) {
    const byte = bytes[pos];
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === COLON || isJsonWhitespace(byte)) break;
    pos++;
  }
  if (pos === start) throw new JsonScanError(`unexpected character '${String.fromCharCode(bytes[start])}'`, start);
  return pos;
}

/**
 * Walks the members of the object whose opening brace is at `start`; returns the offset past its closing brace.
 * `visit(keyStart, keyEnd, valueStart)` sees the key bytes (without quotes) and may consume the value itself by
 * returning the offset past it, or return -1 to let the walker skip it.
 */
export function forEachMember(
  bytes: Uint8Array,
  start: number,
  visit: (keyStart: number, keyEnd: number, valueStart: number) => number,
  end = bytes.length,
): number {
  let pos = skipWhitespace(bytes, start + 1, end);
  if (bytes[pos] === CLOSE_BRACE) return pos + 1;
  for (;;) {
    if (pos >= end) throw new JsonScanError('unexpected end of input', pos);
    if (bytes[pos] !== QUOTE) throw new JsonScanError('expected a property name in double quotes', pos);
    const keyStart = pos + 1;
    const keyEnd = skipString(bytes, pos, end) - 1;
    pos = skipWhitespace(bytes, keyEnd + 1, end);
    if (bytes[pos] !== COLON) throw new JsonScanError("expected ':' after property name", pos);
    const valueStart = skipWhitespace(bytes, pos + 1, end);
    if (valueStart >= end) throw new JsonScanError('unexpected end of input', valueStart);
    const consumed = visit(keyStart, keyEnd, valueStart);
    const valueEnd = consumed >= 0 ? consumed : skipValue(bytes, valueStart, end);
    pos = skipWhitespace(bytes, valueEnd, end);
    if (bytes[pos] === COMMA) {
      pos = skipWhitespace(bytes, pos + 1, end);
      continue;
    }
    if (bytes[pos] === CLOSE_BRACE) return pos + 1;
    throw new JsonScanError(pos >= end ? 'unexpected end of input' : "expected ',' or '}' after property value", pos);
  }
}

/** Calls `visit(start, end)` for each element of the array starting at `start`; returns the end offset. */
export function forEachElement(
  bytes: Uint8Array,
  start: number,
  visit: (elementStart: number, elementEnd: number) => void,
  end = bytes.length,
): number {
  let pos = skipWhitespace(bytes, start + 1, end);
  if (bytes[pos] === CLOSE_BRACKET) return pos + 1;
  for (;;) {
    if (pos >= end) throw new JsonScanError('unexpected end of input', pos);
    const elementEnd = skipValue(bytes, pos, end);
    visit(pos, elementEnd);
    pos = skipWhitespace(bytes, elementEnd, end);
    if (bytes[pos] === COMMA) {
      pos = skipWhitespace(bytes, pos + 1, end);
      continue;
    }
    if (bytes[pos] === CLOSE_BRACKET) return pos + 1;
    throw new JsonScanError(pos >= end ? 'unexpected end of input' : "expected ',' or ']' after array element", pos);
  }
}

/** True when the bytes in [start, end) equal the ASCII text `ascii`. */
export function bytesEqualAscii(bytes: Uint8Array, start: number, end: number, ascii: string): boolean {
  if (end - start !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[start + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Bytes a JSON escape takes at most for one character (`\uXXXX`). */
const LONGEST_ESCAPE_BYTES = 6;

/**
 * True when the key whose bytes (quotes excluded) are [start, end) names `ascii` as JSON.parse reads it: written as
 * is, or with escapes (`"\u0052ecords"` is "Records" to JSON.parse and jq, so it must be to the scanner too, or a
 * log could hide its records from this tool alone).
 */
export function keyEqualsAscii(bytes: Uint8Array, start: number, end: number, ascii: string): boolean {
  if (bytesEqualAscii(bytes, start, end, ascii)) return true;
  if (end - start > ascii.length * LONGEST_ESCAPE_BYTES || bytes.subarray(start, end).indexOf(BACKSLASH) < 0) return false;
  try {
    return JSON.parse(`"${Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8')}"`) === ascii;
  } catch {
    return false;
  }
}

/** Keys longer than this are not compared with the wanted names (CloudTrail's top-level field names are short). */
const LONGEST_WANTED_KEY = 64;

/**
 * The offset of the opening quote of the last key of each wanted (ASCII) name among the members of the object whose
 * brace is at `start` (the last, because JSON.parse keeps the last of duplicate keys), in one scan; names it does
 * not hold, or bytes that are not an object, are left out.
 */
export function memberOffsets(bytes: Uint8Array, start: number, end: number, wanted: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  if (bytes[start] !== OPEN_BRACE) return found;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    forEachMember(
      bytes,
      start,
      (keyStart, keyEnd) => {
        if (keyEnd - keyStart > LONGEST_WANTED_KEY) return -1;
        const key = text.toString('latin1', keyStart, keyEnd);
        if (wanted.has(key)) found.set(key, keyStart - 1);
        return -1;
      },
      end,
    );
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
  }
  return found;
}
