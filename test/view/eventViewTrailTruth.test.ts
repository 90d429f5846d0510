// The panel judges the trails rebuilt from the logs as they were at the event's time, and names ListObjectsV2.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rebuildTrails, type RawRecord } from '../../src/core';
import { viewOfRecord } from './viewOfRecord';
import { REPOSITORY_ROOT } from '../core/s3/domainFixtures';

// Real records of one trail's creation and start, a StopLogging made from the start, and events before and after.
const FILE = join(REPOSITORY_ROOT, 'test', 'fixtures', 'workspace', 'tampering', 'stopped-trail.json');
const RECORDS: RawRecord[] = (JSON.parse(readFileSync(FILE, 'utf8')) as { Records: RawRecord[] }).Records;
const TRAILS = rebuildTrails(RECORDS.map((record, recordIndex) => ({ record, file: FILE, recordIndex })));

function viewOf(record: RawRecord) {
  return viewOfRecord(record, { fileLabel: 'stopped-trail.json', trails: TRAILS });
}

describe('panel verdicts against trails rebuilt from the logs', () => {
  it('an event after StopLogging is not logged, and the verdict names the StopLogging call and its caller', () => {
    const after = RECORDS.find((record) => record.eventName === 'DescribeInstances');
    assert.ok(after);
    const [verdict] = viewOf(after).trails;
    assert.equal(verdict?.name, 'stratus-red-team-ctlr-trail-zqfsvooxqj');
    assert.equal(verdict?.file, null);
    assert.equal(verdict?.logged, false);
    assert.match(verdict?.reasons[0] ?? '', /had been stopped \(StopLogging at 2023-07-10T12:05:00Z by arn:aws:iam::123837392027:user\/bert-jan/);
  });

  it('an event before the stop was logged', () => {
    const before = RECORDS.find((record) => record.eventName === 'DescribeAccountAttributes');
    assert.ok(before);
    assert.equal(viewOf(before).trails[0]?.logged, true);
  });
});

describe('panel event name', () => {
  it('a ListObjects call with list-type 2 is named as the ListObjectsV2 call it was', () => {
    const listV2: RawRecord = {
      eventSource: 's3.amazonaws.com',
      eventName: 'ListObjects',
      requestParameters: { bucketName: 'example-bucket', 'list-type': '2', prefix: 'logs/' },
      eventTime: '2024-05-14T09:30:00Z',
    };
    assert.equal(viewOf(listV2).eventName, 'ListObjects (ListObjectsV2)');
    assert.equal(viewOf({ ...listV2, requestParameters: { bucketName: 'example-bucket' } }).eventName, 'ListObjects');
  });
});
