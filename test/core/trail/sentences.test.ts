// Trail trees read as sentences a responder would say, each with its raw condition as the secondary text
// (issue 15, item 6), and a trail given only by its TrailARN gets the Region, account and name the ARN names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainDefaults } from '../../../src/core/trail/defaults';
import { explainTrail } from '../../../src/core/trail/explain';
import { conditionText, explanationLines } from '../../../src/core/trail/format';
import { rebuildTrails } from '../../../src/core/trail/history';
import { parseTrailConfigurations } from '../../../src/core/trail/parse';
import { trailArnParts } from '../../../src/core/trail/trailArn';
import type { ExplanationNode, TrailConfig } from '../../../src/core/trail/types';
import type { RawRecord } from '../../../src/core/types';
import { handmade } from '../s3/domainFixtures';
import { fileTrail } from './trailConfig';

const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events';

/** `aws cloudtrail get-event-selectors` output: it names the trail only by its ARN (shape from the CLI docs). */
const GET_EVENT_SELECTORS = JSON.stringify({
  TrailARN: TRAIL_ARN,
  EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
});

function onlyTrail(text: string): TrailConfig {
  const { trails, errors } = parseTrailConfigurations(text, 'selectors.json');
  assert.deepEqual(errors, []);
  assert.equal(trails.length, 1);
  return trails[0] as TrailConfig;
}

function nodes(node: ExplanationNode): ExplanationNode[] {
  return [node, ...(node.children ?? []).flatMap(nodes)];
}

/** The node a gate wrote about a record field. */
function gate(tree: ExplanationNode, field: string): ExplanationNode {
  const found = tree.children?.find((node) => node.field === field);
  assert.ok(found, `a node about ${field} among ${JSON.stringify(tree.children?.map((node) => node.label))}`);
  return found;
}

/** A management event in a Region of our choosing (shape of a CloudTrail record, from the record contents page). */
function managementEvent(awsRegion: string, overrides: RawRecord = {}): RawRecord {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
    eventTime: '2024-05-14T09:30:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    awsRegion,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    eventCategory: 'Management',
    recipientAccountId: '111122223333',
    eventID: `sentence-${awsRegion}`,
    ...overrides,
  };
}

