// The on-disk cache of per-file indexes that makes a reopen warm (a window reload, the same folder opened again):
// one entry file per log, named by a hash of its path, holding the index (indexCodec.ts) and the key it was made
// for. The key is the file's version (path, size, mtime and a SHA-256 of its first and last 64 KB, which catches a
// rewrite that kept size and mtime), the load's text bound and the engine's version; any difference is a miss and
// the next put replaces the entry. Writes go to a temporary file renamed over the entry, so two windows writing at
// once leave one whole entry, never a mix. Every file-system error is a miss (a read-only or full disk must not stop
// a load), reported once through `onError`.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, utimes, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { INTERNED_FIELDS, UNIQUE_FIELDS, FLAG_VALUE_CODES, type InternedField } from './indexSchema';
import { fileVersion, type FileVersion } from './fileVersion';
import { versionsOnWorker } from './workerPool';
import { decodeLoadedFile, encodeLoadedFileSteps, INDEX_CODEC_VERSION } from './indexCodec';
import { withOwnTables } from './stringTables';
import { MAX_KEPT_CALLS_PER_FILE, MAX_LINKS_PER_FILE } from './keptCalls';
import type { LoadCopies, LoadedFile } from './loadedFile';
import { decodeLoadSetSteps, encodeLoadSet, filesOfLoadSet, LOAD_SET_CODEC_VERSION, LOAD_SET_SPLIT, type DecodedLoadSet } from './loadSetCodec';
import { runInSlices } from '../store/steps';
import { readArriving, type ArrivingBytes } from './arrivingRead';

/**
 * A load's paths (as given), the files it found and their versions on disk when it started: the entry of the whole
 * load is named by the paths, and holds each file under its version.
 */
export interface LoadSetKey {
  paths: readonly string[];
  files: readonly string[];
  versions: readonly FileVersion[];
  maxTextBytes: number;
}

/** Slices of a whole load's decoding and encoding, so that the extension host keeps answering meanwhile. */
const CACHE_SLICE_MS = 10;
/** Entries named between two yields of hasEntries. */
const NAMES_PER_STEP = 512;

/**
 * Bumped when indexing changes what it stores without the schema's names changing (a new noise rule, a level rule):
 * entries made by an older indexer are misses. Hosts add their own version (IndexCacheOptions.hostVersion) too.
 */
const INDEXER_VERSION = 1;

/** Changes whenever the index schema's fields, flag codes or caps change, so a stale layout is never read. */
const SCHEMA_HASH = createHash('sha256')
  .update(JSON.stringify([INTERNED_FIELDS, UNIQUE_FIELDS, FLAG_VALUE_CODES, MAX_KEPT_CALLS_PER_FILE, MAX_LINKS_PER_FILE]))
  .digest('hex')
  .slice(0, 16);

/** Default bound on the cache folder's entries. */
export const DEFAULT_INDEX_CACHE_BYTES = 512 * 1024 * 1024;
/** Lookups and writes under way at once: enough to hide disk latency, few enough not to exhaust file handles. */
export const CACHE_IO_CONCURRENCY = 16;
/**
 * Files from which their versions are read on a worker, with blocking calls (versionsOnWorker): 30–40 µs a file there
 * against 250–300 µs with promises here, once the worker has started (80–110 ms measured): for 200 files the promises
 * were quicker (24–54 ms against 107–114 ms).
 */
const VERSIONS_ON_WORKER_FROM = 512;
/** Entries of files put written at once after a load: few, so that few are encoded between two turns of the event loop. */
const QUEUED_WRITE_CONCURRENCY = 2;

const ENTRY_SUFFIX = '.ctidx';
const SET_SUFFIX = '.ctset';
const TEMP_SUFFIX = '.tmp';
/** A temporary file older than this was left by a process that died while writing; eviction removes it. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/** A whole load's entry being read and decoded ahead (IndexCache.readSetEntry). */
export interface SetEntryRead {
  entryPath: string;
  /** Undefined when there is no entry, or none of this version and these paths. */
  decoded: Promise<DecodedLoadSet | undefined>;
  /** Which members the load wants, once its files' versions are known (getSet): the others are not decoded. */
  wants?: (memberKey: string) => boolean;
  /** Whether there is an entry to decode, known once it is opened. */
  found: Promise<boolean>;
}

export interface IndexCacheOptions {
  /** Bound on the total bytes of the entries; least recently used entries are evicted past it. */
  maxBytes?: number;
  /** The host's version (the extension's, the CLI's): a new release never reads an older release's entries. */
  hostVersion?: string;
  /** Told of the first file-system error (later ones are misses too, but not told again). */
  onError?(message: string): void;
}

