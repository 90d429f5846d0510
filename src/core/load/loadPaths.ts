// The engine's entry point for files and folders.

import { availableParallelism } from 'node:os';
import { textBound } from './decodeInput';
import { makeDiagnostic } from './diagnostics';
import { loadFile } from './loadFile';
import type { LoadedFile, LoadOptions, LoadResult } from './loadedFile';
import { expandPaths } from './walk';
import { loadOnWorkers } from './workerPool';

/** Below this much input, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

function defaultWorkerCount(fileCount: number, totalBytes: number): number {
  if (fileCount < 2 || totalBytes < WORKER_THRESHOLD_BYTES) return 0;
  return Math.min(availableParallelism(), fileCount);
}

/** Worker threads actually started for a requested count: more than the machine runs at once only costs memory. */
export function cappedWorkerCount(requested: number): number {
  return Math.min(requested, availableParallelism());
}

/**
 * Loads log files and folders (recursively, delivery layout) into compact indexes. Gzip is detected by magic
 * bytes; digests are listed apart; input problems become Diagnostics and never reject the promise.
 */
export async function loadPaths(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const walked = await expandPaths(paths, options.signal);
  const files = walked.logs.map((log) => log.file);
  const bytesTotal = walked.logs.reduce((sum, log) => sum + log.size, 0);
  const loaded: (LoadedFile | undefined)[] = new Array(files.length);
  const progress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal, events: 0 };
  const record = (file: LoadedFile, position: number) => {
    loaded[position] = file;
    progress.filesDone++;
    progress.bytesDone += walked.logs[position].size;
    progress.events += file.index.count;
    options.onProgress?.({ ...progress });
  };
  const workerCount = cappedWorkerCount(options.workers ?? defaultWorkerCount(files.length, bytesTotal));
  const maxTextBytes = textBound(options.maxTextBytes);
  if (workerCount > 0 && files.length > 0) {
    await loadOnWorkers(
      files,
      walked.logs.map((log) => log.size),
      { workerCount, maxTextBytes },
      record,
      options.signal,
    );
  } else {
    for (let position = 0; position < files.length && !options.signal?.aborted; position++)
      record(await loadFile(files[position], maxTextBytes), position);
  }
  const result: LoadResult = { files: [], digests: walked.digests, skipped: walked.skipped, diagnostics: [...walked.diagnostics] };
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
