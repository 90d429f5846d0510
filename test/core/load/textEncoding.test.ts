import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { firstInvalidUtf8, sniffContent } from '../../../src/core/load/textEncoding';

const SNIFF_BYTES = 8192;

/**
 * The rule as documented, in its first order: UTF-16 without a byte order mark (at least half the code units with a
 * zero high byte, or low byte, and few of the other), then binary past a tenth of control bytes, else UTF-8.
 */
function documentedKind(bytes: Uint8Array): string {
  const units = Math.floor(Math.min(bytes.length, SNIFF_BYTES) / 2);
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let k = 0; k < units; k++) {
    if (bytes[2 * k + 1] === 0 && bytes[2 * k] !== 0) zeroHigh++;
    if (bytes[2 * k] === 0 && bytes[2 * k + 1] !== 0) zeroLow++;
  }
  if (units > 0 && zeroHigh / units >= 0.5 && zeroLow * 8 < zeroHigh) return 'UTF-16LE';
  if (units > 0 && zeroLow / units >= 0.5 && zeroHigh * 8 < zeroLow) return 'UTF-16BE';
  const length = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let k = 0; k < length; k++) if (bytes[k] < 0x09 || (bytes[k] > 0x0d && bytes[k] < 0x20)) control++;
  return control > length * 0.1 ? 'binary' : 'UTF-8';
}

const kindOf = (bytes: Uint8Array) => {
  const content = sniffContent(bytes);
  return content.kind === 'binary' ? 'binary' : content.encoding;
};

/** Bytes that start like no byte order mark or file signature, mixing text, NULs, control bytes and UTF-16. */
const unmarkedBytes = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 40 }).map((text) => Buffer.from(text, 'utf8')),
      fc.string({ maxLength: 40 }).map((text) => Buffer.from(text, 'utf16le')),
      fc.string({ maxLength: 40 }).map((text) => Buffer.from(text, 'utf16le').swap16()),
      fc.uint8Array({ maxLength: 16 }),
      fc.uint8Array({ maxLength: 16, max: 0x1f }),
    ),
    { maxLength: 400 },
  )
  .map((parts) => Buffer.concat([Buffer.from('{ '), ...parts]));

test('sniffing with its no-control shortcut tells text apart exactly as the documented rule', () => {
  fc.assert(
    fc.property(unmarkedBytes, (bytes) => assert.equal(kindOf(bytes), documentedKind(bytes))),
    { numRuns: 2000 },
  );
});

test('control bytes are counted exactly, wherever the bytes start in their buffer and however long they are (fast-check)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300, max: 0x40 }), fc.nat(7), (bytes, offset) => {
      const inBuffer = new Uint8Array(offset + bytes.length);
      inBuffer.set(bytes, offset);
      const view = inBuffer.subarray(offset);
      const content = sniffContent(view);
      assert.equal(content.kind === 'binary' ? 'binary' : content.encoding, documentedKind(view));
      if (content.kind !== 'binary') return;
      const control = bytes.filter((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20)).length;
      assert.match(content.reason, new RegExp(`^${control} of its first ${bytes.length} bytes`));
    }),
    { numRuns: 3000 },
  );
});

test('text without a control byte is UTF-8, however many bytes follow the sniffed start', () => {
  const text = Buffer.from(`{"Records":[${'{"eventName":"GetObject","note":"tab\\there"},'.repeat(400)}{}]}\n`);
  assert.ok(text.length > SNIFF_BYTES);
  assert.deepEqual(sniffContent(text), { kind: 'text', encoding: 'UTF-8', byteOrderMark: false });
  const utf16 = Buffer.from(text.toString(), 'utf16le');
  assert.deepEqual(sniffContent(utf16), { kind: 'text', encoding: 'UTF-16LE', byteOrderMark: false });
});

/** Bytes that are mostly UTF-8 pieces (ASCII, two-, three- and four-byte characters), cut and joined at random. */
const nearlyUtf8 = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 6 }).map((text) => [...Buffer.from(text)]),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 2 }),
    ),
    {
      maxLength: 12,
    },
  )
  .map((pieces) => Uint8Array.from(pieces.flat()));

test('the first invalid UTF-8 byte is where the WHATWG decoder first writes U+FFFD, and there is none in valid text (fast-check)', () => {
  fc.assert(
    fc.property(nearlyUtf8, (bytes) => {
      const offset = firstInvalidUtf8(bytes);
      assert.equal(offset === -1, isUtf8(bytes));
      if (offset === -1) return;
      const decoded = new TextDecoder().decode(bytes);
      const before = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, offset));
      assert.equal(decoded.slice(0, before.length), before);
      assert.equal(decoded[before.length], '\ufffd');
    }),
    { numRuns: 2000 },
  );
});

/** A JSON log's text of random records, as a tool might have compressed it. */
const jsonLog = fc
  .array(fc.record({ eventName: fc.string({ maxLength: 30 }), userAgent: fc.string({ unit: 'grapheme', maxLength: 60 }), n: fc.integer() }), {
    minLength: 20,
    maxLength: 200,
  })
  .map((records) => Buffer.from(JSON.stringify({ Records: records })));
const deflateOptions = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  strategy: fc.constantFrom(constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED),
});

test('a log deflated by zlib, with any level and strategy, is named as zlib or raw deflate whenever it is binary (fast-check)', () => {
  fc.assert(
    fc.property(jsonLog, deflateOptions, fc.boolean(), (text, options, raw) => {
      const content = sniffContent(raw ? deflateRawSync(text, options) : deflateSync(text, options));
      if (!raw) assert.equal(content.kind, 'binary');
      if (content.kind === 'binary') assert.match(content.reason, raw ? /raw deflate data/ : /zlib-compressed data/);
    }),
    { numRuns: 400 },
  );
});

test('random bytes are not taken for deflate data (fast-check)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 2048 }), (bytes) => {
      const content = sniffContent(bytes);
      if (content.kind === 'binary') assert.doesNotMatch(content.reason, /deflate|zlib/);
    }),
    { numRuns: 3000 },
  );
});
