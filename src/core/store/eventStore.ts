// The compact index over every loaded file. Holds no parsed record: per event a few typed-array slots, ids into
// global string tables, and packed bytes for unique strings. Records are re-read from their file on demand.
// Event ids are numbers allocated per load and never reused, so an id held by a surface stays valid (or
// becomes unknown) when a file is reloaded or removed.

import type { LensSettings } from '../noise/lenses';
import { formatEventTime } from '../load/eventTime';
import {
  flagCategory,
  flagIdentityKind,
  flagIsS3,
  flagLevel,
  flagOtherOperation,
  flagReadOnly,
  INTERNED_FIELDS,
  type InternedField,
} from '../load/indexSchema';
import { operationLoggedAs } from '../s3/operation';
import { recordObjectAt } from '../load/indexLog';
import type { LoadCopies, LoadedFile, LoadResult } from '../load/loadedFile';
import { readLogFile, readLogFileBlocking } from '../load/decodeInput';
import type { Rereader } from '../load/rereadWorkers';
import { FileDiagnostics, LinePositions, makeDiagnostic } from '../load/diagnostics';
import { decodeUnique, encodeUnique } from '../load/uniqueBytes';
import { evaluateQuery, UnresolvedTermError, type DerivedTerms } from '../search/evaluate';
import { parseQuery } from '../search/parseQuery';
import type { QueryError, QueryTerm } from '../search/query';
import type { Diagnostic, InputFormat, RawRecord } from '../types';
import { ColumnArena } from '../load/columnArena';
import { KeptCallReader } from '../load/keptCalls';
import { ColumnGroups } from './columnGroup';
import { Dictionary } from './dictionary';
import { indexOfRows, loadedFileOf, makeSegment, recordIndexOf, type Segment } from './segment';
import type { EventSummary } from './summary';
import { countEvents, groupEventsSteps, type CountField, type GroupBucket, type GroupCount, type GroupField, type GroupSource } from './group';
import { DuplicateIndex, knownCopiesFit, planCopies, type CopyCounts, type CopyLocation } from './duplicates';
import { runInSlices, runToEnd } from './steps';
import type { LinkFacts } from '../lineage/linkFacts';
import type { OverviewSource } from '../overview/dimensions';
import { overview, type Overview, type OverviewOptions } from '../overview/overview';
import { timeline, type Timeline, type TimelineOptions } from '../overview/timeline';
import { topGroups, topValues, type TopOptions, type TopValues } from '../overview/topValues';

/** The result of `EventStore.query`: ascending event ids, or where the query is wrong. */
export type QueryResult = { ok: true; ids: Uint32Array } | { ok: false; error: QueryError };

/** A loaded file as the store lists it. */
export interface StoredFile {
  file: string;
  format: InputFormat | null;
  events: number;
  diagnostics: Diagnostic[];
}

/** A re-read record: the parsed record and its exact text (the bytes of its range, decoded). */
export interface ReadRecord {
  record: RawRecord;
  text: string;
}

/** readRecord's rejection when the record's file is no longer what was indexed: the file must be reloaded. */
export class FileChangedError extends Error {
  readonly code = 'changed-since-load';
  constructor(readonly file: string) {
    super(`${file}: changed since it was loaded; reload it to read its records.`);
  }
}

/** Returned by onDidChange: call dispose() to stop listening. */
export interface Disposable {
  dispose(): void;
}

/** How many decompressed files readRecord keeps, so paging through one file does not gunzip it each time. */
const READ_CACHE_FILES = 2;
/** Text of the files readRecordsAhead is reading past the current one (one file at least). */
const READ_AHEAD_BYTES = 64 * 1024 * 1024;
/** Files made into loaded files between two steps of heldFilesSteps. */
const HELD_FILES_PER_STEP = 64;

/** What EventStore.heldFilesSteps gives the index cache of a load. */
export interface HeldFiles {
  files: LoadedFile[];
  tables: Record<InternedField, readonly string[]>;
  copies: LoadCopies;
}

/** Ids allIdsSteps writes between two yields: 256 KB of fresh memory, about a millisecond. */
const IDS_PER_STEP = 1 << 16;
/** addAsync's slices: short enough that the editor never waits long for the extension host. */
const DEFAULT_SLICE_MS = 10;

