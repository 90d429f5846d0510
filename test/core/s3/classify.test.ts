import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S3_CATALOGUE } from '../../../src/core/s3/catalogue';
import { classifyEvent } from '../../../src/core/s3/classify';
import type { RawRecord, S3Level } from '../../../src/core/types';
import { handmade } from './domainFixtures';

// The three tables of the source document (Amazon S3 User Guide, "Amazon S3 CloudTrail events", older edition).
const SOURCE_ACCOUNT_LEVEL = ['DeletePublicAccessBlock', 'GetPublicAccessBlock', 'PutPublicAccessBlock'];
const SOURCE_BUCKET_LEVEL = [
  'CreateBucket',
  'DeleteBucket',
  'DeleteBucketCors',
  'DeleteBucketEncryption',
  'DeleteBucketLifecycle',
  'DeleteBucketPolicy',
  'DeleteBucketReplication',
  'DeleteBucketTagging',
  'DeletePublicAccessBlock',
  'GetBucketCors',
  'GetBucketEncryption',
  'GetBucketLifecycle',
  'GetBucketLocation',
  'GetBucketLogging',
  'GetBucketNotification',
  'GetBucketPolicy',
  'GetBucketReplication',
  'GetBucketRequestPayment',
  'GetBucketTagging',
  'GetBucketVersioning',
  'GetBucketWebsite',
  'GetPublicAccessBlock',
  'ListBuckets',
  'PutBucketAcl',
  'PutBucketCors',
  'PutBucketEncryption',
  'PutBucketLifecycle',
  'PutBucketLogging',
  'PutBucketNotification',
  'PutBucketPolicy',
  'PutBucketReplication',
  'PutBucketRequestPayment',
  'PutBucketTagging',
  'PutBucketVersioning',
  'PutBucketWebsite',
  'PutPublicAccessBlock',
];
const SOURCE_OBJECT_LEVEL = [
  'AbortMultipartUpload',
  'CompleteMultipartUpload',
  'DeleteObjects',
  'DeleteObject',
  'GetObject',
  'GetObjectAcl',
  'GetObjectTagging',
  'GetObjectTorrent',
  'HeadObject',
  'CreateMultipartUpload',
  'ListParts',
  'PostObject',
  'RestoreObject',
  'PutObject',
  'PutObjectAcl',
  'PutObjectTagging',
  'CopyObject',
  'UploadPart',
  'UploadPartCopy',
];
const SOURCE_CONDITIONAL = ['ListObjectsV2', 'ListObjectVersions', 'HeadBucket', 'DeleteObjects'];
const PUBLIC_ACCESS_BLOCK = new Set(SOURCE_ACCOUNT_LEVEL);

function s3Record(eventName: string, extra: RawRecord = {}): RawRecord {
  return { eventSource: 's3.amazonaws.com', eventName, eventTime: '2024-01-01T00:00:00Z', ...extra };
}

