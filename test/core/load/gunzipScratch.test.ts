// The scratch inflater (libdeflate in WebAssembly) answers only with the text zlib gives for the same file, and only
// when the trailer confirms it; every other file is left to zlib, which reports the problem.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { gunzipToScratch } from '../../../src/core/load/gunzipScratch';
import { REPO_ROOT } from '../engineFixtures';
import { GOOD_TEXT } from './goodLog';

const BOUND = 1 << 30;

/** zlib's text of a gzip file, or null where zlib refuses it. */
function zlibText(gzip: Uint8Array): Buffer | null {
  try {
    return gunzipSync(gzip);
  } catch {
    return null;
  }
}

/** A copy of the scratch text (the view lasts only until the next call). */
function scratchText(gzip: Uint8Array, bound = BOUND): Buffer | undefined {
  const text = gunzipToScratch(gzip, bound);
  return text === undefined ? undefined : Buffer.from(text);
}

/** The optional parts of a gzip header (RFC 1952 §2.3.1): extra field, file name, comment, header CRC. */
interface HeaderParts {
  extra?: Uint8Array;
  name?: string;
  comment?: string;
  headerCrc: boolean;
}

/** A gzip member of `text` with the header parts given, its deflate data at `level`. */
function member(text: Uint8Array, level: number, { extra, name, comment, headerCrc }: HeaderParts): Buffer {
  const flags = (headerCrc ? 0x02 : 0) | (extra ? 0x04 : 0) | (name !== undefined ? 0x08 : 0) | (comment !== undefined ? 0x10 : 0);
  const parts: Uint8Array[] = [Buffer.from([0x1f, 0x8b, 8, flags, 1, 2, 3, 4, 0, 3])];
  if (extra) parts.push(Buffer.from([extra.length & 0xff, extra.length >> 8]), extra);
  if (name !== undefined) parts.push(Buffer.from(`${name}\0`, 'latin1'));
  if (comment !== undefined) parts.push(Buffer.from(`${comment}\0`, 'latin1'));
  if (headerCrc) parts.push(Buffer.from([crc32(Buffer.concat(parts)) & 0xff, (crc32(Buffer.concat(parts)) >> 8) & 0xff]));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(text), 0);
  trailer.writeUInt32LE(text.length, 4);
  return Buffer.concat([...parts, deflateRawSync(text, { level }), trailer]);
}

const headerParts: fc.Arbitrary<HeaderParts> = fc.record(
  {
    extra: fc.uint8Array({ maxLength: 40 }),
    name: fc.string({ unit: fc.integer({ min: 1, max: 255 }).map((code) => String.fromCharCode(code)), maxLength: 30 }),
    comment: fc.string({ unit: fc.integer({ min: 1, max: 255 }).map((code) => String.fromCharCode(code)), maxLength: 30 }),
    headerCrc: fc.boolean(),
  },
  { requiredKeys: ['headerCrc'] },
);

/** Text as logs hold it: JSON-like, repetitive, with non-ASCII characters now and then. */
const logText = fc
  .array(
    fc.oneof(fc.constantFrom('{"eventName":"GetObject",', '"awsRegion":"eu-west-1"}', ' ', '\n'), fc.string({ unit: 'grapheme', maxLength: 20 })),
    {
      minLength: 1,
      maxLength: 200,
    },
  )
  .map((pieces) => Buffer.from(pieces.join(''), 'utf8'))
  .filter((text) => text.length > 0);

describe('gunzipToScratch', () => {
  it('gives zlib’s text for real logs, delivered and exported', () => {
    const fixtures = path.join(REPO_ROOT, 'test/fixtures/workspace/broken');
    const logs = readdirSync(fixtures)
      .filter((name) => name.startsWith('good') && name.endsWith('.gz'))
      .map((name) => readFileSync(path.join(fixtures, name)));
    assert.ok(logs.length > 0);
    logs.push(gzipSync(GOOD_TEXT), gzipSync(GOOD_TEXT, { level: 1 }), gzipSync(GOOD_TEXT, { level: 0 }));
    for (const gzip of logs) assert.deepEqual(scratchText(gzip), gunzipSync(gzip));
  });

  it('reads any well-formed member, whatever its header holds and however it was compressed (property)', () => {
    fc.assert(
      fc.property(logText, fc.integer({ min: 0, max: 9 }), headerParts, (text, level, parts) => {
        const gzip = member(text, level, parts);
        assert.deepEqual(zlibText(gzip), text);
        assert.deepEqual(scratchText(gzip), text);
      }),
      { numRuns: 300 },
    );
  });

  it('never answers with other text than zlib’s, whatever the damage (property)', () => {
    const damaged = fc.record({
      text: logText,
      level: fc.integer({ min: 0, max: 9 }),
      cut: fc.integer({ min: 0, max: 12 }),
      flips: fc.array(fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }), { maxLength: 3 }),
      after: fc.uint8Array({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(damaged, ({ text, level, cut, flips, after }) => {
        const gzip = Buffer.concat([gzipSync(text, { level }).subarray(cut), after]);
        for (const { at, bit } of flips) gzip[at % gzip.length] ^= 1 << bit;
        const scratch = scratchText(gzip);
        if (scratch !== undefined) assert.deepEqual(scratch, zlibText(gzip));
      }),
      { numRuns: 500 },
    );
    // Both outcomes, whatever the runs drew: a flip in the header's time leaves the file good, one in its data does not.
    const gzip = gzipSync(GOOD_TEXT);
    const timeChanged = Buffer.from(gzip);
    timeChanged[4] ^= 0x10;
    assert.deepEqual(scratchText(timeChanged), zlibText(timeChanged));
    assert.deepEqual(scratchText(timeChanged), Buffer.from(GOOD_TEXT));
    const dataChanged = Buffer.from(gzip);
    dataChanged[Math.floor(gzip.length / 2)] ^= 0x10;
    assert.equal(gunzipToScratch(dataChanged, BOUND), undefined);
  });

  it('leaves to zlib a stored block whose text was changed: its trailer’s CRC-32 no longer matches', () => {
    const gzip = gzipSync(GOOD_TEXT, { level: 0 });
    const changed = Buffer.from(gzip);
    changed[1000] ^= 0x01;
    assert.throws(() => gunzipSync(changed), /incorrect data check/);
    assert.equal(gunzipToScratch(changed, BOUND), undefined);
    assert.deepEqual(scratchText(gzip), Buffer.from(GOOD_TEXT));
  });

  it('leaves to zlib several members, bytes after the member, a cut file, a lying length, no text and text over the bound', () => {
    const gzip = gzipSync(GOOD_TEXT);
    const lying = Buffer.from(gzip);
    lying.writeUInt32LE(GOOD_TEXT.length - 1, lying.length - 4);
    for (const other of [
      Buffer.concat([gzip, gzipSync('{}')]),
      Buffer.concat([gzip, Buffer.from('garbage')]),
      gzip.subarray(0, gzip.length - 1),
      gzip.subarray(0, gzip.length - 20),
      lying,
      gzipSync(''),
      Buffer.alloc(0),
    ])
      assert.equal(gunzipToScratch(other, BOUND), undefined);
    assert.equal(gunzipToScratch(gzip, Buffer.byteLength(GOOD_TEXT) - 1), undefined);
    assert.deepEqual(scratchText(gzip, Buffer.byteLength(GOOD_TEXT)), Buffer.from(GOOD_TEXT));
  });
});
