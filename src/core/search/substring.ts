// Substring search in linear time (Knuth-Morris-Pratt): O(text + needle) on any input. V8's indexOf gives no such
// guarantee for adversarial needles, and a search runs over attacker-written values (10 MB object keys included).

import { foldAsciiByte } from './fold';

/** Something KMP can scan: a string's UTF-16 code units or an array of bytes. */
interface Units {
  length: number;
}

/** The failure table of a needle: for each prefix length, the length of its longest proper border. */
function failureTable<T extends Units>(needle: T, at: (needle: T, index: number) => number): Int32Array {
  const table = new Int32Array(needle.length + 1);
  table[0] = -1;
  let border = -1;
  for (let i = 0; i < needle.length; i++) {
    while (border >= 0 && at(needle, border) !== at(needle, i)) border = table[border];
    border++;
    table[i + 1] = border;
  }
  return table;
}

const codeUnit = (text: string, index: number): number => text.charCodeAt(index);
const byteAt = (bytes: Uint8Array, index: number): number => bytes[index];

/** A needle compiled once per query, searchable in strings and in ASCII-folded bytes. */
export class Needle {
  private readonly textTable: Int32Array;
  private readonly byteTable: Int32Array;

  constructor(
    readonly text: string,
    readonly bytes: Uint8Array,
  ) {
    this.textTable = failureTable(text, codeUnit);
    this.byteTable = failureTable(bytes, byteAt);
  }

  /** First index >= from where the needle occurs in `haystack` and ends at or before `limit`; -1 if none. */
  indexInText(haystack: string, from: number, limit: number): number {
    const needle = this.text;
    const table = this.textTable;
    if (needle.length === 0) return from <= limit ? from : -1;
    let matched = 0;
    for (let i = from; i < limit; i++) {
      const unit = haystack.charCodeAt(i);
      while (matched >= 0 && needle.charCodeAt(matched) !== unit) matched = table[matched];
      matched++;
      if (matched === needle.length) return i + 1 - matched;
    }
    return -1;
  }

  /** Same as indexInText over bytes [from, limit), each byte folded with foldAsciiByte. */
  indexInBytes(haystack: Uint8Array, from: number, limit: number): number {
    const needle = this.bytes;
    const table = this.byteTable;
    if (needle.length === 0) return from <= limit ? from : -1;
    let matched = 0;
    for (let i = from; i < limit; i++) {
      const byte = foldAsciiByte(haystack[i]);
      while (matched >= 0 && needle[matched] !== byte) matched = table[matched];
      matched++;
      if (matched === needle.length) return i + 1 - matched;
    }
    return -1;
  }
}