/**
 * Slices of the decoding of a whole load's entry as it arrives: it runs while the folder is walked through the thread
 * pool, whose every step waits for a turn of the event loop (in slices of 10 ms, the walk of 200 files took 0.65–1 s
 * instead of 0.1 s).
 */
const ARRIVING_SLICE_MS = 2;

/**
 * Runs `steps` in slices (runInSlices); a step that yields a byte count that has not arrived yet waits for it (or
 * for the read to stop short) before the next.
 */
async function runArriving<T>(steps: Generator<number | void, T>, arriving: ArrivingBytes): Promise<T> {
  for (;;) {
    let need = 0;
    const outcome = await runInSlices(
      (function* (): Generator<void, { value: T } | undefined> {
        for (;;) {
          const step = steps.next();
          if (step.done) return { value: step.value };
          if (typeof step.value === 'number' && step.value > arriving.filled) {
            need = step.value;
            return undefined;
          }
          yield;
        }
      })(),
      ARRIVING_SLICE_MS,
    );
    if (outcome !== undefined) return outcome.value;
    await arriving.until(need);
  }
}

/** Runs `task` over `items` with at most `limit` under way at once. */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T, position: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const position = next++;
      await task(items[position], position);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The on-disk cache of loaded files' indexes (see the top of this file). */
export class IndexCache {
  readonly folder: string;
  private readonly maxBytes: number;
  private readonly version: string;
  private readonly onError?: (message: string) => void;
  private errorReported = false;
  private folderReady: Promise<boolean> | undefined;
  /** Puts under way, awaited by flush(). */
  private readonly pending = new Set<Promise<void>>();
  /** Files put and not yet written (writeQueued). */
  private queued: Array<{ loaded: LoadedFile; maxTextBytes: number }> = [];
  private eviction: Promise<void> | undefined;
  private evictionWanted = false;
  /**
   * Bytes in the folder at the last eviction's scan plus those written since (more than there are when an entry was
   * replaced, or fewer when another window writes too, until the next scan); undefined before the first scan. A scan
   * stats every entry: run after each batch of writes, it was a second of a million-event load's main thread.
   */
  private folderBytes: number | undefined;

  constructor(folder: string, options: IndexCacheOptions = {}) {
    this.folder = path.resolve(folder);
    this.maxBytes = options.maxBytes ?? DEFAULT_INDEX_CACHE_BYTES;
    this.version = [INDEX_CODEC_VERSION, LOAD_SET_CODEC_VERSION, INDEXER_VERSION, SCHEMA_HASH, options.hostVersion ?? ''].join('/');
    this.onError = options.onError;
  }

  /**
   * The version on disk of each file (undefined for a file that cannot be read now: the loader reports it). `busy`:
   * the calling thread is decoding a whole load's entry meanwhile, and a file's version read through the thread pool
   * waits for a turn of its event loop at each of its steps (200 files took 1.15 s instead of 0.35 s so): they are
   * read on a worker, however few.
   */
  async versionsOf(files: readonly string[], signal?: AbortSignal, busy = false): Promise<(FileVersion | undefined)[]> {
    if (files.length >= VERSIONS_ON_WORKER_FROM || (busy && files.length > 1)) {
      const versions = await versionsOnWorker(files, signal).catch(() => undefined);
      if (versions !== undefined) return versions;
    }
    const versions = new Array<FileVersion | undefined>(files.length);
    await forEachLimited(files, CACHE_IO_CONCURRENCY, async (file, position) => {
      if (!signal?.aborted) versions[position] = await fileVersion(file).catch(() => undefined);
    });
    return versions;
  }

  /**
   * The loaded file cached for this version of `file` (`version`, as versionsOf found it; looked up when not given)
   * and this text bound, or undefined. Never rejects.
   */
  async get(file: string, maxTextBytes: number, version?: FileVersion): Promise<LoadedFile | undefined> {
    // A log that cannot be read now is the loader's to report, not the cache's.
    version ??= await fileVersion(file).catch(() => undefined);
    if (version === undefined) return undefined;
    const key = this.keyOf(file, version, maxTextBytes);
    return this.readEntry(this.entryPath(file), (entry) => {
      const loaded = decodeLoadedFile(entry, key);
      return loaded?.file === file ? loaded : undefined;
    });
  }

  /**
   * For each of `files`, whether the folder has an entry for it (of some version): one listing of the folder, where a
   * lookup each cost a failed open on the calling thread (10,000 files none of which was cached: 1.3 s of the
   * extension host's thread before their load began). False for all when the folder cannot be read.
   */
  async hasEntries(files: readonly string[]): Promise<boolean[]> {
    const names = new Set(await readdir(this.folder).catch(() => []));
    return runInSlices(this.hasEntriesSteps(files, names), CACHE_SLICE_MS);
  }

