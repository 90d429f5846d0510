// The files of one worker message, packed: their typed arrays in two buffers (transferred) and the rest as small
// objects. A message of 16 small files carried 400 buffers, each detached, sent and made anew on the main thread,
// then swept by its collector; with the buffers shared but the files cloned whole (25 views and 22 objects each), a
// file of ten events still cost 15–19 µs to pack and send and 9–13 µs to receive, against 12–13 and 5–7 µs so.
// The files' kept trail calls travel packed together (keptCalls.ts).

import type { ColumnArray, ColumnType } from './columnArena';
import {
  INTERNED_FIELDS,
  UNIQUE_FIELDS,
  type FileIndex,
  type InternedColumn,
  type InternedField,
  type UniqueColumn,
  type UniqueField,
} from './indexSchema';
import type { LoadedFile } from './loadedFile';
import { packCalls } from './keptCalls';

/** What travels of a file besides its columns and its string tables. */
export type FileFacts = Omit<LoadedFile, 'index' | 'text'> & Pick<FileIndex, 'count' | 'keptCalls' | 'links'>;

/** The files of one message. */
export interface PackedFiles {
  /** The columns the store keeps (KEPT_TYPES), file after file, each on an 8-byte boundary. */
  kept: ArrayBuffer;
  /** The columns it replaces (REPLACED_TYPES): its own ids, a record index that is most often 0, 1, 2… */
  replaced: ArrayBuffer;
  /** Per file, the length of each of its kept columns, then of each of its replaced ones. */
  lengths: Uint32Array;
  facts: FileFacts[];
}

/** start, end, eventTime, flags, each unique field's bytes and offsets, the transfers' events, bytes in and out. */
const KEPT_TYPES: readonly ColumnType<ColumnArray>[] = [
  Uint32Array,
  Uint32Array,
  Float64Array,
  Uint16Array,
  ...UNIQUE_FIELDS.flatMap(() => [Uint8Array, Uint32Array]),
  Uint32Array,
  Float64Array,
  Float64Array,
];
/** The record index, then the ids of each interned field (INTERNED_FIELDS order). */
const REPLACED_TYPES: readonly ColumnType<ColumnArray>[] = [Uint32Array, ...INTERNED_FIELDS.map(() => Uint32Array)];
const LENGTHS_PER_FILE = KEPT_TYPES.length + REPLACED_TYPES.length;

function keptColumns(index: FileIndex): ArrayLike<number>[] {
  const { start, end, eventTime, flags, unique, transfer } = index;
  return [
    start,
    end,
    eventTime,
    flags,
    ...UNIQUE_FIELDS.flatMap((field) => [unique[field].bytes, unique[field].offsets]),
    transfer.events,
    transfer.bytesIn,
    transfer.bytesOut,
  ];
}

function replacedColumns(index: FileIndex): ArrayLike<number>[] {
  return [index.recordIndex, ...INTERNED_FIELDS.map((field) => index.interned[field].ids)];
}

/**
 * Where each column of a buffer goes: file after file, column after column (`types`, lengths at `first` of each file's
 * LENGTHS_PER_FILE in `lengths`), each on an 8-byte boundary. Returns the byte offsets and the buffer's size.
 */
function places(lengths: Uint32Array, first: number, types: readonly ColumnType<ColumnArray>[]): { offsets: number[]; bytes: number } {
  const offsets: number[] = [];
  let bytes = 0;
  for (let file = 0; file < lengths.length; file += LENGTHS_PER_FILE) {
    for (let c = 0; c < types.length; c++) {
      const at = Math.ceil(bytes / 8) * 8;
      offsets.push(at);
      bytes = at + lengths[file + first + c] * types[c].BYTES_PER_ELEMENT;
    }
  }
  return { offsets, bytes };
}

