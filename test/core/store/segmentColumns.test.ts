// Where a store's segments keep their columns (column groups): the small files of one load share buffers and views,
// a later load starts buffers of its own, so a file reloaded again and again pins no buffer of a load that stays, and
// a prepared file's index reads the segment's rows, no longer the buffers its load made.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { EventStore } from '../../../src/core/store/eventStore';
import type { Segment } from '../../../src/core/store/segment';
import { LOGS } from '../engineFixtures';
import { GOOD_TEXT } from '../load/goodLog';
import { tempFolder } from '../load/temporaryFolders';

/** The array buffers behind a segment's columns (interned ids: the ones the store makes). */
function buffersOf(segment: Segment): Set<ArrayBufferLike> {
  return new Set(Object.values(segment.interned).map((column) => column.buffer));
}

const segmentsOf = (store: EventStore) => (store as unknown as { segments: Segment[] }).segments;

describe('segment columns', () => {
  it('share buffers within a load, and a file loaded again later shares none with the load before', async (t) => {
    const store = new EventStore();
    store.add(await loadPaths([LOGS], { workers: 0 }));
    const first = segmentsOf(store).filter((segment) => segment.count > 0);
    assert.ok(first.length >= 3, `${first.length} files with events`);
    const firstBuffers = new Set(first.flatMap((segment) => [...buffersOf(segment)]));
    assert.ok(firstBuffers.size < first.length, `${firstBuffers.size} buffers for ${first.length} files`);
    const views = new Set(first.flatMap((segment) => [segment.start, segment.eventTime, segment.interned.eventName, segment.unique.eventID]));
    assert.ok(views.size < first.length, `${views.size} column views for ${first.length} files`);
    const file = path.join(tempFolder(t, 'ctlens-load-'), 'reloaded.json');
    writeFileSync(file, GOOD_TEXT);
    for (let k = 0; k < 3; k++) {
      store.add(await loadPaths([file], { workers: 0 }));
      const reloaded = segmentsOf(store).find((segment) => segment.file === file);
      assert.ok(reloaded !== undefined && reloaded.count > 0);
      for (const buffer of buffersOf(reloaded)) assert.ok(!firstBuffers.has(buffer), 'the reloaded file shares a buffer of the first load');
    }
    assert.deepEqual(
      segmentsOf(store).filter((segment) => segment.count > 0 && segment.file !== file),
      first,
      'the first load stays as it was',
    );
  });
});
