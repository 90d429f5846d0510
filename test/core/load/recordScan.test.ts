import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementScanner, elementScanner } from '../../../src/core/load/recordScan';
import { forEachElement, JsonScanError } from '../../../src/core/load/jsonBytes';
import { findRecordSpans } from '../../../src/core/load/recordSpans';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures');

type Scan = { end: number; starts: number[]; ends: number[] } | { error: string };

/** What the JavaScript scanner (the authority) finds in the array at `arrayStart`. */
function javascriptScan(bytes: Uint8Array, arrayStart: number): Scan {
  const starts: number[] = [];
  const ends: number[] = [];
  try {
    const end = forEachElement(bytes, arrayStart, (start, elementEnd) => {
      starts.push(start);
      ends.push(elementEnd);
    });
    return { end, starts, ends };
  } catch (error) {
    if (error instanceof JsonScanError) return { error: error.message };
    throw error;
  }
}

/** What the WebAssembly scanner finds, or null when it leaves the array to JavaScript. */
function wasmScan(scanner: ElementScanner, bytes: Uint8Array, arrayStart: number): Scan | null {
  const starts = [7];
  const ends = [9];
  const end = scanner.elements(bytes, arrayStart, starts, ends);
  if (end < 0) {
    assert.deepEqual([starts, ends], [[7], [9]], 'a refused array leaves the spans as they were');
    return null;
  }
  return { end, starts: starts.slice(1), ends: ends.slice(1) };
}

/** The scanner, created with `chunkBytes`; these tests need WebAssembly with SIMD, which Node 20 has. */
function scannerOf(chunkBytes?: number): ElementScanner {
  const scanner = ElementScanner.create(chunkBytes);
  assert.ok(scanner !== null, 'WebAssembly with SIMD runs here');
  return scanner;
}

/** Either both scanners agree, or the WebAssembly one left the array to JavaScript. Returns whether it vouched. */
function assertAgrees(scanner: ElementScanner, bytes: Uint8Array, arrayStart: number): boolean {
  const fast = wasmScan(scanner, bytes, arrayStart);
  if (fast === null) return false;
  assert.deepEqual(fast, javascriptScan(bytes, arrayStart), `array at ${arrayStart}`);
  return true;
}

/** The text of every JSON fixture, gzip inflated (a broken gzip left out). */
function fixtureTexts(): Buffer[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|jsonl|jsonc)(\.gz)?$/.test(entry.name)) files.push(full);
    }
  };
  walk(FIXTURES);
  return files.flatMap((file) => {
    const raw = fs.readFileSync(file);
    if (!file.endsWith('.gz')) return [raw];
    try {
      return [zlib.gunzipSync(raw)];
    } catch {
      return [];
    }
  });
}

// Characters a structure scanner gets wrong, and runs of backslashes of both parities.
const token = fc.constantFrom('{', '}', '[', ']', '"', '\\', '\\\\', '\\"', ',', ':', ' ', '\n', '\t', 'a', '1', 'é', '😀');
const trickyString = fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', 'a', 'é', '\n', ' ') });
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(trickyString, tie('json'), { maxKeys: 3 }),
  ),
})).json;
const element = fc.oneof(fc.dictionary(trickyString, value, { maxKeys: 4 }), fc.array(value, { maxLength: 3 }));

describe('record scan (WebAssembly)', () => {
  it('finds the same elements as the JavaScript scanner in every array of every fixture, and vouches for their records', () => {
    const scanner = scannerOf(64);
    let arrays = 0;
    let vouched = 0;
    let recordsVouched = 0;
    for (const bytes of fixtureTexts()) {
      for (let at = bytes.indexOf(0x5b); at >= 0; at = bytes.indexOf(0x5b, at + 1)) {
        arrays++;
        if (assertAgrees(scanner, bytes, at)) vouched++;
      }
      const spans = findRecordSpans(bytes);
      const objectsOnly = spans.starts.every((start) => bytes[start] === 0x7b || bytes[start] === 0x5b);
      if (spans.format === 'records' && spans.syntaxError === undefined && spans.starts.length > 0 && objectsOnly) {
        const arrayStart = bytes.lastIndexOf(0x5b, spans.starts[0]);
        assert.ok(assertAgrees(scanner, bytes, arrayStart));
        recordsVouched++;
      }
    }
    assert.ok(recordsVouched >= 10, `records arrays read by WebAssembly: ${recordsVouched}`);
    assert.ok(vouched > 0 && vouched < arrays, `${vouched} of ${arrays} arrays`);
  });

  it('agrees with JavaScript on any text of structural characters, quotes and backslashes, at any chunk size', () => {
    const scanners = [scannerOf(64), scannerOf(128), scannerOf()];
    fc.assert(
      fc.property(fc.array(token, { maxLength: 300 }), fc.nat({ max: 2 }), (tokens, which) => {
        const bytes = Buffer.from(`[${tokens.join('')}`, 'utf8');
        assertAgrees(scanners[which], bytes, 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every array of objects and arrays, minified or pretty-printed, across chunk boundaries', () => {
    const scanner = scannerOf(64);
    fc.assert(
      fc.property(fc.array(element, { maxLength: 12 }), fc.constantFrom(undefined, 1, 2, '\t'), fc.nat({ max: 40 }), (elements, indent, lead) => {
        const text = `${' '.repeat(lead)}${JSON.stringify(elements, null, indent)}  `;
        const bytes = Buffer.from(text, 'utf8');
        assert.ok(assertAgrees(scanner, bytes, lead), 'vouched');
        const found = wasmScan(scanner, bytes, lead);
        assert.ok(found !== null && 'starts' in found);
        const parsed = found.starts.map((start, i) => JSON.parse(bytes.toString('utf8', start, found.ends[i])));
        assert.deepEqual(parsed, JSON.parse(JSON.stringify(elements)));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves to JavaScript what it cannot vouch for: a backslash outside strings, strings or numbers as elements, a cut', () => {
    const scanner = scannerOf(64);
    for (const text of ['[{"a":1}\\]', '[{"a":\\"}"}]', '["a",{}]', '[1]', '[{};{}]', '[{"a":"b"}', '[{},]', '[', '[{"a":"\\"}]']) {
      assert.equal(wasmScan(scanner, Buffer.from(text), 0), null, text);
    }
    assert.deepEqual(wasmScan(scanner, Buffer.from(' [ ] '), 1), { end: 4, starts: [], ends: [] });
    assert.deepEqual(wasmScan(scanner, Buffer.from('[{"a":"]\\\\"},[{}]]'), 0), { end: 18, starts: [1, 13], ends: [12, 17] });
  });

  it('is the one findRecordSpans uses in this runtime, and a file of many records gives the same spans either way', () => {
    assert.ok(elementScanner() !== null);
    const records = Array.from({ length: 3000 }, (_, i) => ({ eventName: `Get"Object\\${i}`, requestParameters: { key: `a}]\\"${i}` } }));
    const bytes = Buffer.from(JSON.stringify({ Records: records }), 'utf8');
    const spans = findRecordSpans(bytes);
    const reference = javascriptScan(bytes, bytes.indexOf(0x5b));
    assert.ok('starts' in reference);
    assert.deepEqual([spans.starts, spans.ends], [reference.starts, reference.ends]);
    assert.equal(spans.starts.length, 3000);
  });
});
