// What a file's (inflated) bytes are: UTF-8 text, UTF-16 text, or binary, and why. JSON exchanged between systems
// is UTF-8 (RFC 8259 §8.1, https://www.rfc-editor.org/rfc/rfc8259#section-8.1), but Windows tools (PowerShell 5's
// `>` and Out-File) write UTF-16LE with a byte order mark, so UTF-16 is decoded rather than refused.

import { constants, inflateRawSync, inflateSync } from 'node:zlib';

/** How far into the text the sniffing looks. */
const SNIFF_BYTES = 8192;
/** Text has few control characters; past this share of the sniffed bytes, the content is not text. */
const MAX_CONTROL_SHARE = 0.1;
/** UTF-16 without a byte order mark: at least this share of the sniffed code units has a zero high byte (ASCII). */
const MIN_ASCII_UNIT_SHARE = 0.5;
/** ...and code units with the zero in the other byte are at most one in this many of those. */
const OTHER_ZERO_RATIO = 8;

export type TextEncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

export type SniffedContent = { kind: 'text'; encoding: TextEncodingName; byteOrderMark: boolean } | { kind: 'binary'; reason: string };

/** File signatures of formats people mistake for logs, so the diagnostic can name what the file is. */
const BINARY_SIGNATURES: { name: string; magic: number[] }[] = [
  { name: 'gzip data once more (compressed twice: decompress it first)', magic: [0x1f, 0x8b] },
  { name: 'a ZIP archive (unzip it first)', magic: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a bzip2 file (decompress it first)', magic: [0x42, 0x5a, 0x68] },
  { name: 'an xz file (decompress it first)', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'a Zstandard file (decompress it first)', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'a 7-Zip archive (unpack it first)', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a Parquet file', magic: [0x50, 0x41, 0x52, 0x31] },
  { name: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'a PDF document', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

const BYTE_ORDER_MARKS: { encoding: TextEncodingName; mark: number[] }[] = [
  { encoding: 'UTF-8', mark: [0xef, 0xbb, 0xbf] },
  { encoding: 'UTF-16LE', mark: [0xff, 0xfe] },
  { encoding: 'UTF-16BE', mark: [0xfe, 0xff] },
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, k) => bytes[k] === byte);
}

/** UTF-16 without a byte order mark, told by where the zero bytes of ASCII characters fall. */
function unmarkedUtf16(bytes: Uint8Array): TextEncodingName | null {
  const units = Math.floor(Math.min(bytes.length, SNIFF_BYTES) / 2);
  if (units === 0) return null;
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let k = 0; k < units; k++) {
    const first = bytes[2 * k];
    const second = bytes[2 * k + 1];
    if (second === 0 && first !== 0) zeroHigh++;
    if (first === 0 && second !== 0) zeroLow++;
  }
  // Characters such as U+4E00 or U+0100 put a zero in the other byte: allowed, as long as they are few.
  if (zeroHigh / units >= MIN_ASCII_UNIT_SHARE && zeroLow * OTHER_ZERO_RATIO < zeroHigh) return 'UTF-16LE';
  if (zeroLow / units >= MIN_ASCII_UNIT_SHARE && zeroHigh * OTHER_ZERO_RATIO < zeroLow) return 'UTF-16BE';
  return null;
}

/** Per byte value: 1 for the control characters and NUL that text does not have (tab, line feeds and form feed aside). */
const IS_CONTROL = Uint8Array.from({ length: 256 }, (_, byte) => (byte < 0x09 || (byte > 0x0d && byte < 0x20) ? 1 : 0));

/**
 * How many of the first `length` bytes are control characters (IS_CONTROL). Four bytes are tested at once for one below
 * 0x20 (hasless, https://graphics.stanford.edu/~seander/bithacks.html#HasLessInWord), and only the words that have one
 * are looked at byte by byte: the test was 0.2 s of loading 20,000 files of ten events one byte at a time.
 */
function controlBytes(bytes: Uint8Array, length: number): number {
  let control = 0;
  const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
  for (let k = 0; k < head; k++) control += IS_CONTROL[bytes[k]];
  // With fewer bytes than reach a 4-byte boundary, head is all of them and there is no word (nor an aligned view).
  const wordCount = (length - head) >>> 2;
  if (wordCount > 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + head, wordCount);
    for (let w = 0; w < wordCount; w++) {
      const word = words[w];
      if (((word - 0x20202020) & ~word & 0x80808080) === 0) continue;
      const at = head + 4 * w;
      control += IS_CONTROL[bytes[at]] + IS_CONTROL[bytes[at + 1]] + IS_CONTROL[bytes[at + 2]] + IS_CONTROL[bytes[at + 3]];
    }
  }
  for (let k = head + 4 * wordCount; k < length; k++) control += IS_CONTROL[bytes[k]];
  return control;
}

