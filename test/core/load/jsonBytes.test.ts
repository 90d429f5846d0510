// Keys compared as JSON.parse reads them: escapes included, so that no record key can be written in a way this tool
// alone does not read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { keyEqualsAscii } from '../../../src/core/load/jsonBytes';
import { findRecordSpans } from '../../../src/core/load/recordSpans';

/** `key` with each character written as is or as a \uXXXX escape (upper or lower case hex), chosen by `escapes`. */
function escaped(key: string, escapes: readonly number[]): string {
  return [...key]
    .map((character, i) => {
      const choice = escapes[i % escapes.length];
      if (choice === 0) return character;
      const hex = character.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${choice === 1 ? hex : hex.toUpperCase()}`;
    })
    .join('');
}

test('a key equals its name however its characters are escaped, and never another name (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('Records', 'Events', 'events', 'logEvents', 'eventName', 'messageType'),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 12 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
      (name, escapes, other) => {
        const written = Buffer.from(escaped(name, escapes));
        assert.equal(JSON.parse(`"${written.toString()}"`), name);
        assert.ok(keyEqualsAscii(written, 0, written.length, name));
        if (other !== name) assert.ok(!keyEqualsAscii(written, 0, written.length, other));
      },
    ),
  );
});

test('a log whose "Records" key is written with escapes has its records found, as JSON.parse and jq find them', () => {
  const text = Buffer.from('{"\\u0052ecords":[{"eventName":"A"},{"eventName":"B"}]}');
  const spans = findRecordSpans(text);
  assert.equal(spans.format, 'records');
  assert.deepEqual(
    spans.starts.map((start, i) => JSON.parse(text.toString('utf8', start, spans.ends[i])) as unknown),
    (JSON.parse(text.toString()) as { Records: unknown[] }).Records,
  );
});

test('two logs of 200,000 records each, one after the other, give all 400,000 ranges (no argument list of that size)', () => {
  const log = `{"Records":[${'{},'.repeat(199_999)}{}]}`;
  const spans = findRecordSpans(Buffer.from(log + log));
  assert.equal(spans.syntaxError, undefined);
  assert.equal(spans.starts.length, 400_000);
  assert.equal(spans.starts[200_000], log.length + '{"Records":['.length);
});
