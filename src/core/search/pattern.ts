// Case-insensitive value patterns with `*` wildcards, matched against strings (dictionary values) and against
// UTF-8 bytes in place (unique columns, so a million object keys are never turned into strings).

import { decodeUnique } from '../load/uniqueBytes';
import type { MatchMode } from './fields';

/** A compiled pattern: literal parts between wildcards, lower-cased, with anchoring at each end. */
export interface Pattern {
  parts: string[];
  byteParts: Uint8Array[];
  anchoredStart: boolean;
  anchoredEnd: boolean;
  /** False when the pattern has a character no UUID has, so packed UUIDs cannot match it. */
  couldMatchUuid: boolean;
}

const utf8 = new TextEncoder();

/** Compiles a query value. In `contains` mode a value without `*` matches anywhere. */
export function compilePattern(value: string, mode: MatchMode): Pattern {
  const lower = value.toLowerCase();
  const hasWildcard = lower.includes('*');
  const anchored = mode === 'whole' || hasWildcard;
  const parts = lower.split('*').filter((part) => part !== '');
  return {
    parts,
    byteParts: parts.map((part) => utf8.encode(part)),
    anchoredStart: anchored && !lower.startsWith('*'),
    anchoredEnd: anchored && !lower.endsWith('*'),
    couldMatchUuid: /^[0-9a-f*-]*$/.test(lower),
  };
}

/** True when a lower-cased, non-empty value matches. */
export function matchString(lower: string, pattern: Pattern): boolean {
  if (lower === '') return false;
  const { parts, anchoredStart, anchoredEnd } = pattern;
  if (parts.length === 0) return true;
  if (parts.length === 1 && anchoredStart && anchoredEnd) return lower === parts[0];
  let pos = 0;
  let first = 0;
  let last = parts.length;
  if (anchoredStart) {
    if (!lower.startsWith(parts[0])) return false;
    pos = parts[0].length;
    first = 1;
  }
  let limit = lower.length;
  if (anchoredEnd && last > first) {
    const tail = parts[last - 1];
    if (lower.length - tail.length < pos || !lower.endsWith(tail)) return false;
    limit = lower.length - tail.length;
    last--;
  }
  for (let i = first; i < last; i++) {
    const at = lower.indexOf(parts[i], pos);
    if (at < 0 || at + parts[i].length > limit) return false;
    pos = at + parts[i].length;
  }
  return true;
}

function lowerByte(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
}

function bytesAt(bytes: Uint8Array, at: number, part: Uint8Array): boolean {
  for (let k = 0; k < part.length; k++) if (lowerByte(bytes[at + k]) !== part[k]) return false;
  return true;
}

function indexOfBytes(bytes: Uint8Array, part: Uint8Array, from: number, to: number): number {
  const first = part[0];
  for (let at = from; at + part.length <= to; at++) if (lowerByte(bytes[at]) === first && bytesAt(bytes, at, part)) return at;
  return -1;
}

/** True when the packed unique value at bytes [start, end) matches (see uniqueBytes.ts for the packing). */
export function matchBytes(bytes: Uint8Array, start: number, end: number, pattern: Pattern): boolean {
  if (start === end) return false;
  if (bytes[start] <= 0x03) {
    if (end - start === 17 && !pattern.couldMatchUuid) return false;
    return matchString(decodeUnique(bytes, start, end).toLowerCase(), pattern);
  }
  const { byteParts: parts, anchoredStart, anchoredEnd } = pattern;
  if (parts.length === 0) return true;
  let pos = start;
  let first = 0;
  let last = parts.length;
  if (anchoredStart) {
    if (end - start < parts[0].length || !bytesAt(bytes, start, parts[0])) return false;
    pos = start + parts[0].length;
    first = 1;
    if (parts.length === 1 && anchoredEnd) return pos === end;
  }
  let limit = end;
  if (anchoredEnd && last > first) {
    const tail = parts[last - 1];
    if (end - tail.length < pos || !bytesAt(bytes, end - tail.length, tail)) return false;
    limit = end - tail.length;
    last--;
  }
  for (let i = first; i < last; i++) {
    const at = indexOfBytes(bytes, parts[i], pos, limit);
    if (at < 0) return false;
    pos = at + parts[i].length;
  }
  return true;
}
