// ctlens on duplicate deliveries (stats counts, events --unique) and the facts a responder reads first (events
// fields, explain text and --json), on a real log delivered twice and on a cross-account S3 GetObject shaped like the
// AWS documentation's (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../core/engineFixtures';
import { GOOD_TEXT } from '../core/load/goodLog';
import { temporaryFolders } from '../core/load/temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

const CLI = path.join(REPO_ROOT, 'out/src/cli.js');

function ctlens(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** What a terminal would obey if printed raw: ESC, BEL, and the right-to-left override. */
const RAW_CONTROLS = ['\u001b', '\u0007', '\u202e'];

type LogRecord = Record<string, unknown> & { eventID: string };
const RECORDS = (JSON.parse(GOOD_TEXT) as { Records: LogRecord[] }).Records;

/** The bucket owner's copy of a cross-account GetObject, with attacker-written control and bidi characters. */
const GET_OBJECT = {
  eventVersion: '1.11',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEROLEID:worker-7',
    arn: 'arn:aws:sts::111122223333:assumed-role/etl-role/worker-7',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLEKEYID',
  },
  eventTime: '2025-01-01T00:05:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: '[aws-cli/2.x]\u001b]0;pwned\u0007',
  errorCode: 'AccessDenied',
  errorMessage: 'Access Denied \u202eevil',
  requestParameters: { bucketName: 'example-bucket', key: 'raw/a.csv' },
  responseElements: null,
  additionalEventData: { SignatureVersion: 'SigV4', bytesTransferredIn: 0, bytesTransferredOut: 1024 },
  requestID: 'EXAMPLEREQID',
  eventID: '00000000-0000-4000-8000-000000000001',
  readOnly: true,
  resources: [
    { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::example-bucket/raw/a.csv' },
    { accountId: '444455556666', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::example-bucket' },
  ],
  eventType: 'AwsApiCall',
  managementEvent: false,
  recipientAccountId: '444455556666',
  sharedEventID: '11111111-1111-4111-8111-111111111111',
  vpcEndpointId: 'vpce-0123456789abcdef0',
  eventCategory: 'Data',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'example-bucket.s3.eu-west-1.amazonaws.com' },
};

describe('ctlens and duplicate deliveries', () => {
  const folder = folders.make();
  const first = path.join(folder, 'trail-a.json');
  const second = path.join(folder, 'trail-b.json');
  writeFileSync(first, GOOD_TEXT);
  writeFileSync(second, GOOD_TEXT);
  const requesterCopy = path.join(folder, 'requester-copy.json');
  writeFileSync(
    requesterCopy,
    JSON.stringify({ Records: [{ ...RECORDS[0], eventID: '22222222-2222-4222-8222-222222222222', recipientAccountId: '999988887777' }] }),
  );

  it('stats counts records, unique events and the records that repeat one', () => {
    const run = ctlens(['stats', first, second, requesterCopy]);
    assert.equal(run.status, 0, run.stderr);
    const stats = JSON.parse(run.stdout);
    assert.equal(stats.events, 2 * RECORDS.length + 1);
    assert.equal(stats.uniqueEvents, RECORDS.length + 1);
    assert.equal(stats.duplicateRecords, RECORDS.length);
    for (const level of ['account', 'bucket', 'object']) {
      const once = RECORDS.filter((record) => record.eventSource === 's3.amazonaws.com').length;
      assert.equal(stats.uniqueLevels[level] * 2, stats.levels[level], level);
      assert.ok(once >= stats.uniqueLevels[level]);
    }
    // A filter counts within its matches: one log's records alone repeat nothing.
    const one = JSON.parse(ctlens(['stats', first, second, '--filter', `file:${path.basename(second)}`]).stdout);
    assert.deepEqual([one.events, one.uniqueEvents, one.duplicateRecords], [RECORDS.length, RECORDS.length, 0]);
  });

  it('events prints every record; --unique each event once with all its copies', () => {
    const records = jsonLines(ctlens(['events', first, second]).stdout);
    assert.equal(records.length, 2 * RECORDS.length);
    assert.ok(records.every((line) => !('copies' in line)));
    const run = ctlens(['events', first, second, requesterCopy, '--unique']);
    assert.equal(run.status, 0, run.stderr);
    const events = jsonLines(run.stdout);
    assert.equal(events.length, RECORDS.length + 1);
    for (const event of events.slice(0, RECORDS.length)) {
      assert.equal(event.file, first);
      assert.deepEqual(event.copies, [
        { file: first, index: event.index },
        { file: second, index: event.index },
      ]);
    }
    assert.deepEqual(events[RECORDS.length].copies, [{ file: requesterCopy, index: 0 }]);
  });

  it('--unique belongs to events', () => {
    const run = ctlens(['stats', first, '--unique']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--unique applies to events/);
  });
});

