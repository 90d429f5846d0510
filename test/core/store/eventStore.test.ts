import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { loadText } from '../../../src/core/load/loadText';
import { EventStore } from '../../../src/core/store/eventStore';
import { BROKEN, DELIVERY_DAY, EXPORTS, LOGS } from '../engineFixtures';

const S3_FILE = path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1230Z_OU6Ha25B4GGhUIMr.json.gz');

async function storeOf(paths: string[]): Promise<EventStore> {
  const store = new EventStore();
  store.add(await loadPaths(paths, { workers: 0 }));
  return store;
}

describe('EventStore', () => {
  it('summaries carry the indexed fields of the record', async () => {
    const store = await storeOf([S3_FILE]);
    const records = JSON.parse(gunzipSync(readFileSync(S3_FILE)).toString('utf8')).Records as Record<string, unknown>[];
    assert.equal(store.size, records.length);
    for (const id of store.allIds()) {
      const summary = store.summary(id);
      assert.ok(summary !== undefined);
      const record = records[summary.recordIndex];
      assert.equal(summary.eventName, record.eventName);
      assert.equal(summary.eventSource, 's3.amazonaws.com');
      assert.equal(summary.eventID, record.eventID);
      assert.equal(summary.requestID, record.requestID);
      assert.equal(summary.eventTime, record.eventTime);
      assert.equal(summary.awsRegion, record.awsRegion);
      assert.equal(summary.isS3, true);
      assert.equal(summary.principal, (record.userIdentity as { arn: string }).arn);
      assert.equal(summary.bucket, (record.requestParameters as { bucketName?: string }).bucketName ?? null);
    }
  });

  it('readRecord re-reads the exact record and its text from the gzip file', async () => {
    const store = await storeOf([S3_FILE]);
    const records = JSON.parse(gunzipSync(readFileSync(S3_FILE)).toString('utf8')).Records;
    for (const id of store.allIds()) {
      const { record, text } = await store.readRecord(id);
      assert.deepEqual(record, records[store.summary(id)!.recordIndex]);
      assert.deepEqual(JSON.parse(text), record);
    }
  });

  it('readRecord unwraps lookup-events and rebuilds console CSV rows', async () => {
    const store = await storeOf([path.join(EXPORTS, 'aws-cli_examples_lookup-events.output.json'), path.join(EXPORTS, 'console-event-history.csv')]);
    const names = [];
    for (const id of store.allIds()) names.push((await store.readRecord(id)).record.eventName);
    assert.deepEqual(names, ['ConsoleLogin', 'PutBucketPolicy', 'DescribeInstances']);
    const csvRow = store.summary(store.allIds()[2])!;
    assert.equal(csvRow.errorCode, 'AccessDenied');
    assert.equal(csvRow.accessKeyId, 'ASIAIOSFODNN7EXAMPLE');
  });

  it('add replaces an earlier load of the same file; removeFile and clear forget; listeners hear each change', async () => {
    const store = new EventStore();
    let changes = 0;
    const subscription = store.onDidChange(() => changes++);
    store.add(await loadPaths([LOGS], { workers: 0 }));
    const total = store.size;
    const firstIds = store.allIds();
    store.add(await loadPaths([S3_FILE], { workers: 0 }));
    assert.equal(store.size, total);
    assert.equal(store.files().length, new Set(store.files().map((file) => file.file)).size);
    assert.ok(
      firstIds.some((id) => store.summary(id) === undefined),
      'old ids of the reloaded file are unknown',
    );
    store.removeFile(S3_FILE);
    assert.equal(store.size, total - 5);
    subscription.dispose();
    store.clear();
    assert.equal(store.size, 0);
    assert.equal(changes, 3);
  });

  it('findByEventId finds UUID event ids (packed) and group counts values with errors and ids', async () => {
    const store = await storeOf([LOGS]);
    const id = store.allIds()[7];
    const eventID = store.summary(id)!.eventID!;
    assert.equal(store.findByEventId(eventID), id);
    assert.equal(store.findByEventId('00000000-0000-4000-8000-000000000000'), undefined);
    const all = store.allIds();
    const groups = store.group(all, 'eventSource');
    assert.equal(
      groups.reduce((sum, group) => sum + group.count, 0),
      all.length,
    );
    for (const group of groups) {
      assert.equal(group.ids.length, group.count);
      assert.equal(group.errors, [...group.ids].filter((member) => store.summary(member)!.errorCode !== null).length);
      for (const member of group.ids) assert.equal(store.summary(member)!.eventSource, group.value);
    }
    const levels = store.group(all, 'level');
    assert.ok(levels.some((group) => group.value === 'bucket'));
  });

  it('diagnostics and digests of loads are kept', async () => {
    const store = await storeOf([LOGS]);
    assert.equal(store.digests().length, 1);
    // The S3 guide's example records 4 and 5 carry a placeholder sentence as eventTime.
    assert.deepEqual(
      store.diagnostics().map((diagnostic) => [path.basename(diagnostic.file), diagnostic.code, diagnostic.recordIndex]),
      [
        ['awsdocs-amazon-s3-developer-guide.records.json', 'invalid-time', 4],
        ['awsdocs-amazon-s3-developer-guide.records.json', 'invalid-time', 5],
      ],
    );
  });
});

