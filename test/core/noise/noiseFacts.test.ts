// The noise facts indexing records, on records shaped like the AWS documentation's examples: CloudTrail's log
// delivery (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html), its
// KMS encryption (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html)
// and calls made by services (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { RawRecord } from '../../../src/core';
import { noiseFactsOf } from '../../../src/core/noise/noiseFacts';

const CLOUDTRAIL = { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' };
const ALICE = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' };

function s3Call(eventName: string, userIdentity: unknown, key?: string): [RawRecord, string, string, string | null] {
  const record = {
    eventSource: 's3.amazonaws.com',
    eventName,
    userIdentity,
    requestParameters: { bucketName: 'trail-bucket', ...(key ? { key } : {}) },
  };
  return [record, 's3.amazonaws.com', eventName, key ?? null];
}

function kmsCall(userIdentity: unknown, encryptionContext?: Record<string, string>): [RawRecord, string, string, null] {
  const record = {
    eventSource: 'kms.amazonaws.com',
    eventName: 'GenerateDataKey',
    userIdentity,
    requestParameters: { keySpec: 'AES_256', encryptionContext },
  };
  return [record, 'kms.amazonaws.com', 'GenerateDataKey', null];
}

describe('noise facts', () => {
  it("CloudTrail's writes of its own log, digest and Insights files are delivery, under any prefix and for organization trails", () => {
    for (const key of [
      'AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/02/111122223333_CloudTrail_us-east-1_20240102T0000Z_abc.json.gz',
      'my-prefix/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/02/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240102T000000Z.json.gz',
      'AWSLogs/o-exampleorgid/111122223333/CloudTrail/eu-west-1/2024/01/02/x.json.gz',
      'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/01/02/x.json.gz',
    ]) {
      assert.deepEqual(noiseFactsOf(...s3Call('PutObject', CLOUDTRAIL, key)), { byService: true, trailDelivery: true }, key);
    }
  });

  it('the bucket checks CloudTrail makes before a delivery are delivery; its writes of other keys are not', () => {
    assert.equal(noiseFactsOf(...s3Call('GetBucketAcl', CLOUDTRAIL)).trailDelivery, true);
    assert.equal(noiseFactsOf(...s3Call('PutObject', CLOUDTRAIL, 'uploads/report.pdf')).trailDelivery, false);
    assert.equal(noiseFactsOf(...s3Call('DeleteBucket', CLOUDTRAIL)).trailDelivery, false);
  });

  it('a person writing into a log prefix is neither delivery nor a service: that is what an attacker covering tracks does', () => {
    const forged = noiseFactsOf(...s3Call('PutObject', ALICE, 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/02/x.json.gz'));
    assert.deepEqual(forged, { byService: false, trailDelivery: false });
    // invokedBy names the service only when it is one: a user-controlled string elsewhere does not count.
    const spoofed = noiseFactsOf(...s3Call('GetBucketAcl', { ...ALICE, userName: 'cloudtrail.amazonaws.com' }));
    assert.deepEqual(spoofed, { byService: false, trailDelivery: false });
  });

  it("KMS calls that encrypt CloudTrail's files are delivery: by CloudTrail, or with the aws:cloudtrail:arn encryption context", () => {
    assert.equal(noiseFactsOf(...kmsCall(CLOUDTRAIL)).trailDelivery, true);
    const context = {
      'aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main',
      'aws:s3:arn': 'arn:aws:s3:::trail-bucket/AWSLogs/x',
    };
    assert.equal(noiseFactsOf(...kmsCall({ type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' }, context)).trailDelivery, true);
    assert.equal(noiseFactsOf(...kmsCall(ALICE, { 'aws:s3:arn': 'arn:aws:s3:::other/x' })).trailDelivery, false);
  });

  it('a call is by a service for the AWSService type, or invokedBy a service principal or AWS Internal', () => {
    assert.equal(noiseFactsOf(...s3Call('PutObject', { type: 'AWSService', invokedBy: 'lifecycle.s3.amazonaws.com' }, 'a')).byService, true);
    assert.equal(noiseFactsOf(...s3Call('GetObject', { type: 'AssumedRole', invokedBy: 'athena.amazonaws.com' }, 'a')).byService, true);
    assert.equal(noiseFactsOf(...s3Call('GetObject', { type: 'AssumedRole', invokedBy: 'AWS Internal' }, 'a')).byService, true);
    assert.equal(noiseFactsOf(...s3Call('GetObject', { type: 'AssumedRole', invokedBy: 'evil.example.com' }, 'a')).byService, false);
    assert.equal(noiseFactsOf(...s3Call('GetObject', ALICE, 'a')).byService, false);
  });

  it('never throws on any shape of record (every field may be written by an attacker)', () => {
    fc.assert(
      fc.property(
        fc.object({ withNullPrototype: true, maxDepth: 3 }),
        fc.anything(),
        fc.anything(),
        fc.option(fc.string()),
        (record, source, name, key) => {
          const facts = noiseFactsOf(record as RawRecord, source, name, key);
          assert.equal(typeof facts.byService, 'boolean');
          assert.equal(typeof facts.trailDelivery, 'boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
