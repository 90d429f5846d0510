// Hover notes for the identity and sign-in facts of issue 10: console sign-in outcome and MFA, forward access
// sessions, EC2 instance credentials, and ListObjects calls that were ListObjectsV2.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldNote, type FieldNote } from '../../../src/core/fieldNotes/field';
import type { RawRecord } from '../../../src/core/types';
import { handmade, realRecord, userIdentityOf } from '../s3/domainFixtures';

function note(record: RawRecord, path: (string | number)[]): FieldNote {
  const found = fieldNote(record, path);
  assert.ok(found, `a note for ${path.join('.')}`);
  return found;
}

const rootSignIn = () =>
  realRecord(
    (record) =>
      record.eventName === 'ConsoleLogin' &&
      userIdentityOf(record)?.type === 'Root' &&
      (record.responseElements as Record<string, unknown> | undefined)?.ConsoleLogin === 'Success',
  );

describe('console sign-in notes', () => {
  it('additionalEventData.MFAUsed says whether MFA was used, with the summary', () => {
    const found = note(rootSignIn(), ['additionalEventData', 'MFAUsed']);
    assert.equal(found.title, 'MFAUsed No');
    assert.deepEqual(found.lines, [
      'No MFA was used for this console sign-in.',
      'The root user of account 111122223333 signed in to the console without MFA.',
    ]);
  });

  it('responseElements.ConsoleLogin says the outcome, with the errorMessage of a failure', () => {
    assert.equal(note(rootSignIn(), ['responseElements', 'ConsoleLogin']).lines[0], 'The console sign-in succeeded.');
    const failed = realRecord(
      (record) =>
        record.eventName === 'ConsoleLogin' &&
        (record.responseElements as Record<string, unknown> | undefined)?.ConsoleLogin === 'Failure' &&
        record.errorMessage === 'Failed authentication',
    );
    assert.equal(note(failed, ['responseElements', 'ConsoleLogin']).lines[0], 'The console sign-in failed: Failed authentication.');
  });

  it('the same fields on another event get no sign-in note', () => {
    const record = { ...handmade('handmade-get-object'), additionalEventData: { MFAUsed: 'Yes' }, responseElements: { ConsoleLogin: 'Success' } };
    assert.equal(fieldNote(record, ['additionalEventData', 'MFAUsed']), undefined);
    assert.equal(fieldNote(record, ['responseElements', 'ConsoleLogin']), undefined);
  });
});

describe('identity notes', () => {
  it('invokedBy "AWS Internal" with an ASIA key: a forward access session (real, invictus-ir)', () => {
    const record = realRecord((record) => userIdentityOf(record)?.invokedBy === 'AWS Internal' && record.eventName === 'GetStorageLensConfiguration');
    const found = note(record, ['userIdentity', 'invokedBy']);
    assert.ok(found.lines.some((line) => line.startsWith("An AWS service made this call on the principal's behalf with a forward access session")));
  });

  it('sessionContext.ec2RoleDelivery: IMDSv2, and IMDSv1 with its warning', () => {
    const record = handmade('handmade-ec2-instance-role');
    const path = ['userIdentity', 'sessionContext', 'ec2RoleDelivery'];
    assert.ok(note(record, path).lines.some((line) => line.startsWith('IMDSv2 delivered these EC2 instance role credentials')));
    ((record.userIdentity as Record<string, Record<string, unknown>>).sessionContext as Record<string, unknown>).ec2RoleDelivery = '1.0';
    assert.ok(note(record, path).lines.some((line) => /^IMDSv1 .*Require IMDSv2/.test(line)));
  });
});

describe('ListObjects calls that were ListObjectsV2', () => {
  it('eventName says so and links the ListObjectsV2 API', () => {
    const found = note(handmade('handmade-list-objects-prefix'), ['eventName']);
    assert.match(found.title, /^ListObjects \(ListObjectsV2\): /);
    assert.equal(
      found.lines[0],
      'A ListObjectsV2 call: CloudTrail logs ListObjectsV2 requests as ListObjects; requestParameters.list-type = 2 says which one this was.',
    );
    assert.deepEqual(found.links?.[0], {
      label: 'ListObjectsV2 API reference',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html',
    });
  });

  it('requestParameters.list-type names the operation; without it eventName is plain ListObjects', () => {
    const record = handmade('handmade-list-objects-prefix');
    assert.equal(note(record, ['requestParameters', 'list-type']).title, 'list-type 2: a ListObjectsV2 request');
    delete (record.requestParameters as Record<string, unknown>)['list-type'];
    assert.match(note(record, ['eventName']).title, /^ListObjects: /);
  });
});
