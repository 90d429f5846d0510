import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { EventStore, loadPaths, runToEnd } from '../../src/core';
import { EventTreeModel, TREE_GROUPINGS, type GroupNode, type TreeNode } from '../../src/view/eventTree';
import { REPO_ROOT } from '../core/engineFixtures';

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');
const S3_ACTIVITY = path.join(WORKSPACE, 's3-activity.json');
const BROKEN = path.join(WORKSPACE, 'broken');

function groups(nodes: TreeNode[]): GroupNode[] {
  return nodes.filter((node): node is GroupNode => node.kind === 'group');
}

describe('EventTreeModel', () => {
  const store = new EventStore();
  let records: Record<string, unknown>[];

  before(async () => {
    store.add(await loadPaths([S3_ACTIVITY], { workers: 0 }));
    records = JSON.parse(readFileSync(S3_ACTIVITY, 'utf8')).Records;
  });

  it('groups by S3 level in the fixed order, counts every event once (copies too), and lists Problems last', async () => {
    const withProblems = new EventStore();
    withProblems.add(await loadPaths([S3_ACTIVITY, BROKEN], { workers: 0 }));
    const model = new EventTreeModel(withProblems, () => 500, 'level');
    const roots = model.children();
    const top = groups(roots);
    const order = ['account', 'bucket', 'object', 'other'];
    assert.deepEqual(
      top.map((node) => node.value),
      order.filter((level) => top.some((node) => node.value === level)),
    );
    // broken/truncated.json holds the first records of broken/good-1.json again: copies of the same events.
    const { uniqueEvents, duplicateRecords } = withProblems.countCopies(withProblems.allIds());
    assert.ok(duplicateRecords > 0);
    assert.equal(
      top.reduce((sum, node) => sum + node.ids.length, 0),
      uniqueEvents,
    );
    assert.equal(
      top.reduce((sum, node) => sum + node.recordIds.length, 0),
      withProblems.size,
    );
    assert.ok(withProblems.diagnostics().length > 0);
    assert.equal(roots.at(-1)?.kind, 'problems');
    assert.equal(model.children(roots.at(-1)).length, withProblems.diagnostics().length);
  });

  it('groups the top level ahead in steps to the same rows, and drops what it grouped ahead once the store changes', async () => {
    const withProblems = new EventStore();
    withProblems.add(await loadPaths([S3_ACTIVITY, BROKEN], { workers: 0 }));
    const rowsOf = (model: EventTreeModel) =>
      model.children().map((node) => (node.kind === 'group' ? [node.label, [...node.ids], node.errors] : node.kind));
    for (const grouping of TREE_GROUPINGS) {
      const ahead = new EventTreeModel(withProblems, () => 500, grouping);
      runToEnd(ahead.prepareRootsSteps());
      assert.deepStrictEqual(rowsOf(ahead), rowsOf(new EventTreeModel(withProblems, () => 500, grouping)), grouping);
    }
    // A change while grouping ahead: the buckets of the store as it was are not kept.
    const growing = new EventStore();
    growing.add(await loadPaths([S3_ACTIVITY], { workers: 0 }));
    const model = new EventTreeModel(growing, () => 500, 'level');
    const steps = model.prepareRootsSteps();
    steps.next();
    growing.add(await loadPaths([BROKEN], { workers: 0 }));
    model.reset();
    runToEnd(steps);
    assert.deepStrictEqual(rowsOf(model), rowsOf(new EventTreeModel(growing, () => 500, 'level')));
  });

  it('names the groups of each grouping and sorts a group’s events by time', () => {
    const model = new EventTreeModel(store, () => 10_000, 'bucket');
    for (const top of groups(model.children())) {
      for (const byName of groups(model.children(top))) {
        assert.ok(byName.ids.length > 0);
        const events = model.children(byName);
        assert.equal(events.length, byName.ids.length);
        const times = events.map((node) => (node.kind === 'event' ? (store.summary(node.eventId)?.eventTimeMs ?? Infinity) : NaN));
        for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] <= times[i], `${byName.key}: event ${i} is not after event ${i - 1}`);
      }
    }
  });

  it('pages a group: a page, then "more" with the remaining count, then one more page', () => {
    const model = new EventTreeModel(store, () => 3, 'level');
    const big = groups(model.children())
      .flatMap((top) => groups(model.children(top)))
      .find((group) => group.ids.length > 4);
    assert.ok(big, 'a name group with more than 4 events');
    const first = model.children(big);
    assert.equal(first.length, 4);
    const more = first[3];
    assert.ok(more.kind === 'more' && more.remaining === big.ids.length - 3);
    assert.equal(model.showMore(more.parentKey), big);
    assert.equal(model.children(big).filter((node) => node.kind === 'event').length, Math.min(6, big.ids.length));
    assert.equal(model.showMore('no such key'), undefined);
  });

  it('a filter narrows the ids and is said in the description; clearing it restores all', () => {
    const model = new EventTreeModel(store, () => 500, 'level');
    const acls = records.filter((record) => record.eventName === 'GetBucketAcl').length;
    assert.ok(acls > 0);
    model.setFilter('name:GetBucketAcl');
    assert.equal(model.visibleIds.length, acls);
    const { description, message } = model.description();
    assert.match(description ?? '', new RegExp(`Filter: name:GetBucketAcl \\(${acls.toLocaleString('en-US')} of`));
    assert.ok(message?.includes('name:GetBucketAcl'));
    model.setFilter('  ');
    assert.equal(model.filter, undefined);
    assert.equal(model.visibleIds.length, store.size);
    assert.deepEqual(model.description(), { description: undefined, message: undefined });
  });

  it('by error code, succeeded requests form their own group', () => {
    const model = new EventTreeModel(store, () => 500, 'errorCode');
    const top = groups(model.children());
    const failed = records.filter((record) => typeof record.errorCode === 'string').length;
    const succeeded = top.find((node) => node.value === null);
    assert.equal(succeeded?.label, 'Succeeded');
    assert.equal(store.size - (succeeded?.ids.length ?? 0), failed);
    assert.equal(model.description().description, 'by error code');
  });
});
