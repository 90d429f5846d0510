// `ctlens top` on real logs (../shared/data's invictus-ir set, else the repository's slice of it): rows checked
// against counts and S3 byte sums parsed from the JSON here, and against the core's tables (the overview's numbers).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { EventStore, RawRecord } from '../../src/core';
import { countBy, objectField, parsedRecords, REAL_LOGS, realStore } from '../core/overview/realLogs';
import { ctlens } from './runCtlens';

interface Row {
  value: string;
  count: number;
  errors: number;
  bytesOut: number;
  bytesIn: number;
}

function top(args: string[]): Row[] {
  const run = ctlens(['top', REAL_LOGS, ...args]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Row[];
}

describe('ctlens top', () => {
  let records: RawRecord[];
  let store: EventStore;
  before(async () => {
    records = parsedRecords();
    store = await realStore();
  });

  it('lists the event names with the most events, as the JSON counts them, with their errors', () => {
    const rows = top(['--by', 'eventName', '-n', '5']);
    const expected = [...countBy(records, (record) => record.eventName)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    assert.deepEqual(
      rows.map((row) => [row.value, row.count]),
      expected,
    );
    for (const row of rows)
      assert.equal(row.errors, records.filter((record) => record.eventName === row.value && typeof record.errorCode === 'string').length);
    assert.deepEqual(Object.keys(rows[0]), ['value', 'count', 'errors', 'bytesOut', 'bytesIn']);
  });

  it('--sort bytesOut ranks buckets by the S3 bytes of additionalEventData, summed as the JSON gives them', () => {
    const rows = top(['--by', 'bucket', '--sort', 'bytesOut', '-n', '0']);
    const expected = new Map<string, number>();
    for (const record of records) {
      const data = objectField(record, 'additionalEventData');
      const bucket = objectField(record, 'requestParameters').bucketName;
      if (typeof data.bytesTransferredOut === 'number' && typeof bucket === 'string')
        expected.set(bucket, (expected.get(bucket) ?? 0) + data.bytesTransferredOut);
    }
    assert.ok(expected.size > 0, 'the real logs have S3 byte counts');
    assert.deepEqual(new Map(rows.map((row) => [row.value, row.bytesOut])), expected);
    assert.deepEqual(
      rows.map((row) => row.bytesOut),
      [...expected.values()].sort((a, b) => b - a),
    );
  });

  it('prints the rows of the core’s table for a filter (the overview’s numbers)', () => {
    const rows = top(['--by', 'ip', '--filter', '-readonly:true', '-n', '7']);
    const query = store.query('-readonly:true');
    assert.ok(query.ok);
    const table = store.top(query.ids, { by: 'sourceIPAddress', n: 7 });
    assert.deepEqual(
      rows,
      table.rows.map(({ value, count, errors, bytesOut, bytesIn }) => ({ value, count, errors, bytesOut, bytesIn })),
    );
  });

  it('--by origin counts every event once, under the principal behind its credentials', () => {
    const rows = top(['--by', 'origin', '-n', '0']);
    assert.equal(
      rows.reduce((sum, row) => sum + row.count, 0),
      records.length,
    );
  });

  it('--hide-noise monitoring with --monitoring PATTERN leaves out that principal, and only it', () => {
    const before = top(['--by', 'principal', '-n', '0']);
    const [loudest, ...others] = before;
    const after = top(['--by', 'principal', '-n', '0', '--hide-noise', 'monitoring', '--monitoring', loudest.value]);
    assert.deepEqual(
      after,
      others.filter((row) => !row.value.includes(loudest.value)),
    );
  });

  it('needs --by, and refuses -n that is not a whole number', () => {
    for (const args of [[], ['--by', 'principal', '-n', 'many'], ['--by', 'principal', '-n', '-3']]) {
      const run = ctlens(['top', REAL_LOGS, ...args]);
      assert.equal(run.status, 2, args.join(' '));
    }
    assert.equal(ctlens(['stats', REAL_LOGS, '-n', '3']).status, 2);
  });
});