describe('a trail given only by its TrailARN', () => {
  it('gets its name, account and home Region from the ARN', () => {
    const trail = onlyTrail(GET_EVENT_SELECTORS);
    assert.deepEqual(
      [trail.name, trail.accountId, trail.homeRegion, trail.isMultiRegionTrail],
      ['management-events', '111122223333', 'eu-west-1', null],
    );
  });

  it('a describe-trails entry without HomeRegion takes it from its TrailARN; a given HomeRegion and Name win', () => {
    const derived = onlyTrail(JSON.stringify({ trailList: [{ TrailARN: TRAIL_ARN, IsMultiRegionTrail: false }] }));
    assert.deepEqual([derived.name, derived.accountId, derived.homeRegion], ['management-events', '111122223333', 'eu-west-1']);
    const given = onlyTrail(JSON.stringify({ trailList: [{ TrailARN: TRAIL_ARN, Name: 'named', HomeRegion: 'us-east-2' }] }));
    assert.deepEqual([given.name, given.homeRegion], ['named', 'us-east-2']);
  });

  it('trailArnParts reads only CloudTrail trail ARNs', () => {
    assert.deepEqual(trailArnParts('arn:aws-cn:cloudtrail:cn-north-1:444455556666:trail/org/nested'), {
      name: 'org/nested',
      accountId: '444455556666',
      homeRegion: 'cn-north-1',
    });
    for (const text of ['arn:aws:iam::111122223333:user/alice', 'arn:aws:s3:::bucket', 'management-events', null]) {
      assert.deepEqual(trailArnParts(text), { name: null, accountId: null, homeRegion: null }, String(text));
    }
  });

  it('an event in the ARN’s Region is covered whether or not the trail is multi-Region; one elsewhere is taken to be', () => {
    const trail = onlyTrail(GET_EVENT_SELECTORS);
    const home = gate(explainTrail(managementEvent('eu-west-1'), trail).tree, 'awsRegion');
    assert.equal(home.outcome, 'matched');
    assert.equal(home.label, "The event happened in eu-west-1, the trail's home Region, covered whether or not the trail is multi-Region.");
    assert.equal(conditionText(home), 'awsRegion = eu-west-1 or any Region (IsMultiRegionTrail not given, HomeRegion eu-west-1) · event: eu-west-1');
    const elsewhere = gate(explainTrail(managementEvent('ap-south-1'), trail).tree, 'awsRegion');
    assert.equal(elsewhere.outcome, 'info');
    assert.match(elsewhere.label, /^The event happened in ap-south-1; outside the trail's home Region eu-west-1, and the trail is taken to cover it/);
  });

  it('a single-Region trail covers its home Region only', () => {
    const trail = fileTrail({ isMultiRegionTrail: false });
    const covered = gate(explainTrail(managementEvent('eu-west-1'), trail).tree, 'awsRegion');
    assert.equal(covered.label, 'The event happened in eu-west-1, a Region this single-Region trail covers.');
    const verdict = explainTrail(managementEvent('us-west-2'), trail);
    assert.equal(verdict.logged, false);
    const outside = gate(verdict.tree, 'awsRegion');
    assert.equal(outside.outcome, 'not-matched');
    assert.equal(outside.label, 'The event happened in us-west-2, but this single-Region trail covers only eu-west-1.');
    assert.equal(conditionText(outside), 'awsRegion = eu-west-1 (IsMultiRegionTrail false, HomeRegion eu-west-1) · event: us-west-2');
  });
});

/** Words of the debugger-like lines the tree used to print, which must not be a line's main words any more. */
const DEBUGGER_WORDS = /not checked|\babsent\b|→|^Logging state|^Region:|^Account:|^Event category:/;

/** Nodes that only say what the tree found and compare nothing: they need no condition. */
const NEEDS_NO_CONDITION = /^Special case: |^The selectors in force then are not in the loaded logs|^The event is older than the first change/;

describe('every line of a trail tree is a sentence with its raw condition', () => {
  const status = (overrides: Partial<TrailConfig>) => fileTrail({ isLogging: null, ...overrides });
  const trails: Array<[string, TrailConfig]> = [
    ['logging state not given, only a TrailARN', onlyTrail(GET_EVENT_SELECTORS)],
    ['started, not stopped since', status({ startedLoggingAt: '2024-01-01T00:00:00.000Z' })],
    ['stopped before the event', status({ isLogging: false, stoppedLoggingAt: '2024-03-01T00:00:00.000Z' })],
    ['single-Region elsewhere', fileTrail({ isMultiRegionTrail: false, homeRegion: 'us-east-2' })],
    ['organization trail', fileTrail({ isOrganizationTrail: true })],
    ['account not known', fileTrail({ accountId: null, trailArn: null })],
    ['selectors not given', fileTrail({ selectorsAssumed: true })],
    [
      'advanced selectors',
      fileTrail({ eventSelectors: null, advancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }),
    ],
    [
      'basic data selector',
      fileTrail({
        eventSelectors: [
          { ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, ExcludeManagementEventSources: [], DataResources: [] },
          { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'], DataResources: [] },
        ],
      }),
    ],
    [
      's3 data resources',
      fileTrail({
        eventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: false,
            ExcludeManagementEventSources: [],
            DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
          },
        ],
      }),
    ],
  ];
  const records: Array<[string, RawRecord]> = [
    ['a management event', managementEvent('eu-west-1')],
    ['a global service event', managementEvent('us-east-1', { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' })],
    ['an S3 data event', handmade('handmade-get-object')],
  ];

  for (const [trailName, trail] of trails) {
    it(trailName, () => {
      for (const [recordName, record] of records) {
        for (const node of nodes(explainTrail(record, trail).tree)) {
          const where = `${recordName}: ${node.label}`;
          assert.doesNotMatch(node.label, DEBUGGER_WORDS, where);
          if (node.label.startsWith('Trail "')) continue;
          assert.match(node.label, /[.:)]$/, `${where} ends as a sentence`);
          if (NEEDS_NO_CONDITION.test(node.label)) continue;
          assert.notEqual(conditionText(node), '', `${where} has a raw condition`);
        }
      }
    });
  }

  it('the logging sentences say when, and the condition keeps the get-trail-status fields', () => {
    const [loggingNode] = explainTrail(managementEvent('eu-west-1'), status({ startedLoggingAt: '2024-01-01T00:00:00.000Z' })).tree.children ?? [];
    assert.equal(loggingNode?.label, 'The trail was logging when the event happened (started 2024-01-01 00:00:00 UTC, not stopped since).');
    assert.equal(
      loggingNode && conditionText(loggingNode),
      'IsLogging not given, StartLoggingTime 2024-01-01T00:00:00.000Z, StopLoggingTime not given; eventTime 2024-05-14T09:30:00Z',
    );
    const [assumed] = explainTrail(managementEvent('eu-west-1'), onlyTrail(GET_EVENT_SELECTORS)).tree.children ?? [];
    assert.match(assumed?.label ?? '', /^The trail is taken to have been logging: its configuration gives no logging state/);
  });

  it('a trail rebuilt from the logs: the logging line names the call that set it, the condition its time', () => {
    const call = (eventName: string, eventTime: string): RawRecord => ({
      eventVersion: '1.09',
      eventTime,
      eventSource: 'cloudtrail.amazonaws.com',
      eventName,
      awsRegion: 'eu-west-1',
      userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
      requestParameters: { name: TRAIL_ARN },
      responseElements: eventName === 'CreateTrail' ? { trailARN: TRAIL_ARN, isMultiRegionTrail: false, includeGlobalServiceEvents: true } : null,
      recipientAccountId: '111122223333',
      eventID: `${eventName}-${eventTime}`,
    });
    const [trail] = rebuildTrails([
      { record: call('CreateTrail', '2024-01-01T00:00:00Z'), file: 'a.json', recordIndex: 0 },
      { record: call('StartLogging', '2024-01-01T00:01:00Z'), file: 'a.json', recordIndex: 1 },
    ]);
    assert.ok(trail);
    assert.deepEqual([trail.name, trail.homeRegion, trail.accountId], ['management-events', 'eu-west-1', '111122223333']);
    const logging = explainTrail(managementEvent('eu-west-1'), trail).tree.children?.find((node) => node.condition?.startsWith('StartLogging at'));
    assert.match(
      logging?.label ?? '',
      /^The trail was logging when the event happened \(StartLogging at 2024-01-01T00:01:00Z by arn:aws:iam::111122223333:root/,
    );
    assert.equal(logging && conditionText(logging), 'StartLogging at 2024-01-01T00:01:00Z');
  });

  it('the CLI prints each sentence with its condition in brackets', () => {
    const lines = explanationLines(explainTrail(managementEvent('us-west-2'), fileTrail({ isMultiRegionTrail: false })));
    assert.ok(
      lines.includes(
        '    ✗ The event happened in us-west-2, but this single-Region trail covers only eu-west-1.  [awsRegion = eu-west-1 (IsMultiRegionTrail false, HomeRegion eu-west-1) · event: us-west-2]',
      ),
      lines.join('\n'),
    );
  });

  it('the defaults tree speaks in sentences too', () => {
    for (const record of [managementEvent('eu-west-1'), handmade('handmade-get-object'), handmade('handmade-insight-no-identity')]) {
      for (const node of nodes(explainDefaults(record, new Date('2024-06-01T00:00:00Z')).tree))
        assert.doesNotMatch(node.label, /: (yes|no longer|off by default)/);
    }
  });
});
