// The typed arrays of the files one worker message carries, moved into two buffers to transfer: a message of 16 small
// files carried 400 buffers, each detached, sent and made anew on the main thread, then swept by its collector.

import { INTERNED_FIELDS, UNIQUE_FIELDS, type FileIndex } from './indexSchema';

type PackedArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** What the store keeps of a file: its columns, which stay views into the buffer. */
function keptArrays(index: FileIndex): PackedArray[] {
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

/** What the store replaces (ids remapped to its own tables, a record index that is most often 0, 1, 2…). */
function replacedArrays(index: FileIndex): PackedArray[] {
  return [index.recordIndex, ...INTERNED_FIELDS.map((field) => index.interned[field].ids as PackedArray)];
}

/** Copies `arrays` into one new buffer, each at an offset aligned to 8 bytes, and returns the copies in order. */
function packed(arrays: PackedArray[]): { buffer: ArrayBuffer; copies: PackedArray[] } {
  let bytes = 0;
  const offsets = arrays.map((array) => {
    const at = Math.ceil(bytes / 8) * 8;
    bytes = at + array.byteLength;
    return at;
  });
  const buffer = new ArrayBuffer(bytes);
  const copies = arrays.map((array, k) => {
    const copy = new (array.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => PackedArray)(
      buffer,
      offsets[k],
      array.length,
    );
    copy.set(array);
    return copy;
  });
  return { buffer, copies };
}

/**
 * Moves the typed arrays of `indexes` (changed in place) into two buffers, returned for postMessage's transfer list:
 * one of the columns the store keeps, one of those it replaces, so that what it keeps holds no dead bytes. The files
 * of one message then share a buffer, freed when the last of them is.
 */
export function packIndexes(indexes: FileIndex[]): ArrayBuffer[] {
  const kept = packed(indexes.flatMap(keptArrays));
  const replaced = packed(indexes.flatMap(replacedArrays));
  let k = 0;
  let t = 0;
  for (const index of indexes) {
    const take = <T extends PackedArray>() => kept.copies[k++] as T;
    index.start = take();
    index.end = take();
    index.eventTime = take();
    index.flags = take();
    for (const field of UNIQUE_FIELDS) index.unique[field] = { bytes: take(), offsets: take() };
    index.transfer = { events: take(), bytesIn: take(), bytesOut: take() };
    index.recordIndex = replaced.copies[t++] as Uint32Array;
    for (const field of INTERNED_FIELDS) index.interned[field] = { ids: replaced.copies[t++] as Uint32Array, values: index.interned[field].values };
  }
  return [kept.buffer, replaced.buffer];
}
