// Tree rows that fit the default sidebar width (issue 15, item 2), on real delivered logs: the invictus-ir set of
// ../shared/data when it sits beside the clone, else the repository's copy of one delivery day.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { EventStore, loadPaths, loadText } from '../../src/core';
import { countText, elide, eventRow, principalName, ROW_NAME_MAX, type TimeShown } from '../../src/view/eventLabels';
import { EventTreeModel, rowOmits, TREE_GROUPINGS, type EventNode, type GroupNode, type TreeNode } from '../../src/view/eventTree';
import { LEVEL_TEXT } from '../../src/view/levels';
import { DELIVERY_DAY, REPO_ROOT } from '../core/engineFixtures';
import { countOfDescription, groupCount, groupCounts } from '../e2e/cliStats';

const SHARED_SET = path.join(REPO_ROOT, '../shared/data/invictus-ir-aws-dataset');
const REAL_LOGS = existsSync(SHARED_SET) ? SHARED_SET : DELIVERY_DAY;
const S3_ACTIVITY = path.join(REPO_ROOT, 'test/fixtures/workspace/s3-activity.json');

/** The longest top-level label: a shortened value, or a level's fixed label. */
const LONGEST_TOP_LABEL = Math.max(ROW_NAME_MAX, ...Object.values(LEVEL_TEXT).map((level) => level.label.length));
/** An event row's label: the time of day, a space, a short principal. */
const LONGEST_EVENT_LABEL = 'HH:MM:SS '.length + ROW_NAME_MAX;

const groups = (nodes: TreeNode[]): GroupNode[] => nodes.filter((node): node is GroupNode => node.kind === 'group');
const events = (nodes: TreeNode[]): EventNode[] => nodes.filter((node): node is EventNode => node.kind === 'event');

/** A GetObject of `time` by IAM user alice, shaped from the CloudTrail S3 data event example. */
function getObject(eventID: string, time: string): Record<string, unknown> {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
    eventTime: time,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.10',
    requestParameters: { bucketName: 'amzn-s3-demo-bucket', key: 'report.csv' },
    eventID,
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '111122223333',
    eventCategory: 'Data',
  };
}

function timeShownOfOnlyGroup(times: string[]): TimeShown[] {
  const store = new EventStore();
  store.add(loadText('day.json', JSON.stringify({ Records: times.map((time, i) => getObject(`e-${i}`, time)) })));
  const model = new EventTreeModel(store, () => 500, 'level');
  const [byName] = groups(model.children(groups(model.children())[0]));
  return events(model.children(byName)).map((node) => node.timeShown);
}

