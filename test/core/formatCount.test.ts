import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatCount } from '../../src/core/formatCount';

describe('formatCount', () => {
  it('writes what toLocaleString("en-US") writes, for every safe integer and for the rest (but -0)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()).filter((count) => !Object.is(count, -0)),
        (count) => assert.equal(formatCount(count), count.toLocaleString('en-US')),
      ),
      { numRuns: 2000 },
    );
  });

  it('groups by threes from the right', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(-0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1000), '1,000');
    assert.equal(formatCount(-1_204_000), '-1,204,000');
    assert.equal(formatCount(Number.MAX_SAFE_INTEGER), '9,007,199,254,740,991');
  });
});
