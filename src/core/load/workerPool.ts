// Runs loadFile over many files on worker threads (one per core), handing out files as workers free up so
// large and small files balance out. The worker script sits next to the running code: dist/worker.js beside
// the bundles, out/src/core/load/worker.js beside the compiled sources.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadedFile } from './loadedFile';
import type { WorkerReply, WorkerTask } from './workerProtocol';

/**
 * Parsing allocates many short-lived objects per record; a larger young generation means fewer scavenges
 * (measured: about a tenth of the parse time goes to GC with the default size).
 */
const YOUNG_GENERATION_MB = 64;
const TASKS_QUEUED_PER_WORKER = 2;

/** Path of the worker script for the running build. */
function workerScriptPath(): string {
  return path.join(__dirname, 'worker.js');
}

/**
 * Loads `files` on `workerCount` threads, calling `onLoaded` as each finishes (in completion order) with the
 * file's position in `files`. `sizes` (bytes on disk, same order) decide the dispatch order: largest first, so a
 * big file does not start last and keep one worker busy while the others have nothing left to do.
 * Rejects only when the worker script is missing or a worker crashes: a packaging bug, not an input problem.
 */
export async function loadOnWorkers(
  files: readonly string[],
  sizes: readonly number[],
  { workerCount, maxTextBytes }: { workerCount: number; maxTextBytes: number },
  onLoaded: (loaded: LoadedFile, position: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const script = workerScriptPath();
  if (!existsSync(script)) throw new Error(`CloudTrail Lens: worker script not found at ${script}; build with npm run build.`);
  const workers = Array.from(
    { length: Math.max(1, Math.min(workerCount, files.length)) },
    () => new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
  );
  const order = files.map((_, position) => position).sort((a, b) => sizes[b] - sizes[a] || a - b);
  let next = 0;
  const take = (): number | null => (next >= files.length || signal?.aborted ? null : order[next++]);
  try {
    await Promise.all(
      workers.map((worker) => feedWorker(worker, (position) => ({ taskId: position, file: files[position], maxTextBytes }), take, onLoaded)),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * Keeps one worker loading the files whose positions `take` hands out, until it hands out none; resolves once the
 * worker has replied for all of them.
 */
function feedWorker(
  worker: Worker,
  taskOf: (position: number) => WorkerTask,
  take: () => number | null,
  onLoaded: (loaded: LoadedFile, position: number) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    const dispatch = () => {
      const position = take();
      if (position === null) {
        if (inFlight === 0) resolve();
        return;
      }
      inFlight++;
      worker.postMessage(taskOf(position));
    };
    worker.on('message', (reply: WorkerReply) => {
      inFlight--;
      onLoaded(reply.loaded, reply.taskId);
      dispatch();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`CloudTrail Lens: load worker exited with code ${code}`));
    });
    // Two files queued per worker, so it starts the next one while its last result is being merged.
    for (let k = 0; k < TASKS_QUEUED_PER_WORKER; k++) dispatch();
  });
}
