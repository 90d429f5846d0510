// The words of tree rows and search items. Principals are the shapes of real records (invictus-ir, TrailDiscover in
// ../shared/data) and of the userIdentity documentation:
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countText,
  countWords,
  distinctLabels,
  elide,
  elideStart,
  eventDescription,
  eventRow,
  eventSentence,
  eventTimeLabel,
  fileName,
  principalName,
  ROW_NAME_MAX,
  rowTime,
  shortPrincipal,
  timeShownFor,
} from '../../src/view/eventLabels';

/** The width of a tree row at the default sidebar width, in characters (label, a space, description). */
const ROW_WIDTH = 38;

const GET_OBJECT_DENIED = {
  eventName: 'GetObject',
  apiOperation: null,
  eventTime: '2023-07-10T12:11:15Z',
  principal: 'arn:aws:iam::123837392027:user/bert-jan',
  bucket: 'baker221b-data',
  objectKey: 'secret.txt',
  errorCode: 'AccessDenied',
};

describe('search palette words', () => {
  it('eventTimeLabel shows UTC to the second, and says when there is no time', () => {
    assert.equal(eventTimeLabel('2024-01-15T10:45:23Z'), '2024-01-15 10:45:23Z');
    assert.equal(eventTimeLabel(null), '(no time)');
  });

  it('shortPrincipal keeps the resource of an ARN and other names whole', () => {
    assert.equal(shortPrincipal('arn:aws:sts::111111111111:assumed-role/Admin/alice'), 'assumed-role/Admin/alice');
    assert.equal(shortPrincipal('arn:aws:iam::111111111111:user/bob'), 'user/bob');
    assert.equal(shortPrincipal('s3.amazonaws.com'), 's3.amazonaws.com');
    assert.equal(shortPrincipal('arn:aws:iam::111111111111:'), 'arn:aws:iam::111111111111:');
    assert.equal(shortPrincipal(null), undefined);
  });

  it('eventDescription joins principal, bucket/key and error, leaving out what is missing', () => {
    const base = { principal: 'arn:aws:iam::111111111111:user/bob', bucket: 'logs', objectKey: 'a/b.txt', errorCode: 'AccessDenied' };
    assert.equal(eventDescription(base), 'user/bob · logs/a/b.txt · AccessDenied');
    assert.equal(eventDescription({ ...base, objectKey: null, errorCode: null }), 'user/bob · logs');
    assert.equal(eventDescription({ principal: null, bucket: null, objectKey: null, errorCode: null }), '');
  });
});

describe('group rows', () => {
  it('countText puts the count first and errors only when some failed; countWords says it in full', () => {
    assert.equal(countText(16574, 24), '16,574 · 24 ✗');
    assert.equal(countText(1, 0), '1');
    assert.equal(countText(1_204_000, 1), '1,204,000 · 1 ✗');
    assert.equal(countWords(16574, 24), '16,574 events, 24 with an error');
    assert.equal(countWords(1, 0), '1 event');
    assert.equal(countWords(2, 1), '2 events, 1 with an error');
  });

  it('a level group keeps its count and error count within the row width', () => {
    const label = 'Object-level (data events)';
    assert.ok(`${label} ${countText(16574, 24)}`.length <= ROW_WIDTH + 2);
    assert.ok(`${label} ${countText(16574, 24)}`.endsWith('24 ✗'));
  });

  it('elide keeps the head and the tail of a long name, at the given length', () => {
    const role = 'AWSReservedSSO_AdministratorAccess_1b74cd717d47002b/AdanAlvarez';
    assert.equal(elide(role).length, ROW_NAME_MAX);
    assert.equal(elide(role), 'AWSReservedS…AdanAlvarez');
    assert.equal(elide('short'), 'short');
    assert.equal(elide('x'.repeat(ROW_NAME_MAX)), 'x'.repeat(ROW_NAME_MAX));
    assert.equal(elide('abcdefghij', 5), 'ab…ij');
    assert.equal(elideStart('Client.InvalidRouteTableID.NotFound'), '…idRouteTableID.NotFound');
    assert.equal(elideStart('Client.InvalidRouteTableID.NotFound').length, ROW_NAME_MAX);
    assert.equal(elideStart('AccessDenied'), 'AccessDenied');
  });

  it('fileName keeps the delivery time and the start of the unique string of a delivered log; other names whole', () => {
    const delivered =
      '/logs/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json.gz';
    assert.equal(fileName(delivered), '20230710T1145Z_7xgocspS…');
    assert.equal(fileName('C:\\logs\\218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgo.json'), '20230710T1145Z_7xgo');
    assert.equal(fileName('/work/s3-activity.json'), 's3-activity.json');
    assert.equal(fileName('/work/' + 'a'.repeat(40) + '.json').length, ROW_NAME_MAX);
  });

  it('distinctLabels takes the next shortening for labels that clash, down to the value itself', () => {
    const admin = (account: string) => `arn:aws:iam::${account}:user/admin`;
    const values = [
      admin('111122223333'),
      admin('444455556666'),
      'arn:aws:iam::123837392027:user/bert-jan',
      'bert-jan',
      'arn:aws:iam::123837392027:user/bob',
    ];
    const resource = (value: string) => shortPrincipal(value);
    assert.deepEqual(distinctLabels(values, [principalName, resource]), [values[0], values[1], 'user/bert-jan', 'bert-jan', 'bob']);
    assert.deepEqual(distinctLabels(['a', 'b'], []), ['a', 'b']);
  });
});

