// The events of one loaded file inside the store: the file's compact index with its interned columns
// remapped to the store's global dictionaries (16-bit ids while a dictionary is small, else 32-bit).

import { INTERNED_FIELDS, type InternedField, type UniqueColumn, type UniqueField } from '../load/indexSchema';
import type { LoadedFile } from '../load/loadedFile';
import type { Diagnostic, InputFormat } from '../types';
import type { Dictionary } from './dictionary';
import { keyHashes } from './duplicateKey';
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
  /** The file version indexed (bytes on disk, modification time, text length): a re-read must find the same. */
  version: { size: number; mtimeMs?: number; textSize: number };
}

function remap(localIds: Uint32Array, localValues: string[], dictionary: Dictionary): IdColumn {
  const globalIds = new Uint32Array(localValues.length);
  for (let local = 1; local < localValues.length; local++) globalIds[local] = dictionary.intern(localValues[local]);
  const column = dictionary.size <= 0x10000 ? new Uint16Array(localIds.length) : new Uint32Array(localIds.length);
  for (let i = 0; i < localIds.length; i++) column[i] = globalIds[localIds[i]];
  return column;
}

function isIdentity(recordIndex: Uint32Array): boolean {
  for (let i = 0; i < recordIndex.length; i++) if (recordIndex[i] !== i) return false;
  return true;
}

/** Builds the segment of a loaded file, interning its values into the global dictionaries. */
export function makeSegment(loaded: LoadedFile, base: number, dictionaries: Record<InternedField, Dictionary>): Segment {
  const index = loaded.index;
  const interned = {} as Record<InternedField, IdColumn>;
  for (const field of INTERNED_FIELDS) interned[field] = remap(index.interned[field].ids, index.interned[field].values, dictionaries[field]);
  return {
    file: loaded.file,
    format: loaded.format,
    base,
    count: index.count,
    recordIndex: isIdentity(index.recordIndex) ? null : index.recordIndex,
    start: index.start,
    end: index.end,
    eventTime: index.eventTime,
    flags: index.flags,
    interned,
    unique: index.unique,
    keyHash: keyHashes(index.unique.eventID, interned.recipientAccountId, interned.eventName, index.count),
    diagnostics: loaded.diagnostics,
    keptCalls: index.keptCalls,
    links: index.links,
    transfer: index.transfer,
    text: loaded.text,
    version: { size: loaded.size, mtimeMs: loaded.mtimeMs, textSize: loaded.textSize },
  };
}

/** Index of the record of local event `i`. */
export function recordIndexOf(segment: Segment, i: number): number {
  return segment.recordIndex === null ? i : segment.recordIndex[i];
}
