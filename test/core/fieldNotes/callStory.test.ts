// The eventName hover says what an investigation-relevant call did, from its own record (real records of the
// shared data's repository slices, and records shaped from the API references).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callStory } from '../../../src/core/fieldNotes/callStory';
import { fieldNote } from '../../../src/core/fieldNotes/field';
import type { RawRecord } from '../../../src/core/types';
import { realRecord } from '../s3/domainFixtures';

describe('callStory and the eventName hover', () => {
  it('AssumeRole (real, invictus-ir): the role, the session, the key issued and its expiry', () => {
    const record = realRecord(
      (candidate) =>
        candidate.eventName === 'AssumeRole' && candidate.errorCode === undefined && String(candidate.eventTime).startsWith('2023-07-10'),
    );
    const [story] = callStory(record);
    const parameters = record.requestParameters as Record<string, string>;
    const credentials = (record.responseElements as { credentials: Record<string, string> }).credentials;
    assert.equal(
      story,
      `Assumed ${parameters.roleArn} as session ${parameters.roleSessionName}: issued key ${credentials.accessKeyId} (expires ${credentials.expiration}).`,
    );
    const note = fieldNote(record, ['eventName']);
    assert.equal(note?.title, 'AssumeRole: what this sts call did');
    assert.equal(note?.lines[0], story);
  });

  it('ConsoleLogin (real): outcome and MFA', () => {
    const record = realRecord((candidate) => candidate.eventName === 'ConsoleLogin' && child(candidate.additionalEventData, 'MFAUsed') !== undefined);
    const outcome = child(record.responseElements, 'ConsoleLogin');
    assert.equal(callStory(record)[0], `Console sign-in: ${String(outcome)}, MFA used: ${String(child(record.additionalEventData, 'MFAUsed'))}.`);
  });

  it('a bucket policy open to anyone, a public access block turned off, a stopped trail', () => {
    const base = { eventSource: 's3.amazonaws.com', eventTime: '2024-05-14T09:30:00Z' };
    const policy: RawRecord = {
      ...base,
      eventName: 'PutBucketPolicy',
      requestParameters: { bucketName: 'evidence', bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] } },
    };
    assert.match(callStory(policy)[0] ?? '', /Set the policy of evidence; a statement's Principal is "\*": it grants access to anyone/);
    const block: RawRecord = {
      ...base,
      eventName: 'PutPublicAccessBlock',
      requestParameters: {
        bucketName: 'evidence',
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      },
    };
    assert.equal(
      callStory(block)[0],
      'Set the public access block of evidence with BlockPublicPolicy, RestrictPublicBuckets off: public access is no longer blocked that way.',
    );
    const stop: RawRecord = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'audit' } };
    assert.equal(callStory(stop)[0], 'Stopped trail audit: it records nothing until StartLogging.');
    assert.equal(callStory({ ...stop, errorCode: 'AccessDenied' })[0], 'The call failed (AccessDenied): it changed nothing.');
  });

  it('a call the table does not know tells nothing, and its hover keeps the old title', () => {
    const record: RawRecord = { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' };
    assert.deepEqual(callStory(record), []);
    assert.equal(fieldNote(record, ['eventName'])?.title, 'DescribeInstances: not an Amazon S3 event');
  });
});

function child(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