/** How much of a deflate stream is inflated to tell it: a record's first bytes, and at most 1,032 times as much, come out. */
const PROBE_DEFLATE_BYTES = 512;
const ZLIB_NAME = 'zlib-compressed data, not gzip (decompress it first)';
const RAW_DEFLATE_NAME = "raw deflate data, without gzip's header (decompress it first)";

/** What a probe must give to be text: this many bytes at least (noise that happens to inflate gives a few), none a control. */
const MIN_PROBE_TEXT_BYTES = 16;

/** What `inflate` makes of the probe when it is text (MIN_PROBE_TEXT_BYTES, no control character), else null. */
function inflatedText(inflate: (probe: Uint8Array, options: { finishFlush: number }) => Buffer, bytes: Uint8Array): Buffer | null {
  let inflated: Buffer;
  try {
    inflated = inflate(bytes.subarray(0, PROBE_DEFLATE_BYTES), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
  return inflated.length >= MIN_PROBE_TEXT_BYTES && controlBytes(inflated, Math.min(inflated.length, SNIFF_BYTES)) === 0 ? inflated : null;
}

/** Bit `at` of the bytes, least significant first, as deflate packs them (RFC 1951 §3.1.1); 0 past their end. */
const bitAt = (bytes: Uint8Array, at: number): number => ((bytes[at >>> 3] ?? 0) >>> (at & 7)) & 1;

function bitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) value |= bitAt(bytes, at + k) << k;
  return value;
}

/**
 * Whether the bytes can start a deflate stream (RFC 1951 §3.2.3–3.2.7, https://www.rfc-editor.org/rfc/rfc1951): its
 * first block's type is not the reserved one, a stored block's length is followed by its complement, and a dynamic
 * block's code-length code is a complete prefix code over at most 286 literal and 30 distance codes, as zlib requires.
 * Most random bytes fail it and are not inflated (an inflate that fails costs about 100 µs, mostly its error).
 */
function mayStartDeflate(bytes: Uint8Array): boolean {
  const blockType = bitsAt(bytes, 1, 2);
  if (blockType === 0) return bytes.length >= 5 && (bytes[1] ^ bytes[3]) === 0xff && (bytes[2] ^ bytes[4]) === 0xff;
  if (blockType !== 2) return blockType === 1;
  if (bitsAt(bytes, 3, 5) > 29 || bitsAt(bytes, 8, 5) > 29) return false;
  const lengths = bitsAt(bytes, 13, 4) + 4;
  const counts = new Array<number>(8).fill(0);
  for (let k = 0; k < lengths; k++) counts[bitsAt(bytes, 17 + 3 * k, 3)]++;
  let left = 1;
  for (let length = 1; length < 8; length++) {
    left = 2 * left - counts[length];
    if (left < 0) return false;
  }
  return left === 0;
}

