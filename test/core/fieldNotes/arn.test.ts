import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeArnParts, parseArn } from '../../../src/core/arn';

describe('parseArn', () => {
  it('splits IAM, STS, S3, CloudTrail and access point ARNs', () => {
    assert.deepEqual(parseArn('arn:aws:iam::111122223333:user/division/alice'), {
      arn: 'arn:aws:iam::111122223333:user/division/alice',
      partition: 'aws',
      service: 'iam',
      region: '',
      accountId: '111122223333',
      resource: 'user/division/alice',
      resourceType: 'user',
      resourceId: 'division/alice',
    });
    assert.equal(parseArn('arn:aws:sts::111122223333:assumed-role/role/session')?.resourceType, 'assumed-role');
    const object = parseArn('arn:aws:s3:::bucket/a/b.csv');
    assert.equal(object?.bucket, 'bucket');
    assert.equal(object?.key, 'a/b.csv');
    assert.equal(parseArn('arn:aws:s3:::bucket')?.resourceType, 'bucket');
    assert.equal(parseArn('arn:aws:cloudtrail:eu-west-1:111122223333:trail/t')?.region, 'eu-west-1');
    assert.equal(parseArn('arn:aws-cn:s3:cn-north-1:111122223333:accesspoint/ap')?.resourceType, 'accesspoint');
    assert.equal(parseArn('arn:aws:sns:eu-west-1:111122223333:topic:subscription')?.resourceType, 'topic');
  });

  it('rejects what is not an ARN', () => {
    for (const text of ['', 'arn:', 'arn:aws:s3', 'nope:aws:s3:::b', 'arn::s3:::b']) assert.equal(parseArn(text), null, text);
  });

  it('describes the parts in plain lines', () => {
    const parsed = parseArn('arn:aws-us-gov:iam::111122223333:role/r');
    assert.ok(parsed);
    assert.deepEqual(describeArnParts(parsed), [
      'Partition: aws-us-gov (AWS GovCloud (US) Regions)',
      'Service: iam',
      'Region: (none: global resource)',
      'Account: 111122223333',
      'Resource type: role',
      'Resource: r',
    ]);
  });
});
