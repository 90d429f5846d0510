// EventStore.addAsync (the extension's add, spread over turns of the event loop) against add (the CLI's): the same
// loads must leave the same store, ids included, whatever the slices; and a change made between two slices (a file
// closed, another load) must not be lost or resurrected.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadResult } from '../../../src/core/load/loadedFile';
import { EVENTS_PER_STEP } from '../../../src/core/store/duplicates';
import { EventStore } from '../../../src/core/store/eventStore';
import { GROUP_FIELDS, snapshot } from './storeSnapshot';
import { BROKEN, EXPORTS, LOGS } from '../engineFixtures';
import { GOOD_TEXT } from '../load/goodLog';
import { temporaryFolders } from '../load/temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

type LogRecord = Record<string, unknown> & { eventID: string };
const RECORDS = (JSON.parse(GOOD_TEXT) as { Records: LogRecord[] }).Records;

/**
 * A folder where the copies cross the steps of planCopies: one log of more than EVENTS_PER_STEP events (the real
 * log's records under fresh eventIDs), the same log delivered again, and the real log twice.
 */
function bigFolder(): string {
  const folder = folders.make();
  const records: LogRecord[] = [];
  for (let k = 0; records.length <= EVENTS_PER_STEP; k++)
    for (const record of RECORDS) records.push({ ...record, eventID: `${String(k).padStart(8, '0')}-${record.eventID.slice(9)}` });
  const text = JSON.stringify({ Records: records });
  writeFileSync(path.join(folder, 'big-a.json'), text);
  writeFileSync(path.join(folder, 'big-b.json'), text);
  writeFileSync(path.join(folder, 'real-a.json'), GOOD_TEXT);
  writeFileSync(path.join(folder, 'real-b.json'), GOOD_TEXT);
  return folder;
}

/** The same snapshot with each id replaced by its file and record: what must agree when ids were spent differently. */
function contents(store: EventStore): unknown {
  const where = (id: number) => {
    const summary = store.summary(id)!;
    return `${summary.file}#${summary.recordIndex}`;
  };
  const ids = store.allIds();
  return {
    events: [...ids].map(where),
    files: store.files(),
    diagnostics: store.diagnostics(),
    copies: [...ids].map((id) => store.copiesOf(id).map(({ file, recordIndex }) => `${file}#${recordIndex}`)),
    groups: GROUP_FIELDS.map((field) => store.group(ids, field).map(({ value, count, errors }) => ({ value, count, errors }))),
  };
}

async function load(...paths: string[]): Promise<LoadResult> {
  return loadPaths(paths, { workers: 0 });
}

describe('EventStore.addAsync', () => {
  it('leaves exactly the store add leaves: ids, files, diagnostics, copies, groups (a yield after every step)', async () => {
    const big = bigFolder();
    const loads = [await load(big), await load(LOGS, BROKEN), await load(path.join(big, 'real-b.json')), await load(EXPORTS)];
    const sync = new EventStore();
    const sliced = new EventStore();
    let notifications = 0;
    sliced.onDidChange(() => notifications++);
    for (const result of loads) {
      sync.add(result);
      await sliced.addAsync(result, { sliceMs: 0 });
      assert.deepEqual(snapshot(sliced), snapshot(sync));
    }
    assert.equal(notifications, loads.length, 'one change notification per load');
    assert.ok(sync.countCopies(sync.allIds()).duplicateRecords > EVENTS_PER_STEP, 'the copies cross the steps of planCopies');
  });

  it('keeps the store as it was until the load joins, then notifies once', async () => {
    const store = new EventStore();
    store.add(await load(LOGS));
    const before = snapshot(store);
    let notifications = 0;
    store.onDidChange(() => notifications++);
    const adding = store.addAsync(await load(bigFolder()), { sliceMs: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(snapshot(store), before, 'between slices, the store is the one before the load');
    assert.equal(notifications, 0);
    await adding;
    assert.equal(notifications, 1);
    assert.ok(store.size > EVENTS_PER_STEP);
  });

  it('a file closed or a load joined between two slices is kept, as if it came before the sliced load', async () => {
    const big = bigFolder();
    const [first, second, other] = [await load(big), await load(path.join(big, 'big-b.json'), path.join(big, 'real-a.json')), await load(EXPORTS)];
    const expected = new EventStore();
    expected.add(first);
    expected.removeFile(path.join(big, 'real-b.json'));
    expected.add(other);
    expected.add(second);

    const store = new EventStore();
    store.add(first);
    const adding = store.addAsync(second, { sliceMs: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    store.removeFile(path.join(big, 'real-b.json'));
    store.add(other);
    await adding;
    assert.deepEqual(contents(store), contents(expected));
  });

  it('loads asked for one after another join in that order', async () => {
    const big = bigFolder();
    const results = [await load(path.join(big, 'big-a.json')), await load(path.join(big, 'big-b.json')), await load(LOGS)];
    const expected = new EventStore();
    for (const result of results) expected.add(result);
    const store = new EventStore();
    await Promise.all(results.map((result) => store.addAsync(result, { sliceMs: 0 })));
    assert.deepEqual(snapshot(store), snapshot(expected));
  });
});