describe('EventStore diagnostics of paths that loaded nothing', () => {
  it('are replaced, not repeated, when the same path is loaded again, and go with removeFile', async () => {
    const missing = path.join(LOGS, 'no-such-file.json');
    const store = new EventStore();
    store.add(await loadPaths([missing], { workers: 0 }));
    store.add(await loadPaths([missing], { workers: 0 }));
    assert.deepEqual(
      store.diagnostics().map((diagnostic) => diagnostic.code),
      ['file-unreadable'],
    );
    store.removeFile(missing);
    assert.deepEqual(store.diagnostics(), []);
  });
});

describe('loadText', () => {
  it('indexes an editor text (with non-ASCII) with UTF-8 byte ranges and re-reads records from it', async () => {
    const text = JSON.stringify(
      {
        Records: [
          {
            eventTime: '2024-01-01T00:00:00Z',
            eventSource: 's3.amazonaws.com',
            eventName: 'GetObject',
            requestParameters: { bucketName: 'b', key: 'déjà vu/π.txt' },
          },
          {
            eventTime: '2024-01-01T00:00:01Z',
            eventSource: 's3.amazonaws.com',
            eventName: 'PutObject',
            requestParameters: { bucketName: 'b', key: '日本.txt' },
          },
        ],
      },
      null,
      2,
    );
    const result = loadText('/virtual/doc.json', text);
    const store = new EventStore();
    store.add(result);
    const [first, second] = store.allIds();
    assert.equal(store.summary(first)!.objectKey, 'déjà vu/π.txt');
    assert.equal(store.summary(second)!.objectKey, '日本.txt');
    const bytes = Buffer.from(text, 'utf8');
    const summary = store.summary(second)!;
    assert.equal(JSON.parse(bytes.subarray(summary.start, summary.end).toString('utf8')).eventName, 'PutObject');
    assert.equal((await store.readRecord(second)).record.eventName, 'PutObject');
  });
});

describe('EventStore.findByRecord', () => {
  it('finds every loaded event by its file and record index, also where records failed to load', async () => {
    const store = await storeOf([LOGS, BROKEN]);
    assert.ok(
      store.diagnostics().some((diagnostic) => diagnostic.recordIndex !== undefined),
      'some records failed to load',
    );
    let checked = 0;
    for (const id of store.allIds()) {
      const summary = store.summary(id);
      assert.ok(summary);
      assert.equal(store.findByRecord(summary.file, summary.recordIndex), id);
      checked++;
    }
    assert.equal(checked, store.size);
    const [first] = store.files();
    assert.equal(store.findByRecord(first.file, -1), undefined);
    assert.equal(store.findByRecord(first.file, 1e9), undefined);
    assert.equal(store.findByRecord('/no/such/file.json', 0), undefined);
  });
});

describe('EventStore: event categories', () => {
  it('indexes, groups and filters every CloudTrail category, network activity included', () => {
    const records = ['Management', 'Data', 'Insight', 'NetworkActivity', undefined].map((eventCategory, index) => ({
      eventVersion: '1.09',
      eventTime: '2024-05-01T00:00:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      eventID: `category-${index}`,
      ...(eventCategory === undefined ? {} : { eventCategory }),
    }));
    const store = new EventStore();
    store.add(loadText('/categories.json', JSON.stringify({ Records: records })));
    const byCategory = new Map(store.group(store.allIds(), 'category').map((bucket) => [bucket.value, bucket.count]));
    assert.deepEqual([...byCategory.keys()].sort(), ['data', 'insight', 'management', 'network-activity', null].sort());
    for (const word of ['management', 'data', 'insight', 'network-activity']) {
      const result = store.query(`category:${word}`);
      assert.ok(result.ok && result.ids.length === 1, word);
    }
    const summaries = [...store.allIds()].map((id) => store.summary(id)?.eventCategory);
    assert.deepEqual(summaries, ['management', 'data', 'insight', 'network-activity', null]);
  });
});

describe('earliestByTime', () => {
  it('gives the earliest ids in time order, the same as sorting them all, events without a time last', () => {
    const times = [
      '2024-01-03T00:00:00Z',
      '2024-01-01T00:00:00Z',
      'not a time',
      '2024-01-02T00:00:00Z',
      '2024-01-01T00:00:00Z',
      '2023-12-31T00:00:00Z',
    ];
    const records = Array.from({ length: 300 }, (_, n) => ({
      eventVersion: '1.08',
      eventTime: times[n % times.length],
      eventSource: 's3.amazonaws.com',
      eventName: `Call${n}`,
      eventID: `id-${n}`,
    }));
    const store = new EventStore();
    store.add(loadText('times.json', JSON.stringify({ Records: records })));
    const all = store.allIds();
    for (const count of [1, 7, 50, 299, 300, 1000]) {
      assert.deepEqual([...store.earliestByTime(all, count)], [...store.sortByTime(all)].slice(0, count), `count ${count}`);
    }
    const reversed = all.slice().reverse();
    assert.deepEqual([...store.earliestByTime(reversed, 10)], [...store.sortByTime(reversed)].slice(0, 10), 'ties keep the input order');
  });
});
