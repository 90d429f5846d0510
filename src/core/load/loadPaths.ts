// The engine's entry point for files and folders.

import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { textBound } from './decodeInput';
import { makeDiagnostic } from './diagnostics';
import { CACHE_IO_CONCURRENCY, forEachLimited, type IndexCache, type LoadSetKey, type SetEntryRead } from './indexCache';
import type { FileVersion } from './fileVersion';
import { loadFile } from './loadFile';
import { LoadTables } from './stringTables';
import type { LoadCopies, LoadedFile, LoadOptions, LoadResult } from './loadedFile';
import { BLOCKING_CALLS, expandPaths, POOLED_CALLS } from './walk';
import { runInSlices, SlicedQueue } from '../store/steps';
import { loadOnWorkers } from './workerPool';

/** Slices of recording files (a whole load's from the cache, those the workers hand back), so that an extension host keeps answering. */
const RECORD_SLICE_MS = 10;

/** Below this much input, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** Workers for a load by default: one per core, less the calling thread's when it loads too. */
function defaultWorkerCount(fileCount: number, totalBytes: number, callingThreadLoads: boolean): number {
  if (fileCount < 2 || totalBytes < WORKER_THRESHOLD_BYTES) return 0;
  return Math.min(availableParallelism() - (callingThreadLoads ? 1 : 0), fileCount);
}

/** Worker threads actually started for a requested count: more than the machine runs at once only costs memory. */
export function cappedWorkerCount(requested: number): number {
  return Math.min(requested, availableParallelism());
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * Records the files `cache` holds for their version on disk: first those the entry of the last load of the same
 * paths holds as they are now, then the others' own entries (looked up a few at a time, in the background of the
 * event loop). Returns the positions of the rest, in order, which still have to be loaded, and the key to keep this
 * load whole under (IndexCache.putSet) when every file could be read and the entry of the whole did not hold them all.
 */
async function lookUpCached(
  cache: IndexCache,
  paths: readonly string[],
  files: readonly string[],
  maxTextBytes: number,
  setRead: SetEntryRead,
  record: (file: LoadedFile, position: number) => void,
  signal?: AbortSignal,
): Promise<{ toLoad: number[]; setKey?: LoadSetKey; copies?: LoadCopies }> {
  const versions = await cache.versionsOf(files, signal, await setRead.found);
  const readable = versions.every((version): version is FileVersion => version !== undefined);
  const setKey = readable && files.length > 0 && !signal?.aborted ? { paths, files, versions, maxTextBytes } : undefined;
  const found = new Array<boolean>(files.length).fill(false);
  // Without a key (a log that cannot be read, an aborted load) the entry read ahead serves nothing: none of its
  // members is decoded.
  if (setKey === undefined) setRead.wants = () => false;
  const fromWhole = setKey === undefined ? undefined : await cache.getSet(setKey, setRead);
  if (fromWhole !== undefined) {
    // Recording a file gives it to onFile (the store's share of its work): a turn of the event loop between slices.
    await runInSlices(
      (function* () {
        for (const [position, loaded] of fromWhole.files.entries()) {
          if (loaded === undefined) continue;
          found[position] = true;
          record(loaded, position);
          yield;
        }
      })(),
      RECORD_SLICE_MS,
    );
    if (found.every(Boolean)) return { toLoad: [], copies: fromWhole.copies };
  }
  const notInWhole = files.flatMap((_, position) => (found[position] ? [] : [position]));
  const hasEntry = await cache.hasEntries(notInWhole.map((position) => files[position]));
  await forEachLimited(
    notInWhole.filter((_, k) => hasEntry[k]),
    CACHE_IO_CONCURRENCY,
    async (position) => {
      if (signal?.aborted) return;
      const cached = await cache.get(files[position], maxTextBytes, versions[position]);
      if (cached === undefined) return;
      found[position] = true;
      record(cached, position);
    },
  );
  return { toLoad: files.flatMap((_, position) => (found[position] ? [] : [position])), setKey };
}

