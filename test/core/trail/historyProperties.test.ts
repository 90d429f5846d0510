// Forged trail calls: every field of a record can be written by an attacker. Rebuilding trails from any calls never
// throws, keeps time order, never lets a failed call change anything, and every verdict against the result is
// true, false or null with a reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { explainTrail } from '../../../src/core/trail/explain';
import { rebuildTrails, TRAIL_CHANGE_EVENTS, type TrailCallRecord } from '../../../src/core/trail/history';
import type { RawRecord } from '../../../src/core/types';

const NAMES = ['audit', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit', '__proto__', 'constructor', ''];
const hostileValue = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(
    fc.constantFrom('readWriteType', 'includeManagementEvents', 'dataResources', 'fieldSelectors', 'values', 'type', 'field', 'equals'),
    fc.anything(),
    { maxKeys: 4 },
  ),
);
const parameters = fc.dictionary(
  fc.constantFrom(
    'name',
    'trailName',
    'trailARN',
    'isMultiRegionTrail',
    'includeGlobalServiceEvents',
    's3BucketName',
    'enableLogFileValidation',
    'logFileValidationEnabled',
    'eventSelectors',
    'advancedEventSelectors',
  ),
  hostileValue,
  { maxKeys: 6 },
);
const eventTime = fc.oneof(
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2025, 0, 1) }).map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z')),
  fc.constantFrom('yesterday', '', '2023-02-30T00:00:00Z'),
);
const call: fc.Arbitrary<RawRecord> = fc.record({
  eventSource: fc.constantFrom('cloudtrail.amazonaws.com', 'cloudtrail.amazonaws.com', 'iam.amazonaws.com'),
  eventName: fc.constantFrom(...TRAIL_CHANGE_EVENTS, 'GetTrailStatus'),
  eventTime,
  eventID: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
  awsRegion: fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1'),
  recipientAccountId: fc.constantFrom('111122223333', '444455556666'),
  errorCode: fc.option(fc.constantFrom('AccessDenied', 'TrailNotFoundException'), { nil: undefined }),
  requestParameters: fc.oneof(parameters, fc.constant(null)),
  responseElements: fc.oneof(parameters, fc.constant(null)),
});

const event: RawRecord = {
  eventSource: 'ec2.amazonaws.com',
  eventName: 'RunInstances',
  eventTime: '2022-06-01T00:00:00Z',
  eventID: 'judged',
  awsRegion: 'us-east-1',
  recipientAccountId: '111122223333',
  readOnly: false,
  eventCategory: 'Management',
};

