// A file as the index cache gives it back: string tables of its own (a fresh load shares them among the files a
// thread loads, stringTables.ts) and ids as narrow as their table allows (a fresh load makes them 32-bit). Tests
// that compare a cached file with a fresh one bring both to one form: tables of their own, ids in 32 bits.
import { INTERNED_FIELDS, withInterned } from '../../../src/core/load/indexSchema';
import type { LoadedFile, LoadResult } from '../../../src/core/load/loadedFile';
import { withOwnTables } from '../../../src/core/load/stringTables';

/** `loaded` with its ids in 32 bits, its tables as they are. */
export function wideIds(loaded: LoadedFile): LoadedFile;
export function wideIds(loaded: LoadedFile | undefined): LoadedFile | undefined;
export function wideIds(loaded: LoadedFile | undefined): LoadedFile | undefined {
  if (loaded === undefined) return undefined;
  const interned = { ...loaded.index.interned };
  for (const field of INTERNED_FIELDS) interned[field] = { ...interned[field], ids: Uint32Array.from(interned[field].ids) };
  return { ...loaded, index: withInterned(loaded.index, interned) };
}

/** `loaded` with tables of its own and its ids in 32 bits. */
export function ownForm(loaded: LoadedFile): LoadedFile;
export function ownForm(loaded: LoadedFile | undefined): LoadedFile | undefined;
export function ownForm(loaded: LoadedFile | undefined): LoadedFile | undefined {
  return loaded === undefined ? undefined : wideIds(withOwnTables(loaded));
}

/** A load result with every file in its own form. */
export function ownResult<T extends LoadResult>(result: T): T {
  return { ...result, files: result.files.map((loaded) => ownForm(loaded)) };
}
