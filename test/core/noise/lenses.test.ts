// The noise lenses (core/noise) on real logs: each lens's query term counted against the records parsed here with
// JSON.parse alone, by the rules the AWS documentation gives (cited in core/noise/noiseFacts.ts).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lensTerms, type EventStore, type LensSettings, type RawRecord } from '../../../src/core';
import { objectField, parsedRecords, realStore } from '../overview/realLogs';

/** userIdentity.type AWSService, or invokedBy a service principal ("AWS Internal" too): https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html */
function byService(record: RawRecord): boolean {
  const identity = objectField(record, 'userIdentity');
  const invokedBy = identity.invokedBy;
  return identity.type === 'AWSService' || (typeof invokedBy === 'string' && (invokedBy.endsWith('.amazonaws.com') || invokedBy === 'AWS Internal'));
}

/**
 * CloudTrail's own delivery: its S3 calls on AWSLogs/<account>/CloudTrail…/ keys and its bucket checks
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html), and KMS calls
 * for log files (encryption context aws:cloudtrail:arn, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
 */
function trailDelivery(record: RawRecord): boolean {
  const byCloudTrail = objectField(record, 'userIdentity').invokedBy === 'cloudtrail.amazonaws.com';
  const parameters = objectField(record, 'requestParameters');
  if (record.eventSource === 'kms.amazonaws.com') return byCloudTrail || 'aws:cloudtrail:arn' in objectField(parameters, 'encryptionContext');
  if (record.eventSource !== 's3.amazonaws.com' || !byCloudTrail) return false;
  const key = parameters.key;
  if (typeof key === 'string') return /(^|\/)AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/CloudTrail(-Digest|-Insight)?\//.test(key);
  return ['GetBucketAcl', 'GetBucketLocation', 'HeadBucket', 'ListBucket'].includes(String(record.eventName));
}

describe('noise lenses on real logs', () => {
  let store: EventStore;
  let records: RawRecord[];
  before(async () => {
    store = await realStore();
    records = parsedRecords();
  });

  const count = (text: string, lenses?: LensSettings) => {
    const result = store.query(text, undefined, lenses);
    assert.ok(result.ok, text);
    return result.ids.length;
  };
  const expected = (test: (record: RawRecord) => boolean) => records.filter(test).length;

  it('noise:delivery finds CloudTrail’s bucket checks (GetBucketAcl by cloudtrail.amazonaws.com) and its KMS calls', () => {
    const checks = expected(
      (record) => record.eventName === 'GetBucketAcl' && objectField(record, 'userIdentity').invokedBy === 'cloudtrail.amazonaws.com',
    );
    assert.ok(checks > 0, 'the real logs hold CloudTrail’s GetBucketAcl');
    assert.equal(count('noise:delivery name:GetBucketAcl'), checks);
    assert.equal(count('noise:delivery'), expected(trailDelivery));
  });

  it('noise:service finds the calls AWS services made, -noise:service the others', () => {
    assert.ok(expected(byService) > 0);
    assert.equal(count('noise:service'), expected(byService));
    assert.equal(count('-noise:service'), records.length - expected(byService));
  });

  it('-noise:readonly keeps the events whose readOnly is not true', () => {
    assert.equal(
      count('-noise:readonly'),
      expected((record) => record.readOnly !== true),
    );
    assert.equal(count(lensTerms(['readonly'])), count('-noise:readonly'));
  });

  it('noise:hide keeps what no lens of machine noise marks; the monitoring lens hides its principals only when given patterns', () => {
    const machine = (record: RawRecord) => byService(record) || trailDelivery(record);
    assert.equal(
      count('noise:hide'),
      expected((record) => !machine(record)),
    );
    assert.equal(count(lensTerms(['service', 'delivery'])), count('noise:hide'));
    const user = 'arn:aws:iam::123837392027:user/benjamin';
    const byUser = (record: RawRecord) => objectField(record, 'userIdentity').arn === user;
    const settings = { monitoringPrincipals: ['user/benjamin'] };
    assert.equal(count('noise:monitoring', settings), expected(byUser));
    assert.equal(
      count('noise:hide', settings),
      expected((record) => !machine(record) && !byUser(record)),
    );
    assert.equal(count('noise:monitoring'), 0, 'no patterns, nothing to hide');
  });
});
