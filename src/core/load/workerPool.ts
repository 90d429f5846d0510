// Runs loadFile over many files on worker threads (one per core), handing out files as workers free up so
// large and small files balance out. The worker script sits next to the running code: dist/worker.js beside
// the bundles, out/src/core/load/worker.js beside the compiled sources.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileVersion } from './fileVersion';
import type { LoadedFile } from './loadedFile';
import { loadFile } from './loadFile';
import { unpackFiles } from './packedIndexes';
import { LoadTables, TableMirror } from './stringTables';
import type { WorkerReply, WorkerStart, WorkerTask } from './workerProtocol';

/**
 * Parsing allocates many short-lived objects per record; a larger young generation means fewer scavenges
 * (measured: about a tenth of the parse time goes to GC with the default size).
 */
const YOUNG_GENERATION_MB = 64;
/**
 * A worker is sent tasks ahead of the one it loads: at least two, so it starts the next while its last result is being
 * merged, and more while they hold under QUEUED_BYTES_PER_WORKER. The thread that sends them only reads its messages
 * between the tasks it loads itself, and two tasks of small files ran out before it did: on 10,000 files of 100 events
 * the worker waited 0.45 s in all. Tasks queued are the worker's to load, so towards the end of the files (the last
 * ENDING_BYTES) it is sent two at most again, and the other threads are not left waiting for it; nor is it ever sent
 * more than two large files.
 */
const TASKS_QUEUED_PER_WORKER = 2;
const QUEUED_BYTES_PER_WORKER = 1024 * 1024;
const ENDING_BYTES = 8 * QUEUED_BYTES_PER_WORKER;
/**
 * Small files travel to a worker together, up to TASK_BYTES on disk or FILES_PER_TASK files: a delivery folder holds
 * thousands of files of a few kilobytes, and a message each way per file cost more than loading it. Larger tasks
 * only grew the peak memory (3,000 files of 100 events: 285 MB one file a task, 330 MB with 8, 420 MB with 64).
 */
const TASK_BYTES = 256 * 1024;
const FILES_PER_TASK = 16;

/** A task and the bytes on disk of its files. */
interface SizedTask {
  task: WorkerTask;
  bytes: number;
}

/** Path of the worker script for the running build. */
export function workerScriptPath(): string {
  return path.join(__dirname, 'worker.js');
}

/** How loadOnWorkers runs: see LoadOptions for `yielding` (yieldingWorkers) and `callingThreadLoads`. */
export interface WorkerLoad {
  workerCount: number;
  maxTextBytes: number;
  yielding?: boolean;
  callingThreadLoads?: boolean;
}

/**
 * Loads `files` on `workerCount` threads (and on the calling thread too with `callingThreadLoads`), calling `onLoaded`
 * as each finishes (in completion order) with the file's position in `files`. `sizes` (bytes on disk, same order)
 * decide the dispatch order: largest first, so a big file does not start last and keep one thread busy while the
 * others have nothing left to do. Rejects only when the worker script is missing or a worker crashes: a packaging
 * bug, not an input problem.
 */
