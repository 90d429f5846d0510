// Bug 4 of issue 10: anonymous and AWS-service requests have no requester account; their copy goes to the bucket
// owner. deliveryAccounts is the small function the trail verdicts use to know which accounts can hold a copy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossAccountDelivery, deliveryAccounts } from '../../../src/core/trail/crossAccount';
import type { RawRecord } from '../../../src/core/types';
import { handmade, realRecord, userIdentityOf } from '../s3/domainFixtures';
import { sharedRecord } from '../identity/sharedRecord';

// invictus-ir/aws_dataset (MIT), 218007301253_CloudTrail_us-east-1_20230710T1215Z_nBsuPO1qSTEVerMD.json: CloudTrail
// itself (an AWS service) reads the ACL of the bucket it delivers to.
const SERVICE_GET_BUCKET_ACL: RawRecord = {
  eventVersion: '1.08',
  userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
  eventTime: '2023-07-10T12:07:11Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetBucketAcl',
  awsRegion: 'us-east-1',
  sourceIPAddress: 'cloudtrail.amazonaws.com',
  userAgent: 'cloudtrail.amazonaws.com',
  requestParameters: {
    bucketName: 'stratus-red-team-ctlr-bucket-zqfsvooxqj',
    Host: 'stratus-red-team-ctlr-bucket-zqfsvooxqj.s3.us-east-1.amazonaws.com',
    acl: '',
  },
  eventID: '11ab157d-ffb2-4542-976c-193e76dd4348',
  readOnly: true,
  resources: [{ accountId: '123837392027', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::stratus-red-team-ctlr-bucket-zqfsvooxqj' }],
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '123837392027',
  sharedEventID: '0c0abd25-6df0-454f-b7ce-09874ba3c34d',
  eventCategory: 'Management',
};

const serviceGetBucketAcl = () =>
  sharedRecord(
    'invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1215Z_nBsuPO1qSTEVerMD.json',
    '11ab157d-ffb2-4542-976c-193e76dd4348',
    SERVICE_GET_BUCKET_ACL,
  );

describe('crossAccountDelivery: requests without a requester account go to the bucket owner', () => {
  it('an anonymous GetObject on a public bucket (userIdentity shape of the AWS docs)', () => {
    const delivery = crossAccountDelivery(handmade('handmade-anonymous'));
    assert.deepEqual(
      delivery.recipients.map((recipient) => [recipient.role, recipient.accountId, recipient.receives]),
      [['bucket-owner', '111122223333', 'yes']],
    );
    assert.equal(delivery.summary, 'Anonymous S3 request: the bucket owner 111122223333 receives it.');
    assert.equal(delivery.thisCopy, "This is the bucket owner's copy (account 111122223333).");
    assert.doesNotMatch(JSON.stringify(delivery), /unknown account|"role":"requester"/);
  });

  it('the ANONYMOUS_PRINCIPAL variant too', () => {
    assert.equal(crossAccountDelivery(handmade('handmade-anonymous-principal')).recipients[0]?.role, 'bucket-owner');
  });

  it('an AWS service reading a bucket ACL (real, invictus-ir)', () => {
    const delivery = crossAccountDelivery(serviceGetBucketAcl());
    assert.equal(delivery.summary, 'AWS-service S3 request: the bucket owner 123837392027 receives it.');
    assert.match(delivery.recipients[0]?.reason ?? '', /not to the service's own account/);
    assert.equal(delivery.crossAccount, false);
  });

  it('an anonymous request whose record names no bucket owner: the recipient is the owner (hand-made OPTIONS preflight)', () => {
    const delivery = crossAccountDelivery(handmade('handmade-options-preflight'));
    assert.deepEqual(
      delivery.recipients.map((recipient) => [recipient.role, recipient.accountId]),
      [['bucket-owner', '111122223333']],
    );
  });

  it('cross-account and single-account delivery are unchanged', () => {
    assert.equal(crossAccountDelivery(handmade('handmade-cross-account-get')).recipients.length, 2);
    const single = crossAccountDelivery(handmade('handmade-get-object'));
    assert.equal(single.summary, 'Single-account delivery: the event goes to account 111122223333 only.');
    assert.deepEqual(
      single.recipients.map((recipient) => recipient.role),
      ['requester'],
    );
  });

  it('a non-S3 call by an AWS service names the recipient, not "the caller\'s account"', () => {
    const record = realRecord((record) => userIdentityOf(record)?.type === 'AWSService' && record.eventSource !== 's3.amazonaws.com');
    const delivery = crossAccountDelivery(record);
    assert.equal(delivery.recipients.length, 0);
    assert.match(delivery.summary, /^The caller has no account of its own here: the event goes to account \d+ \(recipientAccountId\)\.$/);
  });
});

describe('deliveryAccounts: the accounts that can receive a copy', () => {
  const cases: Array<[string, () => RawRecord, { requester: string | null; bucketOwner: string | null }]> = [
    ['same-account S3 data event', () => handmade('handmade-get-object'), { requester: '111122223333', bucketOwner: null }],
    ['cross-account S3 data event', () => handmade('handmade-cross-account-get'), { requester: '444455556666', bucketOwner: '111122223333' }],
    ['anonymous request to a public bucket', () => handmade('handmade-anonymous'), { requester: null, bucketOwner: '111122223333' }],
    ['AWS service (real)', serviceGetBucketAcl, { requester: null, bucketOwner: '123837392027' }],
    [
      "cross-account caller's AccessDenied copy, owner blanked",
      () => handmade('handmade-cross-account-denied-caller-copy'),
      { requester: '444455556666', bucketOwner: null },
    ],
    ['not an S3 event', () => handmade('handmade-iam-create-user'), { requester: '111122223333', bucketOwner: null }],
  ];
  for (const [title, load, expected] of cases) {
    it(title, () => assert.deepEqual(deliveryAccounts(load()), expected));
  }
});