describe('rebuildTrails on forged calls (fast-check)', () => {
  it('never throws; timelines are in time order; failed calls change nothing; verdicts are true, false or null with a reason', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 12 }), (records) => {
        const calls: TrailCallRecord[] = records.map((record, recordIndex) => ({ record, file: 'forged.json', recordIndex }));
        const trails = rebuildTrails(calls);
        for (const trail of trails) {
          const times = trail.timeline.map((change) => Date.parse(change.from));
          assert.deepEqual(
            times,
            [...times].sort((a, b) => a - b),
          );
          for (const change of trail.timeline) {
            const record = records[change.recordIndex];
            assert.equal(record?.errorCode, undefined, 'a failed call is never a change');
          }
          const verdict = explainTrail(event, trail);
          assert.ok(verdict.logged === true || verdict.logged === false || verdict.logged === null);
          assert.ok(verdict.reasons.length > 0);
          assert.doesNotThrow(() => JSON.stringify(verdict));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a call delivered twice is one change, whatever the order of the files', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 8 }), (records) => {
        const once = rebuildTrails(records.map((record, recordIndex) => ({ record, file: 'a.json', recordIndex })));
        const twice = rebuildTrails([
          ...records.map((record, recordIndex) => ({ record, file: 'b.json', recordIndex })),
          ...records.map((record, recordIndex) => ({ record, file: 'a.json', recordIndex })),
        ]);
        const count = (trails: ReturnType<typeof rebuildTrails>) =>
          trails.reduce((sum, trail) => sum + trail.timeline.length + trail.failedCalls.length, 0);
        assert.equal(count(twice), count(once));
      }),
      { numRuns: 200 },
    );
  });

  it('a copy agrees on eventID, name, time and recipient: a forged call differing in any (as JSON) is a change of its own', () => {
    const oneTrail = { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit' };
    // Values whose characters run into each other when joined: an eventID holding a name and a time, a recipient
    // holding the next ones ("a" + "StartLogging" + T0 + "StopLogging" + T1 + "1" against "a" + "StartLogging" + T0 as
    // the eventID, then "StopLogging", T1 and "1"); one instant written three ways; recipients absent, empty or of
    // another type.
    const [t0, t1] = ['2022-01-01T00:00:00Z', '2022-01-01T00:00:01Z'];
    const copyCandidate = fc.record({
      eventSource: fc.constant('cloudtrail.amazonaws.com'),
      eventName: fc.constantFrom('StartLogging', 'StopLogging'),
      eventTime: fc.constantFrom(t0, '2022-01-01T00:00:00.5Z', '2022-01-01T00:00:00.50Z', t1),
      eventID: fc.constantFrom('a', `aStartLogging${t0}`, '1', '11'),
      awsRegion: fc.constant('us-east-1'),
      recipientAccountId: fc.constantFrom<unknown>('1', `StopLogging${t1}1`, '', undefined, null, 1, ['1']),
      requestParameters: fc.constant(oneTrail),
    });
    const base = { eventSource: 'cloudtrail.amazonaws.com', awsRegion: 'us-east-1', requestParameters: oneTrail };
    const runTogether: [typeof base & Record<string, unknown>, typeof base & Record<string, unknown>] = [
      { ...base, eventID: 'a', eventName: 'StartLogging', eventTime: t0, recipientAccountId: `StopLogging${t1}1` },
      { ...base, eventID: `aStartLogging${t0}`, eventName: 'StopLogging', eventTime: t1, recipientAccountId: '1' },
    ];
    fc.assert(
      fc.property(copyCandidate, copyCandidate, (first: Record<string, unknown>, second: Record<string, unknown>) => {
        const agree =
          JSON.stringify([first.eventID, first.eventName, first.eventTime, first.recipientAccountId ?? null]) ===
          JSON.stringify([second.eventID, second.eventName, second.eventTime, second.recipientAccountId ?? null]);
        const calls = [first, second].map((record, recordIndex) => ({ record: record as RawRecord, file: 'copies.json', recordIndex }));
        const [trail] = rebuildTrails(calls);
        assert.equal(trail?.timeline.length, agree ? 1 : 2);
      }),
      { numRuns: 500, examples: [runTogether] },
    );
  });

  it('ten thousand changes of one trail rebuild and judge without blowing up', () => {
    const many: TrailCallRecord[] = Array.from({ length: 10_000 }, (_, index) => ({
      record: {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: index % 2 === 0 ? 'StartLogging' : 'StopLogging',
        eventTime: new Date(Date.UTC(2022, 0, 1) + index * 1000).toISOString(),
        eventID: `flip-${index}`,
        awsRegion: 'us-east-1',
        recipientAccountId: '111122223333',
        requestParameters: { name: 'audit' },
      },
      file: 'flips.json',
      recordIndex: index,
    }));
    const [trail] = rebuildTrails(many);
    assert.equal(trail?.timeline.length, 10_000);
    assert.ok(trail);
    const stopped = explainTrail({ ...event, eventTime: '2022-01-01T00:00:01.500Z' }, trail);
    assert.equal(stopped.logged, false);
    assert.equal(stopped.decidedBy?.eventID, 'flip-1');
    const restarted = explainTrail({ ...event, eventTime: '2022-01-01T00:00:02.500Z' }, trail);
    assert.equal(restarted.logged, null, 'logging again, but the selectors were never in the logs');
  });
});
