import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crossAccountDelivery } from '../../../src/core/trail/crossAccount';
import { explainDefaults } from '../../../src/core/trail/defaults';
import { explainEvent } from '../../../src/core/trail/eventExplanation';
import { explainTrail } from '../../../src/core/trail/explain';
import { explanationLines } from '../../../src/core/trail/format';
import { parseTrailConfigurations } from '../../../src/core/trail/parse';
import type { AdvancedFieldSelector, ExplanationNode, TrailConfig } from '../../../src/core/trail/types';
import type { RawRecord } from '../../../src/core/types';
import { handmade, TRAIL_FIXTURES } from '../s3/domainFixtures';
import { fileTrail as trail } from './trailConfig';

/** An explanation as the CLI prints it, one line after another. */
const formatExplanation = (...args: Parameters<typeof explanationLines>): string => explanationLines(...args).join('\n');

function trailFrom(name: string, index = 0): TrailConfig {
  const file = join(TRAIL_FIXTURES, name);
  const trail = parseTrailConfigurations(readFileSync(file, 'utf8'), file).trails[index];
  assert.ok(trail);
  return trail;
}

function advanced(...fieldSelectors: AdvancedFieldSelector[]): TrailConfig {
  return trail({ eventSelectors: null, advancedEventSelectors: [{ Name: 'only', FieldSelectors: fieldSelectors }] });
}

function labels(node: ExplanationNode): string[] {
  return [node.label, ...(node.children ?? []).flatMap(labels)];
}

describe('explainTrail: basic selectors', () => {
  const basic = trailFrom('s3-basic.trail.jsonc');

  it('logs a management event through the management selector', () => {
    const verdict = explainTrail(handmade('handmade-put-bucket-policy'), basic);
    assert.equal(verdict.logged, true);
    assert.match(verdict.reasons[0] ?? '', /^Basic selector 1 matched: management events are included/);
  });

  it('drops management events of an excluded source (ExcludeManagementEventSources)', () => {
    const verdict = explainTrail(handmade('handmade-kms-decrypt'), basic);
    assert.equal(verdict.logged, false);
    assert.ok(verdict.reasons.some((reason) => /kms\.amazonaws\.com is in ExcludeManagementEventSources/.test(reason)));
  });

  it('logs an object write under the selected bucket/prefix', () => {
    const record = handmade('handmade-put-object');
    (record.requestParameters as Record<string, unknown>).key = 'logs/new.csv';
    record.resources = [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::example-bucket/logs/new.csv' }];
    const verdict = explainTrail(record, basic);
    assert.equal(verdict.logged, true);
    assert.match(verdict.reasons[0] ?? '', /arn:aws:s3:::example-bucket\/logs\/ is a prefix of arn:aws:s3:::example-bucket\/logs\/new\.csv/);
  });

  it('does not log an object write outside the prefix', () => {
    const verdict = explainTrail(handmade('handmade-put-object'), basic);
    assert.equal(verdict.logged, false);
    assert.ok(verdict.reasons.some((reason) => /no value of DataResources is a prefix of arn:aws:s3:::example-bucket\/raw\/b\.csv/.test(reason)));
  });

  it('does not log a read on a WriteOnly selector, and says why', () => {
    const verdict = explainTrail(handmade('handmade-get-object'), basic);
    assert.equal(verdict.logged, false);
    assert.ok(verdict.reasons.some((reason) => /ReadWriteType is WriteOnly but the event is a read \(readOnly=true\)/.test(reason)));
  });

  it('ReadOnly selectors take reads only', () => {
    const readOnlyTrail = trail({
      eventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true, ExcludeManagementEventSources: [], DataResources: [] }],
    });
    assert.equal(explainTrail(handmade('handmade-pab-no-evidence'), readOnlyTrail).logged, true);
    assert.equal(explainTrail(handmade('handmade-put-bucket-policy'), readOnlyTrail).logged, false);
  });

  it('"all buckets" values select every object (arn:aws:s3 and arn:aws:s3:::)', () => {
    for (const value of ['arn:aws:s3', 'arn:aws:s3:::']) {
      const allBuckets = trail({
        eventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: false,
            ExcludeManagementEventSources: [],
            DataResources: [{ Type: 'AWS::S3::Object', Values: [value] }],
          },
        ],
      });
      const verdict = explainTrail(handmade('handmade-get-object'), allBuckets);
      assert.equal(verdict.logged, true, value);
      assert.ok(
        labels(verdict.tree).some((label) => label.includes('all buckets')),
        value,
      );
    }
  });

  it('HeadBucket and DeleteObjects need the bucket with an empty prefix', () => {
    const withPrefix = trail({
      eventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: false,
          ExcludeManagementEventSources: [],
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::example-bucket/logs/'] }],
        },
      ],
    });
    const wholeBucket = trail({
      eventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: false,
          ExcludeManagementEventSources: [],
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::example-bucket/'] }],
        },
      ],
    });
    for (const id of ['handmade-head-bucket', 'handmade-delete-objects-2023']) {
      assert.equal(explainTrail(handmade(id), withPrefix).logged, false, id);
      const verdict = explainTrail(handmade(id), wholeBucket);
      assert.equal(verdict.logged, true, id);
      assert.ok(
        labels(verdict.tree).some((label) => label.startsWith('Special case: ')),
        id,
      );
    }
  });

  it('a listing is logged when the selected prefix covers the listed prefix', () => {
    const logsPrefix = trail({
      eventSelectors: [
        {
          ReadWriteType: 'ReadOnly',
          IncludeManagementEvents: false,
          ExcludeManagementEventSources: [],
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::example-bucket/logs/'] }],
        },
      ],
    });
    assert.equal(explainTrail(handmade('handmade-list-objects-prefix'), logsPrefix).logged, true);
    assert.equal(explainTrail(handmade('handmade-list-objects-v2'), logsPrefix).logged, false);
  });

  it('builds the object ARN from requestParameters when the record lists no object resource', () => {
    const record = handmade('handmade-get-object');
    delete record.resources;
    const verdict = explainTrail(record, trailFrom('cloudformation.trail.json'));
    assert.equal(verdict.logged, true);
    assert.ok(labels(verdict.tree).some((label) => label.includes('built from requestParameters')));
  });

  it('basic selectors cannot select Insights or network activity events', () => {
    assert.equal(explainTrail(handmade('handmade-insight-no-identity'), trail({})).logged, false);
    const network = { ...handmade('handmade-get-object'), eventCategory: 'NetworkActivity', eventType: 'AwsVpceEvent' };
    const verdict = explainTrail(network, trail({}));
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons[0] ?? '', /network activity events/);
  });
});