describe('S3 event catalogue', () => {
  it('holds every name of the source document with the level of its table', () => {
    const expectations: Array<[string[], S3Level]> = [
      [SOURCE_ACCOUNT_LEVEL, 'account'],
      [SOURCE_BUCKET_LEVEL.filter((name) => !PUBLIC_ACCESS_BLOCK.has(name)), 'bucket'],
      [SOURCE_OBJECT_LEVEL, 'object'],
      [SOURCE_CONDITIONAL, 'object'],
    ];
    for (const [names, level] of expectations) {
      for (const name of names) {
        const entry = S3_CATALOGUE.get(name);
        assert.ok(entry, `${name} is catalogued`);
        assert.equal(entry.level, level, `${name} level`);
        assert.match(entry.apiReference, /^https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/API\//, `${name} API link`);
      }
    }
  });

  it('holds the S3 events the current AWS documentation adds', () => {
    const expected: Record<string, S3Level> = {
      GetObjectAttributes: 'object',
      SelectObjectContent: 'object',
      PutObjectRetention: 'object',
      GetObjectRetention: 'object',
      PutObjectLegalHold: 'object',
      GetObjectLegalHold: 'object',
      GetBucketOwnershipControls: 'bucket',
      PutBucketOwnershipControls: 'bucket',
      DeleteBucketOwnershipControls: 'bucket',
      GetBucketPolicyStatus: 'bucket',
      GetBucketObjectLockConfiguration: 'bucket',
      PutBucketObjectLockConfiguration: 'bucket',
      GetAccountPublicAccessBlock: 'account',
      PutAccountPublicAccessBlock: 'account',
      DeleteAccountPublicAccessBlock: 'account',
      ListAccessPoints: 'account',
      GetStorageLensConfiguration: 'account',
      PutStorageLensConfiguration: 'account',
      CreateSession: 'object',
      GetBucketAcl: 'bucket',
    };
    for (const [name, level] of Object.entries(expected)) assert.equal(S3_CATALOGUE.get(name)?.level, level, name);
  });

  it('gives each entry a read/write nature consistent with its verb', () => {
    assert.equal(S3_CATALOGUE.get('GetObject')?.readOnly, true);
    assert.equal(S3_CATALOGUE.get('HeadBucket')?.readOnly, true);
    assert.equal(S3_CATALOGUE.get('PutObject')?.readOnly, false);
    assert.equal(S3_CATALOGUE.get('DeleteObjects')?.readOnly, false);
    assert.equal(S3_CATALOGUE.get('SelectObjectContent')?.readOnly, true);
  });
});

describe('classifyEvent: catalogue names', () => {
  it('classifies an object read as an object-level data event with its reason, evidence and API link', () => {
    const classification = classifyEvent(handmade('handmade-get-object'));
    assert.equal(classification.isS3, true);
    assert.equal(classification.level, 'object');
    assert.equal(classification.category, 'data');
    assert.equal(classification.readOnly, true);
    assert.equal(classification.inferred, false);
    assert.match(classification.reason, /^GetObject is an object-level data event: .*object-level table/);
    assert.deepEqual(
      classification.evidence.map((evidence) => evidence.field),
      ['eventName', 'eventCategory'],
    );
    assert.equal(classification.apiReference, 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectGET.html');
  });

  it('lets the record category win over the catalogue default, and says so', () => {
    const classification = classifyEvent(s3Record('GetObject', { eventCategory: 'Management' }));
    assert.equal(classification.category, 'management');
    assert.match(classification.reason, /usually a data event/);
  });

  it('falls back to managementEvent, then to the catalogue default, on older records', () => {
    assert.equal(classifyEvent(s3Record('PutObject', { managementEvent: false })).category, 'data');
    const old = classifyEvent(s3Record('PutBucketPolicy'));
    assert.equal(old.category, 'management');
    assert.match(old.reason, /no eventCategory/);
  });

  it('prefers the record readOnly over the catalogue', () => {
    assert.equal(classifyEvent(s3Record('GetObject', { readOnly: false })).readOnly, false);
    assert.equal(classifyEvent(s3Record('GetObject')).readOnly, true);
  });

  it('shares one frozen answer between records with the same deciding fields', () => {
    const first = classifyEvent(s3Record('GetBucketAcl', { eventCategory: 'Management', readOnly: true, managementEvent: true }));
    const second = classifyEvent(
      s3Record('GetBucketAcl', { eventCategory: 'Management', readOnly: true, managementEvent: true, requestParameters: { bucketName: 'b' } }),
    );
    assert.equal(first, second);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.evidence));
  });

  it('keeps the S3 Express event source in the S3 family', () => {
    const classification = classifyEvent(handmade('handmade-s3express-create-session'));
    assert.equal(classification.isS3, true);
    assert.equal(classification.level, 'object');
    assert.equal(classification.category, 'data');
  });
});

