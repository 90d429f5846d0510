// The events of one loaded file inside the store: the file's compact index, its per-event columns in rows of a
// column group shared with the files loaded beside it (columnGroup.ts), its interned ids remapped to the store's
// global dictionaries (16-bit ids while a dictionary is small, else 32-bit).

import { INTERNED_FIELDS, UNIQUE_FIELDS, type FileIndex, type InternedField, type TableIds } from '../load/indexSchema';
import type { LoadedFile } from '../load/loadedFile';
import type { Diagnostic, InputFormat } from '../types';
import type { Dictionary } from './dictionary';
import { keyHashes } from './duplicateKey';
import { copyInto, type ColumnArena, type ColumnArray } from '../load/columnArena';
import type { IndexedLink, KeptCalls } from '../load/keptCalls';
import type { TransferColumn } from '../load/bytesTransferred';
import type { ColumnGroup, ColumnGroups, SegmentColumns } from './columnGroup';

/**
 * One loaded file's events; store ids of its events are `base .. base + count - 1`, and event i's values are at row
 * `at + i` of the per-event columns (SegmentColumns), which other segments share.
 */
export interface Segment extends SegmentColumns {
  file: string;
  format: InputFormat | null;
  base: number;
  count: number;
  at: number;
  /** null when record i is event i (no record of the file failed to load); else indexed by i, not by row. */
  recordIndex: Uint32Array | null;
  diagnostics: Diagnostic[];
  /** Trail calls indexing kept whole (load/keptCalls.ts). */
  keptCalls: KeptCalls;
  /** Link facts of the credential-issuing calls, by event index in this segment (load/keptCalls.ts). */
  links: IndexedLink[];
  /**
   * Hash of each row's duplicate key (duplicateKey.ts, rows as the columns'), made with the segment for its load to
   * look for copies (duplicates.ts planCopies); null once the load has joined the store, which keeps no hash (4 bytes an
   * event): a later load hashes the loaded keys again.
   */
  keyHash: Uint32Array | null;
  /** This segment's S3 byte counts are entries `transferAt …` of `transfer` (SegmentColumns), `transferCount` of them. */
  transferAt: number;
  transferCount: number;
  text?: Uint8Array;
  gzip: boolean;
  /** The file version indexed (bytes on disk, modification time, text length): a re-read must find the same. */
  version: { size: number; mtimeMs?: number; textSize: number };
}

/** Scratch for remap's ids while their width is not known yet. */
let wideIds = new Uint32Array(1024);

/**
 * Writes at rows `at…` of `group` the ids of `localIds` (into `table`: a file's own, or one shared by the files a
 * thread loaded, or by those of a load the index cache kept whole) in the global `dictionary`, each value interned
 * when first used (a file uses a few of a shared table's values).
 */
function remap(
  localIds: TableIds,
  table: readonly string[],
  dictionary: Dictionary,
  group: ColumnGroup,
  field: InternedField,
  at: number,
  count: number,
): void {
  if (dictionary.sharesIdsWith(table) || dictionary.adopt(table)) {
    if (!group.takeIds(field, localIds)) copyInto(group.fitIds(field, dictionary.size), at, localIds, count);
    return;
  }
  const translation = dictionary.translationOf(table);
  if (wideIds.length < count) wideIds = new Uint32Array(Math.max(count, wideIds.length * 2));
  for (let i = 0; i < count; i++) {
    const local = localIds[i];
    let id = translation[local];
    if (id === 0 && local !== 0) id = translation[local] = dictionary.intern(table[local]);
    wideIds[i] = id;
  }
  copyInto(group.fitIds(field, dictionary.size), at, wideIds, count);
}

/** 0, 1, … count - 1: the record index of a file whose every record is an event. */
function identity(count: number): Uint32Array {
  const recordIndex = new Uint32Array(count);
  for (let i = 0; i < count; i++) recordIndex[i] = i;
  return recordIndex;
}

function isIdentity(recordIndex: Uint32Array): boolean {
  for (let i = 0; i < recordIndex.length; i++) if (recordIndex[i] !== i) return false;
  return true;
}

/**
 * Builds the segment of a loaded file: its events take rows of `groups`, its values interned into the global
 * dictionaries; its record indexes (when not 0, 1, 2…) go to `columns`. A small file's columns are copied, so nothing
 * of its load's buffers stays referenced; a large one's group takes them as they are (ColumnGroups.place).
 */
export function makeSegment(
  loaded: LoadedFile,
  base: number,
  dictionaries: Record<InternedField, Dictionary>,
  groups: ColumnGroups,
  columns: ColumnArena,
): Segment {
  const index = loaded.index;
  const count = index.count;
  const group = groups.place(count, () => INTERNED_FIELDS.map((field) => dictionaries[field].size > 0x10000), index);
  const at = group.used;
  for (const field of INTERNED_FIELDS) remap(index.interned[field].ids, index.interned[field].values, dictionaries[field], group, field, at, count);
  if (!group.adopted) copyRows(index, group, at, count);
  keyHashes(group.unique.eventID, group.interned.recipientAccountId, group.interned.eventName, at, count, group.keyHash, at);
  const transferAt = group.transfersUsed;
  const transferCount = index.transfer.events.length;
  group.transfersUsed = transferAt + transferCount;
  group.used = at + count;
  return {
    file: loaded.file,
    format: loaded.format,
    base,
    count,
    at,
    recordIndex: isIdentity(index.recordIndex) ? null : columns.copy(index.recordIndex),
    start: group.start,
    end: group.end,
    eventTime: group.eventTime,
    flags: group.flags,
    keyHash: group.keyHash,
    interned: group.interned,
    unique: group.unique,
    diagnostics: loaded.diagnostics,
    keptCalls: index.keptCalls,
    links: index.links,
    transfer: group.transfer,
    transferAt,
    transferCount,
    text: loaded.text,
    gzip: loaded.gzip,
    version: { size: loaded.size, mtimeMs: loaded.mtimeMs, textSize: loaded.textSize },
  };
}

