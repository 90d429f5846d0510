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

/** Accumulates events of one file into typed arrays; `finish()` returns the transferable index. */
export class FileIndexBuilder {
  private count = 0;
  /**
   * The columns the store replaces (its own ids, a record index that is most often 0, 1, 2…) share one buffer: a small
   * file's dozen arrays were a dozen allocations, and the index hands out views of them (packedIndexes.ts or the store
   * copies what it keeps).
   */
  private replaced: Uint32Array;
  private recordIndex: Uint32Array;
  private start: Uint32Array;
  private end: Uint32Array;
  private eventTime: Float64Array;
  private flags: Uint16Array;
  /** Ids into `tables` per interned field, in field order (the per-event loop indexes arrays, not keys). */
  private internedIds: Uint32Array[];
  private readonly tables: LoadTables;
  private readonly unique: Record<UniqueField, UniqueColumnBuilder>;
  private readonly uniqueBuilders: UniqueColumnBuilder[];
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
    this.start = new Uint32Array(capacity);
    this.end = new Uint32Array(capacity);
    this.eventTime = new Float64Array(capacity);
    this.flags = new Uint16Array(capacity);
    this.unique = Object.fromEntries(UNIQUE_FIELDS.map((field) => [field, new UniqueColumnBuilder(capacity)])) as Record<
      UniqueField,
      UniqueColumnBuilder
    >;
    this.uniqueBuilders = UNIQUE_FIELDS.map((field) => this.unique[field]);
  }

  get size(): number {
    return this.count;
  }

  private grow(): void {
    const capacity = this.recordIndex.length * 2;
    const grow32 = (old: Uint32Array) => {
      const grown = new Uint32Array(capacity);
      grown.set(old);
      return grown;
    };
    const replaced = new Uint32Array((1 + INTERNED_FIELDS.length) * capacity);
    const moved = (column: Uint32Array, k: number) => {
      const grown = replaced.subarray(k * capacity, (k + 1) * capacity);
      grown.set(column);
      return grown;
    };
    this.replaced = replaced;
    this.recordIndex = moved(this.recordIndex, 0);
    this.internedIds = this.internedIds.map((ids, f) => moved(ids, 1 + f));
    this.start = grow32(this.start);
    this.end = grow32(this.end);
    const time = new Float64Array(capacity);
    time.set(this.eventTime);
    this.eventTime = time;
    const flags = new Uint16Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
  }

  /**
   * Adds one event; `numbers[at…]`, for a record the reader made, are the reader's numbers of its interned values'
   * source members (RecordReader.numbersOfLast).
   */
  add(event: IndexedEvent, numbers?: Uint32Array, at = 0): void {
    if (this.count === this.recordIndex.length) this.grow();
    const i = this.count;
    this.recordIndex[i] = event.recordIndex;
    this.start[i] = event.start;
    this.end[i] = event.end;
    this.eventTime[i] = event.eventTime;
    this.flags[i] = event.flags;
    const interned = event.interned;
    const tables = this.tables.byField;
    if (numbers === undefined) for (let f = 0; f < tables.length; f++) this.internedIds[f][i] = tables[f].idOf(interned[f]);
    else for (let f = 0; f < tables.length; f++) this.internedIds[f][i] = tables[f].idOfNumbered(interned[f], numbers[at + f]);
    const unique = event.unique;
    for (let f = 0; f < this.uniqueBuilders.length; f++) this.uniqueBuilders[f].push(unique[f]);
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

  finish(): FileIndex {
    const n = this.count;
    // The columns the store keeps go to the thread's arena; those it replaces are handed over as views, which die with
    // this file's buffer once the store has its own.
    const columns = this.tables.columns;
    const trimmed = <T extends Float64Array | Uint32Array | Uint16Array>(array: T): T => columns.keep(array, n);
    const viewed = (array: Uint32Array) => array.subarray(0, n);
    return {
      count: n,
      recordIndex: viewed(this.recordIndex),
      start: trimmed(this.start),
      end: trimmed(this.end),
      eventTime: trimmed(this.eventTime),
      flags: trimmed(this.flags),
      interned: Object.fromEntries(
        INTERNED_FIELDS.map((field, f): [InternedField, InternedColumn] => [
          field,
          { ids: viewed(this.internedIds[f]), values: this.tables.byField[f].values },
        ]),
      ) as Record<InternedField, InternedColumn>,
      unique: Object.fromEntries(UNIQUE_FIELDS.map((field) => [field, this.unique[field].finish(columns)])) as Record<UniqueField, UniqueColumn>,
      keptCalls: this.keptCalls,
      links: this.links,
      transfer: this.transfer.finish(columns),
    };
  }
}