describe('explainTrail: advanced selectors', () => {
  const advancedTrail = trailFrom('s3-advanced.trail.json');

  it('logs an object read of the selected bucket, naming the matching selector and its fields', () => {
    const verdict = explainTrail(handmade('handmade-get-object'), advancedTrail);
    assert.equal(verdict.logged, true);
    assert.match(verdict.reasons[0] ?? '', /^Advanced selector 2 "S3 example-bucket, not the scanner" matched: /);
    assert.match(verdict.reasons[0] ?? '', /resources\.ARN "arn:aws:s3:::example-bucket\/logs\/2024\/a\.csv" passes StartsWith/);
  });

  it('excludes the scanner role with NotStartsWith on userIdentity.arn', () => {
    const verdict = explainTrail(handmade('handmade-get-object-scanner'), advancedTrail);
    assert.equal(verdict.logged, false);
    assert.ok(
      verdict.reasons.some((reason) =>
        /userIdentity\.arn is "arn:aws:sts::111122223333:assumed-role\/scanner\/scan-1", which fails NotStartsWith/.test(reason),
      ),
    );
  });

  it('filters the DeleteObjects fan-out with eventType NotEquals AwsServiceEvent (AWS documented filter)', () => {
    const fanOut = handmade('handmade-delete-object-fan-out');
    fanOut.resources = [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::another-bucket/raw/old.csv' }];
    (fanOut.requestParameters as Record<string, unknown>).bucketName = 'another-bucket';
    assert.equal(explainTrail(fanOut, advancedTrail).logged, false);
    const ordinary = { ...fanOut, eventType: 'AwsApiCall' };
    assert.equal(explainTrail(ordinary, advancedTrail).logged, true);
  });

  it('selects management events and drops KMS with NotEquals', () => {
    assert.equal(explainTrail(handmade('handmade-put-bucket-policy'), advancedTrail).logged, true);
    assert.equal(explainTrail(handmade('handmade-kms-decrypt'), advancedTrail).logged, false);
  });

  it('each operator on its own', () => {
    const record = handmade('handmade-get-object');
    const cases: Array<[AdvancedFieldSelector, boolean]> = [
      [{ Field: 'eventName', Equals: ['GetObject'] }, true],
      [{ Field: 'eventName', Equals: ['PutObject', 'HeadObject'] }, false],
      [{ Field: 'eventName', NotEquals: ['GetObject'] }, false],
      [{ Field: 'eventName', NotEquals: ['PutObject'] }, true],
      [{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::example-bucket/logs/'] }, true],
      [{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::other-bucket/'] }, false],
      [{ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::example-bucket/logs/'] }, false],
      [{ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::other-bucket/'] }, true],
      [{ Field: 'resources.ARN', EndsWith: ['.csv'] }, true],
      [{ Field: 'resources.ARN', EndsWith: ['.json'] }, false],
      [{ Field: 'resources.ARN', NotEndsWith: ['.csv'] }, false],
      [{ Field: 'resources.ARN', NotEndsWith: ['.json'] }, true],
      [{ Field: 'readOnly', Equals: ['true'] }, true],
      [{ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }, true],
      [{ Field: 'eventType', Equals: ['AwsApiCall'] }, true],
      [{ Field: 'userIdentity.arn', StartsWith: ['arn:aws:iam::111122223333:user/'] }, true],
      [{ Field: 'sessionCredentialFromConsole', Equals: ['true'] }, false],
      [{ Field: 'sessionCredentialFromConsole', NotEquals: ['true'] }, true],
    ];
    for (const [fieldSelector, expected] of cases) {
      assert.equal(
        explainTrail(record, advanced({ Field: 'eventCategory', Equals: ['Data'] }, fieldSelector)).logged,
        expected,
        JSON.stringify(fieldSelector),
      );
    }
  });

  it('AWS worked example: SELECT operators OR together, any DESELECT excludes', () => {
    const selector = advanced(
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      {
        Field: 'resources.ARN',
        Equals: ['arn:aws:s3:::bucket/object1'],
        StartsWith: ['arn:aws:s3:::bucket/'],
        EndsWith: ['object3'],
        NotStartsWith: ['arn:aws:s3:::bucket/deselect'],
        NotEndsWith: ['object5'],
        NotEquals: ['arn:aws:s3:::bucket/object6'],
      },
    );
    const event = (key: string, bucket = 'bucket'): RawRecord => ({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventCategory: 'Data',
      readOnly: true,
      resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` }],
    });
    assert.equal(explainTrail(event('object1'), selector).logged, true);
    assert.equal(explainTrail(event('object2'), selector).logged, true);
    assert.equal(explainTrail(event('object3', 'bucket1'), selector).logged, true);
    assert.equal(explainTrail(event('deselectObject4'), selector).logged, false);
    assert.equal(explainTrail(event('object5'), selector).logged, false);
    assert.equal(explainTrail(event('object6'), selector).logged, false);
  });

  it('compares resources.ARN with the entry of the selected resources.type', () => {
    const selector = advanced(
      { Field: 'resources.type', Equals: ['AWS::S3::Bucket'] },
      { Field: 'resources.ARN', Equals: ['arn:aws:s3:::example-bucket'] },
    );
    assert.equal(explainTrail(handmade('handmade-get-object'), selector).logged, true);
  });

  it('an empty advanced selector list logs nothing', () => {
    const verdict = explainTrail(handmade('handmade-get-object'), trail({ eventSelectors: null, advancedEventSelectors: [] }));
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons[0] ?? '', /none is configured/);
  });

  it('the tree is JSON-serialisable and walks selector → field → condition → event value', () => {
    const verdict = explainTrail(handmade('handmade-get-object'), advancedTrail);
    assert.deepEqual(JSON.parse(JSON.stringify(verdict)), verdict);
    const selectors = verdict.tree.children?.find((node) => node.label.includes("trail's advanced event selectors"));
    const field = selectors?.children?.[1]?.children?.[2];
    assert.equal(field?.field, 'resources.ARN');
    assert.equal(field?.actual, 'arn:aws:s3:::example-bucket/logs/2024/a.csv');
    assert.equal(field?.children?.[0]?.condition, 'StartsWith ["arn:aws:s3:::example-bucket/"]');
    assert.equal(field?.children?.[0]?.outcome, 'matched');
  });
});

describe('explainTrail: trail state, accounts and Regions', () => {
  it('a trail stopped now, with no time it stopped, may have logged an earlier event: the verdict says it cannot tell', () => {
    const stopped = trailFrom('describe-trails.trail.json', 2);
    assert.equal(stopped.isLogging, false);
    assert.equal(stopped.stoppedLoggingAt, null);
    const verdict = explainTrail(handmade('handmade-put-bucket-policy'), stopped);
    assert.equal(verdict.logged, null);
    assert.match(verdict.reasons[0] ?? '', /stopped now \(IsLogging false\) and no StopLoggingTime says since when/);
  });

  it('a single-Region trail only sees its home Region', () => {
    const frankfurt = trailFrom('describe-trails.trail.json', 1);
    assert.equal(explainTrail(handmade('handmade-put-bucket-policy'), frankfurt).logged, false);
    const inFrankfurt = { ...handmade('handmade-put-bucket-policy'), awsRegion: 'eu-central-1' };
    assert.equal(explainTrail(inFrankfurt, frankfurt).logged, true);
  });

  it('global service events: IncludeGlobalServiceEvents and the us-east-1 rule since 2021-11-22', () => {
    const createUser = handmade('handmade-iam-create-user');
    assert.equal(explainTrail(createUser, trail({ includeGlobalServiceEvents: false })).logged, false);
    const singleRegionDublin = trail({ isMultiRegionTrail: false, homeRegion: 'eu-west-1' });
    const verdict = explainTrail(createUser, singleRegionDublin);
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons[0] ?? '', /since 2021-11-22 a single-Region trail in eu-west-1 does not receive them/);
    const singleRegionVirginia = trail({ isMultiRegionTrail: false, homeRegion: 'us-east-1' });
    assert.equal(explainTrail(createUser, singleRegionVirginia).logged, true);
    assert.equal(explainTrail(createUser, trail({ isMultiRegionTrail: true })).logged, true);
  });

  it("another account's event is not logged by this account's trail, unless it is an organization trail", () => {
    const event = handmade('handmade-put-bucket-policy');
    const otherCopy = {
      ...event,
      recipientAccountId: '444455556666',
      userIdentity: { ...(event.userIdentity as object), accountId: '444455556666' },
    };
    const verdict = explainTrail(otherCopy, trail({}));
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons[0] ?? '', /delivered to account 444455556666; the trail belongs to account 111122223333/);
    assert.equal(explainTrail(otherCopy, trail({ isOrganizationTrail: true })).logged, true);
  });

  it('a configuration without selectors gets the default selector, and says so', () => {
    const verdict = explainTrail(handmade('handmade-put-bucket-policy'), trail({ selectorsAssumed: true }));
    assert.equal(verdict.logged, true);
    assert.ok(verdict.reasons.some((reason) => /default selector/.test(reason)));
    const custom = explainTrail(handmade('handmade-put-bucket-policy'), trail({ selectorsAssumed: true, hasCustomEventSelectors: true }));
    assert.ok(custom.reasons.some((reason) => /HasCustomEventSelectors is true but the selectors are not given/.test(reason)));
  });
});

describe('explainDefaults', () => {
  const now = new Date('2024-06-01T00:00:00Z');

  it('management events: Event history for 90 days, logged by any trail by default', () => {
    const defaults = explainDefaults(handmade('handmade-put-bucket-policy'), now);
    assert.equal(defaults.inEventHistory, true);
    assert.equal(defaults.loggedByDefaultTrail, true);
    assert.match(defaults.reasons[0] ?? '', /Event history \(free, for 90 days\)/);
    assert.deepEqual(defaults.selectionNeeded, []);
  });

  it('management events older than 90 days are no longer in Event history', () => {
    const defaults = explainDefaults(handmade('handmade-put-bucket-policy'), new Date('2025-01-01T00:00:00Z'));
    assert.equal(defaults.inEventHistory, false);
    assert.match(defaults.reasons[0] ?? '', /231 days old/);
  });

  it('object-level data events: never in Event history, only when a trail enables them', () => {
    const defaults = explainDefaults(handmade('handmade-get-object'), now);
    assert.equal(defaults.inEventHistory, false);
    assert.equal(defaults.loggedByDefaultTrail, false);
    assert.match(defaults.selectionNeeded[0] ?? '', /Values \["arn:aws:s3:::example-bucket\/"\]/);
    assert.match(defaults.selectionNeeded[1] ?? '', /^Advanced selector: eventCategory Equals \["Data"\]/);
  });

  it('names the selection that makes ListObjects, HeadBucket and DeleteObjects appear', () => {
    assert.match(
      explainDefaults(handmade('handmade-list-objects-prefix'), now).selectionNeeded[0] ?? '',
      /covers the listed prefix, e\.g\. Values \["arn:aws:s3:::example-bucket\/logs\/"\]/,
    );
    assert.match(explainDefaults(handmade('handmade-head-bucket'), now).selectionNeeded[0] ?? '', /the bucket and an empty prefix/);
    const deleteObjects = explainDefaults(handmade('handmade-delete-objects-2023'), now);
    assert.match(deleteObjects.selectionNeeded[0] ?? '', /the bucket and an empty prefix/);
    assert.ok(deleteObjects.reasons.some((reason) => /does not log the key names/.test(reason)));
  });

  it('Insights events need insight selectors', () => {
    const defaults = explainDefaults(handmade('handmade-insight-no-identity'), now);
    assert.equal(defaults.loggedByDefaultTrail, false);
    assert.match(defaults.selectionNeeded[0] ?? '', /Insight selectors/);
  });
});

describe('crossAccountDelivery', () => {
  it('single-account events go to the caller only', () => {
    const delivery = crossAccountDelivery(handmade('handmade-get-object'));
    assert.equal(delivery.crossAccount, false);
    assert.equal(delivery.recipients.length, 1);
    assert.match(delivery.summary, /^Single-account delivery/);
  });

  it("since 2022-11-16 the bucket owner receives a cross-account data event; this is the owner's copy", () => {
    const delivery = crossAccountDelivery(handmade('handmade-cross-account-get'));
    assert.equal(delivery.crossAccount, true);
    assert.deepEqual(
      delivery.recipients.map((recipient) => [recipient.role, recipient.accountId, recipient.receives]),
      [
        ['requester', '444455556666', 'yes'],
        ['bucket-owner', '111122223333', 'yes'],
      ],
    );
    assert.match(delivery.thisCopy, /bucket owner's copy/);
    assert.ok(delivery.notes.some((note) => /sharedEventID/.test(note)));
  });

  it('before 2022-11-16 the bucket owner needed permission for the same object API; e-mail ACL grants stay with the requester', () => {
    const delivery = crossAccountDelivery(handmade('handmade-cross-account-acl-email'));
    assert.equal(delivery.recipients[1]?.receives, 'conditional');
    assert.match(delivery.recipients[1]?.reason ?? '', /only if it has permission for the same API on that object/);
    assert.ok(delivery.notes.some((note) => /bucket owner's copy only shows that an ACL call was made/.test(note)));
    assert.match(delivery.thisCopy, /requester's copy/);
  });

  it("a cross-account caller's AccessDenied copy hides the bucket owner's account (since 2022-03-03)", () => {
    const record = handmade('handmade-cross-account-denied-caller-copy');
    assert.ok(crossAccountDelivery(record).notes.some((note) => /blank/.test(note)));
    assert.ok(!crossAccountDelivery({ ...record, eventTime: '2021-01-01T00:00:00Z' }).notes.some((note) => /blank/.test(note)));
  });

  it('network activity events go to the VPC endpoint owner', () => {
    const record = {
      ...handmade('handmade-get-object'),
      eventCategory: 'NetworkActivity',
      vpcEndpointAccountId: '777788889999',
      errorCode: 'VpceAccessDenied',
    };
    assert.ok(crossAccountDelivery(record).notes.some((note) => /owner of the VPC endpoint \(account 777788889999\)/.test(note)));
  });
});

describe('formatExplanation', () => {
  it('renders a whole event explanation as plain text', () => {
    const trails = [trailFrom('s3-advanced.trail.json'), trailFrom('s3-basic.trail.jsonc')];
    const text = formatExplanation(explainEvent(handmade('handmade-get-object'), trails, new Date('2024-06-01T00:00:00Z')));
    assert.match(text, /^Event GetObject at 2024-05-14T09:30:00Z \[handmade-get-object\]/);
    assert.match(text, /S3 level: object; category: data/);
    assert.match(text, /LOGGED by trail "s3-advanced"/);
    assert.match(text, /NOT LOGGED by trail "s3-basic"/);
    assert.match(
      text,
      /✗ The selector takes write events only, but this call was a read\. {2}\[readOnly = false \(ReadWriteType WriteOnly\) · event: true\]/,
    );
    assert.match(text, /With no trail configured:/);
    assert.match(text, /Delivery: This is the requester's copy/);
    assert.doesNotMatch(text, /<|undefined|\[object Object\]/);
  });

  it('renders one verdict and the defaults on their own', () => {
    assert.match(formatExplanation(explainTrail(handmade('handmade-get-object'), trail({}))), /^NOT LOGGED by trail "test"/);
    assert.match(formatExplanation(explainDefaults(handmade('handmade-get-object'))), /^With no trail configured:/);
  });
});