/** Options of an EventStore. */
export interface EventStoreOptions {
  /**
   * Re-read records' files with blocking calls: for a process with no event loop to keep answering (ctlens), where
   * re-reading the 1,802 matches of a query in 2,000 small files took 1.3–1.5 s of the thread pool's round trips
   * (stat, open, read, close), and 0.3–0.4 s so.
   */
  blockingReads?: boolean;
}

/** The engine's in-memory index of events. */
export class EventStore {
  constructor(private readonly options: EventStoreOptions = {}) {}

  private segments: Segment[] = [];
  /** Where the segments' per-event columns are kept (makeSegment), several files of one load to a group. */
  private groups = new ColumnGroups();
  /** Where the segments keep their record indexes (when not 0, 1, 2…), several files of one load to a buffer. */
  private columns = new ColumnArena();
  private readonly dictionaries = Object.fromEntries(INTERNED_FIELDS.map((field) => [field, new Dictionary()])) as Record<InternedField, Dictionary>;
  /** Diagnostics about paths that produced no loaded file (unreadable paths, cancelled loads), by path. */
  private readonly otherDiagnostics = new Map<string, Diagnostic[]>();
  private readonly digestFiles = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly readCache: { file: string; bytes: Buffer }[] = [];
  /** Loaded files found rewritten since they were indexed; forgotten when the file is loaded again or removed. */
  private readonly changed = new Set<string>();
  /** Events delivered more than once (same eventID and recipientAccountId), kept up to date with the segments. */
  private readonly copies = new DuplicateIndex();
  private nextId = 0;
  /** Counts the changes of the loaded segments, so a load spread over event-loop turns sees one made meanwhile. */
  private generation = 0;
  /** The loads addAsync is joining, one after another. */
  private adding: Promise<void> = Promise.resolve();
  /** Segments made by prepare while their load goes on, with a string table of the set their ids point into. */
  private readonly prepared = new WeakMap<LoadedFile, { segment: Segment; tables: Dictionary }>();
  private knownTables: Record<InternedField, readonly string[]> | undefined;

  /**
   * Does the costly part of adding `loaded` (its strings interned, its keys hashed) now, while the rest of its load
   * goes on in the workers (LoadOptions.onFile), so add or addAsync of the load later only joins it. The store does
   * not change: a prepared file that is never added is forgotten with it. `loaded.index` is replaced by one that reads
   * the same events from the segment's rows.
   */
  prepare(loaded: LoadedFile): void {
    const segment = makeSegment(loaded, 0, this.dictionaries, this.groups, this.columns);
    this.prepared.set(loaded, { segment, tables: this.dictionaries.eventName });
    // The segment's rows hold the file's columns now: the buffers the load made for them need not outlive its last file.
    loaded.index = indexOfRows(segment, this.tables());
  }

  /** The value arrays of the dictionaries, by field (the same object while none of them is replaced). */
  private tables(): Record<InternedField, readonly string[]> {
    const known = this.knownTables;
    if (known !== undefined && INTERNED_FIELDS.every((field) => known[field] === this.dictionaries[field].values)) return known;
    this.knownTables = Object.fromEntries(INTERNED_FIELDS.map((field) => [field, this.dictionaries[field].values])) as Record<
      InternedField,
      readonly string[]
    >;
    return this.knownTables;
  }

  /** The segment of `loaded` with ids from `base`: the prepared one unless clear() has replaced the string tables since. */
  private segmentOf(loaded: LoadedFile, base: number): Segment {
    const early = this.prepared.get(loaded);
    this.prepared.delete(loaded);
    return early !== undefined && early.tables === this.dictionaries.eventName
      ? { ...early.segment, base }
      : makeSegment(loaded, base, this.dictionaries, this.groups, this.columns);
  }

  /** Adds the files of a load; a file loaded before is replaced (its old event ids become unknown). */
  add(result: LoadResult): void {
    runToEnd(this.addSteps(result));
  }

  /**
   * add, spread over turns of the event loop: the files are indexed and compared for copies in slices of about
   * `sliceMs` milliseconds while the store stays as it was, then joined at once, with one change notification.
   * The store ends exactly as add leaves it. Loads join one after another, in the order they were asked for.
   */
  addAsync(result: LoadResult, { sliceMs = DEFAULT_SLICE_MS }: { sliceMs?: number } = {}): Promise<void> {
    const adding = this.adding.then(() => runInSlices(this.addSteps(result), sliceMs));
    this.adding = adding.catch(() => undefined);
    return adding;
  }

