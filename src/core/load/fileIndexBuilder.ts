// Builds the compact FileIndex of one file, one event at a time.

import {
  INTERNED_FIELDS,
  UNIQUE_FIELDS,
  type FileIndex,
  type InternedColumn,
  type InternedField,
  type UniqueColumn,
  type UniqueField,
} from './indexSchema';
import { UniqueColumnBuilder } from './uniqueBytes';
import { MAX_KEPT_CALLS_PER_FILE, MAX_LINKS_PER_FILE, type IndexedLink, type KeptCall } from './keptCalls';
import type { LinkFacts } from '../lineage/linkFacts';
import type { RawRecord } from '../types';
import { TransferColumnBuilder, type BytesTransferred } from './bytesTransferred';
import { LoadTables } from './stringTables';

/** The indexed facts of one event, as extracted from its record. */
export interface IndexedEvent {
  recordIndex: number;
  start: number;
  end: number;
  eventTime: number;
  flags: number;
  /** Values in INTERNED_FIELDS order (an array, so the per-event loop reads elements, not keyed properties). */
  interned: (string | null)[];
  /** Values in UNIQUE_FIELDS order. */
  unique: (string | null)[];
  /** The record itself when indexing keeps it (a trail call, keptCalls.ts), else null. */
  kept: RawRecord | null;
  /** What a credential-issuing call links (core/lineage/linkFacts.ts), else null. */
  link: LinkFacts | null;
  /** S3's byte counts of the request, else null. */
  transfer: BytesTransferred | null;
}

/** The columns a builder fills for the store to keep; finish copies them out, so the next builder can fill them again. */
interface WorkingColumns {
  start: Uint32Array;
  end: Uint32Array;
  eventTime: Float64Array;
  flags: Uint16Array;
  /** In UNIQUE_FIELDS order. */
  unique: UniqueColumnBuilder[];
}

function workingColumns(capacity: number): WorkingColumns {
  return {
    start: new Uint32Array(capacity),
    end: new Uint32Array(capacity),
    eventTime: new Float64Array(capacity),
    flags: new Uint16Array(capacity),
    unique: UNIQUE_FIELDS.map(() => new UniqueColumnBuilder(capacity)),
  };
}

/**
 * The thread's working columns between two builders: a builder takes them when it is made (another made meanwhile
 * makes its own) and gives them back when it finishes, so a file of ten events no longer makes ten array buffers
 * before its first event. Those grown past MAX_SPARE_EVENTS (or MAX_SPARE_UNIQUE_BYTES) are not kept, so one large
 * file does not hold its working columns for the thread's life.
 */
let spare: WorkingColumns | undefined;
const MAX_SPARE_EVENTS = 1 << 14;
/** Nor a unique column's working arrays past this (a file of long object keys). */
const MAX_SPARE_UNIQUE_BYTES = 1 << 20;

/** Accumulates events of one file into typed arrays; `finish()` returns the transferable index. */
export class FileIndexBuilder {
  private count = 0;
  /**
   * The columns the store replaces (its own ids, a record index that is most often 0, 1, 2…) share one buffer, handed
   * out as views (packedIndexes.ts or the store copies what it keeps).
   */
  private replaced: Uint32Array;
  private recordIndex: Uint32Array;
  /** Ids into `tables` per interned field, in field order (the per-event loop indexes arrays, not keys). */
  private internedIds: Uint32Array[];
  private readonly working: WorkingColumns;
  private readonly tables: LoadTables;
  private readonly keptCalls: KeptCall[] = [];
  private readonly links: IndexedLink[] = [];
  private readonly transfer = new TransferColumnBuilder();
  /** Link facts past MAX_LINKS_PER_FILE, not kept. */
  private droppedLinks = 0;
  /** Trail calls past MAX_KEPT_CALLS_PER_FILE, not kept. */
  private droppedCalls = 0;

  /** `tables`: those of the other files this thread loads in the same load, when it keeps them (stringTables.ts). */
  constructor(expectedCount = 256, tables = new LoadTables()) {
    const capacity = Math.max(16, expectedCount);
    this.tables = tables;
    this.replaced = new Uint32Array((1 + INTERNED_FIELDS.length) * capacity);
    this.recordIndex = this.replaced.subarray(0, capacity);
    this.internedIds = INTERNED_FIELDS.map((_, f) => this.replaced.subarray((1 + f) * capacity, (2 + f) * capacity));
    const reused = spare;
    spare = undefined;
    this.working = reused !== undefined && reused.start.length >= capacity ? reused : workingColumns(capacity);
    for (const unique of this.working.unique) unique.reset();
  }

