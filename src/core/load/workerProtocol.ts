// Messages between the load pool and its workers.

import type { LoadedFile } from './loadedFile';
import type { TableUpdate } from './stringTables';

/** Main thread → worker: load these files (several small ones travel together). */
export interface WorkerTask {
  taskId: number;
  /** Each file with its position in the pool's list. */
  files: { position: number; file: string }[];
  /** LoadOptions.maxTextBytes of the load. */
  maxTextBytes: number;
}

/**
 * Worker → main thread: the loaded files of one task, their typed arrays transferred and their string tables left
 * out; the values the worker's tables gained with them travel once, in `tables` (stringTables.ts).
 */
export interface WorkerReply {
  taskId: number;
  loaded: { position: number; loaded: LoadedFile }[];
  tables: TableUpdate;
}

/** The worker's workerData. */
export interface WorkerStart {
  /** LoadOptions.yieldingWorkers of the load. */
  yielding: boolean;
  /**
   * Files whose versions (fileVersion.ts) the worker reads and sends back, in one message of (FileVersion | undefined)[],
   * instead of loading tasks (versionsOnWorker).
   */
  versionsOf?: readonly string[];
}