  /**
   * The work of add as steps: each file's segment (its strings interned into the global dictionaries, its keys
   * hashed), then the copies among the new events and with the loaded ones, and last the join, with no step
   * between it and the notification. A change of the store between two steps (a file removed, another load) makes
   * the rest run again at once against the store as it is then.
   */
  private *addSteps(result: LoadResult): Generator<void, void> {
    const generation = this.generation;
    const loadedFiles = new Set(result.files.map((loaded) => loaded.file));
    const kept = this.segments.filter((segment) => !loadedFiles.has(segment.file));
    // The load's ids are taken at once: a load that joins between two steps takes the ones after them.
    const firstId = this.nextId;
    const newCount = result.files.reduce((sum, loaded) => sum + loaded.index.count, 0);
    this.nextId += newCount;
    let base = firstId;
    const added: Segment[] = [];
    for (const loaded of result.files) {
      added.push(this.segmentOf(loaded, base));
      base += loaded.index.count;
      yield;
    }
    // A load the cache gave whole, into a store that keeps nothing else, brings its copies as found before.
    const known = kept.length === 0 && result.copies !== undefined && knownCopiesFit(result.copies, added) ? result.copies : undefined;
    const copies = known === undefined ? yield* planCopies(added, kept) : undefined;
    if (this.generation !== generation) {
      runToEnd(this.addSteps(result));
      return;
    }
    this.generation++;
    if (kept.length !== this.segments.length) {
      this.segments = kept;
      this.copies.retain((id) => this.has(id));
    }
    this.dropCached(loadedFiles);
    for (const file of loadedFiles) this.changed.delete(file);
    this.segments = [...kept, ...added];
    if (known !== undefined) this.copies.adopt(known, firstId);
    else this.copies.apply(copies);
    // The load has looked for its copies: its key hashes go (a later load hashes the loaded keys again).
    for (const segment of added) segment.keyHash = null;
    const fileDiagnostics = new Set(result.files.flatMap((loaded) => loaded.diagnostics));
    const others = result.diagnostics.filter((diagnostic) => !fileDiagnostics.has(diagnostic));
    // A reloaded file's old load diagnostics go; this load's stay, even about a loaded file (a path met twice).
    for (const file of loadedFiles) this.otherDiagnostics.delete(file);
    for (const file of new Set(others.map((diagnostic) => diagnostic.file)))
      this.otherDiagnostics.set(
        file,
        others.filter((diagnostic) => diagnostic.file === file),
      );
    for (const digest of result.digests) this.digestFiles.add(digest);
    // A later load of the same cached entry starts again; a load prepared meanwhile only interns its values anew.
    for (const field of INTERNED_FIELDS) this.dictionaries[field].forgetTranslations();
    // The next load's columns start a group and a chunk of their own: a file reloaded alone, again and again, then
    // pins no buffer of a load that stays.
    this.groups.close();
    this.groups = new ColumnGroups();
    this.columns = new ColumnArena();
    this.fire();
  }

  /** Forgets one file's events. */
  removeFile(file: string): void {
    const before = this.segments.length;
    this.segments = this.segments.filter((segment) => segment.file !== file);
    if (this.segments.length !== before) {
      this.generation++;
      this.copies.retain((id) => this.has(id));
    }
    this.dropCached(new Set([file]));
    this.changed.delete(file);
    const hadOther = this.otherDiagnostics.delete(file);
    const hadDigest = this.digestFiles.delete(file);
    if (this.segments.length !== before || hadOther || hadDigest) this.fire();
  }

  /** Forgets everything (string tables too). */
  clear(): void {
    this.generation++;
    this.segments = [];
    this.copies.clear();
    for (const field of INTERNED_FIELDS) this.dictionaries[field] = new Dictionary();
    this.groups = new ColumnGroups();
    this.columns = new ColumnArena();
    this.otherDiagnostics.clear();
    this.digestFiles.clear();
    this.readCache.length = 0;
    this.changed.clear();
    this.fire();
  }

  /** Number of events. */
  get size(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.count;
    return total;
  }

