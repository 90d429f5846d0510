// The events of one loaded file inside the store: the file's compact index with its interned columns
// remapped to the store's global dictionaries (16-bit ids while a dictionary is small, else 32-bit).

import {
  INTERNED_FIELDS,
  type FileIndex,
  type InternedColumn,
  type InternedField,
  type TableIds,
  type UniqueColumn,
  type UniqueField,
} from '../load/indexSchema';
import type { LoadedFile } from '../load/loadedFile';
import type { Diagnostic, InputFormat } from '../types';
import type { Dictionary } from './dictionary';
import { keyHashes } from './duplicateKey';
import type { ColumnArena, ColumnType } from '../load/columnArena';
import type { IndexedLink, KeptCall } from '../load/keptCalls';
import type { TransferColumn } from '../load/bytesTransferred';

/** Global ids of one interned column. */
export type IdColumn = Uint16Array | Uint32Array;

/** One loaded file's events; store ids of its events are `base .. base + count - 1`. */
export interface Segment {
  file: string;
  format: InputFormat | null;
  base: number;
  count: number;
  /** null when record i is event i (no record of the file failed to load). */
  recordIndex: Uint32Array | null;
  start: Uint32Array;
  end: Uint32Array;
  eventTime: Float64Array;
  flags: Uint16Array;
  interned: Record<InternedField, IdColumn>;
  unique: Record<UniqueField, UniqueColumn>;
  /** Hash of each event's duplicate key, eventID + recipientAccountId + eventName (see duplicates.ts). */
  keyHash: Uint32Array;
  diagnostics: Diagnostic[];
  /** Trail calls indexing kept whole (load/keptCalls.ts). */
  keptCalls: KeptCall[];
  /** Link facts of the credential-issuing calls, by event index in this segment (load/keptCalls.ts). */
  links: IndexedLink[];
  /** S3 bytes in/out of the events that give them, by event index in this segment (load/bytesTransferred.ts). */
  transfer: TransferColumn;
  text?: Uint8Array;
  gzip: boolean;
  /** The file version indexed (bytes on disk, modification time, text length): a re-read must find the same. */
  version: { size: number; mtimeMs?: number; textSize: number };
}

/** The id type of a dictionary's columns: 16 bits while it is small enough, else 32. */
function idType(dictionary: Dictionary): ColumnType<IdColumn> {
  return dictionary.size <= 0x10000 ? Uint16Array : Uint32Array;
}

/** Scratch for remap's ids while their width is not known yet. */
let wideIds = new Uint32Array(1024);

/**
 * The ids of `localIds` (into `table`: a file's own, or one shared by the files a thread loaded, or by those of a
 * load the index cache kept whole) in the global `dictionary`, each value interned when first used (a file uses a
 * few of a shared table's values), as a column of `columns`.
 */
function remap(localIds: TableIds, table: readonly string[], dictionary: Dictionary, columns: ColumnArena): IdColumn {
  if (dictionary.sharesIdsWith(table) || dictionary.adopt(table)) return copied(localIds, dictionary, columns);
  const translation = dictionary.translationOf(table);
  // 16 bits when the dictionary stays small enough whatever this file adds; else 32 until it is known.
  const narrow = dictionary.size + Math.min(table.length, localIds.length) <= 0x10000;
  if (!narrow && wideIds.length < localIds.length) wideIds = new Uint32Array(Math.max(localIds.length, wideIds.length * 2));
  const globalIds = narrow ? columns.allocate(Uint16Array, localIds.length) : wideIds.subarray(0, localIds.length);
  for (let i = 0; i < localIds.length; i++) {
    const local = localIds[i];
    let id = translation[local];
    if (id === 0 && local !== 0) id = translation[local] = dictionary.intern(table[local]);
    globalIds[i] = id;
  }
  return narrow ? globalIds : copied(globalIds, dictionary, columns);
}

/** `ids` copied into `columns`, as wide as the dictionary needs. */
function copied(ids: TableIds, dictionary: Dictionary, columns: ColumnArena): IdColumn {
  const column = columns.allocate(idType(dictionary), ids.length);
  column.set(ids);
  return column;
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

/** Builds the segment of a loaded file, interning its values into the global dictionaries; its new columns go to `columns`. */
export function makeSegment(loaded: LoadedFile, base: number, dictionaries: Record<InternedField, Dictionary>, columns: ColumnArena): Segment {
  const index = loaded.index;
  const interned = {} as Record<InternedField, IdColumn>;
  for (const field of INTERNED_FIELDS) interned[field] = remap(index.interned[field].ids, index.interned[field].values, dictionaries[field], columns);
  return {
    file: loaded.file,
    format: loaded.format,
    base,
    count: index.count,
    recordIndex: isIdentity(index.recordIndex) ? null : columns.copy(index.recordIndex),
    start: index.start,
    end: index.end,
    eventTime: index.eventTime,
    flags: index.flags,
    interned,
    unique: index.unique,
    keyHash: keyHashes(index.unique.eventID, interned.recipientAccountId, interned.eventName, columns.allocate(Uint32Array, index.count)),
    diagnostics: loaded.diagnostics,
    keptCalls: index.keptCalls,
    links: index.links,
    transfer: index.transfer,
    text: loaded.text,
    gzip: loaded.gzip,
    version: { size: loaded.size, mtimeMs: loaded.mtimeMs, textSize: loaded.textSize },
  };
}

/** Index of the record of local event `i`. */
export function recordIndexOf(segment: Segment, i: number): number {
  return segment.recordIndex === null ? i : segment.recordIndex[i];
}

/**
 * The loaded file a segment was made from, its interned ids those of the store's tables (`tables`, by field): what
 * the index cache keeps of a whole load (IndexCache.putSet), so that reopening it needs no interning.
 */
export function loadedFileOf(segment: Segment, tables: Record<InternedField, readonly string[]>): LoadedFile {
  const interned = {} as Record<InternedField, InternedColumn>;
  for (const field of INTERNED_FIELDS) interned[field] = { ids: segment.interned[field], values: tables[field] };
  const index: FileIndex = {
    count: segment.count,
    recordIndex: segment.recordIndex ?? identity(segment.count),
    start: segment.start,
    end: segment.end,
    eventTime: segment.eventTime,
    flags: segment.flags,
    interned,
    unique: segment.unique,
    keptCalls: segment.keptCalls,
    links: segment.links,
    transfer: segment.transfer,
  };
  const { file, format, diagnostics, gzip, version } = segment;
  return { file, format, index, diagnostics, size: version.size, textSize: version.textSize, gzip, mtimeMs: version.mtimeMs, text: segment.text };
}
