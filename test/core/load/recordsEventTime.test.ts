import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatEventTime, parseEventTime } from '../../../src/core/load/eventTime';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { parseQuery, parseQueryTime } from '../../../src/core/search/parseQuery';

const YEAR_0 = new Date('0000-01-01T00:00:00.000Z').getTime();
const YEAR_9999_END = new Date('9999-12-31T23:59:59.999Z').getTime();
const instant = fc.integer({ min: YEAR_0, max: YEAR_9999_END });

describe('eventTime: real instants only', () => {
  it('reads the forms CloudTrail and its exports write', () => {
    assert.equal(parseEventTime('2023-07-10T12:11:15Z'), Date.UTC(2023, 6, 10, 12, 11, 15));
    assert.equal(parseEventTime('2022-11-21 18:06:52'), Date.UTC(2022, 10, 21, 18, 6, 52));
    assert.equal(parseEventTime('2021-11-18T09:41:02-08:00'), Date.UTC(2021, 10, 18, 17, 41, 2));
    assert.equal(parseEventTime('2021-11-18T09:41:02+0530'), Date.UTC(2021, 10, 18, 4, 11, 2));
    assert.equal(parseEventTime('2024-02-29T00:00:00.5Z'), Date.UTC(2024, 1, 29, 0, 0, 0, 500));
    assert.equal(parseEventTime('0050-01-01T00:00:00Z'), new Date('0050-01-01T00:00:00Z').getTime());
  });

  it('rejects dates, times and offsets that do not exist instead of rolling them over', () => {
    for (const text of [
      '2023-02-31T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2023-04-31T00:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-00-10T00:00:00Z',
      '2023-07-00T00:00:00Z',
      '2023-07-10T24:00:00Z',
      '2023-07-10T12:60:00Z',
      '2023-07-10T12:00:60Z',
      '2023-07-10T12:00:00+25:99',
      '2023-07-10T12:00:00+24:00',
      '2023-07-10T12:00:00-05:60',
      '2023-07-10T12:00:00.Z',
      '2023-07-10T12x00x00Z',
      '2023-07-10T12:00:00Zjunk',
      '2023-07-10T12:00:00+05',
      '2023-07-10',
      'yesterday',
    ]) {
      assert.ok(Number.isNaN(parseEventTime(text)), text);
    }
  });

  it('property: every instant of years 0000-9999, as CloudTrail writes it, reads back to itself', () => {
    fc.assert(
      fc.property(instant, (millis) => {
        assert.equal(parseEventTime(formatEventTime(millis)!), millis);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the same instant written with any offset reads back to itself', () => {
    const offset = fc.record({ sign: fc.constantFrom(1, -1), hours: fc.integer({ min: 0, max: 23 }), minutes: fc.integer({ min: 0, max: 59 }) });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(9998, 0, 1) }), offset, (millis, { sign, hours, minutes }) => {
        const shift = sign * (hours * 60 + minutes);
        const local = new Date(millis + shift * 60_000).toISOString().slice(0, 23);
        const zone = `${sign > 0 ? '+' : '-'}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
        assert.equal(parseEventTime(`${local}${zone}`), millis);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a day past the end of its month, or an offset out of range, is rejected', () => {
    const monthEnd = fc.record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      extra: fc.integer({ min: 1, max: 31 }),
    });
    fc.assert(
      fc.property(monthEnd, ({ year, month, extra }) => {
        const days = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
        const day = days + extra;
        if (day > 99) return;
        const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00Z`;
        assert.ok(Number.isNaN(parseEventTime(text)), text);
      }),
      { numRuns: 1000 },
    );
    const badZone = fc.oneof(
      fc.record({ hours: fc.integer({ min: 24, max: 99 }), minutes: fc.integer({ min: 0, max: 99 }) }),
      fc.record({ hours: fc.integer({ min: 0, max: 99 }), minutes: fc.integer({ min: 60, max: 99 }) }),
    );
    fc.assert(
      fc.property(badZone, fc.constantFrom('+', '-'), fc.boolean(), ({ hours, minutes }, sign, colon) => {
        const text = `2023-07-10T12:00:00${sign}${String(hours).padStart(2, '0')}${colon ? ':' : ''}${String(minutes).padStart(2, '0')}`;
        assert.ok(Number.isNaN(parseEventTime(text)), text);
      }),
      { numRuns: 500 },
    );
  });

  it("the query language's after:/before: share the rule: after:2023-02-31 is an error, not 3 March", () => {
    assert.ok(Number.isNaN(parseQueryTime('2023-02-31')));
    assert.equal(parseQueryTime('2023-02-28'), Date.UTC(2023, 1, 28));
    const parsed = parseQuery('after:2023-02-31');
    assert.equal(parsed.ok, false);
  });

  it('a record with an impossible eventTime still loads, without a time, with an invalid-time diagnostic at the value', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ctlens-records-time-'));
    try {
      const file = path.join(folder, 'times.json');
      const records = ['2023-02-31T00:00:00Z', '2023-07-10T12:00:00+25:99', '2023-07-10T12:00:00Z'].map((eventTime) => ({
        eventTime,
        eventName: 'GetObject',
        eventSource: 's3.amazonaws.com',
      }));
      const text = JSON.stringify({ Records: records }, null, 2);
      writeFileSync(file, text);
      const result = await loadPaths([file], { workers: 0 });
      const index = result.files[0].index;
      assert.equal(index.count, 3);
      assert.ok(Number.isNaN(index.eventTime[0]));
      assert.ok(Number.isNaN(index.eventTime[1]));
      assert.equal(index.eventTime[2], Date.UTC(2023, 6, 10, 12));
      assert.deepEqual(
        result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.recordIndex, diagnostic.line, diagnostic.column]),
        [
          ['invalid-time', 0, 4, 7],
          ['invalid-time', 1, 9, 7],
        ],
      );
      assert.equal(text.split('\n')[3].slice(6, 18), '"eventTime":');
      assert.match(result.diagnostics[0].message, /eventTime "2023-02-31T00:00:00Z" is not a real ISO 8601 instant/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}
