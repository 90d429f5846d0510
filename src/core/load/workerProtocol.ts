// Messages between the load pool and its workers.

import type { LoadedFile } from './loadedFile';

/** Main thread → worker: load these files (several small ones travel together). */
export interface WorkerTask {
  taskId: number;
  /** Each file with its position in the pool's list. */
  files: { position: number; file: string }[];
  /** LoadOptions.maxTextBytes of the load. */
  maxTextBytes: number;
}

/** Worker → main thread: the loaded files of one task, their typed arrays transferred. */
export interface WorkerReply {
  taskId: number;
  loaded: { position: number; loaded: LoadedFile }[];
}

/** The worker's workerData. */
export interface WorkerStart {
  /** LoadOptions.yieldingWorkers of the load. */
  yielding: boolean;
}
