import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { explainTrail } from '../../../src/core/trail/explain';
import { rebuildTrails, type TrailCallRecord } from '../../../src/core/trail/history';
import type { TrailConfig } from '../../../src/core/trail/types';
import type { RawRecord } from '../../../src/core/types';
import { DOMAIN_FIXTURES } from '../s3/domainFixtures';

// Real trail calls of the invictus-ir Stratus Red Team run (test/fixtures/domain/SOURCE.md).
const FILE = join(DOMAIN_FIXTURES, 'trail-history', 'invictus-ir-trail-calls.json');
const RECORDS: RawRecord[] = (JSON.parse(readFileSync(FILE, 'utf8')) as { Records: RawRecord[] }).Records;
const CALLS: TrailCallRecord[] = RECORDS.map((record, recordIndex) => ({ record, file: FILE, recordIndex }));
const ACCOUNT = '123837392027';
const SELECTORS_TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/stratus-red-team-ctes-trail-qyxyekjbtk`;

function byArn(trails: TrailConfig[], arn: string): TrailConfig {
  const trail = trails.find((candidate) => candidate.trailArn === arn);
  assert.ok(trail, `no trail ${arn}`);
  return trail;
}

function record(eventName: string): RawRecord {
  const found = RECORDS.find((candidate) => candidate.eventName === eventName);
  assert.ok(found);
  return found;
}

/** A management event of the account at a given time, shaped like the real DescribeInstances of the set. */
function managementEventAt(eventTime: string, eventID = `test-${eventTime}`): RawRecord {
  return { ...record('DescribeInstances'), eventTime, eventID };
}

describe('rebuildTrails on the real invictus-ir trail calls', () => {
  const trails = rebuildTrails(CALLS);
  const selectorsTimeline = () => byArn(trails, SELECTORS_TRAIL).timeline;

  it('rebuilds each trail the calls name, with its changes in time order and failed calls apart', () => {
    const selectors = byArn(trails, SELECTORS_TRAIL);
    assert.deepEqual(
      selectors.timeline.map((change) => change.eventName),
      ['CreateTrail', 'StartLogging', 'PutEventSelectors', 'PutEventSelectors', 'DeleteTrail'],
    );
    assert.equal(selectors.source, 'logs');
    assert.equal(selectors.file, null);
    assert.equal(selectors.homeRegion, 'us-east-1');
    assert.equal(selectors.accountId, ACCOUNT);
    const stop = byArn(trails, `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/stratus-red-team-ct-stop-trail-qzbgnfqisx`);
    assert.equal(stop.timeline.length, 0);
    assert.deepEqual(
      stop.failedCalls.map((call) => `${call.eventName} ${call.errorCode}`),
      [
        'StopLogging TrailNotFoundException',
        'StopLogging TrailNotFoundException',
        'StopLogging TrailNotFoundException',
        'StartLogging TrailNotFoundException',
        'StartLogging TrailNotFoundException',
        'StartLogging TrailNotFoundException',
      ],
    );
  });

  it('reads the configuration CreateTrail and PutEventSelectors set (camelCase in the record)', () => {
    const [created, started, narrowed, restored] = byArn(trails, SELECTORS_TRAIL).timeline;
    assert.equal(created?.config.isLogging, false);
    assert.equal(created?.config.isMultiRegionTrail, false);
    assert.equal(created?.config.s3BucketName, 'stratus-red-team-ctes-bucket-qyxyekjbtk');
    assert.equal(started?.config.isLogging, true);
    assert.deepEqual(narrowed?.config.eventSelectors?.[0], {
      ReadWriteType: 'ReadOnly',
      IncludeManagementEvents: false,
      ExcludeManagementEventSources: [],
      DataResources: [
        { Type: 'AWS::S3::Object', Values: [] },
        { Type: 'AWS::Lambda::Function', Values: [] },
      ],
    });
    assert.equal(restored?.config.eventSelectors?.[0]?.IncludeManagementEvents, true);
  });

  it('marks defence evasion: selectors that stop covering management events, and the deletion', () => {
    const timeline = byArn(trails, SELECTORS_TRAIL).timeline;
    assert.match(timeline[2]?.evasion ?? '', /stops recording management read events; management write events/);
    assert.equal(timeline[3]?.evasion, null, 'restoring all management events hides nothing');
    assert.match(timeline[4]?.evasion ?? '', /trail deleted/);
    assert.equal(timeline[0]?.evasion, null);
  });

  it('judges an event against the configuration in force at its time and names the change that decided', () => {
    const trail = byArn(trails, SELECTORS_TRAIL);
    const beforeCreation = explainTrail(managementEventAt('2023-07-10T11:59:30Z'), trail);
    assert.equal(beforeCreation.logged, false);
    assert.match(beforeCreation.reasons[0] ?? '', /did not exist yet: CreateTrail at 2023-07-10T12:00:05Z/);
    assert.equal(beforeCreation.decidedBy?.eventName, 'CreateTrail');

    const whileLogging = explainTrail(managementEventAt('2023-07-10T12:00:06Z'), trail);
    assert.equal(whileLogging.logged, true);

    const whileNarrowed = explainTrail(record('DescribeAccountAttributes'), trail);
    assert.equal(whileNarrowed.logged, false);
    assert.equal(whileNarrowed.decidedBy?.eventName, 'PutEventSelectors');
    assert.match(whileNarrowed.reasons.join(' '), /IncludeManagementEvents is false/);

    const afterDeletion = explainTrail(record('DescribeInstances'), trail);
    assert.equal(afterDeletion.logged, false);
    assert.match(afterDeletion.reasons[0] ?? '', /had been deleted before the event \(DeleteTrail at 2023-07-10T12:08:04Z/);
    assert.equal(afterDeletion.decidedBy?.eventName, 'DeleteTrail');
  });

  it('judges a trail change by the configuration before it (the StopLogging call is recorded by the trail it stops)', () => {
    const trail = byArn(trails, SELECTORS_TRAIL);
    const deletion = RECORDS.find((candidate) => candidate.eventName === 'DeleteTrail' && candidate.eventID === trail.timeline[4]?.eventID);
    assert.ok(deletion);
    const verdict = explainTrail(deletion, trail);
    assert.equal(verdict.logged, true);
  });

  it('says it does not know when the event is older than the first change seen and that change is not CreateTrail', () => {
    const partial = rebuildTrails(CALLS.filter((call) => call.record.eventName !== 'CreateTrail'));
    const trail = byArn(partial, SELECTORS_TRAIL);
    assert.equal(trail.timeline[0]?.eventName, 'StartLogging');
    const verdict = explainTrail(managementEventAt('2023-07-10T11:59:30Z'), trail);
    assert.equal(verdict.logged, null);
    assert.match(verdict.reasons[0] ?? '', /older than the first change of this trail in the loaded logs \(StartLogging at 2023-07-10T12:00:05Z/);
    const afterStart = explainTrail(managementEventAt('2023-07-10T12:00:06Z'), trail);
    assert.equal(afterStart.logged, null, 'logging, but the selectors are not in the logs');
    assert.match(afterStart.reasons.join(' '), /selectors in force then are not in the loaded logs/);
  });

  it('counts a call delivered twice once, and ignores a failed call for the configuration', () => {
    const twice = rebuildTrails([...CALLS, ...CALLS.map((call) => ({ ...call, file: `${call.file}.copy` }))]);
    assert.equal(byArn(twice, SELECTORS_TRAIL).timeline.length, 5);
    const failedStop: RawRecord = {
      ...record('StopLogging'),
      requestParameters: { name: 'stratus-red-team-ctes-trail-qyxyekjbtk' },
      eventTime: '2023-07-10T12:00:06Z',
      eventID: 'failed-stop',
      errorCode: 'AccessDenied',
    };
    const withFailure = byArn(rebuildTrails([...CALLS, { record: failedStop, file: FILE, recordIndex: 99 }]), SELECTORS_TRAIL);
    assert.equal(withFailure.timeline.length, 5);
    assert.equal(withFailure.failedCalls[0]?.errorCode, 'AccessDenied');
    assert.equal(explainTrail(managementEventAt('2023-07-10T12:00:07Z'), withFailure).logged, true);
    const forged = { ...failedStop, errorCode: undefined, eventID: selectorsTimeline()[3]?.eventID, eventTime: '2023-07-10T12:00:01Z' };
    const withForgery = byArn(rebuildTrails([...CALLS, { record: forged, file: FILE, recordIndex: 98 }]), SELECTORS_TRAIL);
    assert.equal(withForgery.timeline.length, 6, 'a forged call reusing a real eventID does not hide the real call');
  });
});

describe('rebuildTrails on records shaped from the CloudTrail API reference', () => {
  const base = {
    eventSource: 'cloudtrail.amazonaws.com',
    awsRegion: 'eu-west-1',
    recipientAccountId: '111122223333',
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
  };
  const call = (
    eventName: string,
    eventTime: string,
    requestParameters: Record<string, unknown>,
    responseElements: Record<string, unknown> | null = null,
  ): TrailCallRecord => ({
    record: { ...base, eventName, eventTime, eventID: `${eventName}-${eventTime}`, requestParameters, responseElements },
    file: 'calls.json',
    recordIndex: 0,
  });
  const calls = [
    call('CreateTrail', '2024-01-01T00:00:00Z', { name: 'audit', s3BucketName: 'logs-a', isMultiRegionTrail: true, enableLogFileValidation: true }),
    call('StartLogging', '2024-01-01T00:00:01Z', { name: 'audit' }),
    call('UpdateTrail', '2024-02-01T00:00:00Z', {
      name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit',
      s3BucketName: 'logs-b',
      enableLogFileValidation: false,
    }),
    call('StopLogging', '2024-03-01T00:00:00Z', { name: 'audit' }),
  ];
  const [trail] = rebuildTrails(calls);

  it('resolves a name in the Region and account of the call, and an ARN as given, to one trail', () => {
    assert.equal(trail?.trailArn, 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit');
    assert.equal(trail?.timeline.length, 4);
  });

  it('applies UpdateTrail from the request when the response is empty, and marks the moved bucket and validation off', () => {
    const update = trail?.timeline[2];
    assert.equal(update?.config.s3BucketName, 'logs-b');
    assert.equal(update?.config.logFileValidationEnabled, false);
    assert.equal(update?.config.isMultiRegionTrail, true, 'unchanged settings carry over');
    assert.match(update?.evasion ?? '', /log files now go to bucket logs-b \(was logs-a\)/);
    assert.match(update?.evasion ?? '', /log file validation turned off/);
  });

  it('a verdict after StopLogging names it, by whom', () => {
    assert.ok(trail);
    const event: RawRecord = {
      ...base,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      eventTime: '2024-03-02T00:00:00Z',
      eventID: 'e1',
      readOnly: false,
      eventCategory: 'Management',
    };
    const verdict = explainTrail(event, trail);
    assert.equal(verdict.logged, false);
    assert.equal(verdict.decidedBy?.eventName, 'StopLogging');
    assert.match(
      verdict.reasons[0] ?? '',
      /had been stopped \(StopLogging at 2024-03-01T00:00:00Z by arn:aws:iam::111122223333:root \(event StopLogging-2024-03-01T00:00:00Z\)\)/,
    );
    assert.equal(explainTrail({ ...event, eventTime: '2024-02-15T00:00:00Z' }, trail).logged, true);
  });

  it('ignores records that are not CloudTrail trail calls, have no time, or name no trail', () => {
    const noise: TrailCallRecord[] = [
      {
        record: {
          ...base,
          eventSource: 'iam.amazonaws.com',
          eventName: 'StopLogging',
          eventTime: '2024-01-01T00:00:00Z',
          requestParameters: { name: 'x' },
        },
        file: 'f',
        recordIndex: 1,
      },
      { record: { ...base, eventName: 'StopLogging', eventTime: 'yesterday', requestParameters: { name: 'x' } }, file: 'f', recordIndex: 2 },
      { record: { ...base, eventName: 'StopLogging', eventTime: '2024-01-01T00:00:00Z', requestParameters: null }, file: 'f', recordIndex: 3 },
      {
        record: { ...base, eventName: 'StopLogging', eventTime: '2024-01-01T00:00:00Z', requestParameters: { name: 42 } },
        file: 'f',
        recordIndex: 4,
      },
    ];
    assert.deepEqual(rebuildTrails(noise), []);
  });
});