  get size(): number {
    return this.count;
  }

  /** Twice the room for the columns the store replaces. */
  private growReplaced(): void {
    const capacity = this.recordIndex.length * 2;
    const replaced = new Uint32Array((1 + INTERNED_FIELDS.length) * capacity);
    const moved = (column: Uint32Array, k: number) => {
      const grown = replaced.subarray(k * capacity, (k + 1) * capacity);
      grown.set(column);
      return grown;
    };
    this.replaced = replaced;
    this.recordIndex = moved(this.recordIndex, 0);
    this.internedIds = this.internedIds.map((ids, f) => moved(ids, 1 + f));
  }

  /** Twice the room in the working columns (the unique ones grow on their own). */
  private growWorking(): void {
    const working = this.working;
    const grown = <T extends Uint32Array | Float64Array | Uint16Array>(old: T): T => {
      const array = new (old.constructor as new (length: number) => T)(old.length * 2);
      array.set(old);
      return array;
    };
    working.start = grown(working.start);
    working.end = grown(working.end);
    working.eventTime = grown(working.eventTime);
    working.flags = grown(working.flags);
  }

  /**
   * Adds one event; `numbers[at…]`, for a record the reader made, are the reader's numbers of its interned values'
   * source members (RecordReader.numbersOfLast).
   */
  add(event: IndexedEvent, numbers?: Uint32Array, at = 0): void {
    const i = this.count;
    if (i === this.recordIndex.length) this.growReplaced();
    const working = this.working;
    if (i === working.start.length) this.growWorking();
    this.recordIndex[i] = event.recordIndex;
    working.start[i] = event.start;
    working.end[i] = event.end;
    working.eventTime[i] = event.eventTime;
    working.flags[i] = event.flags;
    const interned = event.interned;
    const tables = this.tables.byField;
    if (numbers === undefined) for (let f = 0; f < tables.length; f++) this.internedIds[f][i] = tables[f].idOf(interned[f]);
    else for (let f = 0; f < tables.length; f++) this.internedIds[f][i] = tables[f].idOfNumbered(interned[f], numbers[at + f]);
    const unique = event.unique;
    const uniqueBuilders = working.unique;
    for (let f = 0; f < uniqueBuilders.length; f++) uniqueBuilders[f].push(unique[f]);
    if (event.kept !== null) {
      if (this.keptCalls.length < MAX_KEPT_CALLS_PER_FILE) this.keptCalls.push({ recordIndex: event.recordIndex, record: event.kept });
      else this.droppedCalls++;
    }
    if (event.link !== null) {
      if (this.links.length < MAX_LINKS_PER_FILE) this.links.push({ event: i, facts: event.link });
      else this.droppedLinks++;
    }
    if (event.transfer !== null) this.transfer.push(i, event.transfer);
    this.count++;
  }

  /** Trail calls seen beyond the number kept. */
  get callsNotKept(): number {
    return this.droppedCalls;
  }

  /** Credential-issuing calls seen beyond the number whose links are kept. */
  get linksNotKept(): number {
    return this.droppedLinks;
  }

  /** The file's index; the builder is done with (its working columns go to the next builder). */
  finish(): FileIndex {
    const n = this.count;
    // The columns the store keeps are copied to the thread's arena; those it replaces are handed over as views, which
    // die with this file's buffer once the store has its own.
    const columns = this.tables.columns;
    const { start, end, eventTime, flags, unique: uniqueBuilders } = this.working;
    const viewed = (array: Uint32Array) => array.subarray(0, n);
    const interned = {} as Record<InternedField, InternedColumn>;
    INTERNED_FIELDS.forEach((field, f) => (interned[field] = { ids: viewed(this.internedIds[f]), values: this.tables.byField[f].values }));
    const unique = {} as Record<UniqueField, UniqueColumn>;
    UNIQUE_FIELDS.forEach((field, f) => (unique[field] = uniqueBuilders[f].finish(columns)));
    const index: FileIndex = {
      count: n,
      recordIndex: viewed(this.recordIndex),
      start: columns.copy(start, n),
      end: columns.copy(end, n),
      eventTime: columns.copy(eventTime, n),
      flags: columns.copy(flags, n),
      interned,
      unique,
      keptCalls: this.keptCalls,
      links: this.links,
      transfer: this.transfer.finish(columns),
    };
    if (start.length <= MAX_SPARE_EVENTS && uniqueBuilders.every((builder) => builder.bytesHeld <= MAX_SPARE_UNIQUE_BYTES)) spare = this.working;
    return index;
  }
}
