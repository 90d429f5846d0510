// Messages between the load pool and its workers.

import type { InputFormat, RawRecord } from '../types';
import type { PackedFiles } from './packedIndexes';
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
 * Worker → main thread: the loaded files of one task (packedIndexes.ts: their typed arrays transferred, their string
 * tables left out) and their positions in the pool's list; the values the worker's tables gained with them travel once,
 * in `tables` (stringTables.ts).
 */
export interface WorkerReply {
  taskId: number;
  positions: number[];
  packed: PackedFiles;
  tables: TableUpdate;
}

/**
 * The nice value of a yielding worker (LoadOptions.yieldingWorkers), which leaves the processor to the thread that
 * started it: in the extension host that thread answers the editor and merges each file as it arrives, and with as
 * many workers as cores at the same priority it waited its turn up to 100 ms at a time. At nice 5 the host's longest
 * block in eight rounds of npm run bench:host was 104 ms (55–104); at 19, 76 ms (47–76) over eight, the tree's final
 * counts as soon after the CLI's time (1.13 and 1.18 of it, medians of four rounds, both ways): the workers wait only
 * when the host has work.
 */
export const YIELDING_NICENESS = 19;

/** The worker's workerData. */
export interface WorkerStart {
  /** LoadOptions.yieldingWorkers of the load. */
  yielding: boolean;
  /**
   * Files whose versions (fileVersion.ts) the worker reads and sends back, in one message of (FileVersion | undefined)[],
   * instead of loading tasks (versionsOnWorker).
   */
  versionsOf?: readonly string[];
  /** Reads again the records of log files it is sent (RereadRequest), each answered by a RereadReply (rereadWorkers.ts). */
  rereads?: boolean;
}

/** Main thread → re-reading worker: records of one log file, by their byte ranges in its text. */
export interface RereadRequest {
  requestId: number;
  file: string;
  /** The bound its text was indexed with (what a file that now holds more has changed past). */
  maxTextBytes: number;
  format: InputFormat;
  starts: number[];
  ends: number[];
}

/** The version of a file as read again (the store compares it with the one indexed), and the records asked for. */
export interface Reread {
  /** Null when the file could not be read or decoded. */
  version: { size: number; mtimeMs?: number; textSize: number } | null;
  /** Per range: the record and its text, or null when the range holds no record object (the file changed). */
  records: ({ record: RawRecord; text: string } | null)[];
}

/** Re-reading worker → main thread. */
export interface RereadReply {
  requestId: number;
  reread: Reread;
}
