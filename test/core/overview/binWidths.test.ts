// Bin widths of the timeline: the widths offered, the parser of "--bin 1h", the pick from a span, UTC alignment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BIN_WIDTHS, binStartOf, formatBinWidth, MAX_PICKED_BINS, parseBinWidth, pickBinWidth } from '../../../src/core';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.parse('2023-07-10T11:42:18Z');

describe('bin widths', () => {
  it('offers minute, 5 and 15 minutes, hour, 6 hours, day and week, by the names the parser reads', () => {
    assert.deepEqual(
      BIN_WIDTHS.map((width) => width.name),
      ['1m', '5m', '15m', '1h', '6h', '1d', '1w'],
    );
    for (const width of BIN_WIDTHS) {
      assert.equal(parseBinWidth(width.name), width.ms);
      assert.equal(formatBinWidth(width.ms), width.name);
    }
  });

  it('parses a whole number and a unit, and nothing else', () => {
    assert.equal(parseBinWidth('30s'), 30_000);
    assert.equal(parseBinWidth('2h'), 2 * HOUR);
    assert.equal(formatBinWidth(90 * MINUTE), '90m');
    for (const wrong of ['', 'h', '0h', '1.5h', '-1h', '1y', '1 h', '1H', '10000000m']) assert.equal(parseBinWidth(wrong), undefined, wrong);
  });

  it('picks the smallest width with at most 150 bins: an hour in minutes, a day in 15 minutes, a month in 6 hours', () => {
    assert.equal(pickBinWidth(START, START), MINUTE);
    assert.equal(pickBinWidth(START, START + 55 * MINUTE), MINUTE);
    assert.equal(pickBinWidth(START, START + 3 * HOUR), 5 * MINUTE);
    assert.equal(pickBinWidth(START, START + DAY), 15 * MINUTE);
    assert.equal(pickBinWidth(START, START + 30 * DAY), 6 * HOUR);
    assert.equal(pickBinWidth(START, START + 365 * DAY), 7 * DAY);
    assert.equal(pickBinWidth(START, START + 10 * 365 * DAY) % (7 * DAY), 0, 'past 150 weeks, whole weeks');
  });

  it('property: a picked width gives at most 150 bins, each event’s bin holds it, and bins start on the width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 5e11 }), (first, span) => {
        const binMs = pickBinWidth(first, first + span);
        const start = binStartOf(first, binMs);
        assert.ok(start <= first && first < start + binMs);
        assert.ok(Math.floor((first + span - start) / binMs) + 1 <= MAX_PICKED_BINS);
        if (binMs <= DAY) assert.equal(start % binMs, 0);
        else assert.equal(new Date(start).getUTCDay(), 1, 'weeks start on Monday');
      }),
    );
  });
});
