import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { EventStore } from '../../../src/core/store/eventStore';
import { DELIVERY_DAY, EXPORTS, LOGS } from '../engineFixtures';
import { tempFolder } from './temporaryFolders';

function recordsOf(file: string): unknown[] {
  const raw = readFileSync(file);
  const text = (raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8');
  return (JSON.parse(text) as { Records: unknown[] }).Records;
}

/** Three logs of the delivery day, as CloudTrail wrote them. */
const LOG_FILES = readdirSync(DELIVERY_DAY)
  .filter((name) => name.endsWith('.json') || name.endsWith('.json.gz'))
  .sort()
  .slice(0, 3)
  .map((name) => path.join(DELIVERY_DAY, name));

describe('loadPaths on the delivery layout', () => {
  it('walks AWSLogs/…/CloudTrail recursively, reads .json and .json.gz, keeps the digest apart', async () => {
    const result = await loadPaths([path.join(LOGS, 'AWSLogs')], { workers: 0 });
    assert.equal(result.files.length, 5);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.digests.length, 1);
    assert.match(result.digests[0], /CloudTrail-Digest/);
    for (const loaded of result.files) {
      assert.equal(loaded.format, 'records');
      assert.equal(loaded.index.count, recordsOf(loaded.file).length, loaded.file);
      assert.equal(loaded.gzip, loaded.file.endsWith('.gz'));
    }
  });

  it('records exact byte ranges: each range parses to the record at that index', async () => {
    const file = path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1230Z_OU6Ha25B4GGhUIMr.json.gz');
    const [loaded] = (await loadPaths([file], { workers: 0 })).files;
    const text = gunzipSync(readFileSync(file));
    const records = recordsOf(file);
    assert.equal(loaded.index.count, 5);
    for (let i = 0; i < loaded.index.count; i++) {
      const slice = text.subarray(loaded.index.start[i], loaded.index.end[i]).toString('utf8');
      assert.deepEqual(JSON.parse(slice), records[loaded.index.recordIndex[i]]);
    }
  });

  it('detects gzip by its magic bytes, not by the name', async (t) => {
    const folder = tempFolder(t);
    const renamed = path.join(folder, 'renamed.json');
    copyFileSync(path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1230Z_OU6Ha25B4GGhUIMr.json.gz'), renamed);
    const [loaded] = (await loadPaths([renamed], { workers: 0 })).files;
    assert.equal(loaded.gzip, true);
    assert.equal(loaded.index.count, 5);
  });

  it('loads the same index on worker threads as in the main thread', async () => {
    const inThread = await loadPaths([LOGS], { workers: 0 });
    const onWorkers = await loadPaths([LOGS], { workers: 2 });
    assert.deepEqual(
      onWorkers.files.map((file) => [file.file, file.format, file.index.count, [...file.index.start], [...file.index.eventTime]]),
      inThread.files.map((file) => [file.file, file.format, file.index.count, [...file.index.start], [...file.index.eventTime]]),
    );
  });

  it('reports progress per file', async () => {
    const seen: number[] = [];
    await loadPaths([LOGS], { workers: 0, onProgress: (progress) => seen.push(progress.filesDone) });
    assert.deepEqual(
      seen,
      seen.map((_, k) => k + 1),
    );
    assert.ok(seen.length >= 10);
  });
});

describe('loadPaths on the other input shapes', () => {
  const cases: [string, string, number][] = [
    ['aws-cli_examples_lookup-events.output.json', 'lookup-events', 1],
    ['plaso_test_data_jsonl_aws_cloudtrail.jsonl', 'jsonl', 6],
    ['console-event-history.csv', 'console-csv', 2],
    ['panther-slice.json', 'records', 6],
    ['111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz', 'records', 2],
  ];
  for (const [name, format, events] of cases) {
    it(`${name}: ${format}, ${events} events`, async () => {
      const result = await loadPaths([path.join(EXPORTS, name)], { workers: 0 });
      assert.equal(result.files[0].format, format);
      assert.equal(result.files[0].index.count, events);
    });
  }

  it('reads the record inside lookup-events CloudTrailEvent strings', async () => {
    const [loaded] = (await loadPaths([path.join(EXPORTS, 'aws-cli_examples_lookup-events.output.json')], { workers: 0 })).files;
    const names = loaded.index.interned.eventName;
    assert.equal(names.values[names.ids[0]], 'ConsoleLogin');
    assert.equal(
      loaded.index.interned.principal.values[loaded.index.interned.principal.ids[0]],
      'arn:aws:sts::123456789012:assumed-role/my-role/my-session-name',
    );
  });

  it('parses eventTime written as Panther does (space, no zone = UTC)', async () => {
    const [loaded] = (await loadPaths([path.join(EXPORTS, 'panther-slice.json')], { workers: 0 })).files;
    assert.equal(loaded.index.eventTime[0], Date.UTC(2025, 1, 19, 20, 13, 49));
    assert.deepEqual(loaded.diagnostics, []);
  });

  it('a single record and an array of records', async (t) => {
    const folder = tempFolder(t);
    const [record] = recordsOf(path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1205Z_lKy08gyrqqRJyzsn.json'));
    const single = path.join(folder, 'single.json');
    const array = path.join(folder, 'array.json');
    writeFileSync(single, JSON.stringify(record, null, 2));
    writeFileSync(array, JSON.stringify([record, record]));
    const result = await loadPaths([single, array], { workers: 0 });
    assert.deepEqual(
      result.files.map((file) => [file.format, file.index.count]),
      [
        ['single-record', 1],
        ['record-array', 2],
      ],
    );
  });

  it('a digest file named explicitly is recognised by content and kept apart', async (t) => {
    const folder = tempFolder(t);
    const digest = path.join(folder, 'digest.json');
    copyFileSync(
      path.join(
        LOGS,
        'AWSLogs/218007301253/CloudTrail-Digest/us-east-1/2025/10/21/218007301253_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251021T010000Z.json',
      ),
      digest,
    );
    const result = await loadPaths([digest], { workers: 0 });
    assert.deepEqual(result.digests, [digest]);
    assert.deepEqual(result.files, []);
  });

  it('JSON Lines: a broken line is reported with its line number, the other lines load', async (t) => {
    const folder = tempFolder(t);
    const lines = readFileSync(path.join(EXPORTS, 'plaso_test_data_jsonl_aws_cloudtrail.jsonl'), 'utf8').trim().split('\n');
    lines[2] = lines[2].slice(0, 40);
    const file = path.join(folder, 'events.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const result = await loadPaths([file], { workers: 0 });
    assert.equal(result.files[0].index.count, 5);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0].line, 3);
  });

  it('JSON Lines whose second line is broken: that line is reported, every line after it loads', async (t) => {
    const folder = tempFolder(t);
    const lines = readFileSync(path.join(EXPORTS, 'plaso_test_data_jsonl_aws_cloudtrail.jsonl'), 'utf8').trim().split('\n');
    const broken = [lines[0], 'not json at all', '', '[1]', ...lines.slice(1)];
    const file = path.join(folder, 'events.jsonl');
    writeFileSync(file, broken.join('\n') + '\n');
    const result = await loadPaths([file], { workers: 0 });
    assert.equal(result.files[0].index.count, lines.length);
    assert.deepEqual(
      result.diagnostics.map(({ code, line }) => [code, line]),
      [
        ['invalid-json', 2],
        ['invalid-record', 4],
      ],
    );
  });

  it('logs written one after another (zcat of a delivery folder, with or without line breaks, or cut short) load every record', async (t) => {
    const folder = tempFolder(t);
    const logs = [...LOG_FILES].map((file) => {
      const raw = readFileSync(file);
      return (raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8').trim();
    });
    const expected = [...LOG_FILES].reduce((sum, file) => sum + recordsOf(file).length, 0);
    const layouts = { 'zcat.json': logs.join(''), 'log-per-line.json': logs.map((log) => JSON.stringify(JSON.parse(log))).join('\n') };
    for (const [name, text] of Object.entries(layouts)) {
      const file = path.join(folder, name);
      writeFileSync(file, text);
      const result = await loadPaths([file], { workers: 0 });
      assert.equal(result.files[0].index.count, expected, name);
      assert.deepEqual(result.diagnostics, [], name);
    }
    const cutAt = logs[0].length + logs[1].length + Math.floor(logs[2].length / 2);
    const cut = path.join(folder, 'cut.json');
    writeFileSync(cut, logs.join('').slice(0, cutAt));
    const result = await loadPaths([cut], { workers: 0 });
    const beforeCut = recordsOf(LOG_FILES[0]).length + recordsOf(LOG_FILES[1]).length;
    assert.ok(result.files[0].index.count >= beforeCut && result.files[0].index.count < expected, `${result.files[0].index.count} records`);
    assert.deepEqual(
      result.diagnostics.map(({ code }) => code),
      ['invalid-json'],
    );
  });

  it('a CloudWatch Logs export (a timestamp, a space, then the record, per line) and records Firehose wrote with nothing between them load every record at its exact bytes', async (t) => {
    const folder = tempFolder(t);
    const records = LOG_FILES.flatMap((file) => recordsOf(file) as { eventTime: string }[]);
    const shapes = {
      'cloudwatch-export.txt': records.map((record) => `${record.eventTime.replace('Z', '.000Z')} ${JSON.stringify(record)}`).join('\n') + '\n',
      'firehose.json': records.map((record) => JSON.stringify(record)).join(''),
    };
    for (const [name, text] of Object.entries(shapes)) {
      const file = path.join(folder, name);
      writeFileSync(file, text);
      const result = await loadPaths([file], { workers: 0 });
      const [loaded] = result.files;
      assert.deepEqual(result.diagnostics, [], name);
      assert.equal(loaded.index.count, records.length, name);
      const bytes = Buffer.from(text);
      for (let i = 0; i < loaded.index.count; i++) {
        assert.deepEqual(JSON.parse(bytes.toString('utf8', loaded.index.start[i], loaded.index.end[i])), records[i], `${name} record ${i}`);
      }
    }
  });

  it("CloudWatch Logs events (filter-log-events output, a subscription's data as Firehose concatenates it, one event per line) load each message's record, and re-read it", async (t) => {
    const folder = tempFolder(t);
    const records = LOG_FILES.flatMap((file) => recordsOf(file) as { eventID: string }[]);
    const events = records.map((record, i) => ({
      logStreamName: '218007301253_CloudTrail_us-east-1',
      timestamp: i,
      message: JSON.stringify(record),
      eventId: String(i),
    }));
    // In the order https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/ValidateLogEventFlow.html shows; a
    // health check (CONTROL_MESSAGE) comes first, whose logEvents are CloudWatch Logs' own words.
    const subscription = (logEvents: { message: string }[], messageType = 'DATA_MESSAGE') => ({
      owner: '218007301253',
      logGroup: 'aws-cloudtrail-logs',
      logStream: '218007301253_CloudTrail_us-east-1',
      subscriptionFilters: ['to-firehose'],
      messageType,
      logEvents,
    });
    const healthCheck = subscription([{ message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }], 'CONTROL_MESSAGE');
    const half = events.length >> 1;
    const shapes = {
      'filter-log-events.json': JSON.stringify({ events, searchedLogStreams: [] }, null, 2),
      'firehose-subscription.json': [healthCheck, subscription(events.slice(0, half)), subscription(events.slice(half))]
        .map((data) => JSON.stringify(data))
        .join(''),
      'subscription-per-line.json': [subscription(events.slice(0, half)), healthCheck, subscription(events.slice(half))]
        .map((data) => JSON.stringify(data))
        .join('\n'),
      'events.jsonl': events.map((event) => JSON.stringify(event)).join('\n'),
    };
    for (const [name, text] of Object.entries(shapes)) {
      const file = path.join(folder, name);
      writeFileSync(file, text);
      const result = await loadPaths([file], { workers: 0 });
      assert.deepEqual(result.diagnostics, [], name);
      assert.equal(result.files[0].index.count, records.length, name);
      const store = new EventStore();
      store.add(result);
      const reread = await Promise.all([...store.allIds()].map(async (id) => (await store.readRecord(id)).record.eventID));
      assert.deepEqual(reread.sort(), records.map((record) => record.eventID).sort(), name);
    }
  });

  it('CloudWatch Logs events of a log group that holds other messages: those are not records (a warning each), a cut record is broken JSON, and a group without one record is not a CloudTrail log', async (t) => {
    const folder = tempFolder(t);
    const [record] = recordsOf(LOG_FILES[0]);
    const events = (messages: string[]) => JSON.stringify({ events: messages.map((message, i) => ({ timestamp: i, message })) });
    const mixed = path.join(folder, 'mixed.json');
    const other = path.join(folder, 'other.json');
    const cut = JSON.stringify(record).slice(0, 60);
    writeFileSync(mixed, events(['START RequestId: 1', JSON.stringify(record), '{"level":"info"}', cut]));
    writeFileSync(other, events(['START RequestId: 1', 'END RequestId: 1']));
    const exported = path.join(folder, 'exported.txt');
    const lines = ['START RequestId: 1', JSON.stringify(record), cut].map((message) => `2023-07-10T12:00:00.000Z ${message}`);
    writeFileSync(exported, lines.join('\n'));
    const result = await loadPaths([mixed, other, exported], { workers: 0 });
    assert.deepEqual(
      result.files.map((file) => file.index.count),
      [1, 0, 1],
    );
    assert.deepEqual(
      result.diagnostics.map(({ file, code, severity, recordIndex }) => [path.basename(file), code, severity, recordIndex]),
      [
        ['mixed.json', 'invalid-json', 'error', 3],
        ['mixed.json', 'invalid-record', 'warning', 0],
        ['mixed.json', 'invalid-record', 'warning', 2],
        ['other.json', 'not-cloudtrail', 'error', undefined],
        ['exported.txt', 'invalid-json', 'error', 2],
        ['exported.txt', 'invalid-record', 'warning', 0],
      ],
    );
  });

  it('an aborted load stops and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await loadPaths([LOGS], { workers: 0, signal: controller.signal });
    assert.equal(result.files.length, 0);
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => diagnostic.code),
      ['cancelled'],
    );
  });
});
