// The one-pass fast path of gzip inflating: it answers only when the trailer tells the truth and the text is under
// the bound; every other file goes the bounded two-pass way, with the same text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeLogText } from '../../../src/core';
import { decodeLogBytes } from '../../../src/core/load/decodeInput';
import { FileDiagnostics } from '../../../src/core/load/diagnostics';
import { inflateInMemory } from '../../../src/core/load/inflate';
import { GOOD_TEXT } from './goodLog';

function withDeclaredSize(gzip: Buffer, declared: number): Buffer {
  const copy = Buffer.from(gzip);
  copy.writeUInt32LE(declared, copy.length - 4);
  return copy;
}

test('a well-formed gzip is inflated in one pass to its exact text', () => {
  const gzip = gzipSync(GOOD_TEXT);
  const inflated = inflateInMemory(gzip, 1 << 30);
  assert.equal(inflated?.end, 'complete');
  assert.equal(inflated?.bytes.toString('utf8'), GOOD_TEXT);
});

test('a trailer that claims less than the text holds is never trusted: no text from the fast path, and a damaged file', async () => {
  const lying = withDeclaredSize(gzipSync(GOOD_TEXT), 10);
  assert.equal(inflateInMemory(lying, 1 << 30), undefined);
  // zlib checks ISIZE against the text (RFC 1952 §2.3.1), so the file is reported damaged, its text read unchecked.
  const diagnostics = new FileDiagnostics('/lying.json.gz');
  const { text } = await decodeLogBytes('/lying.json.gz', lying, diagnostics);
  assert.equal(text?.toString('utf8'), GOOD_TEXT);
  assert.deepEqual(
    diagnostics.list.map(({ code, severity }) => [code, severity]),
    [['invalid-gzip', 'error']],
  );
  assert.match(diagnostics.list[0].message, /\(incorrect length check\): the text is damaged somewhere/);
});

test('several gzip members (the trailer counts only the last) are read whole', async () => {
  const half = Math.floor(GOOD_TEXT.length / 2);
  const members = Buffer.concat([gzipSync(GOOD_TEXT.slice(0, half)), gzipSync(GOOD_TEXT.slice(half))]);
  assert.equal(inflateInMemory(members, 1 << 30), undefined);
  assert.equal(await decodeLogText('/members.json.gz', members), GOOD_TEXT);
});

test('a declared size over the bound, or a cut file, is not inflated by the fast path', async () => {
  const gzip = gzipSync(GOOD_TEXT);
  assert.equal(inflateInMemory(gzip, GOOD_TEXT.length - 1), undefined);
  await assert.rejects(decodeLogText('/big.json.gz', gzip, 1024), /too-large|larger than|bound|MB/i);
  assert.equal(inflateInMemory(gzip.subarray(0, gzip.length - 100), 1 << 30), undefined);
});