  /** Loaded files in load order, with their format, event counts and diagnostics. */
  files(): StoredFile[] {
    return this.segments.map((segment) => ({ file: segment.file, format: segment.format, events: segment.count, diagnostics: segment.diagnostics }));
  }

  /**
   * `files` as the store holds them, their interned ids into the store's string tables (`tables`), for the index cache
   * to keep a load whole (cacheLoad), with the copies among their events; undefined when one of them is not
   * loaded, or was loaded from memory, or when the store changed between two steps. In steps of HELD_FILES_PER_STEP
   * files: at once, 10,000 files held the extension host's thread 120 ms after their load.
   */
  *heldFilesSteps(files: readonly string[]): Generator<void, HeldFiles | undefined> {
    const generation = this.generation;
    const byFile = new Map(this.segments.map((segment) => [segment.file, segment]));
    const segments: Segment[] = [];
    for (const file of files) {
      const segment = byFile.get(file);
      if (segment === undefined || segment.text !== undefined) return undefined;
      segments.push(segment);
    }
    const tables = this.tables();
    const held: LoadedFile[] = [];
    for (const segment of segments) {
      if (held.length % HELD_FILES_PER_STEP === 0) yield;
      held.push(loadedFileOf(segment, tables));
    }
    yield;
    const copies = yield* this.copies.copiesAmongSteps(segments);
    return this.generation === generation ? { files: held, tables, copies } : undefined;
  }

  /** Digest files seen (kept apart, never read as events). */
  digests(): string[] {
    return [...this.digestFiles];
  }

  /** Every diagnostic of the loaded files and of the loads (unreadable paths). */
  diagnostics(): Diagnostic[] {
    return [...this.segments.flatMap((segment) => segment.diagnostics), ...[...this.otherDiagnostics.values()].flat()];
  }

  /** Every event id, ascending. */
  allIds(): Uint32Array {
    return runToEnd(this.allIdsSteps());
  }

  /**
   * allIds in steps of `idsPerStep` (IDS_PER_STEP but in tests), of the events loaded when it began: a million ids are
   * 4 MB of fresh memory, which the tree's first grouping after a load wrote in one step, about 100 ms of the extension
   * host in a profile.
   */
  *allIdsSteps(idsPerStep = IDS_PER_STEP): Generator<void, Uint32Array> {
    const segments = this.segments;
    const ids = new Uint32Array(segments.reduce((sum, segment) => sum + segment.count, 0));
    let at = 0;
    let stepEnd = idsPerStep;
    for (const segment of segments)
      for (let i = 0; i < segment.count; i++) {
        ids[at++] = segment.base + i;
        if (at === stepEnd) {
          stepEnd += idsPerStep;
          yield;
        }
      }
    return ids;
  }

  /** True when the id names a loaded event. */
  has(id: number): boolean {
    return this.locate(id) !== undefined;
  }

