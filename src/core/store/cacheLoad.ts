// After a load has joined a store, the index cache keeps it: each file read from disk in its own entry (the load put
// them, IndexCache.put, and they are written only now, so that the load did not pay for it), and the load whole
// (indexCache.ts, loadSetCodec.ts): the files with their ids into the store's string tables, so that the same load,
// reopened into an empty store, adopts the tables instead of interning every file's values again.

import type { IndexCache } from '../load/indexCache';
import type { LoadResult } from '../load/loadedFile';
import type { EventStore } from './eventStore';

/** Writes what `result` (a load through `cache`, added to `store`) put, and the load whole when the cache did not give it so. */
export function cacheLoad(cache: IndexCache | undefined, result: LoadResult, store: EventStore): void {
  if (cache === undefined) return;
  const held = result.setKey === undefined ? undefined : store.heldFiles(result.setKey.files);
  if (result.setKey !== undefined && held !== undefined) cache.putSet(result.setKey, held.files, held.tables, held.copies);
  cache.writeQueued();
}
