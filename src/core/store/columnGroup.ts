// Where a store's segments keep their per-event columns: several files to a group, file after file, so a segment's
// event i is at row `at + i` of its group's columns. A segment with columns of its own held 25 typed-array views and
// more for its byte counts (about 2.8 KB of heap per file): 20,000 files of ten events retained 520 bytes an event,
// 234 in groups, whose views are made once for all their files.

import type { TransferColumn } from '../load/bytesTransferred';
import { OWN_COLUMNS_ROWS } from '../load/columnArena';
import {
  INTERNED_FIELDS,
  UNIQUE_FIELDS,
  type FileIndex,
  type InternedField,
  type TableIds,
  type UniqueColumn,
  type UniqueField,
} from '../load/indexSchema';

/** Global ids of one interned column. */
export type IdColumn = Uint16Array | Uint32Array;

/**
 * The per-event columns a segment reads at rows `at …` (see Segment): a file index's, but by row of a group. `interned`,
 * `unique` and `transfer` are objects shared by the group's segments, so a column widened to 32 bits, or unique bytes
 * and byte counts grown, are replaced there for all of them. Unique value of row r: `bytes[offsets[r] .. offsets[r +
 * 1])`; byte counts: the rows that give them, ascending within a segment (its entries: Segment.transferAt…).
 */
export interface SegmentColumns extends Pick<FileIndex, 'start' | 'end' | 'eventTime' | 'flags' | 'unique' | 'transfer'> {
  interned: Record<InternedField, IdColumn>;
}

/** Rows of a load's first group, doubled for each next one up to MAX_ROWS: a file loaded alone takes little. */
const FIRST_ROWS = 1 << 10;
const MAX_ROWS = 1 << 14;

/** A typed array of `length` elements at `offset` of `buffer`, the offset moved on past it (8-byte aligned). */
class Carver {
  offset = 0;
  constructor(readonly buffer: ArrayBuffer) {}

  take<T>(type: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number }, length: number): T {
    const array = new type(this.buffer, this.offset, length);
    this.offset += Math.ceil((length * type.BYTES_PER_ELEMENT) / 8) * 8;
    return array;
  }
}

/** The columns of a file a group of its own takes as they are (see ColumnGroups.place), and its ids. */
export type OwnColumns = Pick<FileIndex, 'start' | 'end' | 'eventTime' | 'flags' | 'unique' | 'transfer' | 'interned'>;

/**
 * Bytes of the rows' fixed columns: interned ids (those whose `wide` is undefined aside), and unless a file's own are
 * taken, the others.
 */
function groupBytes(rows: number, wide: readonly (boolean | undefined)[], own: boolean): number {
  const aligned = (bytes: number) => Math.ceil(bytes / 8) * 8;
  let bytes = 0;
  for (const isWide of wide) if (isWide !== undefined) bytes += aligned((isWide ? 4 : 2) * rows);
  if (own) return bytes;
  return bytes + 2 * aligned(4 * rows) + aligned(8 * rows) + aligned(2 * rows) + UNIQUE_FIELDS.length * aligned(4 * (rows + 1));
}

/** The ids column of a field not made yet: a group of one file's own columns may take that file's ids (takeIds). */
const NOT_MADE: IdColumn = new Uint16Array(0);

/**
 * Whether a group of a file's own columns may take its ids of a field as they are: global-id wide, one per row, and
 * in the buffer of the columns it takes anyway (a whole load's entry read apart, loadSetCodec.ts), so that taking them
 * keeps no memory alive that was not already.
 */
function takeable(ids: ArrayBufferView, own: OwnColumns, rows: number): boolean {
  return (ids instanceof Uint16Array || ids instanceof Uint32Array) && ids.length === rows && ids.buffer === own.start.buffer;
}

/** The columns of some segments, rows taken in order; one array buffer for all but the unique bytes and byte counts. */
export class ColumnGroup implements SegmentColumns {
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly eventTime: Float64Array;
  readonly flags: Uint16Array;
  /**
   * Hash of each row's duplicate key (duplicateKey.ts), while the load joins the store: a buffer of its own, which
   * goes once the load's segments let it go (Segment.keyHash).
   */
  readonly keyHash: Uint32Array;
  readonly interned: Record<InternedField, IdColumn>;
  readonly unique: Record<UniqueField, UniqueColumn>;
  readonly transfer: TransferColumn;
  /** Rows taken. */
  used = 0;
  /** Entries of `transfer` taken. */
  transfersUsed = 0;

  /**
   * `wide`: per interned field (INTERNED_FIELDS order), whether its ids start at 32 bits. `own`: the columns of the
   * one file whose `rows` events this group holds, taken as they are (`adopted`: rows 0… hold them already).
   */
  constructor(
    readonly rows: number,
    wide: readonly boolean[],
    own?: OwnColumns,
  ) {
    // Ids a file's own group may take are made only if they cannot be (fitIds): its values must be translated.
    const made = INTERNED_FIELDS.map((field, f) => (own !== undefined && takeable(own.interned[field].ids, own, rows) ? undefined : wide[f]));
    const carver = new Carver(new ArrayBuffer(groupBytes(rows, made, own !== undefined)));
    this.keyHash = new Uint32Array(rows);
    this.interned = Object.fromEntries(
      INTERNED_FIELDS.map((field, f) => [
        field,
        made[f] === undefined ? NOT_MADE : made[f] ? carver.take(Uint32Array, rows) : carver.take(Uint16Array, rows),
      ]),
    ) as Record<InternedField, IdColumn>;
    this.start = own?.start ?? carver.take(Uint32Array, rows);
    this.end = own?.end ?? carver.take(Uint32Array, rows);
    this.eventTime = own?.eventTime ?? carver.take(Float64Array, rows);
    this.flags = own?.flags ?? carver.take(Uint16Array, rows);
    this.unique =
      own?.unique ??
      (Object.fromEntries(UNIQUE_FIELDS.map((field) => [field, { offsets: carver.take(Uint32Array, rows + 1), bytes: new Uint8Array(0) }])) as Record<
        UniqueField,
        UniqueColumn
      >);
    this.transfer = own?.transfer ?? { events: new Uint32Array(0), bytesIn: new Float64Array(0), bytesOut: new Float64Array(0) };
    this.adopted = own !== undefined;
  }