describe('ctlens and the facts a responder needs', () => {
  const folder = folders.make();
  const log = path.join(folder, 'bucket-owner.json');
  writeFileSync(log, JSON.stringify({ Records: [GET_OBJECT, RECORDS[0]] }));

  it('events adds region, source IP, user agent, recipient, shared event ID and error message, escaped for a terminal', () => {
    const run = ctlens(['events', log]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!RAW_CONTROLS.some((control) => run.stdout.includes(control)));
    const [event, real] = jsonLines(run.stdout);
    assert.equal(event.region, 'eu-west-1');
    assert.equal(event.sourceIPAddress, '198.51.100.7');
    assert.equal(event.userAgent, GET_OBJECT.userAgent);
    assert.equal(event.recipientAccountId, '444455556666');
    assert.equal(event.sharedEventID, GET_OBJECT.sharedEventID);
    assert.equal(event.error, 'AccessDenied');
    assert.equal(event.errorMessage, GET_OBJECT.errorMessage);
    assert.equal(real.region, RECORDS[0].awsRegion);
    assert.equal(real.sharedEventID, RECORDS[0].sharedEventID ?? null);
    assert.equal(real.errorMessage, RECORDS[0].errorMessage ?? null);
  });

  it('explain states each fact the record has, in text and in --json', () => {
    const text = ctlens(['explain', log, '--event', GET_OBJECT.eventID]);
    assert.equal(text.status, 0, text.stderr);
    assert.ok(!RAW_CONTROLS.some((control) => text.stdout.includes(control)));
    for (const line of [
      'Error: AccessDenied (Access Denied \\u202eevil)',
      'Source IP address: 198.51.100.7',
      'User agent: [aws-cli/2.x]\\x1b]0;pwned\\x07',
      'VPC endpoint: vpce-0123456789abcdef0',
      'TLS: TLSv1.3, cipher TLS_AES_128_GCM_SHA256, host example-bucket.s3.eu-west-1.amazonaws.com',
      'Bytes transferred: in 0, out 1024',
      'Recipient account (whose copy this record is): 444455556666',
      'Shared event ID: 11111111-1111-4111-8111-111111111111',
    ])
      assert.ok(text.stdout.includes(line), line);

    const json = JSON.parse(ctlens(['explain', log, '--event', GET_OBJECT.eventID, '--json']).stdout);
    assert.deepEqual(json.facts, {
      errorCode: 'AccessDenied',
      errorMessage: GET_OBJECT.errorMessage,
      sourceIPAddress: '198.51.100.7',
      userAgent: GET_OBJECT.userAgent,
      vpcEndpointId: 'vpce-0123456789abcdef0',
      recipientAccountId: '444455556666',
      sharedEventID: GET_OBJECT.sharedEventID,
      tlsDetails: GET_OBJECT.tlsDetails,
      bytesTransferredIn: 0,
      bytesTransferredOut: 1024,
    });
  });

  it('explain leaves out what a record does not state', () => {
    const json = JSON.parse(ctlens(['explain', log, '--event', RECORDS[0].eventID, '--json']).stdout);
    const stated = [
      'errorCode',
      'errorMessage',
      'sourceIPAddress',
      'userAgent',
      'vpcEndpointId',
      'recipientAccountId',
      'sharedEventID',
      'tlsDetails',
    ].filter((key) => RECORDS[0][key] !== undefined && RECORDS[0][key] !== null);
    const additional = (RECORDS[0].additionalEventData ?? {}) as Record<string, unknown>;
    for (const key of ['bytesTransferredIn', 'bytesTransferredOut']) if (typeof additional[key] === 'number') stated.push(key);
    assert.deepEqual(Object.keys(json.facts).sort(), stated.sort());
  });
});
