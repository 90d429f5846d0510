import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findRecordSpans } from '../../../src/core/load/recordSpans';
import { recordRanges } from '../../../src/core/locate/recordRanges';
import { decodeUnique, encodeUnique } from '../../../src/core/load/uniqueBytes';

// Strings full of the characters a byte scanner gets wrong: quotes, backslashes, braces, multi-byte text.
const trickyString = fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'a', 'é', '😀', '\n', ' ') });
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(trickyString, tie('json'), { maxKeys: 3 }),
  ),
})).json;
const record = fc.record({ eventName: trickyString, eventSource: fc.constant('s3.amazonaws.com'), extra: value });

describe('record spans (property)', () => {
  it('every span of a Records file parses to its record, pretty-printed or minified, in bytes and in chars', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.boolean(), (records, pretty) => {
        const text = JSON.stringify({ Records: records }, null, pretty ? 2 : undefined);
        const expected = JSON.parse(text).Records;
        const bytes = Buffer.from(text, 'utf8');
        const spans = findRecordSpans(bytes);
        assert.equal(spans.syntaxError, undefined);
        assert.equal(spans.starts.length, records.length);
        spans.starts.forEach((start, i) => assert.deepEqual(JSON.parse(bytes.toString('utf8', start, spans.ends[i])), expected[i]));
        const ranges = recordRanges(text);
        for (let i = 0; i < ranges.count; i++) assert.deepEqual(JSON.parse(text.slice(ranges.starts[i], ranges.ends[i])), expected[i]);
      }),
      { numRuns: 300 },
    );
  });

  it('unique-string packing round-trips any string, UUIDs in 17 bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.uuid(),
          fc.uuid().map((id) => id.toUpperCase()),
        ),
        (text) => {
          const packed = encodeUnique(text);
          assert.equal(decodeUnique(packed, 0, packed.length), text);
          if (/^[0-9a-f-]{36}$/.test(text) || /^[0-9A-F-]{36}$/.test(text)) assert.equal(packed.length, 17);
        },
      ),
      { numRuns: 200 },
    );
  });
});