  /** Naming an entry hashes its file's path: 10,000 of them at once held the extension host's thread about 100 ms. */
  private *hasEntriesSteps(files: readonly string[], names: ReadonlySet<string>): Generator<void, boolean[]> {
    const found: boolean[] = [];
    for (const file of files) {
      if (found.length % NAMES_PER_STEP === NAMES_PER_STEP - 1) yield;
      found.push(names.has(this.entryName(file)));
    }
    return found;
  }

  /**
   * The files of a load that the entry of a load of the same paths holds in their version now, at their positions in
   * `key.files` (nothing where it does not: a log added, changed or damaged since); undefined without such an entry.
   */
  async getSet(key: LoadSetKey, read?: SetEntryRead): Promise<{ files: (LoadedFile | undefined)[]; copies?: LoadCopies } | undefined> {
    const positions = new Map(key.files.map((file, k) => [this.keyOf(file, key.versions[k], key.maxTextBytes), k]));
    const positionOf = (memberKey: string) => positions.get(memberKey) ?? -1;
    const entryPath = this.setPath(key);
    const setRead = read?.entryPath === entryPath ? read : this.readSetEntry(key.paths, key.maxTextBytes);
    if (read !== undefined && read !== setRead) read.wants = () => false;
    setRead.wants = (memberKey) => positionOf(memberKey) >= 0;
    const decoded = await setRead.decoded;
    if (decoded === undefined) return undefined;
    this.markUsed(entryPath);
    return filesOfLoadSet(decoded, positionOf);
  }

  /**
   * Starts reading and decoding the entry of a load of `paths` before its files are found and their versions known
   * (getSet needs them): its name depends on the paths alone. Its members are decoded as their bytes arrive, while the
   * folder is walked and the versions are read (the whole entry decoded after them, a million events' 119 MB, took
   * 0.75–0.84 s of the thread).
   */
  readSetEntry(paths: readonly string[], maxTextBytes: number): SetEntryRead {
    const entryPath = this.setPath({ paths, maxTextBytes });
    const arriving = readArriving(entryPath, LOAD_SET_SPLIT);
    const read: SetEntryRead = {
      entryPath,
      decoded: this.decodeSetEntry(arriving, this.tablesKeyOf({ paths, maxTextBytes }), (memberKey) => read.wants?.(memberKey) ?? true),
      found: arriving.then(
        () => true,
        () => false,
      ),
    };
    return read;
  }

  /** decodeLoadSetSteps on the entry at `entryPath` as it is read, in slices; undefined when there is none. Never rejects. */
  private async decodeSetEntry(
    read: Promise<ArrivingBytes>,
    tablesKey: string,
    wants: (memberKey: string) => boolean,
  ): Promise<DecodedLoadSet | undefined> {
    try {
      const arriving = await read;
      const decoded = await runArriving(
        decodeLoadSetSteps(arriving.bytes, () => arriving.filled, tablesKey, wants, arriving.apart),
        arriving,
      );
      // Bytes that never came leave the entry undefined; why is told once the decoding has waited for them.
      if (arriving.failure !== undefined) throw arriving.failure;
      return decoded;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.report('read an entry', error);
      return undefined;
    }
  }

