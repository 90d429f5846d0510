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

class InternTable {
  private readonly idsByValue = new Map<string, number>();
  readonly values: string[] = [''];
  ids: Uint32Array;
  // Consecutive records often share a value (same source, Region, account): skip the Map for repeats.
  private lastValue = '';
  private lastId = 0;

  constructor(capacity: number) {
    this.ids = new Uint32Array(capacity);
  }

  set(index: number, value: string | null): void {
    if (index >= this.ids.length) {
      const grown = new Uint32Array(this.ids.length * 2 + 16);
      grown.set(this.ids);
      this.ids = grown;
    }
    if (value === null || value === '') {
      this.ids[index] = 0;
      return;
    }
    if (value === this.lastValue) {
      this.ids[index] = this.lastId;
      return;
    }
    let id = this.idsByValue.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.idsByValue.set(value, id);
    }
    this.lastValue = value;
    this.lastId = id;
    this.ids[index] = id;
  }

  finish(count: number): InternedColumn {
    return { ids: this.ids.slice(0, count), values: this.values };
  }
}

/** Accumulates events of one file into typed arrays; `finish()` returns the transferable index. */
export class FileIndexBuilder {
  private count = 0;
  private recordIndex: Uint32Array;
  private start: Uint32Array;
  private end: Uint32Array;
  private eventTime: Float64Array;
  private flags: Uint16Array;
  private readonly interned: Record<InternedField, InternTable>;
  private readonly unique: Record<UniqueField, UniqueColumnBuilder>;
  // The same tables in field order, so the per-event loop indexes arrays instead of looking up keys.
  private readonly internTables: InternTable[];
  private readonly uniqueBuilders: UniqueColumnBuilder[];
  private readonly keptCalls: KeptCall[] = [];
  private readonly links: IndexedLink[] = [];
  private readonly transfer = new TransferColumnBuilder();
  /** Link facts past MAX_LINKS_PER_FILE, not kept. */
  private droppedLinks = 0;
  /** Trail calls past MAX_KEPT_CALLS_PER_FILE, not kept. */
  private droppedCalls = 0;

  constructor(expectedCount = 256) {
    const capacity = Math.max(16, expectedCount);
    this.recordIndex = new Uint32Array(capacity);
    this.start = new Uint32Array(capacity);
    this.end = new Uint32Array(capacity);
    this.eventTime = new Float64Array(capacity);
    this.flags = new Uint16Array(capacity);
    this.interned = Object.fromEntries(INTERNED_FIELDS.map((field) => [field, new InternTable(capacity)])) as Record<InternedField, InternTable>;
    this.unique = Object.fromEntries(UNIQUE_FIELDS.map((field) => [field, new UniqueColumnBuilder(capacity)])) as Record<
      UniqueField,
      UniqueColumnBuilder
    >;
    this.internTables = INTERNED_FIELDS.map((field) => this.interned[field]);
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
    this.recordIndex = grow32(this.recordIndex);
    this.start = grow32(this.start);
    this.end = grow32(this.end);
    const time = new Float64Array(capacity);
    time.set(this.eventTime);
    this.eventTime = time;
    const flags = new Uint16Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
  }

  add(event: IndexedEvent): void {
    if (this.count === this.recordIndex.length) this.grow();
    const i = this.count;
    this.recordIndex[i] = event.recordIndex;
    this.start[i] = event.start;
    this.end[i] = event.end;
    this.eventTime[i] = event.eventTime;
    this.flags[i] = event.flags;
    const interned = event.interned;
    for (let f = 0; f < this.internTables.length; f++) this.internTables[f].set(i, interned[f]);
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
    return {
      count: n,
      recordIndex: this.recordIndex.slice(0, n),
      start: this.start.slice(0, n),
      end: this.end.slice(0, n),
      eventTime: this.eventTime.slice(0, n),
      flags: this.flags.slice(0, n),
      interned: Object.fromEntries(INTERNED_FIELDS.map((field) => [field, this.interned[field].finish(n)])) as Record<InternedField, InternedColumn>,
      unique: Object.fromEntries(UNIQUE_FIELDS.map((field) => [field, this.unique[field].finish()])) as Record<UniqueField, UniqueColumn>,
      keptCalls: this.keptCalls,
      links: this.links,
      transfer: this.transfer.finish(),
    };
  }
}

/** The ArrayBuffers of an index, for a worker's transfer list. */
export function transferablesOf(index: FileIndex): ArrayBuffer[] {
  const buffers: ArrayBufferLike[] = [index.recordIndex.buffer, index.start.buffer, index.end.buffer, index.eventTime.buffer, index.flags.buffer];
  for (const field of INTERNED_FIELDS) buffers.push(index.interned[field].ids.buffer);
  for (const field of UNIQUE_FIELDS) buffers.push(index.unique[field].bytes.buffer, index.unique[field].offsets.buffer);
  buffers.push(index.transfer.events.buffer, index.transfer.bytesIn.buffer, index.transfer.bytesOut.buffer);
  return buffers as ArrayBuffer[];
}
