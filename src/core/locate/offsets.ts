// Converting between UTF-8 byte offsets (what the index stores) and UTF-16 character offsets (what editors use).

/** Character offsets of ascending byte offsets in the UTF-8 encoding `bytes` of a text, in one pass. */
export function byteToCharOffsets(bytes: Uint8Array, ascendingByteOffsets: ArrayLike<number>): Uint32Array {
  const result = new Uint32Array(ascendingByteOffsets.length);
  let bytePos = 0;
  let charPos = 0;
  for (let k = 0; k < ascendingByteOffsets.length; k++) {
    const target = ascendingByteOffsets[k];
    while (bytePos < target) {
      const byte = bytes[bytePos];
      if ((byte & 0xc0) !== 0x80) charPos += byte >= 0xf0 ? 2 : 1; // 4-byte sequences are surrogate pairs in UTF-16
      bytePos++;
    }
    result[k] = charPos;
  }
  return result;
}

/** Character offset in `text` of a UTF-8 byte offset. */
export function charOffsetOfByte(text: string, byteOffset: number): number {
  return byteToCharOffsets(Buffer.from(text, 'utf8'), [byteOffset])[0];
}

/** UTF-8 byte offset of a character offset in `text`. */
export function byteOffsetOfChar(text: string, charOffset: number): number {
  return Buffer.byteLength(text.slice(0, charOffset), 'utf8');
}