export async function loadOnWorkers(
  files: readonly string[],
  sizes: readonly number[],
  { workerCount, maxTextBytes, yielding = false, callingThreadLoads = false }: WorkerLoad,
  onLoaded: (loaded: LoadedFile, position: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const script = workerScriptPath();
  if (!existsSync(script)) throw new Error(`CloudTrail Lens: worker script not found at ${script}; build with npm run build.`);
  const workers = Array.from(
    { length: Math.max(1, Math.min(workerCount, files.length)) },
    () => new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }, workerData: { yielding } satisfies WorkerStart }),
  );
  const order = files.map((_, position) => position).sort((a, b) => sizes[b] - sizes[a] || a - b);
  let next = 0;
  let taskId = 0;
  let bytesLeft = sizes.reduce((sum, size) => sum + size, 0);
  const take = (): SizedTask | null => {
    if (next >= files.length || signal?.aborted) return null;
    const task: WorkerTask = { taskId: taskId++, files: [], maxTextBytes };
    let bytes = 0;
    do {
      const position = order[next++];
      task.files.push({ position, file: files[position] });
      bytes += sizes[position];
    } while (next < files.length && task.files.length < FILES_PER_TASK && bytes + sizes[order[next]] <= TASK_BYTES);
    bytesLeft -= bytes;
    return { task, bytes };
  };
  try {
    const fed = workers.map((worker) => feedWorker(worker, take, () => bytesLeft, onLoaded));
    await Promise.all(callingThreadLoads ? [...fed, loadHere(take, maxTextBytes, onLoaded)] : fed);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * The versions of `files` (fileVersion.ts), in their order, read on a worker with blocking calls (undefined for those
 * that cannot be read; all of them once `signal` aborts). Rejects when the worker cannot run: its script missing, a
 * crash.
 */
export function versionsOnWorker(files: readonly string[], signal?: AbortSignal): Promise<(FileVersion | undefined)[]> {
  const script = workerScriptPath();
  if (!existsSync(script)) return Promise.reject(new Error(`CloudTrail Lens: worker script not found at ${script}`));
  if (signal?.aborted) return Promise.resolve(files.map(() => undefined));
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { yielding: false, versionsOf: files } satisfies WorkerStart });
    let settled = false;
    const settle = (versions: (FileVersion | undefined)[] | Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      if (versions instanceof Error) reject(versions);
      else resolve(versions);
    };
    const abort = () => settle(files.map(() => undefined));
    signal?.addEventListener('abort', abort, { once: true });
    worker.once('message', (versions: (FileVersion | undefined)[]) => settle(versions));
    worker.once('error', (error) => settle(error));
    worker.once('exit', () => settle(new Error('the versions worker ended without replying')));
  });
}

/**
 * Loads the tasks `take` hands out on the calling thread, as a one-thread load does (blocking reads, one set of
 * string tables), until it hands out none; between tasks the event loop turns, so the workers' replies are merged
 * and the workers fed.
 */
async function loadHere(take: () => SizedTask | null, maxTextBytes: number, onLoaded: (loaded: LoadedFile, position: number) => void): Promise<void> {
  let tables = new LoadTables();
  for (let taken = take(); taken !== null; taken = take()) {
    for (const { position, file } of taken.task.files) {
      if (tables.full) tables = new LoadTables();
      onLoaded(await loadFile(file, maxTextBytes, true, tables), position);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Keeps one worker loading the tasks `take` hands out, until it hands out none; resolves once the worker has replied
 * for all of them. `bytesLeft`: the bytes on disk of the files no task has taken yet.
 */
function feedWorker(
  worker: Worker,
  take: () => SizedTask | null,
  bytesLeft: () => number,
  onLoaded: (loaded: LoadedFile, position: number) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    /** Bytes on disk of the tasks sent and not yet answered, by task id. */
    const inFlight = new Map<number, number>();
    let bytesInFlight = 0;
    let ended = false;
    const wantsMore = () => inFlight.size < TASKS_QUEUED_PER_WORKER || (bytesInFlight < QUEUED_BYTES_PER_WORKER && bytesLeft() > ENDING_BYTES);
    const dispatch = () => {
      while (!ended && wantsMore()) {
        const taken = take();
        if (taken === null) ended = true;
        else {
          inFlight.set(taken.task.taskId, taken.bytes);
          bytesInFlight += taken.bytes;
          worker.postMessage(taken.task);
        }
      }
      if (ended && inFlight.size === 0) resolve();
    };
    const tables = new TableMirror();
    worker.on('message', (reply: WorkerReply) => {
      bytesInFlight -= inFlight.get(reply.taskId) ?? 0;
      inFlight.delete(reply.taskId);
      tables.apply(reply.tables);
      unpackFiles(reply.packed, tables.tables).forEach((loaded, k) => onLoaded(loaded, reply.positions[k]));
      dispatch();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`CloudTrail Lens: load worker exited with code ${code}`));
    });
    dispatch();
  });
}