/** A JSON log's text starts with an object or an array, after whitespace. */
const JSON_START = /^[ \t\r\n]*[{[]/;

/**
 * Whether the bytes are a zlib stream that a tool wrote where gzip belongs (Python's zlib.compress, Node's deflateSync,
 * any level, the stored one too, whose text would pass for text), told by its header (RFC 1950 §2.2: CM 8, CINFO ≤ 7,
 * 16 bits that are a multiple of 31; https://www.rfc-editor.org/rfc/rfc1950#section-2.2) and by inflating its start.
 * JSON text starts with no such header ('{' has CM 11).
 */
function isZlibStream(bytes: Uint8Array): boolean {
  const header = bytes.length >= 2 && (bytes[0] & 0x0f) === 8 && bytes[0] >>> 4 <= 7 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
  return header && inflatedText(inflateSync, bytes) !== null;
}

/** Tells UTF-8 text, UTF-16 text and binary content apart from the start of the bytes. */
export function sniffContent(bytes: Uint8Array): SniffedContent {
  for (const { encoding, mark } of BYTE_ORDER_MARKS) if (startsWith(bytes, mark)) return { kind: 'text', encoding, byteOrderMark: true };
  const signature = BINARY_SIGNATURES.find(({ magic }) => startsWith(bytes, magic));
  if (signature !== undefined) return { kind: 'binary', reason: `it is ${signature.name}` };
  if (isZlibStream(bytes)) return { kind: 'binary', reason: `it is ${ZLIB_NAME}` };
  const length = Math.min(bytes.length, SNIFF_BYTES);
  const control = controlBytes(bytes, length);
  // UTF-16 of ASCII has a NUL in every other byte: with no control byte at all (every log CloudTrail writes), the
  // text is UTF-8 and the zero bytes need no count (a 20 KB delivered file: 12.3 → 6.1 µs).
  if (control === 0) return { kind: 'text', encoding: 'UTF-8', byteOrderMark: false };
  const utf16 = unmarkedUtf16(bytes);
  if (utf16 !== null) return { kind: 'text', encoding: utf16, byteOrderMark: false };
  if (control > length * MAX_CONTROL_SHARE) {
    // Raw deflate (RFC 1951: .NET's DeflateStream, zlib with negative window bits) has no header to tell it by: it is
    // tried only on what is binary already, and named only when JSON comes out (random bytes below 0x41 gave text in
    // 134 of 297,000 tries, JSON in none).
    const inflated = mayStartDeflate(bytes) ? inflatedText(inflateRawSync, bytes) : null;
    if (inflated !== null && JSON_START.test(inflated.toString('latin1', 0, MIN_PROBE_TEXT_BYTES)))
      return { kind: 'binary', reason: `it is ${RAW_DEFLATE_NAME}` };
    return { kind: 'binary', reason: `${control} of its first ${length} bytes are control characters or NUL, which text does not have` };
  }
  return { kind: 'text', encoding: 'UTF-8', byteOrderMark: false };
}

/**
 * UTF-8 bytes of UTF-16 text (its byte order mark dropped; a lone last byte is dropped too), or null when the text
 * is longer than a JavaScript string can be.
 */
export function utf16ToUtf8(bytes: Uint8Array, encoding: 'UTF-16LE' | 'UTF-16BE'): Buffer | null {
  const units = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - (bytes.length % 2));
  const littleEndian = encoding === 'UTF-16LE' ? units : Buffer.from(units).swap16();
  let text: string;
  try {
    text = littleEndian.toString('utf16le');
  } catch {
    return null;
  }
  return Buffer.from(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'utf8');
}

/**
 * The UTF-8 sequence a byte starts, packed in one number (no object per byte): continuation bytes after it (bits
 * 0–1), and the lowest (bits 8–15) and highest (bits 16–23) value the first of them may take, which rules out
 * overlong forms, surrogates and code points past U+10FFFF (RFC 3629 §4, the WHATWG UTF-8 decoder's ranges,
 * https://encoding.spec.whatwg.org/#utf-8-decoder); 0 for a byte no sequence starts with.
 */
export function utf8Sequence(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1 | (0x80 << 8) | (0xbf << 16);
  if (lead >= 0xe0 && lead <= 0xef) return 2 | ((lead === 0xe0 ? 0xa0 : 0x80) << 8) | ((lead === 0xed ? 0x9f : 0xbf) << 16);
  if (lead >= 0xf0 && lead <= 0xf4) return 3 | ((lead === 0xf0 ? 0x90 : 0x80) << 8) | ((lead === 0xf4 ? 0x8f : 0xbf) << 16);
  return 0;
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence; -1 when there is none. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i];
    if (lead < 0x80) continue;
    const sequence = utf8Sequence(lead);
    const continuations = sequence & 3;
    const second = bytes[i + 1];
    if (sequence === 0 || i + continuations >= bytes.length || second < ((sequence >>> 8) & 0xff) || second > sequence >>> 16) return i;
    for (let k = 2; k <= continuations; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += continuations;
  }
  return -1;
}