/**
 * Loads log files and folders (recursively, delivery layout) into compact indexes. Gzip is detected by magic
 * bytes; digests are listed apart; input problems become Diagnostics and never reject the promise.
 */
export async function loadPaths(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const maxTextBytes = textBound(options.maxTextBytes);
  const cache = options.cache;
  const resolvedPaths = paths.map((given) => path.resolve(given));
  // The entry of the last load of the same paths is read while the folder is walked and the files' versions taken
  // (its name needs only the paths): 130 MB took 150–190 ms to read into fresh memory, after them.
  const setRead = cache?.readSetEntry(resolvedPaths, maxTextBytes);
  const walked = await expandPaths(paths, options.signal, options.blockingReads === true ? BLOCKING_CALLS : POOLED_CALLS);
  const files = walked.logs.map((log) => log.file);
  const bytesTotal = sum(walked.logs.map((log) => log.size));
  const loaded: (LoadedFile | undefined)[] = new Array(files.length);
  const progress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal, events: 0 };
  const record = (file: LoadedFile, position: number) => {
    loaded[position] = file;
    progress.filesDone++;
    progress.bytesDone += walked.logs[position].size;
    progress.events += file.index.count;
    if (file.format !== 'digest') options.onFile?.(file);
    options.onProgress?.({ ...progress });
  };
  const { toLoad, setKey, copies } =
    cache && setRead
      ? await lookUpCached(cache, resolvedPaths, files, maxTextBytes, setRead, record, options.signal)
      : { toLoad: files.map((_, position) => position) };
  const loadedNow = (file: LoadedFile, position: number) => {
    // Put first: onFile may replace the file's index (EventStore.prepare), and the cache keeps the one loaded.
    cache?.put(file, maxTextBytes);
    record(file, position);
  };
  const sizes = toLoad.map((position) => walked.logs[position].size);
  const callingThreadLoads = options.callingThreadLoads === true;
  const workerCount = cappedWorkerCount(options.workers ?? defaultWorkerCount(toLoad.length, sum(sizes), callingThreadLoads));
  if (workerCount > 0 && toLoad.length > 0) {
    // Files the workers hand back together are recorded a slice at a time: two of them interned in one turn blocked
    // the extension host 99 ms.
    const arrivals = new SlicedQueue(RECORD_SLICE_MS);
    await loadOnWorkers(
      toLoad.map((position) => files[position]),
      sizes,
      { workerCount, maxTextBytes, yielding: options.yieldingWorkers === true, callingThreadLoads },
      (file, k) => arrivals.push(() => loadedNow(file, toLoad[k])),
      options.signal,
    );
    await arrivals.idle();
  } else {
    let tables = new LoadTables();
    for (let k = 0; k < toLoad.length && !options.signal?.aborted; k++) {
      if (tables.full) tables = new LoadTables();
      loadedNow(await loadFile(files[toLoad[k]], maxTextBytes, options.blockingReads, tables), toLoad[k]);
    }
  }
  const result: LoadResult = { files: [], digests: walked.digests, skipped: walked.skipped, diagnostics: [...walked.diagnostics] };
  if (cache !== undefined) result.fromCache = files.length - toLoad.length;
  if (setKey !== undefined && !options.signal?.aborted) result.setKey = setKey;
  if (copies !== undefined) result.copies = copies;
  for (const file of loaded) {
    if (file === undefined) continue;
    if (file.format === 'digest') {
      result.digests.push(file.file);
      continue;
    }
    result.files.push(file);
    result.diagnostics.push(...file.diagnostics);
  }
  if (options.signal?.aborted) {
    const what = `read ${result.files.length} of the ${files.length} files found before the cancel`;
    result.diagnostics.push(makeDiagnostic(files[files.length - 1] ?? paths[0] ?? '', 'cancelled', `Load cancelled: ${what}.`, {}, 'warning'));
  }
  return result;
}
