// The one case-folding rule of searches, applied to query values and to stored values alike: the Unicode default
// lower-case mapping (String.prototype.toLowerCase, locale-independent). ASCII-only values are folded byte by byte,
// which gives the same result for them; a value with any other character is decoded and folded as a string.
// Dictionary.lowerValues (src/core/store/dictionary.ts) caches values folded by this same rule.

/** A value folded for case-insensitive comparison. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** An ASCII byte folded the way foldCase folds its character. */
export function foldAsciiByte(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
}

/** True when bytes [start, end) are all ASCII, so foldAsciiByte folds them exactly as foldCase would. */
export function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

let nonAsciiFoldTargets: Set<number> | undefined;

/**
 * True when some non-ASCII character other than this one folds to a text containing it: "ä" (from "Ä"), "k"
 * (from the Kelvin sign), "i" and U+0307 (from U+0130). Any other character of a folded query can only have come
 * from itself in a stored value. The set (1,456 characters) is computed over every code point on first use
 * (about 130 ms), and only for non-ASCII query characters: "k" and "i" are the only ASCII ones.
 */
export function isFoldedFromOtherCharacters(codePoint: number): boolean {
  if (codePoint < 0x80) return codePoint === 0x6b || codePoint === 0x69;
  nonAsciiFoldTargets ??= foldTargets();
  return nonAsciiFoldTargets.has(codePoint);
}

function foldTargets(): Set<number> {
  const targets = new Set<number>();
  for (let codePoint = 0x80; codePoint <= 0x10ffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const character = String.fromCodePoint(codePoint);
    const folded = foldCase(character);
    if (folded !== character) for (const target of folded) targets.add(target.codePointAt(0) as number);
  }
  return targets;
}
