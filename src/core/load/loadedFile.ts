// The result types of loading, shared by the loader, the worker protocol and the store.

import type { Diagnostic, InputFormat } from '../types';
import type { IndexCache, LoadSetKey } from './indexCache';
import type { FileIndex } from './indexSchema';

/** One input file after loading: its compact index (possibly empty) and its own diagnostics. */
export interface LoadedFile {
  /** Absolute path as resolved. */
  file: string;
  /** Recognised shape, or null when nothing CloudTrail-like was found. */
  format: InputFormat | null;
  index: FileIndex;
  diagnostics: Diagnostic[];
  /** Size on disk (or of the given text) and decompressed size, in bytes. */
  size: number;
  textSize: number;
  gzip: boolean;
  /** Modification time of the file when it was read (absent for text given in memory): with `size`, it tells a
   *  file rewritten since it was loaded. */
  mtimeMs?: number;
  /** For loadText: the UTF-8 bytes of the editor text, so records are re-read from it rather than from disk. */
  text?: Uint8Array;
}

/** Progress of a long load, for a status line. */
export interface LoadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  events: number;
}

/** Everything a load produced. */
export interface LoadResult {
  /** Files that were read as logs (including those that loaded nothing), in path order. */
  files: LoadedFile[];
  /** CloudTrail-Digest files recognised and kept apart (never read as events). */
  digests: string[];
  /** Files found in folders that are not logs by their name (kept for transparency). */
  skipped: string[];
  /** Every diagnostic, of every file and of the load itself. */
  diagnostics: Diagnostic[];
  /** How many of the files came from LoadOptions.cache instead of being read and parsed (absent: 0). */
  fromCache?: number;
  /**
   * With LoadOptions.cache, when every file could be read and the cache did not hold this load whole: the key to keep
   * it whole under once a store holds it (cacheLoad), so that reopening it needs no interning.
   */
  setKey?: LoadSetKey;
  /**
   * When the cache gave this load whole: the copies among its events as they were found when it was kept, so that a
   * store holding nothing else need not compare a million events again (EventStore checks them before use).
   */
  copies?: LoadCopies;
}

/**
 * The events delivered more than once within one load, numbered across its files in order (the first file's events
 * from 0): group g is `members[starts[g] .. starts[g + 1])`, ascending, two or more copies each; groups in the order
 * of their first copy.
 */
export interface LoadCopies {
  starts: Uint32Array;
  members: Uint32Array;
}

/** Options of loadPaths. */
export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?(progress: LoadProgress): void;
  /**
   * Called on the calling thread with each file as soon as it is loaded (from the cache or not), in the order they
   * finish: EventStore.prepare does the store's share of the work then, while the other files still load. It may
   * replace the file's `index` with one of the same events (prepare does: one that reads the store's copy of them).
   */
  onFile?(loaded: LoadedFile): void;
  /**
   * Walk folders, and read files when loading in the calling thread, with blocking calls: for a process with no event
   * loop to keep answering (ctlens), where the thread pool's round trips (stat, open, read, close) left a quarter of a
   * load of 10,000 small files idle. Worker threads always read so.
   */
  blockingReads?: boolean;
  /**
   * Number of worker threads. Default: one per core when the input is large enough to pay for starting them,
   * else 0. 0 parses in the calling thread.
   */
  workers?: number;
  /**
   * The calling thread loads files too, beside the workers (one fewer by default), reading with blocking calls: for
   * ctlens, whose thread has nothing else to do meanwhile. With a worker per core, two workers and the thread
   * merging their files shared two cores; the thread's own files also need no copy between threads (ctlens stats on
   * a million events: see the README's whole-process table). Never for a caller that must keep answering.
   */
  callingThreadLoads?: boolean;
  /**
   * Worker threads run below the calling thread's priority (Linux: a nice value per thread), for a caller that must
   * keep answering meanwhile (the extension host, which merges each file as it arrives). Off for ctlens: there it
   * cost about 0.5 s of a 12 s load.
   */
  yieldingWorkers?: boolean;
  /**
   * Largest inflated (decompressed) text of one file, in bytes; a larger file gets a `too-large` diagnostic that
   * names the bound and how to raise it. Default DEFAULT_MAX_TEXT_BYTES (decodeInput.ts).
   */
  maxTextBytes?: number;
  /**
   * On-disk cache of indexes (indexCache.ts): files whose cached index matches their version on disk are not read
   * again, and the others are put into it once loaded. The result is the same with or without it.
   */
  cache?: IndexCache;
}
