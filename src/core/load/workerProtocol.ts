// Messages between the load pool and its workers.

import type { LoadedFile } from './loadedFile';

/** Main thread → worker: load this file. */
export interface WorkerTask {
  taskId: number;
  file: string;
  /** LoadOptions.maxTextBytes of the load. */
  maxTextBytes: number;
}

/** Worker → main thread: the loaded file, its typed arrays transferred. */
export interface WorkerReply {
  taskId: number;
  loaded: LoadedFile;
}
