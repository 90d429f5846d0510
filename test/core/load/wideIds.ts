// The index cache keeps interned ids as narrow as their table allows; a fresh load makes them 32-bit. Tests that
// compare a cached file with a fresh one widen the cached ids first: the same ids, in the fresh load's arrays.
import { INTERNED_FIELDS } from '../../../src/core/load/indexSchema';
import type { LoadedFile, LoadResult } from '../../../src/core/load/loadedFile';

export function wideIds(loaded: LoadedFile): LoadedFile;
export function wideIds(loaded: LoadedFile | undefined): LoadedFile | undefined;
export function wideIds(loaded: LoadedFile | undefined): LoadedFile | undefined {
  if (loaded === undefined) return undefined;
  const interned = { ...loaded.index.interned };
  for (const field of INTERNED_FIELDS) interned[field] = { ...interned[field], ids: Uint32Array.from(interned[field].ids) };
  return { ...loaded, index: { ...loaded.index, interned } };
}

/** A load result with every file's ids widened. */
export function wideResult<T extends LoadResult>(result: T): T {
  return { ...result, files: result.files.map((loaded) => wideIds(loaded)) };
}