/** Copies `columns` (those of every file, in order) into a new buffer at `offsets`, as `types` (cycled per file). */
function filled(columns: ArrayLike<number>[], types: readonly ColumnType<ColumnArray>[], offsets: number[], bytes: number): ArrayBuffer {
  const buffer = new ArrayBuffer(bytes);
  columns.forEach((column, k) => new types[k % types.length](buffer, offsets[k], column.length).set(column));
  return buffer;
}

/** Packs `files` for one message; `transfer` is postMessage's transfer list. */
export function packFiles(files: readonly LoadedFile[]): { packed: PackedFiles; transfer: ArrayBuffer[] } {
  const kept = files.flatMap(({ index }) => keptColumns(index));
  const replaced = files.flatMap(({ index }) => replacedColumns(index));
  const lengths = new Uint32Array(files.length * LENGTHS_PER_FILE);
  files.forEach((_, f) => {
    for (let c = 0; c < KEPT_TYPES.length; c++) lengths[f * LENGTHS_PER_FILE + c] = kept[f * KEPT_TYPES.length + c].length;
    for (let c = 0; c < REPLACED_TYPES.length; c++)
      lengths[f * LENGTHS_PER_FILE + KEPT_TYPES.length + c] = replaced[f * REPLACED_TYPES.length + c].length;
  });
  const keptPlaces = places(lengths, 0, KEPT_TYPES);
  const replacedPlaces = places(lengths, KEPT_TYPES.length, REPLACED_TYPES);
  const keptCalls = packCalls(files.map(({ index }) => index.keptCalls));
  const packed: PackedFiles = {
    kept: filled(kept, KEPT_TYPES, keptPlaces.offsets, keptPlaces.bytes),
    replaced: filled(replaced, REPLACED_TYPES, replacedPlaces.offsets, replacedPlaces.bytes),
    lengths,
    facts: files.map(({ index, ...facts }, f) => ({ ...facts, count: index.count, keptCalls: keptCalls[f], links: index.links })),
  };
  return { packed, transfer: [packed.kept, packed.replaced] };
}

/**
 * The files of a message, their columns views of its two buffers (the files of one message share them, freed when
 * the last of them is) and their interned columns pointing into `tables` (by field, INTERNED_FIELDS order).
 */
export function unpackFiles(packed: PackedFiles, tables: readonly (readonly string[])[]): LoadedFile[] {
  const { lengths } = packed;
  const keptPlaces = places(lengths, 0, KEPT_TYPES).offsets;
  const replacedPlaces = places(lengths, KEPT_TYPES.length, REPLACED_TYPES).offsets;
  return packed.facts.map(({ count, keptCalls, links, ...facts }, f) => {
    const lengthAt = f * LENGTHS_PER_FILE;
    let k = 0;
    const kept = <T extends ColumnArray>(): T => {
      const c = k++;
      return new KEPT_TYPES[c](packed.kept, keptPlaces[f * KEPT_TYPES.length + c], lengths[lengthAt + c]) as T;
    };
    let r = 0;
    const replaced = (): Uint32Array => {
      const c = r++;
      return new Uint32Array(packed.replaced, replacedPlaces[f * REPLACED_TYPES.length + c], lengths[lengthAt + KEPT_TYPES.length + c]);
    };
    const start = kept<Uint32Array>();
    const end = kept<Uint32Array>();
    const eventTime = kept<Float64Array>();
    const flags = kept<Uint16Array>();
    const unique = {} as Record<UniqueField, UniqueColumn>;
    for (const field of UNIQUE_FIELDS) unique[field] = { bytes: kept<Uint8Array>(), offsets: kept<Uint32Array>() };
    const transfer = { events: kept<Uint32Array>(), bytesIn: kept<Float64Array>(), bytesOut: kept<Float64Array>() };
    const recordIndex = replaced();
    const interned = {} as Record<InternedField, InternedColumn>;
    INTERNED_FIELDS.forEach((field, i) => (interned[field] = { ids: replaced(), values: tables[i] }));
    const index: FileIndex = { count, recordIndex, start, end, eventTime, flags, interned, unique, keptCalls, links, transfer };
    return { ...facts, index };
  });
}
