// After a load has joined a store, the index cache keeps it whole (indexCache.ts, loadSetCodec.ts): the files with
// their ids into the store's string tables, so that the same load, reopened into an empty store, adopts the tables
// instead of interning every file's values again.

import type { IndexCache } from '../load/indexCache';
import type { LoadResult } from '../load/loadedFile';
import type { EventStore } from './eventStore';

/** Puts `result` (a load through `cache`, added to `store`) into the cache whole, when the cache did not give it so. */
export function cacheWholeLoad(cache: IndexCache | undefined, result: LoadResult, store: EventStore): void {
  if (cache === undefined || result.setKey === undefined) return;
  const held = store.heldFiles(result.setKey.files);
  if (held !== undefined) cache.putSet(result.setKey, held.files, held.tables, held.copies);
}
