// `ctlens timeline` on real logs (../shared/data's invictus-ir set, else the repository's slice of it): bins checked
// against counts parsed from the JSON here, and against the core's timeline (the overview's numbers).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventStore, RawRecord } from '../../src/core';
import { parsedRecords, REAL_LOGS, realStore } from '../core/overview/realLogs';
import { temporaryFolders } from '../core/load/temporaryFolders';
import { ctlens, jsonLines } from './runCtlens';

const MINUTE = 60_000;
const folders = temporaryFolders('ctlens-timeline-');
after(() => folders.removeAll());

interface BinLine {
  start: string;
  end: string;
  counts: Record<string, number>;
  errors: number;
}

function bins(args: string[]): BinLine[] {
  const run = ctlens(['timeline', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return jsonLines(run.stdout) as BinLine[];
}

const total = (line: BinLine) => Object.values(line.counts).reduce((sum, count) => sum + count, 0);

/** A log of its own with doc-shaped records (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). */
function logOf(records: RawRecord[]): string {
  const file = join(folders.make(), 'log.json');
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

const describeInstances = (eventTime?: string): RawRecord => ({
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
  ...(eventTime === undefined ? {} : { eventTime }),
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.0',
  eventID: `e-${eventTime}`,
  readOnly: true,
  recipientAccountId: '111122223333',
});

describe('ctlens timeline', () => {
  let records: RawRecord[];
  let store: EventStore;
  before(async () => {
    records = parsedRecords();
    store = await realStore();
  });

  it('prints one line per 15 minutes, empty bins included, aligned on UTC quarters, with every event and error of the JSON', () => {
    const lines = bins([REAL_LOGS, '--bin', '15m']);
    for (const [k, line] of lines.entries()) {
      assert.equal(Date.parse(line.start) % (15 * MINUTE), 0);
      assert.equal(Date.parse(line.end) - Date.parse(line.start), 15 * MINUTE);
      if (k > 0) assert.equal(line.start, lines[k - 1].end, 'bins follow each other');
      assert.deepEqual(Object.keys(line.counts), Object.keys(lines[0].counts), 'every bin has every series');
    }
    assert.equal(
      lines.reduce((sum, line) => sum + total(line), 0),
      records.length,
    );
    assert.equal(
      lines.reduce((sum, line) => sum + line.errors, 0),
      records.filter((record) => typeof record.errorCode === 'string').length,
    );
    for (const line of lines)
      assert.equal(
        total(line),
        records.filter((record) => String(record.eventTime) >= line.start.slice(0, 19) && String(record.eventTime) < line.end.slice(0, 19)).length,
        line.start,
      );
  });

  it('prints the numbers of the core’s timeline (the overview’s chart) for a filter, by event name', () => {
    const lines = bins([REAL_LOGS, '--filter', 'source:s3.amazonaws.com', '--by', 'eventName']);
    const query = store.query('source:s3.amazonaws.com');
    assert.ok(query.ok);
    const timeline = store.timeline(query.ids, { by: 'eventName' });
    assert.equal(lines.length, timeline.bins);
    lines.forEach((line, bin) => {
      assert.equal(Date.parse(line.start), timeline.start + bin * timeline.binMs);
      assert.deepEqual(line.counts, Object.fromEntries(timeline.keys.map((key, series) => [key, timeline.counts[series][bin]])));
    });
    assert.equal(
      lines.reduce((sum, line) => sum + total(line), 0),
      records.filter((record) => record.eventSource === 's3.amazonaws.com').length,
    );
  });

  it('--hide-noise leaves out what the filter -noise:LENS leaves out', () => {
    const lines = bins([REAL_LOGS, '--hide-noise', 'service,delivery']);
    const kept = store.query('-noise:service -noise:delivery');
    assert.ok(kept.ok);
    assert.ok(kept.ids.length < records.length, 'the real logs have service calls');
    assert.equal(
      lines.reduce((sum, line) => sum + total(line), 0),
      kept.ids.length,
    );
  });

  it('says on stderr how many events have no time, and refuses a width that would give too many bins', () => {
    const file = logOf([describeInstances('2021-01-01T00:00:00Z'), describeInstances(), describeInstances('2023-01-01T00:00:00Z')]);
    const byWeek = ctlens(['timeline', file, '--bin', '1w']);
    assert.equal(byWeek.status, 1, 'a record without eventTime is an input problem (a diagnostic), and the bins still print');
    // From Monday 2020-12-28 (the week of Friday 2021-01-01) to the week of Sunday 2023-01-01, Monday 2022-12-26: 104 weeks later.
    const weeks = jsonLines(byWeek.stdout) as BinLine[];
    assert.deepEqual([weeks.length, weeks[0].start, weeks[104].start], [105, '2020-12-28T00:00:00.000Z', '2022-12-26T00:00:00.000Z']);
    assert.match(byWeek.stderr, /events in no bin \(no eventTime\): 1\n/);
    const byMinute = ctlens(['timeline', file, '--bin', '1m']);
    assert.equal(byMinute.status, 2);
    assert.match(byMinute.stderr, /at most 100,000/);
  });

  it('refuses a width it cannot read, --by origin, and --bin on another command', () => {
    for (const args of [
      ['timeline', REAL_LOGS, '--bin', '1y'],
      ['timeline', REAL_LOGS, '--by', 'origin'],
      ['timeline', REAL_LOGS, '--by', 'nothing'],
      ['stats', REAL_LOGS, '--bin', '1h'],
      ['timeline', REAL_LOGS, '--hide-noise', 'loud'],
      ['timeline', REAL_LOGS, '--hide-noise', 'monitoring'],
    ]) {
      const run = ctlens(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '');
    }
  });
});