describe('Events tree rows at the default sidebar width', () => {
  const store = new EventStore();

  before(async () => {
    store.add(await loadPaths([REAL_LOGS], { workers: 0 }));
    assert.ok(store.size > 0);
  });

  for (const grouping of TREE_GROUPINGS.filter((value) => value !== 'origin')) {
    it(`by ${grouping}: top-level labels are short and distinct, event labels are the time and a short principal`, () => {
      const model = new EventTreeModel(store, () => 50, grouping);
      const top = groups(model.children());
      assert.ok(top.length > 0);
      for (const group of top) assert.ok(group.label.length <= LONGEST_TOP_LABEL, `"${group.label}" (${group.value})`);
      assert.equal(new Set(top.map((group) => group.label)).size, top.length, top.map((group) => group.label).join(', '));
      for (const group of top) {
        for (const byName of groups(model.children(group))) {
          for (const node of events(model.children(byName))) {
            const summary = store.summary(node.eventId);
            assert.ok(summary);
            const row = eventRow(summary, node.timeShown, rowOmits(grouping));
            // The delivery day's events all fall on one UTC day: a row shows the time of day only.
            assert.equal(node.timeShown, 'time');
            assert.ok(row.label.length <= LONGEST_EVENT_LABEL, `"${row.label}"`);
            assert.match(row.label, /^\d\d:\d\d:\d\d( |$)/);
          }
        }
      }
    });
  }

  it('by identity, a group is labelled by the principal’s name and keeps the ARN as its value; its rows leave the principal out', () => {
    const model = new EventTreeModel(store, () => 5, 'identity');
    const top = groups(model.children());
    const users = top.filter((group) => group.value?.includes(':user/'));
    assert.ok(users.length > 0);
    const names = top.map((group) => principalName(group.value));
    for (const group of users) {
      const name = group.value?.slice(group.value.lastIndexOf('/') + 1);
      // A name another group goes by too (the invictus set names bert-jan once by userName alone) keeps its kind.
      const shared = names.filter((other) => other === name).length > 1;
      assert.equal(group.label, elide(shared ? `user/${name}` : (name ?? '')), group.value ?? '');
    }
    const [first] = events(model.children(groups(model.children(users[0]))[0]));
    const summary = store.summary(first.eventId);
    assert.ok(summary);
    assert.match(eventRow(summary, first.timeShown, rowOmits('identity')).label, /^\d\d:\d\d:\d\d$/);
  });

  it('by log file, a delivered log is labelled by its delivery time and the start of its unique string', () => {
    const model = new EventTreeModel(store, () => 5, 'file');
    for (const group of groups(model.children())) {
      const base = path.basename(group.value ?? '');
      const [, stamp, unique] = /_(\d{8}T\d{4}Z)_([A-Za-z0-9]+)\.json/.exec(base) ?? [];
      assert.ok(stamp, base);
      assert.ok(group.label.startsWith(`${stamp}_${unique.slice(0, 4)}`), `${group.label} for ${base}`);
    }
  });

  it('a group whose events span days or years shows more of each time', () => {
    assert.deepEqual(timeShownOfOnlyGroup(['2023-07-10T12:11:15Z', '2023-07-10T23:59:59Z']), ['time', 'time']);
    assert.deepEqual(timeShownOfOnlyGroup(['2023-07-11T00:00:01Z', '2023-07-10T23:59:59Z']), ['day', 'day']);
    assert.deepEqual(timeShownOfOnlyGroup(['2024-01-01T00:00:00Z', '2023-12-31T23:59:59Z', '2024-01-01T00:00:00Z']), ['full', 'full', 'full']);
  });

  it('the workspace sample, whose events span years, shows full dates in its groups that do', async () => {
    const sample = new EventStore();
    sample.add(await loadPaths([S3_ACTIVITY], { workers: 0 }));
    const model = new EventTreeModel(sample, () => 500, 'level');
    let spanning = 0;
    for (const byName of groups(model.children()).flatMap((top) => groups(model.children(top)))) {
      const nodes = events(model.children(byName));
      const years = new Set(nodes.map((node) => sample.summary(node.eventId)?.eventTime?.slice(0, 4)));
      const days = new Set(nodes.map((node) => sample.summary(node.eventId)?.eventTime?.slice(0, 10)));
      const expected: TimeShown = years.size > 1 ? 'full' : days.size > 1 ? 'day' : 'time';
      if (expected === 'full') spanning++;
      for (const node of nodes) assert.equal(node.timeShown, expected, byName.key);
    }
    assert.ok(spanning > 0, 'some group spans years');
  });
});

describe('the real-VS-Code tests read group counts as the tree writes them', () => {
  it('groupCounts reads back what countText writes', () => {
    for (const [events, errors] of [
      [1, 0],
      [16_574, 24],
      [1_204_000, 1_204_000],
      [999, 1],
    ])
      assert.deepEqual(groupCounts(countText(events, errors)), { events, errors });
  });

  it('other rows are no group, and the old or a broken format fails where a count is expected', () => {
    for (const text of [
      '12 events · 2 errors',
      '12 events',
      '3 problems',
      '1,234 not shown',
      'bucket/key · AccessDenied',
      '',
      '16,574 · 0 ✗',
      '1,2345',
    ]) {
      assert.equal(countOfDescription(text), undefined, text);
      assert.throws(() => groupCount(text), /not a group's count/, text);
    }
    assert.equal(groupCount('16,574 · 24 ✗'), 16_574);
  });
});
