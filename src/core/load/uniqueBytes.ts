// Packed encoding of per-event unique strings (eventID, requestID, object key). A JS string costs 50+ bytes of
// heap each; here a value is its UTF-8 bytes in one shared buffer, and a canonical UUID (the eventID format,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html)
// shrinks to a tag byte plus 16 bytes.

import type { ColumnArena } from './columnArena';
import type { UniqueColumn } from './indexSchema';

const TAG_UUID_LOWER = 0x01;
const TAG_UUID_UPPER = 0x02;
const TAG_ESCAPED = 0x03;
const UUID_LENGTH = 36;
const DASH_POSITIONS = [8, 13, 18, 23];

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Nibble value of each char code for lower-case (index 0) and upper-case (index 1) hex; -1 otherwise. */
const NIBBLES = [0, 1].map((upper) => {
  const table = new Int8Array(128).fill(-1);
  for (let digit = 0; digit < 10; digit++) table[0x30 + digit] = digit;
  for (let letter = 0; letter < 6; letter++) table[(upper ? 0x41 : 0x61) + letter] = 10 + letter;
  return table;
});

/** Packs a canonical UUID string into `out` at `at` (tag + 16 bytes); returns false if it is not one. */
function packUuid(value: string, out: Uint8Array, at: number): boolean {
  if (value.length !== UUID_LENGTH) return false;
  for (const dash of DASH_POSITIONS) if (value.charCodeAt(dash) !== 0x2d) return false;
  // Case of the first letter decides; a mixed-case value is not canonical and is stored as text.
  let upper = 0;
  for (let i = 0; i < UUID_LENGTH; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x41 && code <= 0x46) {
      upper = 1;
      break;
    }
    if (code >= 0x61 && code <= 0x66) break;
  }
  const nibbles = NIBBLES[upper];
  let byteIndex = at + 1;
  for (let i = 0; i < UUID_LENGTH; i += 2) {
    if (i === 8 || i === 13 || i === 18 || i === 23) i++;
    const high = nibbles[value.charCodeAt(i) & 0x7f];
    const low = nibbles[value.charCodeAt(i + 1) & 0x7f];
    if (high < 0 || low < 0 || value.charCodeAt(i) > 0x7f || value.charCodeAt(i + 1) > 0x7f) return false;
    out[byteIndex++] = (high << 4) | low;
  }
  out[at] = upper ? TAG_UUID_UPPER : TAG_UUID_LOWER;
  return true;
}

function unpackUuid(bytes: Uint8Array, at: number): string {
  const upper = bytes[at] === TAG_UUID_UPPER;
  let text = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
    text += bytes[at + 1 + i].toString(16).padStart(2, '0');
  }
  return upper ? text.toUpperCase() : text;
}

/** Decodes value `[start, end)` of a packed buffer; '' for an absent value. */
export function decodeUnique(bytes: Uint8Array, start: number, end: number): string {
  if (start === end) return '';
  const tag = bytes[start];
  if ((tag === TAG_UUID_LOWER || tag === TAG_UUID_UPPER) && end - start === 17) return unpackUuid(bytes, start);
  const from = tag === TAG_ESCAPED ? start + 1 : start;
  return utf8Decoder.decode(bytes.subarray(from, end));
}

/** Encodes one value the way the column stores it (used to compare a query value with stored bytes). */
export function encodeUnique(value: string): Uint8Array {
  const builder = new UniqueColumnBuilder(1);
  builder.push(value);
  const column = builder.finish();
  return column.bytes.subarray(column.offsets[0], column.offsets[1]);
}

/** Accumulates a unique-string column for one file. */
export class UniqueColumnBuilder {
  private bytes: Uint8Array;
  private offsets: Uint32Array;
  private length = 0;
  private count = 0;

  constructor(expectedCount: number) {
    this.bytes = new Uint8Array(Math.max(64, expectedCount * 24));
    this.offsets = new Uint32Array(Math.max(2, expectedCount + 1));
  }

  /** Appends one value; null/undefined/'' are stored as absent. */
  push(value: string | null | undefined): void {
    if (this.count + 1 >= this.offsets.length) {
      const grown = new Uint32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    if (value) this.append(value);
    this.count++;
    this.offsets[this.count] = this.length;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  private append(value: string): void {
    this.ensure(value.length * 3 + 1);
    if (packUuid(value, this.bytes, this.length)) {
      this.length += 17;
      return;
    }
    const first = value.charCodeAt(0);
    if (first === TAG_UUID_LOWER || first === TAG_UUID_UPPER || first === TAG_ESCAPED) this.bytes[this.length++] = TAG_ESCAPED;
    // ASCII values (request ids, most object keys) are copied in this loop: cheaper than a call into the encoder.
    const bytes = this.bytes;
    const at = this.length;
    let i = 0;
    while (i < value.length) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) break;
      bytes[at + i] = code;
      i++;
    }
    if (i === value.length) {
      this.length += i;
      return;
    }
    const { written } = utf8.encodeInto(value, bytes.subarray(at));
    this.length += written;
  }

  /** The finished column, trimmed to size: copied into `columns` when given (the builder can then be reset and reused). */
  finish(columns?: ColumnArena): UniqueColumn {
    if (columns === undefined) return { bytes: this.bytes.slice(0, this.length), offsets: this.offsets.slice(0, this.count + 1) };
    return { bytes: columns.copy(this.bytes, this.length), offsets: columns.copy(this.offsets, this.count + 1) };
  }

  /** Empty again, for another file; its arrays stay as large as they grew. */
  reset(): void {
    this.length = 0;
    this.count = 0;
  }

  /** Bytes its arrays take, as large as they grew. */
  get bytesHeld(): number {
    return this.bytes.byteLength + this.offsets.byteLength;
  }
}
