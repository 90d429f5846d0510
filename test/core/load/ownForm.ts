// A file as the index cache gives it back: string tables of its own (a fresh load shares them among the files a
// thread loads, stringTables.ts), ids as narrow as their table allows (a fresh load makes them 32-bit) and its kept
// trail calls packed (keptCalls.ts). Tests that compare a cached file with a fresh one bring both to one form: tables
// of their own, ids in 32 bits, calls unpacked.
import { INTERNED_FIELDS, withInterned } from '../../../src/core/load/indexSchema';
import { KeptCallReader } from '../../../src/core/load/keptCalls';
import type { LoadedFile, LoadResult } from '../../../src/core/load/loadedFile';
import { withOwnTables } from '../../../src/core/load/stringTables';

/** `loaded` with its ids in 32 bits and its kept calls unpacked, its tables as they are. */
export function wideIds(loaded: LoadedFile): LoadedFile;
export function wideIds(loaded: LoadedFile | undefined): LoadedFile | undefined;
export function wideIds(loaded: LoadedFile | undefined): LoadedFile | undefined {
  if (loaded === undefined) return undefined;
  const interned = { ...loaded.index.interned };
  for (const field of INTERNED_FIELDS) interned[field] = { ...interned[field], ids: Uint32Array.from(interned[field].ids) };
  const index = withInterned(loaded.index, interned);
  return { ...loaded, index: { ...index, keptCalls: [...new KeptCallReader().callsOf(index.keptCalls)] } };
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
