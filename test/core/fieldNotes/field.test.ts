import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeErrorCode, ERROR_CODES } from '../../../src/core/fieldNotes/errorCodes';
import { describeAge, fieldNote, type FieldNote } from '../../../src/core/fieldNotes/field';
import { EVENT_SOURCES } from '../../../src/core/fieldNotes/glossary';
import { handmade, realRecord } from '../s3/domainFixtures';

const NOW = new Date('2024-05-14T12:30:00Z');

function explain(record: Record<string, unknown>, path: (string | number)[]): FieldNote {
  const explanation = fieldNote(record, path, NOW);
  assert.ok(explanation, `an explanation for ${path.join('.')}`);
  for (const line of explanation.lines) assert.equal(typeof line, 'string');
  return explanation;
}

describe('fieldNote', () => {
  it('eventName: level, category, why, API link', () => {
    const explanation = explain(handmade('handmade-get-object'), ['eventName']);
    assert.equal(explanation.title, 'GetObject: object-level S3 data event');
    assert.match(explanation.lines[0] ?? '', /object-level table/);
    assert.deepEqual(explanation.links?.[0], {
      label: 'GetObject API reference',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectGET.html',
    });
  });

  it('eventName of a special case links the special-case documentation', () => {
    const explanation = explain(handmade('handmade-delete-objects-2025'), ['eventName']);
    assert.ok(explanation.links?.some((link) => link.url.includes('filtering-data-events-deleteobjects')));
  });

  it('eventName of a non-S3 event says so', () => {
    assert.equal(explain(handmade('handmade-iam-create-user'), ['eventName']).title, 'CreateUser: not an Amazon S3 event');
  });

  it('any path inside userIdentity gives the decoded identity and the three answers', () => {
    const record = handmade('handmade-cross-account-get');
    const explanation = explain(record, ['userIdentity', 'sessionContext', 'sessionIssuer', 'userName']);
    assert.equal(explanation.title, 'userIdentity: Assumed role');
    assert.match(explanation.lines[0] ?? '', /^Role reader \(session nightly\) of account 444455556666/);
    assert.match(explanation.lines[2] ?? '', /^Temporary credentials of a role or federated user\? Yes/);
  });

  it('userIdentity.accessKeyId: long-term or temporary, and the owning account', () => {
    const explanation = explain(handmade('handmade-key-only-account'), ['userIdentity', 'accessKeyId']);
    assert.ok(explanation.lines.some((line) => /temporary access key .* encodes account 444455556666/.test(line)));
  });

  it('userIdentity.principalId: prefix and session name', () => {
    const explanation = explain(handmade('handmade-cross-account-get'), ['userIdentity', 'principalId']);
    assert.ok(explanation.lines.includes('Prefix AROA: IAM role.'));
    assert.ok(explanation.lines.includes('Names the role with unique id AROAEXAMPLEROLEID123, session nightly.'));
  });

  it('userIdentity.arn: the ARN parts', () => {
    const explanation = explain(handmade('handmade-get-object'), ['userIdentity', 'arn']);
    assert.ok(explanation.lines.includes('Resource type: user'));
  });

  it('accessKeyId outside userIdentity (STS responses)', () => {
    const record = { responseElements: { credentials: { accessKeyId: 'ASIAY34FZKBOKMUTVV7A' } } };
    const explanation = explain(record, ['responseElements', 'credentials', 'accessKeyId']);
    assert.equal(explanation.title, 'Access key ASIAY34FZKBOKMUTVV7A: temporary');
    assert.match(explanation.lines[0] ?? '', /609629065308/);
  });

  it('any ARN value: its parts', () => {
    const explanation = explain(handmade('handmade-get-object'), ['resources', 0, 'ARN']);
    assert.equal(explanation.title, 'ARN: s3 object');
    assert.deepEqual(explanation.lines, [
      'Partition: aws (AWS commercial Regions)',
      'Service: s3',
      'Region: (none: global resource)',
      'Account: (none in this ARN)',
      'Bucket: example-bucket',
      'Object key or prefix: logs/2024/a.csv',
    ]);
  });

  it('eventTime: ISO, UTC and age; non-ISO times are read as UTC and flagged', () => {
    const explanation = explain(handmade('handmade-get-object'), ['eventTime']);
    assert.deepEqual(explanation.lines.slice(0, 2), ['2024-05-14T09:30:00.000Z (UTC)', 'Age: 3 hours ago.']);
    const panther = explain({ eventTime: '2022-11-21 18:06:52' }, ['eventTime']);
    assert.equal(panther.lines[0], '2022-11-21T18:06:52.000Z (UTC)');
    assert.ok(panther.lines.some((line) => line.includes('read as UTC')));
    assert.match(explain({ eventTime: '2025-10-21TT00:52:27Z' }, ['eventTime']).lines[0] ?? '', /not a valid ISO 8601 time/);
  });

  it('sourceIPAddress: IPv4, private IPv4, IPv6, AWS service, AWS Internal', () => {
    assert.equal(explain({ sourceIPAddress: '198.51.100.7' }, ['sourceIPAddress']).title, 'sourceIPAddress: IPv4 address');
    assert.ok(explain({ sourceIPAddress: '10.1.2.3' }, ['sourceIPAddress']).lines.some((line) => line.includes('private')));
    assert.equal(explain({ sourceIPAddress: '2001:db8::1' }, ['sourceIPAddress']).title, 'sourceIPAddress: IPv6 address');
    assert.equal(explain({ sourceIPAddress: 'lifecycle.s3.amazonaws.com' }, ['sourceIPAddress']).title, 'sourceIPAddress: AWS service');
    assert.equal(explain({ sourceIPAddress: 'AWS Internal' }, ['sourceIPAddress']).title, 'sourceIPAddress: AWS internal');
  });

  it('errorCode: what it means for S3, with the error message', () => {
    const explanation = explain(handmade('handmade-cross-account-denied-caller-copy'), ['errorCode']);
    assert.equal(explanation.title, 'errorCode AccessDenied');
    assert.match(explanation.lines[0] ?? '', /Access was denied/);
    assert.ok(explanation.lines.includes('errorMessage: Access Denied'));
    assert.equal(explanation.links?.[0]?.url, 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html');
    assert.match(explain({ errorCode: 'SomethingNew' }, ['errorCode']).lines[0] ?? '', /request failed/);
  });

  it('eventSource, readOnly, eventCategory, eventType, managementEvent, recipientAccountId, awsRegion', () => {
    const record = handmade('handmade-cross-account-get');
    assert.match(explain(record, ['eventSource']).lines[0] ?? '', /Amazon S3/);
    assert.match(explain(record, ['readOnly']).lines[0] ?? '', /read-only call/);
    assert.match(explain(record, ['eventCategory']).lines[0] ?? '', /Not logged by default/);
    assert.match(explain(record, ['eventType']).lines[0] ?? '', /An API was called/);
    assert.match(explain(record, ['managementEvent']).lines[0] ?? '', /data event/);
    assert.match(explain(record, ['recipientAccountId']).lines[1] ?? '', /caller belongs to account 444455556666/);
    assert.match(explain(record, ['awsRegion']).lines[0] ?? '', /single-Region trail/);
  });

  it('resource types, eventVersion, sharedEventID, vpcEndpointId, sessionCredentialFromConsole, eventID', () => {
    const record = handmade('handmade-cross-account-get');
    assert.match(explain(record, ['resources', 1, 'type']).lines[0] ?? '', /bucket owner/);
    assert.match(explain(record, ['eventVersion']).lines[0] ?? '', /inScopeOf/);
    assert.match(explain(record, ['sharedEventID']).lines[0] ?? '', /more than one account/);
    assert.match(explain({ vpcEndpointId: 'vpce-1a2b3c4d' }, ['vpcEndpointId']).lines[0] ?? '', /VPC endpoint/);
    assert.match(explain({ sessionCredentialFromConsole: 'true' }, ['sessionCredentialFromConsole']).lines[0] ?? '', /console/);
    assert.match(explain(record, ['eventID']).lines[0] ?? '', /de-duplicate/);
  });

  it('returns undefined where there is nothing to say', () => {
    assert.equal(fieldNote(handmade('handmade-get-object'), ['requestParameters', 'key']), undefined);
    assert.equal(fieldNote(handmade('handmade-get-object'), []), undefined);
  });

  it('explains every top-level field of a real record without throwing', () => {
    const record = realRecord((candidate) => candidate.eventSource === 's3.amazonaws.com' && candidate.eventName === 'GetBucketAcl');
    for (const key of Object.keys(record)) fieldNote(record, [key], NOW);
  });
});

describe('tables for the UI', () => {
  it('error codes cover the common S3 and IAM codes', () => {
    for (const code of [
      'AccessDenied',
      'NoSuchBucket',
      'NoSuchKey',
      'NoSuchBucketPolicy',
      'InvalidAccessKeyId',
      'SignatureDoesNotMatch',
      'ExpiredToken',
      'NoSuchEntity',
      'VpceAccessDenied',
    ]) {
      assert.ok(ERROR_CODES.has(code), code);
    }
    assert.equal(describeErrorCode('Client.UnauthorizedOperation')?.code, 'UnauthorizedOperation');
  });

  it('event sources describe the S3 family', () => {
    assert.match(EVENT_SOURCES.get('s3express.amazonaws.com') ?? '', /directory buckets/);
  });

  it('ages read at a glance', () => {
    assert.equal(describeAge(30_000), 'less than a minute ago');
    assert.equal(describeAge(2 * 86_400_000), '2 days ago');
    assert.equal(describeAge(400 * 86_400_000), '13 months ago');
    assert.equal(describeAge(800 * 86_400_000), '2 years ago');
    assert.match(describeAge(-3_600_000), /^in 1 hour \(in the future/);
  });
});