  /** True when the group took a file's own columns: only its ids and key hashes are left to write. */
  readonly adopted: boolean;

  /**
   * The ids column of `field`, made (or made 32 bits wide) when `bound`, one past the largest id to come, needs it.
   */
  fitIds(field: InternedField, bound: number): IdColumn {
    const column = this.interned[field];
    if (column === NOT_MADE) return (this.interned[field] = bound > 0x10000 ? new Uint32Array(this.rows) : new Uint16Array(this.rows));
    if (column instanceof Uint16Array && bound > 0x10000) {
      const wide = new Uint32Array(this.rows);
      for (let r = 0; r < this.used; r++) wide[r] = column[r];
      this.interned[field] = wide;
      return wide;
    }
    return column;
  }

  /**
   * Takes `ids` (global ids of this group's one file, its own columns taken) as the ids of `field`, when the group may
   * (see takeable): nothing to make or copy. False when it may not, and the caller writes them (fitIds).
   */
  takeIds(field: InternedField, ids: TableIds): boolean {
    if (this.interned[field] !== NOT_MADE || !(ids instanceof Uint16Array || ids instanceof Uint32Array)) return false;
    this.interned[field] = ids;
    return true;
  }

  /**
   * Room for `length` more bytes of `field` after its rows so far, which `count` rows will hold; its bytes column. A
   * column grows to what its rows so far foretell for the whole group, at most twice what they hold (a first file of
   * one event with a 10 MB object key foretold 10 GB), and is trimmed when the group is full (trim).
   */
  fitBytes(field: UniqueField, length: number, count: number): Uint8Array {
    const column = this.unique[field];
    const needed = column.offsets[this.used] + length;
    if (needed > column.bytes.length) {
      const foretold = Math.ceil((needed / (this.used + count)) * this.rows);
      const grown = new Uint8Array(Math.max(needed, Math.min(foretold, 2 * needed)));
      grown.set(column.bytes.subarray(0, column.offsets[this.used]));
      column.bytes = grown;
    }
    return column.bytes;
  }

  /** Room for `length` more entries of `transfer`, for rows that `count` rows will hold (grown as fitBytes grows bytes). */
  fitTransfers(length: number, count: number): TransferColumn {
    const transfer = this.transfer;
    const needed = this.transfersUsed + length;
    if (needed > transfer.events.length) this.resizeTransfers(Math.max(needed, Math.ceil((needed / (this.used + count)) * this.rows)));
    return transfer;
  }

  /** Gives back the bytes and transfer entries no row holds: no segment joins the group any more. */
  trim(): void {
    for (const field of UNIQUE_FIELDS) {
      const column = this.unique[field];
      const length = column.offsets[this.used];
      if (column.bytes.length > length) column.bytes = column.bytes.slice(0, length);
    }
    if (this.transfer.events.length > this.transfersUsed) this.resizeTransfers(this.transfersUsed);
  }

  private resizeTransfers(length: number): void {
    const transfer = this.transfer;
    const used = this.transfersUsed;
    const resized = <T extends Uint32Array | Float64Array>(old: T): T => {
      const array = new (old.constructor as new (length: number) => T)(length);
      array.set(old.subarray(0, used));
      return array;
    };
    transfer.events = resized(transfer.events);
    transfer.bytesIn = resized(transfer.bytesIn);
    transfer.bytesOut = resized(transfer.bytesOut);
  }
}

/** Hands out rows for the segments of one load: the current group's next ones, or a fresh group's. */
export class ColumnGroups {
  private group: ColumnGroup | undefined;
  private nextRows = FIRST_ROWS;

  /**
   * A group with `count` rows free, the first at its `used` (which the caller moves on once the rows are written);
   * `wide` tells, per interned field, whether a fresh group's ids start at 32 bits. A file of more than OWN_COLUMNS_ROWS
   * events gets a group of its own, which takes `own`, its columns, as they are: its views cost little per event, and
   * copying them cost a warm reopen of a million events 90–150 ms.
   */
  place(count: number, wide: () => boolean[], own: OwnColumns): ColumnGroup {
    if (count > OWN_COLUMNS_ROWS) return new ColumnGroup(count, wide(), own);
    if (this.group === undefined || this.group.used + count > this.group.rows) {
      this.group?.trim();
      this.group = new ColumnGroup(Math.max(this.nextRows, count), wide());
      this.nextRows = Math.min(MAX_ROWS, 2 * this.nextRows);
    }
    return this.group;
  }

  /** Trims the current group: its load has joined the store (the next load places its files in groups of its own). */
  close(): void {
    this.group?.trim();
    this.group = undefined;
  }
}
