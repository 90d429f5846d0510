// Where the typed-array columns of many files are kept, several files to a buffer. An array buffer per column cost
// 2–4 µs to make and its share of garbage collection: a file of ten events made 36 of them (25 kept by the store),
// more than indexing its events took.

/** A typed-array type the index keeps. */
export type ColumnArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** A typed array's constructor, from a length or as a view. */
export interface ColumnType<T extends ColumnArray> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
}

/**
 * A file of more events than this keeps the columns it was loaded or decoded with: the store gives it a group of its
 * own, of its size, that takes them as they are (store/columnGroup.ts; an eighth of a group's 16,384 rows, so that a
 * shared group ends with few rows unused), and the index cache reads them into buffers apart (loadSetCodec.ts).
 * Smaller files' rows are copied into groups shared with other files.
 */
export const OWN_COLUMNS_ROWS = 2048;

/** Bytes of the largest chunk; a column of half of it or more gets a buffer of its own. */
const CHUNK_BYTES = 1 << 18;
/** The first chunk's bytes, doubled for each next one up to CHUNK_BYTES: one file loaded alone takes little. */
const FIRST_CHUNK_BYTES = 1 << 14;
/** Columns up to this many elements are copied in a loop rather than through a view and `set`. */
const SHORT_COPY = 64;
/** Each column starts on this boundary (of its chunk, its cache entry, its buffer), so a Float64Array view is aligned. */
export const COLUMN_ALIGNMENT = 8;

/** `offset` rounded up to COLUMN_ALIGNMENT. */
export const alignUp = (offset: number) => Math.ceil(offset / COLUMN_ALIGNMENT) * COLUMN_ALIGNMENT;

/**
 * Hands out zeroed columns carved from chunks of 16 KB to 256 KB. A chunk lives while any of its columns does: a file closed alone
 * keeps at most CHUNK_BYTES alive until the chunk's other files go too. Not for columns that die before their
 * neighbours (a file's transient ids): they would pin a chunk of the columns that stay.
 */
export class ColumnArena {
  private chunk = new ArrayBuffer(0);
  private used = 0;
  private chunkBytes = FIRST_CHUNK_BYTES / 2;

  /** A zeroed column of `length` elements. */
  allocate<T extends ColumnArray>(type: ColumnType<T>, length: number): T {
    const bytes = length * type.BYTES_PER_ELEMENT;
    if (bytes * 2 >= CHUNK_BYTES) return new type(length);
    if (this.used + bytes > this.chunk.byteLength) {
      this.chunkBytes = Math.min(CHUNK_BYTES, this.chunkBytes * 2);
      this.chunk = new ArrayBuffer(Math.max(this.chunkBytes, bytes));
      this.used = 0;
    }
    const column = new type(this.chunk, this.used, length);
    this.used = alignUp(this.used + bytes);
    return column;
  }

  /** A copy of the first `length` elements of `array` (all of them by default), of its type. */
  copy<T extends ColumnArray>(array: T, length = array.length): T {
    const column = this.allocate(array.constructor as ColumnType<T>, length);
    copyInto(column, 0, array, length);
    return column;
  }
}

/**
 * Writes the first `count` elements of `source` at `target[at…]`. A short column is copied element by element: a view
 * of the part to copy (subarray) cost more than copying it, for the dozen columns of a file of ten events.
 */
export function copyInto(target: ColumnArray, at: number, source: ColumnArray, count: number): void {
  if (count <= SHORT_COPY) for (let k = 0; k < count; k++) target[at + k] = source[k];
  else target.set(source.length === count ? source : source.subarray(0, count), at);
}
