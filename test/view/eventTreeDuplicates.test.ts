// The Events tree on a real log delivered twice (two trails writing to one bucket): each event is one row and counts
// once, each log file still counts the records it holds, and the words say how many records were delivered.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventStore, loadPaths } from '../../src/core';
import { deliveredText, EventTreeModel, recordsText, type GroupNode, type TreeNode } from '../../src/view/eventTree';
import { GOOD_RECORDS, GOOD_TEXT } from '../core/load/goodLog';
import { temporaryFolders } from '../core/load/temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

function groups(nodes: TreeNode[]): GroupNode[] {
  return nodes.filter((node): node is GroupNode => node.kind === 'group');
}

function sum(nodes: GroupNode[], count: (node: GroupNode) => number): number {
  return nodes.reduce((total, node) => total + count(node), 0);
}

describe('EventTreeModel with duplicate deliveries', () => {
  const folder = folders.make();
  const first = path.join(folder, 'trail-a.json');
  const second = path.join(folder, 'trail-b.json');
  const store = new EventStore();

  before(async () => {
    writeFileSync(first, GOOD_TEXT);
    writeFileSync(second, GOOD_TEXT);
    store.add(await loadPaths([first, second], { workers: 0 }));
  });

  it('by level: every event once, with the records delivered kept for the tooltip', () => {
    const model = new EventTreeModel(store, () => 10_000, 'level');
    const top = groups(model.children());
    assert.equal(store.size, 2 * GOOD_RECORDS.length);
    assert.equal(
      sum(top, (node) => node.ids.length),
      GOOD_RECORDS.length,
    );
    assert.equal(
      sum(top, (node) => node.recordIds.length),
      2 * GOOD_RECORDS.length,
    );
    const shownIds = new Set<number>();
    for (const level of top) {
      const names = groups(model.children(level));
      assert.equal(
        sum(names, (node) => node.ids.length),
        level.ids.length,
      );
      for (const name of names) {
        const events = model.children(name);
        assert.equal(events.length, name.ids.length);
        for (const event of events) if (event.kind === 'event') shownIds.add(event.eventId);
      }
    }
    // The rows are the first copies: the first log's records, each once.
    assert.deepEqual(
      [...shownIds].map((id) => store.summary(id)!.file),
      Array(GOOD_RECORDS.length).fill(first),
    );
  });

  it('errors count events, not their copies', () => {
    const errors = GOOD_RECORDS.filter((record) => typeof (record as Record<string, unknown>).errorCode === 'string').length;
    const top = groups(new EventTreeModel(store, () => 500, 'errorCode').children());
    assert.equal(
      sum(top, (node) => node.errors),
      errors,
    );
  });

  it('by log file: each file counts every record it holds', () => {
    const top = groups(new EventTreeModel(store, () => 500, 'file').children());
    assert.deepEqual(
      top.map((node) => [node.value, node.ids.length, node.recordIds.length]),
      [
        [first, GOOD_RECORDS.length, GOOD_RECORDS.length],
        [second, GOOD_RECORDS.length, GOOD_RECORDS.length],
      ],
    );
  });

  it('a filter’s description counts events, not records', () => {
    const model = new EventTreeModel(store, () => 500, 'level');
    const name = store.summary(store.allIds()[0])!.eventName!;
    model.setFilter(`name:${name}`);
    const matching = GOOD_RECORDS.filter((record) => (record as Record<string, unknown>).eventName === name).length;
    assert.equal(model.visibleIds.length, 2 * matching);
    assert.equal(model.description().message, `Filtered by “name:${name}”: ${matching} of ${GOOD_RECORDS.length} events.`);
  });

  it('says how many records and how many deliveries, only when there were copies', () => {
    assert.equal(recordsText(12, 12), undefined);
    assert.equal(recordsText(12, 15), '12 events (15 records delivered: some events more than once)');
    assert.equal(recordsText(1, 1_204), '1 event (1,204 records delivered: some events more than once)');
    assert.equal(deliveredText(1), undefined);
    assert.equal(deliveredText(store.copyCount(store.allIds()[0])), 'delivered 2 times');
  });
});
