// Regression tests for the wrong verdicts of issue 10, each on a record shaped like the real one.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { explainTrail } from '../../../src/core/trail/explain';
import { loadTrailConfigurationFiles } from '../../../src/core/trail/load';
import type { RawRecord } from '../../../src/core/types';
import { handmade, realRecord } from '../s3/domainFixtures';
import { fileTrail } from './trailConfig';
import { tempFolder } from '../load/temporaryFolders';

const westTrail = fileTrail({ homeRegion: 'us-west-1', isMultiRegionTrail: false, trailArn: 'arn:aws:cloudtrail:us-west-1:111122223333:trail/west' });

describe('1. global service events', () => {
  // grycap: a real STS AssumeRole of 2017 on the global endpoint, recorded in us-east-1.
  const assumeRole2017 = realRecord((record) => record.eventName === 'AssumeRole' && String(record.eventTime).startsWith('2017-06-01'));
  const owned = { ...assumeRole2017, recipientAccountId: '111122223333' };

  it('before 2021-11-22 a single-Region trail elsewhere with IncludeGlobalServiceEvents received them', () => {
    const verdict = explainTrail(owned, westTrail);
    assert.equal(verdict.logged, true, verdict.reasons.join(' '));
    assert.ok(verdict.tree.children?.some((node) => /before 2021-11-22 they went to every trail/.test(node.label)));
  });

  it('since 2021-11-22 it does not, and IncludeGlobalServiceEvents false excludes them at any date', () => {
    assert.equal(explainTrail({ ...owned, eventTime: '2022-06-01T21:50:21Z' }, westTrail).logged, false);
    const excluded = explainTrail(owned, { ...westTrail, includeGlobalServiceEvents: false });
    assert.equal(excluded.logged, false);
    assert.match(excluded.reasons[0] ?? '', /IncludeGlobalServiceEvents false/);
  });

  it('sign-in events are global service events', () => {
    // lookup-events example: a real ConsoleLogin of 2016 in us-east-1.
    const signIn = {
      ...realRecord((record) => record.eventName === 'ConsoleLogin' && String(record.eventTime).startsWith('2016')),
      recipientAccountId: '111122223333',
    };
    assert.equal(explainTrail(signIn, westTrail).logged, true);
    const excluded = explainTrail(signIn, { ...fileTrail({}), includeGlobalServiceEvents: false });
    assert.equal(excluded.logged, false);
    assert.match(excluded.reasons[0] ?? '', /signin\.amazonaws\.com is a global service event/);
  });

  it('an STS call to a Regional endpoint (sts.<region>.amazonaws.com) is a Regional event', () => {
    // boogy: a real AssumeRoleWithWebIdentity sent to sts.us-east-1.amazonaws.com.
    const regional = realRecord((record) => record.eventName === 'AssumeRoleWithWebIdentity' && String(record.eventTime).startsWith('2024-03-13'));
    const owned = { ...regional, recipientAccountId: '111122223333' };
    const inUsEast1 = fileTrail({ homeRegion: 'us-east-1', isMultiRegionTrail: false, includeGlobalServiceEvents: false });
    assert.equal(explainTrail(owned, inUsEast1).logged, true, 'IncludeGlobalServiceEvents false does not exclude a Regional STS call');
    const before = { ...owned, eventTime: '2020-01-01T00:00:00Z' };
    const verdict = explainTrail(before, westTrail);
    assert.equal(verdict.logged, false, 'a Regional event never went to another Region’s trail');
    assert.match(verdict.reasons[0] ?? '', /Single-Region trail in us-west-1; the event happened in us-east-1/);
  });
});

