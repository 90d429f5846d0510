// The overview's aggregations (core/overview) on real logs, checked against counts made by parsing the JSON here
// and against the store's own queries.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_OVERVIEW_TABLES, EventStore, loadText, OTHERS_SERIES, parseEventTime, type RawRecord, type TopValues } from '../../../src/core';
import { countBy, objectField, parsedRecords, realStore } from './realLogs';

const MINUTE = 60_000;

function queryIds(store: EventStore, text: string): Uint32Array {
  const result = store.query(text);
  assert.ok(result.ok, `query ${text}`);
  return result.ids;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k];
  return total;
}

/** The table's rows as value → count. */
const rowCounts = (table: TopValues) => new Map(table.rows.map((row) => [row.value, row.count]));

function transferOf(record: RawRecord): { bytesOut: number; bytesIn: number } | null {
  const data = objectField(record, 'additionalEventData');
  if (!('bytesTransferredOut' in data) && !('bytesTransferredIn' in data)) return null;
  return { bytesOut: Number(data.bytesTransferredOut ?? 0), bytesIn: Number(data.bytesTransferredIn ?? 0) };
}

describe('overview on real logs', () => {
  let store: EventStore;
  let records: RawRecord[];
  let all: Uint32Array;
  before(async () => {
    store = await realStore();
    records = parsedRecords();
    all = store.allIds();
    assert.equal(all.length, records.length, 'every record of the real logs is loaded');
  });

  it('bins every event by its time, on minute boundaries, as the JSON says (the picked width for an hour is 1m)', () => {
    const timeline = store.timeline(all, { by: 'level' });
    assert.equal(timeline.binMs, MINUTE);
    assert.equal(timeline.binName, '1m');
    assert.equal(timeline.start % MINUTE, 0);
    assert.equal(timeline.end, timeline.start + timeline.bins * MINUTE);
    assert.ok(timeline.bins <= 150);
    const expected = new Float64Array(timeline.bins);
    for (const record of records) expected[Math.floor((Date.parse(String(record.eventTime)) - timeline.start) / MINUTE)]++;
    assert.deepEqual(timeline.totals, expected);
    assert.equal(sum(timeline.totals), records.length);
    assert.equal(timeline.noTime, 0);
    assert.ok(expected[0] > 0 && expected[timeline.bins - 1] > 0, 'the first and last bins hold the earliest and latest events');
  });

  it('splits each bin into level series whose sums are the bin totals and the store’s level counts', () => {
    const timeline = store.timeline(all, { by: 'level' });
    for (let bin = 0; bin < timeline.bins; bin++)
      assert.equal(
        timeline.counts.reduce((total, series) => total + series[bin], 0),
        timeline.totals[bin],
      );
    const seriesTotal = (key: string) => sum(timeline.counts[timeline.keys.indexOf(key)] ?? []);
    for (const level of ['account', 'bucket', 'object']) assert.equal(seriesTotal(level), queryIds(store, `level:${level}`).length, level);
    assert.equal(seriesTotal('other'), queryIds(store, '-source:s3.amazonaws.com').length);
    const sizes = timeline.keys.map(seriesTotal);
    assert.deepEqual(
      sizes,
      [...sizes].sort((a, b) => b - a),
      'largest series first',
    );
  });

  it('counts the errors of each bin: their sum is the events error:* matches, and each bin agrees with the JSON', () => {
    const timeline = store.timeline(all, { by: 'eventName' });
    assert.equal(sum(timeline.errors), queryIds(store, 'error:*').length);
    const expected = new Float64Array(timeline.bins);
    for (const record of records)
      if (typeof record.errorCode === 'string') expected[Math.floor((Date.parse(String(record.eventTime)) - timeline.start) / MINUTE)]++;
    assert.deepEqual(timeline.errors, expected);
  });

  it('keeps the 8 largest event names as series and the rest as one more series, with the counts of the JSON', () => {
    const timeline = store.timeline(all, { by: 'eventName', binMs: 15 * MINUTE });
    const byName = [...countBy(records, (record) => record.eventName)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    assert.deepEqual(timeline.keys, [...byName.slice(0, 8).map(([name]) => name), OTHERS_SERIES]);
    byName.slice(0, 8).forEach(([name, count], series) => assert.equal(sum(timeline.counts[series]), count, name));
    assert.equal(sum(timeline.counts[8]), sum(byName.slice(8).map(([, count]) => count)));
    assert.equal(timeline.start % (15 * MINUTE), 0);
  });

  it('follows a filter: the timeline of source:s3 holds exactly its events, the same as the JSON counts', () => {
    const s3 = queryIds(store, 'source:s3.amazonaws.com');
    const timeline = store.timeline(s3, { by: 'bucket', binMs: 5 * MINUTE });
    assert.equal(sum(timeline.totals), records.filter((record) => record.eventSource === 's3.amazonaws.com').length);
    assert.equal(sum(timeline.totals), s3.length);
  });

  it('ranks event names, source IPs and error codes by count with the JSON’s counts, and each row’s errors', () => {
    for (const [by, field] of [
      ['eventName', 'eventName'],
      ['sourceIPAddress', 'sourceIPAddress'],
      ['errorCode', 'errorCode'],
    ] as const) {
      const table = store.top(all, { by, n: 5 });
      const expected = countBy(records, (record) => record[field]);
      assert.equal(table.distinct, expected.size, by);
      assert.equal(table.withoutValue, records.length - sum([...expected.values()]), by);
      const ranked = [...expected].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
      assert.deepEqual(
        table.rows.map((row) => [row.value, row.count]),
        ranked,
        by,
      );
      for (const row of table.rows)
        assert.equal(
          row.errors,
          records.filter((record) => record[field] === row.value && typeof record.errorCode === 'string').length,
          `${by} ${row.value}`,
        );
    }
  });

  it('counts principals as principal: groups do, and the top error code’s events as error: finds them', () => {
    const table = store.top(all, { by: 'principal', n: Infinity });
    const groups = store.group(all, 'principal');
    assert.deepEqual(
      new Map(table.rows.map((row) => [row.value, row.count])),
      new Map(groups.filter((group) => group.value !== null).map((group) => [group.value, group.count])),
    );
    const [topError] = store.top(all, { by: 'error', n: 1 }).rows;
    assert.equal(topError.count, queryIds(store, `error:${topError.value}`).length);
    assert.equal(topError.errors, topError.count);
  });

  it('sums S3 bytes out and in per bucket and per principal as the JSON’s additionalEventData says', () => {
    const transfers = records.flatMap((record) => {
      const transfer = transferOf(record);
      return transfer === null ? [] : [{ record, ...transfer }];
    });
    assert.ok(transfers.length > 0, 'the real logs have S3 byte counts');
    const byBucket = new Map<string, { bytesOut: number; bytesIn: number; transfers: number }>();
    for (const { record, bytesOut, bytesIn } of transfers) {
      const bucket = objectField(record, 'requestParameters').bucketName;
      if (typeof bucket !== 'string') continue;
      const entry = byBucket.get(bucket) ?? { bytesOut: 0, bytesIn: 0, transfers: 0 };
      byBucket.set(bucket, { bytesOut: entry.bytesOut + bytesOut, bytesIn: entry.bytesIn + bytesIn, transfers: entry.transfers + 1 });
    }
    const buckets = store.top(all, { by: 'bucket', n: Infinity, sortBy: 'bytesOut' });
    for (const [bucket, expected] of byBucket) {
      const row = buckets.rows.find((candidate) => candidate.value === bucket);
      assert.ok(row, bucket);
      assert.deepEqual({ bytesOut: row.bytesOut, bytesIn: row.bytesIn, transfers: row.transfers }, expected, bucket);
    }
    const outs = buckets.rows.map((row) => row.bytesOut);
    assert.deepEqual(
      outs,
      [...outs].sort((a, b) => b - a),
      'ranked by bytes out',
    );
    assert.ok(
      buckets.rows.every((row) => row.transfers > 0),
      'a table by bytes lists only values that moved bytes',
    );

    const principals = store.top(all, { by: 'principal', n: Infinity, sortBy: 'bytesIn' });
    assert.equal(sum(principals.rows.map((row) => row.bytesOut)), sum(transfers.map((transfer) => transfer.bytesOut)));
    assert.equal(sum(principals.rows.map((row) => row.bytesIn)), sum(transfers.map((transfer) => transfer.bytesIn)));
    assert.equal(sum(principals.rows.map((row) => row.transfers)), transfers.length);
  });

  it('computes every table and the timeline in one call with the same numbers as the calls one by one', () => {
    const ids = queryIds(store, '-readonly:true');
    const all = store.overview(ids, { timeline: { by: 'level' } });
    assert.equal(all.events, ids.length);
    assert.deepEqual(all.timeline, store.timeline(ids, { by: 'level' }));
    for (const [name, options] of Object.entries(DEFAULT_OVERVIEW_TABLES)) assert.deepEqual(all.tables[name], store.top(ids, options), name);
  });

  it('ranks precomputed groups (origin principals) like the values of a field', () => {
    const groups = store.group(all, 'principal');
    const table = store.topGroups(groups, { n: 10, sortBy: 'bytesOut' });
    assert.deepEqual(table, store.top(all, { by: 'principal', n: 10, sortBy: 'bytesOut' }));
    assert.deepEqual(rowCounts(store.topGroups(groups, { n: 3 })), rowCounts(store.top(all, { by: 'principal', n: 3 })));
  });

  it('gives an empty timeline and empty tables for no events', () => {
    const none = new Uint32Array(0);
    const timeline = store.timeline(none, { by: 'level' });
    assert.deepEqual([timeline.bins, timeline.keys, timeline.counts, timeline.noTime, timeline.start, timeline.end], [0, [], [], 0, 0, 0]);
    assert.deepEqual(store.top(none, { by: 'principal' }), { distinct: 0, withoutValue: 0, rows: [] });
    assert.equal(store.overview(none, { timeline: { by: 'bucket' } }).events, 0);
  });

  it('refuses a bin width that would give more than 100,000 bins, and a width that is not a whole positive number of ms', () => {
    assert.throws(() => store.timeline(all, { by: 'level', binMs: 1 }), /at most 100,000/);
    assert.throws(() => store.timeline(all, { by: 'level', binMs: 0 }), RangeError);
  });

  it('property: for any subset of the events, the bins and the events without time add up to the subset, and so do a table’s rows', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: all.length - 1 }), { maxLength: 400 }),
        fc.constantFrom('level', 'principal', 'bucket'),
        (picks, by) => {
          const ids = Uint32Array.from(picks.map((k) => all[k])).sort();
          const timeline = store.timeline(ids, { by, maxSeries: 3 });
          assert.equal(sum(timeline.totals) + timeline.noTime, ids.length);
          assert.equal(sum(timeline.counts.map(sum)), sum(timeline.totals));
          assert.ok(timeline.keys.length <= 4);
          const table = store.top(ids, { by, n: Infinity });
          assert.equal(sum(table.rows.map((row) => row.count)) + table.withoutValue, ids.length);
          assert.equal(table.rows.length, table.distinct);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('overview of records shaped from the AWS documentation', () => {
  // S3 data events as https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html shows them.
  const getObject = (eventTime: string | undefined, bytesOut: number | string, user: string): RawRecord => ({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::111122223333:user/${user}`,
      accountId: '111122223333',
      userName: user,
    },
    ...(eventTime === undefined ? {} : { eventTime }),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.0',
    requestParameters: { bucketName: 'amzn-s3-demo-bucket', key: 'report.pdf' },
    additionalEventData: { bytesTransferredIn: 0, bytesTransferredOut: bytesOut },
    eventID: `0000000${Math.random()}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '111122223333',
    eventCategory: 'Data',
  });

  function storeOf(records: RawRecord[]): EventStore {
    const store = new EventStore();
    store.add(loadText('doc.json', JSON.stringify({ Records: records })));
    return store;
  }

  it('keeps events without a time out of every bin and counts them in noTime; tables still count them', () => {
    const store = storeOf([
      getObject('2024-05-06T10:59:59Z', 100, 'alice'),
      getObject(undefined, 50, 'alice'),
      getObject('2024-05-06T12:00:00Z', 7, 'bob'),
    ]);
    const timeline = store.timeline(store.allIds(), { by: 'principal', binMs: 60 * MINUTE });
    assert.equal(timeline.noTime, 1);
    assert.equal(timeline.start, parseEventTime('2024-05-06T10:00:00Z'));
    assert.equal(timeline.bins, 3);
    assert.deepEqual([...timeline.totals], [1, 0, 1], 'the empty hour between is a bin of its own');
    const table = store.top(store.allIds(), { by: 'principal', sortBy: 'bytesOut' });
    assert.deepEqual(
      table.rows.map((row) => [row.value, row.count, row.bytesOut]),
      [
        ['arn:aws:iam::111122223333:user/alice', 2, 150],
        ['arn:aws:iam::111122223333:user/bob', 1, 7],
      ],
    );
  });

  it('aligns week bins on Mondays (UTC) and day bins on midnight UTC', () => {
    // 2024-05-08 was a Wednesday.
    const store = storeOf([getObject('2024-05-08T23:30:00Z', 1, 'alice'), getObject('2024-05-20T01:00:00Z', 1, 'alice')]);
    const weeks = store.timeline(store.allIds(), { by: 'level', binMs: 7 * 24 * 60 * MINUTE });
    assert.equal(new Date(weeks.start).toISOString(), '2024-05-06T00:00:00.000Z');
    assert.equal(weeks.bins, 3);
    const days = store.timeline(store.allIds(), { by: 'level', binMs: 24 * 60 * MINUTE });
    assert.equal(new Date(days.start).toISOString(), '2024-05-08T00:00:00.000Z');
    assert.equal(days.bins, 13);
    assert.deepEqual(days.keys, ['object']);
  });

  it('counts a byte count the record does not give as nothing, and says how many events gave counts', () => {
    const store = storeOf([getObject('2024-05-06T10:00:00Z', 'not a number', 'alice'), getObject('2024-05-06T10:01:00Z', 30, 'alice')]);
    const [row] = store.top(store.allIds(), { by: 'bucket' }).rows;
    assert.deepEqual([row.count, row.bytesOut, row.bytesIn, row.transfers], [2, 30, 0, 2]);
  });
});
