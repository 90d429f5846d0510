// After a load has joined a store, the index cache keeps it: each file read from disk in its own entry (the load put
// them, IndexCache.put, and they are written only now, so that the load did not pay for it), and the load whole
// (indexCache.ts, loadSetCodec.ts): the files with their ids into the store's string tables, so that the same load,
// reopened into an empty store, adopts the tables instead of interning every file's values again.

import type { IndexCache } from '../load/indexCache';
import type { LoadResult } from '../load/loadedFile';
import type { EventStore } from './eventStore';
import { runInSlices } from './steps';

/** Slices of the store's share of it, so that the extension host keeps answering meanwhile. */
const CACHE_LOAD_SLICE_MS = 10;

/**
 * Writes what `result` (a load through `cache`, added to `store`) put, and the load whole when the cache did not give
 * it so (not when the store changed meanwhile). Resolves once the writes are under way (IndexCache.flush awaits them).
 */
export async function cacheLoad(cache: IndexCache | undefined, result: LoadResult, store: EventStore): Promise<void> {
  if (cache === undefined) return;
  const held =
    result.setKey === undefined ? undefined : await runInSlices(store.heldFilesSteps(result.setKey.files), CACHE_LOAD_SLICE_MS, { background: true });
  if (result.setKey !== undefined && held !== undefined) cache.putSet(result.setKey, held.files, held.tables, held.copies);
  cache.writeQueued();
}
