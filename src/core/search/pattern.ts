// Case-insensitive value patterns with `*` wildcards, matched against strings (dictionary values) and against
// UTF-8 bytes in place (unique columns, so a million object keys are never turned into strings).
// Matching is linear in the value: literal parts are found left to right, each with a linear-time substring search
// starting where the previous part ended (the leftmost placement of each part is always a valid one for `*` globs),
// so `*a*a*a*b` never backtracks.

import { decodeUnique } from '../load/uniqueBytes';
import type { MatchMode } from './fields';
import { foldAsciiByte, foldCase, isAscii, isFoldedFromOtherCharacters } from './fold';
import { Needle } from './substring';

/** A compiled pattern: folded literal parts between wildcards, with anchoring at each end. */
export interface Pattern {
  parts: Needle[];
  anchoredStart: boolean;
  anchoredEnd: boolean;
  /** False when the pattern has a character no UUID has, so packed UUIDs cannot match it. */
  couldMatchUuid: boolean;
  /** True when comparing ASCII-folded bytes is exact even for values with other characters (see bytesExact). */
  bytesExact: boolean;
}

const utf8 = new TextEncoder();

/**
 * Whether ASCII-folded UTF-8 bytes match these parts exactly as folded strings would, without decoding values
 * that have non-ASCII characters. It does when no character of a part can come from another character's folding
 * (isFoldedFromOtherCharacters), "i" aside when more of the part follows it: U+0130 folds to "i" and U+0307, and
 * U+0307 is then the next character. Bytes of multi-byte characters (0x80 and above) never match an ASCII byte.
 */
function bytesExact(parts: readonly string[]): boolean {
  return parts.every((part) => {
    const characters = [...part];
    return characters.every((character, index) => {
      const codePoint = character.codePointAt(0) as number;
      return codePoint === 0x69 ? index < characters.length - 1 : !isFoldedFromOtherCharacters(codePoint);
    });
  });
}

/** Compiles a query value. In `contains` mode a value without `*` matches anywhere. */
export function compilePattern(value: string, mode: MatchMode): Pattern {
  const folded = foldCase(value);
  const hasWildcard = folded.includes('*');
  const anchored = mode === 'whole' || hasWildcard;
  const parts = folded.split('*').filter((part) => part !== '');
  return {
    parts: parts.map((part) => new Needle(part, utf8.encode(part))),
    anchoredStart: anchored && !folded.startsWith('*'),
    anchoredEnd: anchored && !folded.endsWith('*'),
    couldMatchUuid: /^[0-9a-f*-]*$/.test(folded),
    bytesExact: bytesExact(parts),
  };
}

/** True when a value folded with foldCase, non-empty, matches. */
export function matchString(folded: string, pattern: Pattern): boolean {
  if (folded === '') return false;
  const { parts, anchoredStart, anchoredEnd } = pattern;
  if (parts.length === 0) return true;
  if (parts.length === 1 && anchoredStart && anchoredEnd) return folded === parts[0].text;
  let pos = 0;
  let first = 0;
  let last = parts.length;
  if (anchoredStart) {
    if (!folded.startsWith(parts[0].text)) return false;
    pos = parts[0].text.length;
    first = 1;
  }
  let limit = folded.length;
  if (anchoredEnd && last > first) {
    const tail = parts[last - 1].text;
    if (folded.length - tail.length < pos || !folded.endsWith(tail)) return false;
    limit = folded.length - tail.length;
    last--;
  }
  for (let i = first; i < last; i++) {
    const at = parts[i].indexInText(folded, pos, limit);
    if (at < 0) return false;
    pos = at + parts[i].text.length;
  }
  return true;
}

function bytesAt(bytes: Uint8Array, at: number, part: Uint8Array): boolean {
  for (let k = 0; k < part.length; k++) if (foldAsciiByte(bytes[at + k]) !== part[k]) return false;
  return true;
}

/** True when the packed unique value at bytes [start, end) matches (see uniqueBytes.ts for the packing). */
export function matchBytes(bytes: Uint8Array, start: number, end: number, pattern: Pattern): boolean {
  if (start === end) return false;
  if (bytes[start] <= 0x03) {
    if (end - start === 17 && !pattern.couldMatchUuid) return false;
    return matchString(foldCase(decodeUnique(bytes, start, end)), pattern);
  }
  if (!pattern.bytesExact && !isAscii(bytes, start, end)) return matchString(foldCase(decodeUnique(bytes, start, end)), pattern);
  const { parts, anchoredStart, anchoredEnd } = pattern;
  if (parts.length === 0) return true;
  let pos = start;
  let first = 0;
  let last = parts.length;
  if (anchoredStart) {
    const head = parts[0].bytes;
    if (end - start < head.length || !bytesAt(bytes, start, head)) return false;
    pos = start + head.length;
    first = 1;
    if (parts.length === 1 && anchoredEnd) return pos === end;
  }
  let limit = end;
  if (anchoredEnd && last > first) {
    const tail = parts[last - 1].bytes;
    if (end - tail.length < pos || !bytesAt(bytes, end - tail.length, tail)) return false;
    limit = end - tail.length;
    last--;
  }
  for (let i = first; i < last; i++) {
    const at = parts[i].indexInBytes(bytes, pos, limit);
    if (at < 0) return false;
    pos = at + parts[i].bytes.length;
  }
  return true;
}
