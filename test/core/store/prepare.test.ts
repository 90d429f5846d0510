// EventStore.prepare (the store's share of a file's work, done as each file of a load arrives) must leave the store
// exactly as add alone does: same ids, summaries, copies and groups, whatever the order the files were prepared in,
// and with string tables that clear() replaced meanwhile. The file's index it leaves reads the same events from the
// store's columns.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { EventStore } from '../../../src/core/store/eventStore';
import { snapshot } from './storeSnapshot';
import { ownForm } from '../load/ownForm';
import type { Segment } from '../../../src/core/store/segment';
import { BROKEN, EXPORTS, LOGS } from '../engineFixtures';
import { GOOD_TEXT } from '../load/goodLog';
import { temporaryFolders } from '../load/temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

/** Real logs, exports, broken files and the same log delivered twice (copies across files). */
function inputs(): string[] {
  const folder = folders.make();
  writeFileSync(path.join(folder, 'again-a.json'), GOOD_TEXT);
  writeFileSync(path.join(folder, 'again-b.json'), GOOD_TEXT);
  return [LOGS, EXPORTS, BROKEN, folder];
}

describe('EventStore.prepare', () => {
  it('files prepared as they load, in completion order on workers, give the store add alone gives', async () => {
    const paths = inputs();
    const plain = new EventStore();
    plain.add(await loadPaths(paths, { workers: 0 }));
    const early = new EventStore();
    let prepared = 0;
    const result = await loadPaths(paths, {
      workers: 2,
      onFile: (loaded) => {
        early.prepare(loaded);
        prepared++;
      },
    });
    early.add(result);
    assert.equal(prepared, result.files.length);
    assert.ok(early.size > 0);
    assert.deepEqual(snapshot(early), snapshot(plain));
  });

  it('prepared files added after another load and after clear() still get the right strings', async () => {
    const paths = inputs();
    const plain = new EventStore();
    plain.add(await loadPaths([LOGS], { workers: 0 }));
    plain.clear();
    plain.add(await loadPaths(paths, { workers: 0 }));

    const store = new EventStore();
    const stale = await loadPaths(paths, { workers: 0, onFile: (loaded) => store.prepare(loaded) });
    store.add(await loadPaths([LOGS], { workers: 0 }));
    store.clear();
    store.add(stale);
    assert.deepEqual(snapshot(store), snapshot(plain));
  });

  it('a prepared file is added once per add: a second load of it replaces it, ids past the first', async () => {
    const store = new EventStore();
    const first = await loadPaths([LOGS], { workers: 0, onFile: (loaded) => store.prepare(loaded) });
    store.add(first);
    const firstIds = [...store.allIds()];
    store.add(first);
    const secondIds = [...store.allIds()];
    assert.equal(secondIds.length, firstIds.length);
    assert.ok(secondIds[0] > firstIds[firstIds.length - 1]);
    assert.deepEqual(
      secondIds.map((id) => store.summary(id)?.eventName),
      firstIds.map((id, k) => store.summary(secondIds[k])?.eventName ?? id),
    );
  });

  it("leaves each file an index of the same events, read from the store's columns rather than the buffers of its load", async () => {
    const store = new EventStore();
    const asLoaded = new Map<string, ReturnType<typeof ownForm>>();
    const result = await loadPaths(inputs(), {
      workers: 0,
      onFile: (loaded) => {
        asLoaded.set(loaded.file, ownForm(loaded));
        store.prepare(loaded);
      },
    });
    store.add(result);
    const segments = new Map((store as unknown as { segments: Segment[] }).segments.map((segment) => [segment.file, segment]));
    let withEvents = 0;
    for (const loaded of result.files) {
      assert.deepStrictEqual(ownForm(loaded), asLoaded.get(loaded.file), loaded.file);
      if (loaded.index.count === 0) continue;
      withEvents++;
      assert.equal(loaded.index.start.buffer, segments.get(loaded.file)?.start.buffer, loaded.file);
    }
    assert.ok(withEvents >= 3, `${withEvents} files with events`);
  });
});