describe('classifyEvent: special cases of the source document', () => {
  for (const [id, name] of [
    ['handmade-list-objects-prefix', 'ListObjects'],
    ['handmade-list-objects-v2', 'ListObjectsV2'],
    ['handmade-list-object-versions', 'ListObjectVersions'],
  ] as const) {
    it(`${name} with a selected prefix is an object-level data event (list-objects-prefix)`, () => {
      const classification = classifyEvent(handmade(id));
      assert.equal(classification.level, 'object');
      assert.equal(classification.category, 'data');
      assert.equal(classification.specialCase, 'list-objects-prefix');
      assert.match(classification.reason, /prefix/);
    });
  }

  it('ListObjects evidence shows the ARNPrefix and the listed prefix', () => {
    const classification = classifyEvent(handmade('handmade-list-objects-prefix'));
    const fields = classification.evidence.map((evidence) => `${evidence.field}=${evidence.value}`);
    assert.ok(fields.includes('resources[0].ARNPrefix=arn:aws:s3:::example-bucket/logs/'), fields.join(' '));
    assert.ok(fields.includes('requestParameters.prefix=logs/'));
  });

  it('a listing recorded as a management event stays bucket-level', () => {
    const classification = classifyEvent(s3Record('ListObjects', { eventCategory: 'Management', requestParameters: { bucketName: 'b' } }));
    assert.equal(classification.level, 'bucket');
    assert.equal(classification.specialCase, 'list-objects-prefix');
  });

  it('HeadBucket with an empty prefix is an object-level data event (head-bucket-empty-prefix)', () => {
    const classification = classifyEvent(handmade('handmade-head-bucket'));
    assert.equal(classification.level, 'object');
    assert.equal(classification.specialCase, 'head-bucket-empty-prefix');
    assert.match(classification.reason, /empty prefix/);
  });

  it('DeleteObjects before June 2025: key names are not logged', () => {
    const classification = classifyEvent(handmade('handmade-delete-objects-2023'));
    assert.equal(classification.level, 'object');
    assert.equal(classification.specialCase, 'delete-objects-empty-prefix');
    assert.match(classification.reason, /does not log the key names/);
    assert.match(classification.reason, /rule in force before 2025-06-01/);
  });

  it('DeleteObjects since June 2025: one DeleteObject per deleted key accompanies it', () => {
    const classification = classifyEvent(handmade('handmade-delete-objects-2025'));
    assert.equal(classification.specialCase, 'delete-objects-empty-prefix');
    assert.match(classification.reason, /one DeleteObject event per deleted key/);
    assert.doesNotMatch(classification.reason, /does not log the key names/);
  });

  it('DeleteObject recorded as AwsServiceEvent since June 2025 is the DeleteObjects fan-out', () => {
    const classification = classifyEvent(handmade('handmade-delete-object-fan-out'));
    assert.equal(classification.level, 'object');
    assert.equal(classification.specialCase, 'delete-object-fan-out');
    assert.equal(classification.evidence[0]?.field, 'eventType');
  });

  it('an ordinary DeleteObject is not the fan-out', () => {
    assert.equal(classifyEvent(s3Record('DeleteObject', { eventType: 'AwsApiCall', eventCategory: 'Data' })).specialCase, undefined);
  });

  it('the OPTIONS preflight is a bucket-level action because it checks the bucket CORS configuration', () => {
    const classification = classifyEvent(handmade('handmade-options-preflight'));
    assert.equal(classification.level, 'bucket');
    assert.equal(classification.specialCase, 'options-preflight');
    assert.match(classification.reason, /CORS configuration/);
  });

  it('an unlisted name carrying the preflight header is recognised as the OPTIONS preflight (inferred)', () => {
    const record = s3Record('PreflightObject', {
      requestParameters: { bucketName: 'b', key: 'k', 'Access-Control-Request-Method': 'PUT', Origin: 'https://example.com' },
    });
    const classification = classifyEvent(record);
    assert.equal(classification.level, 'bucket');
    assert.equal(classification.inferred, true);
    assert.equal(classification.specialCase, 'options-preflight');
    assert.match(classification.reason, /^PreflightObject is inferred to be a bucket-level management event: .*CORS preflight/);
    assert.equal(classification.evidence[1]?.field, 'requestParameters.Access-Control-Request-Method');
  });

  it('PutPublicAccessBlock naming a bucket is bucket-level, and says which evidence decided', () => {
    const classification = classifyEvent(handmade('handmade-pab-bucket'));
    assert.equal(classification.level, 'bucket');
    assert.equal(classification.specialCase, 'public-access-block-scope');
    assert.equal(classification.evidence[0]?.field, 'requestParameters.bucketName');
    assert.match(classification.reason, /requestParameters\.bucketName decided/);
  });

  it('PutPublicAccessBlock sent to the S3 Control host is account-level', () => {
    const classification = classifyEvent(handmade('handmade-pab-account'));
    assert.equal(classification.level, 'account');
    assert.equal(classification.evidence[0]?.field, 'requestParameters.Host');
    assert.match(classification.reason, /S3 Control/);
  });

  it('a PublicAccessBlock record with a bucket resource is bucket-level', () => {
    const record = s3Record('GetPublicAccessBlock', { resources: [{ type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::b', accountId: '111122223333' }] });
    const classification = classifyEvent(record);
    assert.equal(classification.level, 'bucket');
    assert.equal(classification.evidence[0]?.field, 'resources[0].type');
  });

  it('a PublicAccessBlock record with no evidence is assumed account-level, and says so', () => {
    const classification = classifyEvent(handmade('handmade-pab-no-evidence'));
    assert.equal(classification.level, 'account');
    assert.match(classification.reason, /names no bucket/);
  });

  it('ListBuckets stays bucket-level as AWS files it, and the reason says it covers the account', () => {
    const classification = classifyEvent(s3Record('ListBuckets', { eventCategory: 'Management' }));
    assert.equal(classification.level, 'bucket');
    assert.match(classification.reason, /lists every bucket of the account/);
  });

  it('a SOAP operation name is classified like its REST name', () => {
    const classification = classifyEvent(s3Record('ListAllMyBuckets', { eventCategory: 'Management' }));
    assert.equal(classification.level, 'bucket');
    assert.equal(classification.specialCase, 'soap-operation');
    assert.match(classification.reason, /SOAP name of ListBuckets/);
  });

  it('a network activity record keeps its level and is of the network-activity category, neither management nor data', () => {
    const classification = classifyEvent(s3Record('GetObject', { eventCategory: 'NetworkActivity', eventType: 'AwsVpceEvent' }));
    assert.equal(classification.level, 'object');
    assert.equal(classification.category, 'network-activity');
    assert.equal(classification.specialCase, 'network-activity');
    assert.match(classification.reason, /network activity/);
  });
});

describe('classifyEvent: names missing from the catalogue', () => {
  it('infers object level from an AWS::S3::Object resource, marked as inferred with its evidence', () => {
    const classification = classifyEvent(handmade('handmade-unlisted-object-call'));
    assert.equal(classification.inferred, true);
    assert.equal(classification.level, 'object');
    assert.equal(classification.category, 'data');
    assert.deepEqual(
      classification.evidence.slice(0, 2).map((evidence) => evidence.field),
      ['eventName', 'resources[0].type'],
    );
    assert.match(classification.reason, /inferred/);
  });

  it('infers object level from requestParameters.key when there are no resources', () => {
    const classification = classifyEvent(s3Record('SomethingNew', { requestParameters: { bucketName: 'b', key: 'k' } }));
    assert.equal(classification.level, 'object');
    assert.equal(classification.evidence[1]?.field, 'requestParameters.key');
  });

  it('infers object level from eventCategory Data alone', () => {
    assert.equal(classifyEvent(s3Record('SomethingNew', { eventCategory: 'Data' })).level, 'object');
  });

  it('infers bucket level from requestParameters.bucketName', () => {
    const classification = classifyEvent(handmade('handmade-unlisted-bucket-call'));
    assert.equal(classification.level, 'bucket');
    assert.equal(classification.category, 'management');
    assert.equal(classification.evidence[1]?.field, 'requestParameters.bucketName');
  });

  it('infers account level from the S3 Control host even when a bucket is named', () => {
    const record = s3Record('CreateAccessPointFuture', {
      eventCategory: 'Management',
      requestParameters: { Host: '111122223333.s3-control.eu-west-1.amazonaws.com', bucketName: 'b' },
    });
    const classification = classifyEvent(record);
    assert.equal(classification.level, 'account');
    assert.equal(classification.evidence[1]?.field, 'requestParameters.Host');
  });

  it('infers account level when the record names no bucket and no object', () => {
    const classification = classifyEvent(s3Record('GetStorageLensDashboardDataInternal', { eventCategory: 'Management' }));
    assert.equal(classification.level, 'account');
    assert.equal(classification.inferred, true);
  });
});

describe('classifyEvent: non-S3 events', () => {
  it('gives non-S3 events no level and keeps them apart', () => {
    const classification = classifyEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', eventCategory: 'Management' });
    assert.equal(classification.isS3, false);
    assert.equal(classification.level, null);
    assert.match(classification.reason, /iam\.amazonaws\.com is not an Amazon S3 event source/);
  });

  it('keeps the category and readOnly of each non-S3 record (one source, several categories)', () => {
    const invoke = classifyEvent({ eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', eventCategory: 'Data', readOnly: false });
    const list = classifyEvent({ eventSource: 'lambda.amazonaws.com', eventName: 'ListFunctions', eventCategory: 'Management', readOnly: true });
    assert.equal(invoke.category, 'data');
    assert.equal(invoke.readOnly, false);
    assert.equal(list.category, 'management');
    assert.equal(list.readOnly, true);
    assert.equal(classifyEvent({ eventSource: 'ec2.amazonaws.com', managementEvent: true }).category, 'management');
  });

  it('handles records without eventSource and with hostile values', () => {
    for (const record of [
      {},
      { eventSource: 42 },
      { eventSource: 's3.amazonaws.com', eventName: { toString: 1 }, resources: 'x', requestParameters: [] },
    ]) {
      const classification = classifyEvent(record as RawRecord);
      assert.equal(typeof classification.reason, 'string');
    }
  });

  it('classifies 200,000 events quickly (catalogue lookup, shared answers)', () => {
    const records = [
      s3Record('GetObject', { eventCategory: 'Data', readOnly: true }),
      { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' },
      s3Record('PutBucketPolicy'),
    ];
    const started = process.hrtime.bigint();
    for (let index = 0; index < 200_000; index++) classifyEvent(records[index % records.length] as RawRecord);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs < 2000, `took ${elapsedMs} ms`);
  });
});