describe('event rows', () => {
  it('principalName: a user by name, a role session as role/session, a service without its domain, long names elided', () => {
    assert.equal(principalName('arn:aws:iam::123837392027:user/bert-jan'), 'bert-jan');
    assert.equal(principalName('arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/Alice'), 'Alice');
    assert.equal(principalName('arn:aws:sts::123456789012:assumed-role/Admin/Jack'), 'Admin/Jack');
    assert.equal(principalName('arn:aws:sts::111122223333:federated-user/Bob'), 'Bob');
    assert.equal(principalName('arn:aws:iam::123456789012:root'), 'root');
    assert.equal(principalName('delivery.logs.amazonaws.com'), 'delivery.logs');
    assert.equal(principalName('secretsmanager.amazonaws.com'), 'secretsmanager');
    assert.equal(principalName('AROAEXAMPLE:session-name'), 'AROAEXAMPLE:session-name');
    const long = principalName('arn:aws:sts::123837392027:assumed-role/stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1688990082523310002');
    assert.equal(long, 'stratus-red-…82523310002');
    assert.equal(long.length, ROW_NAME_MAX);
    assert.equal(principalName(null), undefined);
  });

  it('timeShownFor: one day shows the time, one year the day, more the date', () => {
    assert.equal(timeShownFor('2023-07-10T11:40:02Z', '2023-07-10T12:31:59Z'), 'time');
    assert.equal(timeShownFor('2023-07-10T23:59:59Z', '2023-07-11T00:00:00Z'), 'day');
    assert.equal(timeShownFor('2023-12-31T23:59:59Z', '2024-01-01T00:00:00Z'), 'full');
    assert.equal(timeShownFor(null, null), 'full');
    assert.equal(rowTime('2023-07-10T12:11:15Z', 'time'), '12:11:15');
    assert.equal(rowTime('2023-07-10T12:11:15Z', 'day'), 'Jul 10 12:11:15');
    assert.equal(rowTime('2023-12-01T00:00:09Z', 'day'), 'Dec 1 00:00:09');
    assert.equal(rowTime('2023-07-10T12:11:15Z', 'full'), '2023-07-10 12:11:15');
    assert.equal(rowTime(null, 'time'), '(no time)');
  });

  it('eventRow: time and principal, then bucket/key and error; the start fits the row width', () => {
    const row = eventRow(GET_OBJECT_DENIED, 'time');
    assert.deepEqual(row, { label: '12:11:15 bert-jan', description: 'baker221b-data/secret.txt · AccessDenied' });
    assert.ok(`${row.label} ${row.description}`.slice(0, ROW_WIDTH).includes('baker221b-data'), 'the bucket is in sight');
  });

  it('eventRow leaves out what the top-level group names', () => {
    assert.deepEqual(eventRow(GET_OBJECT_DENIED, 'time', 'principal'), {
      label: '12:11:15',
      description: 'baker221b-data/secret.txt · AccessDenied',
    });
    assert.deepEqual(eventRow(GET_OBJECT_DENIED, 'time', 'bucket'), { label: '12:11:15 bert-jan', description: 'secret.txt · AccessDenied' });
    assert.deepEqual(eventRow(GET_OBJECT_DENIED, 'day', 'errorCode'), {
      label: 'Jul 10 12:11:15 bert-jan',
      description: 'baker221b-data/secret.txt',
    });
    const listBuckets = { ...GET_OBJECT_DENIED, bucket: null, objectKey: null, errorCode: null };
    assert.deepEqual(eventRow(listBuckets, 'full'), { label: '2023-07-10 12:11:15 bert-jan', description: '' });
  });

  it('eventSentence says the row in full: name, UTC time, the whole principal, target and error', () => {
    assert.equal(
      eventSentence(GET_OBJECT_DENIED),
      'GetObject at 2023-07-10 12:11:15 UTC by arn:aws:iam::123837392027:user/bert-jan on baker221b-data/secret.txt, error AccessDenied',
    );
    assert.equal(
      eventSentence({
        ...GET_OBJECT_DENIED,
        eventName: 'ListObjects',
        apiOperation: 'ListObjectsV2',
        eventTime: null,
        principal: null,
        errorCode: null,
      }),
      'ListObjects (ListObjectsV2) at an unknown time on baker221b-data/secret.txt',
    );
  });
});
