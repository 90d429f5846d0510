// LinePositions (line:column of a byte offset, moving forward) against a UTF-8 decoder's reading of the same prefix:
// invalid bytes, sequences cut short and sequences cut at the offset each count as one character (U+FFFD).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LinePositions } from '../../../src/core/load/diagnostics';

function decoderPosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const lines = Buffer.from(bytes.subarray(0, offset)).toString('utf8').split('\n');
  return { line: lines.length, column: [...(lines[lines.length - 1] as string)].length + 1 };
}

// Bytes biased towards UTF-8's edges: ASCII, newlines, continuation bytes, lead bytes and the ones never valid.
const byte = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.constant(0x0a),
  fc.integer({ min: 0x80, max: 0xbf }),
  fc.constantFrom(0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff),
);

describe('LinePositions', () => {
  it('gives the line and column a UTF-8 decoder gives, for offsets in any order', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 60 }).chain((raw) => fc.tuple(fc.array(byte, { maxLength: 60 }), fc.constant(raw))),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        ([biased, raw], fractions) => {
          const bytes = Uint8Array.from([...biased, ...raw]);
          const positions = new LinePositions(bytes);
          for (const fraction of fractions) {
            const offset = Math.floor(fraction * bytes.length);
            assert.deepEqual(positions.at(offset), decoderPosition(bytes, offset), `offset ${offset} of ${Buffer.from(bytes).toString('hex')}`);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
