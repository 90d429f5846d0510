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