  private locate(id: number): { segment: Segment; i: number } | undefined {
    let low = 0;
    let high = this.segments.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = this.segments[middle];
      if (id < segment.base) high = middle - 1;
      else if (id >= segment.base + segment.count) low = middle + 1;
      else return { segment, i: id - segment.base };
    }
    return undefined;
  }

  private value(segment: Segment, field: InternedField, i: number): string | null {
    const id = segment.interned[field][segment.at + i];
    return id === 0 ? null : this.dictionaries[field].values[id];
  }

  private uniqueValue(segment: Segment, field: 'eventID' | 'requestID' | 'objectKey', i: number): string | null {
    const column = segment.unique[field];
    const value = decodeUnique(column.bytes, column.offsets[segment.at + i], column.offsets[segment.at + i + 1]);
    return value === '' ? null : value;
  }

  /** The indexed fields of one event, or undefined for an id that is not loaded (any more). */
  summary(id: number): EventSummary | undefined {
    const found = this.locate(id);
    if (found === undefined) return undefined;
    const { segment, i } = found;
    const row = segment.at + i;
    const flags = segment.flags[row];
    return {
      id,
      file: segment.file,
      format: segment.format,
      recordIndex: recordIndexOf(segment, i),
      start: segment.start[row],
      end: segment.end[row],
      eventTime: formatEventTime(segment.eventTime[row]),
      eventTimeMs: segment.eventTime[row],
      eventName: this.value(segment, 'eventName', i),
      eventSource: this.value(segment, 'eventSource', i),
      awsRegion: this.value(segment, 'awsRegion', i),
      sourceIPAddress: this.value(segment, 'sourceIPAddress', i),
      userAgent: this.value(segment, 'userAgent', i),
      errorCode: this.value(segment, 'errorCode', i),
      recipientAccountId: this.value(segment, 'recipientAccountId', i),
      principal: this.value(segment, 'principal', i),
      identityKind: flagIdentityKind(flags),
      accessKeyId: this.value(segment, 'accessKeyId', i),
      account: this.value(segment, 'account', i),
      bucket: this.value(segment, 'bucket', i),
      objectKey: this.uniqueValue(segment, 'objectKey', i),
      eventID: this.uniqueValue(segment, 'eventID', i),
      requestID: this.uniqueValue(segment, 'requestID', i),
      readOnly: flagReadOnly(flags),
      eventCategory: flagCategory(flags),
      level: flagLevel(flags),
      isS3: flagIsS3(flags),
      apiOperation: flagOtherOperation(flags) ? operationLoggedAs(this.value(segment, 'eventName', i)) : null,
    };
  }

  /**
   * The trail calls indexing kept whole (load/keptCalls.ts), with where each is, in load order, of the files loaded
   * now. Each file's calls are unpacked when the iteration reaches them, so that a caller in steps spreads that too.
   */
  keptCalls(): Iterable<{ record: RawRecord; file: string; recordIndex: number }> {
    const files = this.segments.map(({ file, keptCalls }) => ({ file, keptCalls }));
    return (function* () {
      const reader = new KeptCallReader();
      for (const { file, keptCalls } of files) for (const { record, recordIndex } of reader.callsOf(keptCalls)) yield { record, file, recordIndex };
    })();
  }

  /** The link facts of every credential-issuing event indexing found (core/lineage), by store id, in load order. */
  linkFacts(): Array<{ id: number; facts: LinkFacts }> {
    return this.segments.flatMap((segment) => segment.links.map(({ event, facts }) => ({ id: segment.base + event, facts })));
  }

  /** Runs a query (see parseQuery for the language); `lenses` gives the monitoring lens its principal patterns. */
  query(text: string, derived?: DerivedTerms, lenses?: LensSettings): QueryResult {
    const parsed = parseQuery(text);
    if (!parsed.ok) return parsed;
    try {
      return { ok: true, ids: evaluateQuery(parsed.query, { segments: this.segments, dictionaries: this.dictionaries, derived, lenses }) };
    } catch (error) {
      if (!(error instanceof UnresolvedTermError)) throw error;
      const term = parsed.query.terms.find((candidate) => candidate.kind === 'field' && candidate.field === error.field) as QueryTerm;
      return { ok: false, error: { message: error.message, term: term.text, start: term.start, end: term.end } };
    }
  }

  /** The id of the event read from record `recordIndex` of `file`, or undefined when that record is not loaded. */
  findByRecord(file: string, recordIndex: number): number | undefined {
    const segment = this.segments.find((candidate) => candidate.file === file);
    if (segment === undefined) return undefined;
    if (segment.recordIndex === null) return recordIndex >= 0 && recordIndex < segment.count ? segment.base + recordIndex : undefined;
    // Record indexes ascend with event order (records that failed to load leave gaps): a binary search finds it.
    let low = 0;
    let high = segment.count - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = segment.recordIndex[middle];
      if (found === recordIndex) return segment.base + middle;
      if (found < recordIndex) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /**
   * The id of the first event with this eventID, or undefined. CloudTrail can deliver the same eventID twice:
   * query(`id:<eventID>`) returns all of them.
   */
  findByEventId(eventID: string): number | undefined {
    const wanted = encodeUnique(eventID);
    for (const segment of this.segments) {
      const { bytes, offsets } = segment.unique.eventID;
      for (let i = 0; i < segment.count; i++) {
        const start = offsets[segment.at + i];
        if (offsets[segment.at + i + 1] - start !== wanted.length) continue;
        let k = 0;
        while (k < wanted.length && bytes[start + k] === wanted[k]) k++;
        if (k === wanted.length) return segment.base + i;
      }
    }
    return undefined;
  }

  /**
   * Every copy of the event `id` (itself included), first loaded first: records with the same eventID and the same
   * recipientAccountId. Copies delivered to other accounts have their own eventID and are other events. Empty for
   * an id that is not loaded.
   */
  copiesOf(id: number): CopyLocation[] {
    if (!this.has(id)) return [];
    return this.copies.copiesOf(id).flatMap((copy) => {
      const found = this.locate(copy);
      return found === undefined ? [] : [{ id: copy, file: found.segment.file, recordIndex: recordIndexOf(found.segment, found.i) }];
    });
  }

  /** How many times the event `id` was delivered (1 when once; 0 for an id that is not loaded). */
  copyCount(id: number): number {
    return this.has(id) ? this.copies.copiesOf(id).length : 0;
  }

  /** True unless another copy of the same event was loaded before this one: counting these counts each event once. */
  isFirstCopy(id: number): boolean {
    return this.copies.isFirstCopy(id);
  }

  /** `ids` with each event once (the first of its copies found in `ids`), in the order of `ids`. */
  uniqueIds(ids: Uint32Array): Uint32Array {
    return this.copies.uniqueIds(ids);
  }

  /** The number of distinct events among `ids`, and of records that are further copies of one of them. */
  countCopies(ids: Uint32Array): CopyCounts {
    return this.copies.countCopies(ids);
  }

  /**
   * 1-based line and column (in characters) where the record of `id` starts in its file's text (inflated, for a
   * gzip file). CloudTrail writes a log file on one line, so the column is what tells its records apart.
   */
  async recordPosition(id: number): Promise<{ line: number; column: number }> {
    const found = this.locate(id);
    if (found === undefined) throw new Error(`No event with id ${id} is loaded.`);
    const bytes = await this.fileBytes(found.segment);
    return new LinePositions(bytes).at(found.segment.start[found.segment.at + found.i]);
  }

  /**
   * `ids` in time order (events without a time last); ties keep the input order. Reads only the time column, so
   * sorting a million ids costs no per-event objects.
   */
  sortByTime(ids: Uint32Array): Uint32Array {
    const times = new Float64Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const found = this.locate(ids[k]);
      const time = found === undefined ? Number.NaN : found.segment.eventTime[found.segment.at + found.i];
      times[k] = Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
    }
    const order = new Uint32Array(ids.length);
    for (let k = 0; k < order.length; k++) order[k] = k;
    // Infinity - Infinity is NaN, so events without a time keep their input order among themselves.
    order.sort((a, b) => times[a] - times[b] || a - b);
    return order.map((k) => ids[k]);
  }

  /**
   * The `count` earliest of `ids`, in time order (events without a time last, ties in input order): a search's first
   * page without sorting every match. A bounded max-heap over the time column: one pass, no per-event object.
   */
  earliestByTime(ids: Uint32Array, count: number): Uint32Array {
    if (ids.length <= count) return this.sortByTime(ids);
    const timeOf = (k: number): number => {
      const found = this.locate(ids[k]);
      const time = found === undefined ? Number.NaN : found.segment.eventTime[found.segment.at + found.i];
      return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
    };
    // Heap of positions in `ids`, the latest (then the last in input order) at the top.
    const heap: number[] = [];
    const times: number[] = [];
    const later = (a: number, b: number) => times[a] > times[b] || (times[a] === times[b] && heap[a] > heap[b]);
    const swap = (a: number, b: number) => {
      [heap[a], heap[b]] = [heap[b], heap[a]];
      [times[a], times[b]] = [times[b], times[a]];
    };
    const siftDown = (from: number) => {
      for (let at = from; ;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let top = at;
        if (left < heap.length && later(left, top)) top = left;
        if (right < heap.length && later(right, top)) top = right;
        if (top === at) return;
        swap(at, top);
        at = top;
      }
    };
    for (let k = 0; k < ids.length; k++) {
      const time = timeOf(k);
      if (heap.length < count) {
        heap.push(k);
        times.push(time);
        for (let at = heap.length - 1; at > 0 && later(at, (at - 1) >> 1); at = (at - 1) >> 1) swap(at, (at - 1) >> 1);
      } else if (time < times[0]) {
        heap[0] = k;
        times[0] = time;
        siftDown(0);
      }
    }
    return this.sortByTime(
      Uint32Array.from(
        heap.sort((a, b) => a - b),
        (k) => ids[k],
      ),
    );
  }

  /** Counts of `ids` per value of `field`, with error counts and the ids of each value (for lazy paging). */
  group(ids: Uint32Array, field: GroupField): GroupBucket[] {
    return runToEnd(this.groupSteps(ids, field));
  }

  /** group in steps, for a caller that spreads it over turns of the event loop (a million events took 52-86 ms). */
  groupSteps(ids: Uint32Array, field: GroupField): Generator<void, GroupBucket[]> {
    return groupEventsSteps(ids, field, this.groupSource);
  }

  /** Counts of `ids` per value of `field`, with error counts: group without the ids of each value. */
  count(ids: Uint32Array, field: CountField): GroupCount[] {
    return countEvents(ids, field, this.groupSource);
  }

  private get groupSource(): GroupSource {
    return { locate: (id) => this.locate(id), dictionaries: this.dictionaries };
  }

  private get overviewSource(): OverviewSource {
    return { segments: this.segments, dictionaries: this.dictionaries };
  }

  /** Events of `ids` (ascending) per time bin, split into series by a field (core/overview/timeline.ts). */
  timeline(ids: Uint32Array, options: TimelineOptions): Timeline {
    return timeline(this.overviewSource, ids, options);
  }

  /** The values of a field among `ids` (ascending) with the most events or S3 bytes (core/overview/topValues.ts). */
  top(ids: Uint32Array, options: TopOptions): TopValues {
    return topValues(this.overviewSource, ids, options);
  }

  /** Precomputed groups of ids (e.g. originGroups of session lineage) ranked like the values of a field. */
  topGroups(groups: readonly { value: string | null; ids: Uint32Array }[], options: Omit<TopOptions, 'by'>): TopValues {
    return topGroups(this.overviewSource, groups, options);
  }

  /** The timeline and every table of the overview of `ids` (ascending), in one walk for the tables (core/overview/overview.ts). */
  overview(ids: Uint32Array, options: OverviewOptions): Overview {
    return overview(this.overviewSource, ids, options);
  }

  /** Loaded files found rewritten since they were indexed (by readRecord), to be reloaded. */
  changedFiles(): string[] {
    return [...this.changed];
  }

  /** Marks a file as changed since it was loaded, with a diagnostic, and returns the error readRecord rejects with. */
  private fileChanged(segment: Segment): FileChangedError {
    const error = new FileChangedError(segment.file);
    if (!this.segments.includes(segment) || this.changed.has(segment.file)) return error;
    this.changed.add(segment.file);
    this.dropCached(new Set([segment.file]));
    const diagnostic = makeDiagnostic(segment.file, 'changed-since-load', error.message);
    this.otherDiagnostics.set(segment.file, [...(this.otherDiagnostics.get(segment.file) ?? []), diagnostic]);
    this.fire();
    return error;
  }

  /** The text a segment was indexed from, read again through the same path as indexing, or a FileChangedError. */
  private async fileBytes(segment: Segment): Promise<Buffer> {
    if (segment.text !== undefined) return Buffer.from(segment.text.buffer, segment.text.byteOffset, segment.text.byteLength);
    if (this.changed.has(segment.file)) throw new FileChangedError(segment.file);
    const cached = this.readCache.find((entry) => entry.file === segment.file);
    if (cached !== undefined) return cached.bytes;
    const { version } = segment;
    // Bounded by what was indexed (the text, or the bytes on disk when larger, as UTF-16 is): a file that now holds
    // more has changed, and cannot be a bomb.
    const readFile = this.options.blockingReads === true ? readLogFileBlocking : readLogFile;
    const read = await readFile(segment.file, new FileDiagnostics(segment.file), Math.max(version.textSize, version.size));
    const same = read.text !== null && read.text.length === version.textSize && read.size === version.size && read.mtimeMs === version.mtimeMs;
    if (read.text === null || !same) throw this.fileChanged(segment);
    if (!this.segments.includes(segment)) return read.text;
    this.readCache.unshift({ file: segment.file, bytes: read.text });
    this.readCache.length = Math.min(this.readCache.length, READ_CACHE_FILES);
    return read.text;
  }

  /**
   * Re-reads one event's record from its file (or from the text given to loadText). Rejects for an unknown id, and
   * with a FileChangedError when the file is no longer the one indexed (a `changed-since-load` diagnostic is added).
   */
  async readRecord(id: number): Promise<ReadRecord> {
    const found = this.locate(id);
    if (found === undefined) throw new Error(`No event with id ${id} is loaded.`);
    const { segment, i } = found;
    const read = recordObjectAt(
      await this.fileBytes(segment),
      segment.format ?? 'records',
      segment.start[segment.at + i],
      segment.end[segment.at + i],
    );
    if (read === null) throw this.fileChanged(segment);
    return read;
  }

  /**
   * The records of `ids`, in their order, as readRecordIfUnchanged gives them (undefined for an id not loaded or a
   * record whose file changed since it was loaded), read by `reread` (on other threads: rereadWorkers.ts) a file's run
   * of ids at a time, the runs after the current one meanwhile, up to READ_AHEAD_BYTES of their files' text (one run
   * at least).
   */
  async *readRecordsAhead(ids: ArrayLike<number>, reread: Rereader): AsyncGenerator<ReadRecord | undefined> {
    const ahead: { bytes: number; records: Promise<(ReadRecord | undefined)[]> }[] = [];
    let aheadBytes = 0;
    let next = 0;
    const startRun = () => {
      const found = this.locate(ids[next]);
      let end = next + 1;
      if (found !== undefined)
        while (end < ids.length && ids[end] >= found.segment.base && ids[end] < found.segment.base + found.segment.count) end++;
      const indexes = Array.from({ length: end - next }, (_, k) => ids[next + k] - (found?.segment.base ?? 0));
      const records = found === undefined ? Promise.resolve([undefined]) : this.rereadRun(found.segment, indexes, reread);
      // Handled here too: the caller may stop before this run is reached.
      records.catch(() => undefined);
      const bytes = found?.segment.version.textSize ?? 0;
      ahead.push({ bytes, records });
      aheadBytes += bytes;
      next = end;
    };
    while (next < ids.length || ahead.length > 0) {
      if (ahead.length === 0) startRun();
      while (next < ids.length && aheadBytes - ahead[0].bytes < READ_AHEAD_BYTES) startRun();
      const run = ahead.splice(0, 1)[0];
      aheadBytes -= run.bytes;
      for (const record of await run.records) yield record;
    }
  }

  /** Bytes of text of the files that hold the events `ids`, each file once: what reading their records again inflates. */
  textBytesOf(ids: ArrayLike<number>): number {
    const files = new Set<Segment>();
    let bytes = 0;
    for (let k = 0; k < ids.length; k++) {
      const segment = this.locate(ids[k])?.segment;
      if (segment === undefined || files.has(segment)) continue;
      files.add(segment);
      bytes += segment.version.textSize;
    }
    return bytes;
  }

  /** Records `indexes` of `segment`, read again by `reread` (readRecordIfUnchanged's, for a text held in memory). */
  private async rereadRun(segment: Segment, indexes: number[], reread: Rereader): Promise<(ReadRecord | undefined)[]> {
    if (segment.text !== undefined || this.changed.has(segment.file))
      return Promise.all(indexes.map((i) => this.readRecordIfUnchanged(segment.base + i)));
    const { version } = segment;
    const read = await reread({
      file: segment.file,
      maxTextBytes: Math.max(version.textSize, version.size),
      format: segment.format ?? 'records',
      starts: indexes.map((i) => segment.start[segment.at + i]),
      ends: indexes.map((i) => segment.end[segment.at + i]),
    });
    const same =
      read.version !== null &&
      read.version.textSize === version.textSize &&
      read.version.size === version.size &&
      read.version.mtimeMs === version.mtimeMs;
    if (!same || read.records.includes(null)) {
      this.fileChanged(segment);
      return indexes.map(() => undefined);
    }
    return read.records as ReadRecord[];
  }

  /** readRecord, or undefined when the record's file changed since it was loaded (it is then in changedFiles). */
  async readRecordIfUnchanged(id: number): Promise<ReadRecord | undefined> {
    try {
      return await this.readRecord(id);
    } catch (error) {
      if (error instanceof FileChangedError) return undefined;
      throw error;
    }
  }

  /** Calls `listener` after every change (add, removeFile, clear). */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private dropCached(files: Set<string>): void {
    for (let k = this.readCache.length - 1; k >= 0; k--) if (files.has(this.readCache[k].file)) this.readCache.splice(k, 1);
  }

  private fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