  /** An entry's bytes, undefined when there is none; rejects on other errors. */
  private async readEntryBytes(entryPath: string): Promise<Buffer | undefined> {
    const arriving = await readArriving(entryPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      return undefined;
    });
    if (arriving === undefined) return undefined;
    await arriving.until(arriving.bytes.length);
    if (arriving.failure !== undefined) throw arriving.failure;
    return arriving.bytes.subarray(0, arriving.filled);
  }

  /** What `decode` makes of the entry at `entryPath`, marked used when it gives something; undefined for no entry. */
  private async readEntry<T>(entryPath: string, decode: (entry: Buffer) => T | undefined): Promise<T | undefined> {
    try {
      const entry = await this.readEntryBytes(entryPath);
      const decoded = entry === undefined ? undefined : decode(entry);
      if (decoded === undefined) return undefined;
      this.markUsed(entryPath);
      return decoded;
    } catch (error) {
      this.report('read an entry', error);
      return undefined;
    }
  }

  /**
   * Stores a file just loaded from disk, once writeQueued() or flush() is called: a load puts its files as they come,
   * and the caller writes them after the load, which then does not pay for them (about 1.2 s of the extension host's
   * thread in a load of a million events). Skipped when the file on disk is no longer the version that was loaded, or
   * when it was loaded from memory (an editor's text).
   */
  put(loaded: LoadedFile, maxTextBytes: number): void {
    if (loaded.text !== undefined || loaded.mtimeMs === undefined) return;
    // A copy: the file's index as loaded, whatever replaces it in the caller's object meanwhile (LoadOptions.onFile).
    this.queued.push({ loaded: { ...loaded }, maxTextBytes });
  }

  /** Starts writing the files put so far, in the background (flush() waits for them), a few at a time. */
  writeQueued(): void {
    const queued = this.queued;
    this.queued = [];
    if (queued.length === 0) return;
    this.track(
      forEachLimited(queued, QUEUED_WRITE_CONCURRENCY, ({ loaded, maxTextBytes }) =>
        this.write(loaded, maxTextBytes).catch((error: unknown) => this.report('write an entry', error)),
      ),
    );
  }

  /** Keeps a write for flush() to wait for, its failure reported, and evicts once no write is under way. */
  private track(writing: Promise<void>): void {
    const write = writing.catch((error: unknown) => this.report('write an entry', error));
    this.pending.add(write);
    void write.finally(() => {
      this.pending.delete(write);
      if (this.pending.size === 0) this.scheduleEviction();
    });
  }

  /**
   * Stores a whole load (in the background: flush() waits for it): `files` as the store holds them, in the order of
   * `key.files`, their ids into the store's `tables`. Skipped unless every file is the version the key names, on
   * disk still, or when the entry would pass the cache's bound.
   */
  putSet(key: LoadSetKey, files: readonly LoadedFile[], tables: Record<InternedField, readonly string[]>, copies: LoadCopies): void {
    const matches = files.every(
      (loaded, k) => loaded.file === key.files[k] && loaded.size === key.versions[k].size && loaded.mtimeMs === key.versions[k].mtimeMs,
    );
    if (files.length !== key.files.length || !matches) return;
    // The store's tables may grow while the entry is written; values after those the files use are kept and unused.
    this.track(this.writeSet(key, files, tables, copies));
  }

  /** Writes the files put, and waits for the writes under way and the eviction after them. Never rejects. */
  async flush(): Promise<void> {
    this.writeQueued();
    while (this.pending.size > 0) await Promise.all(this.pending);
    this.scheduleEviction();
    while (this.eviction !== undefined) await this.eviction;
  }

  /**
   * Removes every entry of the folder, of whole loads and of files, and the temporary files of writes, once the writes
   * under way are done (those not yet begun are dropped): what it removed. Other files of the folder stay. Never
   * rejects: a file that cannot be removed is reported and left.
   */
  async clear(): Promise<{ entries: number; bytes: number }> {
    this.queued = [];
    await this.flush();
    const removed = { entries: 0, bytes: 0 };
    const names = await readdir(this.folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') this.report('list the entries to clear', error);
      return [];
    });
    await forEachLimited(names, CACHE_IO_CONCURRENCY, async (name) => {
      const isEntry = name.endsWith(ENTRY_SUFFIX) || name.endsWith(SET_SUFFIX);
      if (!isEntry && !name.endsWith(TEMP_SUFFIX)) return;
      const file = path.join(this.folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info === undefined || !info.isFile()) return;
      try {
        await unlink(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.report('clear an entry', error);
        return;
      }
      if (!isEntry) return;
      removed.entries++;
      removed.bytes += info.size;
    });
    this.folderBytes = undefined;
    return removed;
  }

  private entryName(file: string): string {
    return createHash('sha256').update(file).digest('hex').slice(0, 40) + ENTRY_SUFFIX;
  }

  private entryPath(file: string): string {
    return path.join(this.folder, this.entryName(file));
  }

  private keyOf(file: string, version: FileVersion, maxTextBytes: number): string {
    return JSON.stringify({ engine: this.version, file, ...version, maxTextBytes });
  }

  /**
   * Recency is the entry's mtime: no shared index file that two windows would have to lock and could corrupt, and
   * eviction learns it from the same stat that gives the size. atime is no use (noatime, relatime mounts).
   */
  private markUsed(entryPath: string): void {
    const now = new Date();
    void utimes(entryPath, now, now).catch((error: unknown) => this.report('mark an entry used', error));
  }

  /** A whole load's entry is named by its paths and text bound: the next load of the same paths replaces it. */
  private setPath({ paths, maxTextBytes }: Pick<LoadSetKey, 'paths' | 'maxTextBytes'>): string {
    const name = createHash('sha256').update(JSON.stringify({ paths, maxTextBytes })).digest('hex').slice(0, 40);
    return path.join(this.folder, name + SET_SUFFIX);
  }

  private tablesKeyOf({ paths, maxTextBytes }: Pick<LoadSetKey, 'paths' | 'maxTextBytes'>): string {
    return JSON.stringify({ engine: this.version, paths, maxTextBytes });
  }

  private async write(loaded: LoadedFile, maxTextBytes: number): Promise<void> {
    const version = await fileVersion(loaded.file).catch(() => undefined);
    if (version === undefined || version.size !== loaded.size || version.mtimeMs !== loaded.mtimeMs) return;
    // In the background's slices: several files encoded at once, as their versions came in, held the host.
    const entry = await runInSlices(encodeLoadedFileSteps(withOwnTables(loaded), this.keyOf(loaded.file, version, maxTextBytes)), CACHE_SLICE_MS, {
      background: true,
    });
    if (entry === undefined || entry.length > this.maxBytes) return;
    if (!(await this.ensureFolder())) return;
    await this.replace(this.entryPath(loaded.file), entry.length, (handle) => handle.writeFile(entry));
  }

  /** Writes `entryPath` anew (`bytes` long) through a temporary file renamed over it, so a reader never sees half an entry. */
  private async replace(entryPath: string, bytes: number, write: (handle: FileHandle) => Promise<void>): Promise<void> {
    const temporary = `${entryPath}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await write(handle);
      } finally {
        await handle.close();
      }
      await rename(temporary, entryPath);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    if (this.folderBytes !== undefined) this.folderBytes += bytes;
    this.evictionWanted = true;
  }

  private async writeSet(
    key: LoadSetKey,
    files: readonly LoadedFile[],
    tables: Record<InternedField, readonly string[]>,
    copies: LoadCopies,
  ): Promise<void> {
    const now = await this.versionsOf(key.files);
    const same = (version: FileVersion | undefined, k: number) =>
      version !== undefined &&
      version.size === key.versions[k].size &&
      version.mtimeMs === key.versions[k].mtimeMs &&
      version.sample === key.versions[k].sample;
    if (!now.every(same)) return;
    const keyOf = (loaded: LoadedFile, position: number) => this.keyOf(loaded.file, key.versions[position], key.maxTextBytes);
    const parts = await runInSlices(encodeLoadSet(files, tables, copies, this.tablesKeyOf(key), keyOf), CACHE_SLICE_MS, { background: true });
    const bytes = parts?.reduce((sum, part) => sum + part.length, 0) ?? Infinity;
    if (parts === undefined || bytes > this.maxBytes) return;
    if (!(await this.ensureFolder())) return;
    await this.replace(this.setPath(key), bytes, async (handle) => {
      await handle.writev(parts);
    });
  }

  private ensureFolder(): Promise<boolean> {
    this.folderReady ??= mkdir(this.folder, { recursive: true }).then(
      () => true,
      (error: unknown) => {
        this.report('create the cache folder', error);
        return false;
      },
    );
    return this.folderReady;
  }

  private scheduleEviction(): void {
    if (this.eviction !== undefined || !this.evictionWanted) return;
    this.evictionWanted = false;
    if (this.folderBytes !== undefined && this.folderBytes <= this.maxBytes) return;
    this.eviction = this.evict()
      .catch((error: unknown) => this.report('evict entries', error))
      .finally(() => {
        this.eviction = undefined;
        this.scheduleEviction();
      });
  }

  /** Deletes the least recently used entries until the rest fit in maxBytes, and temporary files left by a crash. */
  private async evict(): Promise<void> {
    const names = await readdir(this.folder);
    const entries: { file: string; bytes: number; usedMs: number }[] = [];
    const now = Date.now();
    await forEachLimited(names, CACHE_IO_CONCURRENCY, async (name) => {
      const file = path.join(this.folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info === undefined || !info.isFile()) return;
      if (name.endsWith(ENTRY_SUFFIX) || name.endsWith(SET_SUFFIX)) entries.push({ file, bytes: info.size, usedMs: info.mtimeMs });
      else if (name.endsWith(TEMP_SUFFIX) && now - info.mtimeMs > STALE_TEMP_MS) await unlink(file).catch(() => undefined);
    });
    let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
    entries.sort((a, b) => a.usedMs - b.usedMs);
    for (const entry of entries) {
      if (total <= this.maxBytes) break;
      await unlink(entry.file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      total -= entry.bytes;
    }
    this.folderBytes = total;
  }

  private report(action: string, error: unknown): void {
    if (this.errorReported) return;
    this.errorReported = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.onError?.(`Index cache: could not ${action} in ${this.folder} (${reason}); loading without the cache where it fails.`);
  }
}