/** Writes the file's columns other than its ids at rows `at…` of `group` (and its byte counts after the group's). */
function copyRows(index: FileIndex, group: ColumnGroup, at: number, count: number): void {
  copyInto(group.start, at, index.start, count);
  copyInto(group.end, at, index.end, count);
  copyInto(group.eventTime, at, index.eventTime, count);
  copyInto(group.flags, at, index.flags, count);
  for (const field of UNIQUE_FIELDS) {
    const { bytes, offsets } = index.unique[field];
    const first = offsets[0];
    const length = offsets[count] - first;
    const target = group.fitBytes(field, length, count);
    const rowOffsets = group.unique[field].offsets;
    const from = rowOffsets[at];
    if (length > 0) target.set(bytes.subarray(first, first + length), from);
    for (let i = 1; i <= count; i++) rowOffsets[at + i] = from + offsets[i] - first;
  }
  const { events, bytesIn, bytesOut } = index.transfer;
  const transferAt = group.transfersUsed;
  const transfer = group.fitTransfers(events.length, count);
  for (let k = 0; k < events.length; k++) {
    transfer.events[transferAt + k] = at + events[k];
    transfer.bytesIn[transferAt + k] = bytesIn[k];
    transfer.bytesOut[transferAt + k] = bytesOut[k];
  }
}

/** Index of the record of local event `i`. */
export function recordIndexOf(segment: Segment, i: number): number {
  return segment.recordIndex === null ? i : segment.recordIndex[i];
}

/**
 * The file index of a segment's rows, its interned ids those of `tables` (the store's value arrays). Its columns are
 * views made when first read: a prepared file's LoadedFile keeps it (EventStore.prepare), so that the buffers its load
 * made go as soon as its files are prepared, and only the index cache, or a store cleared meanwhile, reads it.
 */
class SegmentRows implements FileIndex {
  private columns: Omit<FileIndex, 'count' | 'keptCalls' | 'links'> | undefined;

  constructor(
    private readonly segment: Segment,
    private readonly tables: Record<InternedField, readonly string[]>,
  ) {}

  get count(): number {
    return this.segment.count;
  }
  get keptCalls(): KeptCalls {
    return this.segment.keptCalls;
  }
  get links(): IndexedLink[] {
    return this.segment.links;
  }
  get transfer(): TransferColumn {
    return this.views().transfer;
  }
  get recordIndex(): Uint32Array {
    return this.views().recordIndex;
  }
  get start(): Uint32Array {
    return this.views().start;
  }
  get end(): Uint32Array {
    return this.views().end;
  }
  get eventTime(): Float64Array {
    return this.views().eventTime;
  }
  get flags(): Uint16Array {
    return this.views().flags;
  }
  get interned(): FileIndex['interned'] {
    return this.views().interned;
  }
  get unique(): FileIndex['unique'] {
    return this.views().unique;
  }

  private views(): NonNullable<SegmentRows['columns']> {
    if (this.columns !== undefined) return this.columns;
    const { segment, tables } = this;
    const { at, count } = segment;
    const rows = <T extends ColumnArray>(column: T): T => column.subarray(at, at + count) as T;
    const interned = {} as FileIndex['interned'];
    for (const field of INTERNED_FIELDS) interned[field] = { ids: rows(segment.interned[field]), values: tables[field] };
    const unique = {} as FileIndex['unique'];
    for (const field of UNIQUE_FIELDS) {
      const { bytes, offsets } = segment.unique[field];
      const first = offsets[at];
      const ownOffsets = new Uint32Array(count + 1);
      for (let i = 0; i <= count; i++) ownOffsets[i] = offsets[at + i] - first;
      unique[field] = { bytes: bytes.subarray(first, offsets[at + count]), offsets: ownOffsets };
    }
    const { transfer, transferAt, transferCount } = segment;
    const events = new Uint32Array(transferCount);
    for (let k = 0; k < transferCount; k++) events[k] = transfer.events[transferAt + k] - at;
    this.columns = {
      transfer: {
        events,
        bytesIn: transfer.bytesIn.slice(transferAt, transferAt + transferCount),
        bytesOut: transfer.bytesOut.slice(transferAt, transferAt + transferCount),
      },
      recordIndex: segment.recordIndex ?? identity(count),
      start: rows(segment.start),
      end: rows(segment.end),
      eventTime: rows(segment.eventTime),
      flags: rows(segment.flags),
      interned,
      unique,
    };
    return this.columns;
  }
}

/**
 * The loaded file a segment was made from, its interned ids those of the store's tables (`tables`, by field): what
 * the index cache keeps of a whole load (IndexCache.putSet), so that reopening it needs no interning.
 */
export function loadedFileOf(segment: Segment, tables: Record<InternedField, readonly string[]>): LoadedFile {
  const { file, format, diagnostics, gzip, version } = segment;
  const index = indexOfRows(segment, tables);
  return { file, format, index, diagnostics, size: version.size, textSize: version.textSize, gzip, mtimeMs: version.mtimeMs, text: segment.text };
}

/** The file index of a segment, read from its rows, its interned ids those of `tables` (SegmentRows). */
export function indexOfRows(segment: Segment, tables: Record<InternedField, readonly string[]>): FileIndex {
  return new SegmentRows(segment, tables);
}