describe('2. the logging state at the event’s time', () => {
  const event = handmade('handmade-put-bucket-policy');
  const stoppedNow = fileTrail({ isLogging: false, startedLoggingAt: '2024-01-01T00:00:00.000Z', stoppedLoggingAt: '2024-06-01T00:00:00.000Z' });

  it('a trail stopped now logged the events before it was stopped', () => {
    assert.equal(String(event.eventTime).slice(0, 10), '2024-05-14');
    const verdict = explainTrail(event, stoppedNow);
    assert.equal(verdict.logged, true, verdict.reasons.join(' '));
    assert.match(
      verdict.tree.children?.[0]?.label ?? '',
      /logging when the event happened \(started 2024-01-01 00:00:00 UTC, stopped only later, at 2024-06-01 00:00:00 UTC\)/,
    );
  });

  it('and not those after', () => {
    const verdict = explainTrail({ ...event, eventTime: '2024-07-01T00:00:00Z' }, stoppedNow);
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons[0] ?? '', /stopped at 2024-06-01 00:00:00 UTC and not restarted before the event/);
  });

  it('a trail logging now, stopped and restarted, did not log between the stop and the restart', () => {
    const restarted = fileTrail({ isLogging: true, startedLoggingAt: '2024-05-20T00:00:00Z', stoppedLoggingAt: '2024-05-10T00:00:00Z' });
    assert.equal(explainTrail(event, restarted).logged, false);
    assert.equal(explainTrail({ ...event, eventTime: '2024-05-21T00:00:00Z' }, restarted).logged, true);
    assert.equal(explainTrail({ ...event, eventTime: '2024-05-01T00:00:00Z' }, restarted).logged, true);
  });

  it('reads get-trail-status output beside the trail by file name, or by the Name key, and reports an unpaired one', async (t) => {
    const folder = tempFolder(t, 'ctlens-status-');
    const trailJson = {
      Trail: { Name: 'audit', TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit', IsMultiRegionTrail: true, HomeRegion: 'eu-west-1' },
    };
    const status = {
      IsLogging: false,
      StartLoggingTime: '2024-01-01T00:00:00.000000+00:00',
      StopLoggingTime: '2024-06-01T00:00:00+00:00',
      TimeLoggingStarted: '2024-01-01T00:00:00Z',
      TimeLoggingStopped: '2024-06-01T00:00:00Z',
    };
    writeFileSync(join(folder, 'audit.trail.json'), JSON.stringify(trailJson));
    writeFileSync(join(folder, 'audit.status.json'), JSON.stringify(status));
    writeFileSync(join(folder, 'other.json'), JSON.stringify({ ...status, Name: 'audit' }));
    writeFileSync(join(folder, 'lost.json'), JSON.stringify(status));
    const byFileName = await loadTrailConfigurationFiles([join(folder, 'audit.trail.json'), join(folder, 'audit.status.json')]);
    assert.deepEqual(byFileName.errors, []);
    const [paired] = byFileName.trails;
    assert.ok(paired);
    assert.equal(paired.isLogging, false);
    assert.equal(paired.stoppedLoggingAt, '2024-06-01T00:00:00.000Z');
    assert.equal(explainTrail(event, paired).logged, true);
    const byKey = await loadTrailConfigurationFiles([join(folder, 'audit.trail.json'), join(folder, 'other.json')]);
    assert.equal(byKey.trails[0]?.startedLoggingAt, '2024-01-01T00:00:00.000Z');
    const lost = await loadTrailConfigurationFiles([join(folder, 'audit.trail.json'), join(folder, 'lost.json')]);
    assert.match(lost.errors[0]?.message ?? '', /names no trail it can be paired with/);
    assert.equal(lost.trails[0]?.isLogging, null);
  });

  it('accepts the status fields inside a describe-trails trail object, and reports a time it cannot read', async (t) => {
    const folder = tempFolder(t, 'ctlens-status-');
    const file = join(folder, 'described.trail.json');
    writeFileSync(
      file,
      JSON.stringify({
        trailList: [
          {
            Name: 'audit',
            TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit',
            IsLogging: false,
            StopLoggingTime: 1717200000,
            StartLoggingTime: 'soon',
          },
        ],
      }),
    );
    const { trails, errors } = await loadTrailConfigurationFiles([file]);
    assert.equal(trails[0]?.stoppedLoggingAt, '2024-06-01T00:00:00.000Z');
    assert.equal(trails[0]?.startedLoggingAt, null);
    assert.match(errors[0]?.message ?? '', /StartLoggingTime must be a time/);
  });
});

describe('3. cross-account S3 data events: both accounts’ trails can log their copy', () => {
  const ownersCopy = handmade('handmade-cross-account-get');
  const requestersCopy = handmade('handmade-cross-account-acl-email');
  const requesterTrail = fileTrail({
    accountId: '444455556666',
    trailArn: 'arn:aws:cloudtrail:eu-west-1:444455556666:trail/requester',
    eventSelectors: [
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        ExcludeManagementEventSources: [],
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
      },
    ],
  });
  const ownerTrail = { ...requesterTrail, accountId: '111122223333', trailArn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/owner' };

  it('the requester’s trail, shown the bucket owner’s copy, is judged about its own copy', () => {
    assert.equal(ownersCopy.recipientAccountId, '111122223333');
    const verdict = explainTrail(ownersCopy, requesterTrail);
    assert.equal(verdict.logged, true, verdict.reasons.join(' '));
    assert.match(
      verdict.tree.children?.find((node) => node.field === 'recipientAccountId')?.label ?? '',
      /444455556666 is the requester and receives its own copy \(same sharedEventID c3c9a4c2/,
    );
  });

  it('the bucket owner’s trail, shown the requester’s copy, is judged about the owner’s copy', () => {
    assert.equal(requestersCopy.recipientAccountId, '444455556666');
    const verdict = explainTrail(requestersCopy, ownerTrail);
    assert.equal(verdict.logged, true, verdict.reasons.join(' '));
    assert.match(verdict.tree.children?.find((node) => node.field === 'recipientAccountId')?.label ?? '', /is the bucket owner/);
  });

  it('a third account’s trail logs neither copy', () => {
    const verdict = explainTrail(ownersCopy, { ...requesterTrail, accountId: '999988887777' });
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons[0] ?? '', /neither made the call nor owns the bucket/);
  });
});

/** The record as older events and some exports give it, without readOnly. */
function withoutReadOnly(record: RawRecord): RawRecord {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'readOnly'));
}

describe('6. a record without readOnly', () => {
  const readOnlySelector = fileTrail({
    eventSelectors: [
      {
        ReadWriteType: 'ReadOnly',
        IncludeManagementEvents: true,
        ExcludeManagementEventSources: [],
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
      },
    ],
  });

  it('takes the S3 catalogue’s read/write nature and says so', () => {
    const getObject = withoutReadOnly(handmade('handmade-get-object'));
    const verdict = explainTrail(getObject, readOnlySelector);
    assert.equal(verdict.logged, true, verdict.reasons.join(' '));
    assert.match(JSON.stringify(verdict.tree), /the record has no readOnly; the S3 event catalogue says GetObject is a read/);
    const putObject = withoutReadOnly(handmade('handmade-put-object'));
    assert.equal(explainTrail(putObject, readOnlySelector).logged, false);
  });

  it('an event outside the catalogue still fails a ReadOnly selector when it does not say', () => {
    const decrypt = withoutReadOnly(handmade('handmade-kms-decrypt'));
    const verdict = explainTrail(decrypt, readOnlySelector);
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons.join(' '), /does not say whether the call was read-only/);
  });
});
