// The string tables of the interned fields, shared by all the files one thread loads in one load, and their copy on
// the thread that receives them. A table per file listed the common values again in each file: 2,000 files of 100
// events gave 552,027 values for 104,010 distinct ones, each cloned to the main thread and interned there.

import { ColumnArena } from './columnArena';
import { INTERNED_FIELDS, withInterned, type InternedColumn } from './indexSchema';
import type { LoadedFile } from './loadedFile';
import { hashOf, StringIndex } from './stringIndex';

/** Numbers a table first keeps ids for (idOfNumbered); doubled as larger ones come. */
const FIRST_NUMBERED = 256;
/** Numbers past this (the reader's tables hold 2^20 values at most) are looked up as any value. */
const MAX_NUMBERED = 1 << 20;

/**
 * Values of one field, ids dense from 1 (0 = absent). The files a thread loads look their values up here directly: a
 * map per file in front of it (the file's own values) cost more than it saved, since a file met most of its values in
 * the files before it and paid two lookups for them (replaying a load's 4.4 million lookups: 553 → 437 ms for 4,000
 * files of 100 events, 563 → 433 ms for 80 files of 5,000; one-thread ctlens stats on 10,000 small files 0.1–1.2 s
 * faster in each of four pairs of runs, 2026-11-30).
 *
 * The values are found by a StringIndex rather than a Map: one-thread ctlens stats on the generator's million events
 * took 8.20–8.37 s against 8.50–8.64 s with a Map (three alternate runs each, 2026-11-30).
 */
class StringTable {
  readonly values: string[] = [''];
  private readonly index: StringIndex;
  // Consecutive records often share a value (same source, Region, account): skip the lookup for repeats.
  private lastValue = '';
  private lastId = 0;
  /** By the reader's number of a value: the value last seen with it, and its id here (idOfNumbered). */
  private readonly numberedValues: string[] = new Array<string>(FIRST_NUMBERED).fill('');
  private numberedIds = new Int32Array(FIRST_NUMBERED);

  constructor(maxProbes?: number) {
    this.index = new StringIndex(this.values, maxProbes);
    OWNERS.set(this.values, this);
  }

  idOf(value: string | null): number {
    if (value === null || value === '') return 0;
    if (value === this.lastValue) return this.lastId;
    const hash = hashOf(value);
    let id = this.index.idOf(value, hash);
    if (id === 0) {
      id = this.values.length;
      this.values.push(value);
      this.index.add(value, hash, id);
    }
    this.lastValue = value;
    this.lastId = id;
    return id;
  }

  /**
   * The id of `value`, which the record reader gave `number` in the table of the member it came from (recordReader.ts's
   * `numbersOfLast`): a value met before under its number costs a comparison, not a hash of its characters. The value
   * the number was last seen with is kept beside its id and compared, so a number reused for another value (the
   * reader forgets its tables between texts) or one taken from another member only costs a lookup.
   */
  idOfNumbered(value: string | null, number: number): number {
    if (value === null || value === '') return 0;
    if (number >= MAX_NUMBERED) return this.idOf(value);
    if (number < this.numberedIds.length && this.numberedValues[number] === value) return this.numberedIds[number];
    const id = this.idOf(value);
    if (number >= this.numberedIds.length) {
      const grown = new Int32Array(Math.max(2 * this.numberedIds.length, number + 1));
      grown.set(this.numberedIds);
      this.numberedIds = grown;
      // Filled, not holey: the array keeps its fast elements.
      while (this.numberedValues.length < grown.length) this.numberedValues.push('');
    }
    this.numberedValues[number] = value;
    this.numberedIds[number] = id;
    return id;
  }
}

/** The table whose values each array is (see internerOf). */
const OWNERS = new WeakMap<readonly string[], StringTable>();

/**
 * Adds a value to the table whose values are `values`, giving its id there (the id it has when already there), or
 * undefined when `values` is no thread's own table (a worker's mirrored one, a cached load's): a store dictionary that
 * adopted the calling thread's table interns the workers' values through it, so its ids stay that table's.
 */
export function internerOf(values: readonly string[]): ((value: string) => number) | undefined {
  const table = OWNERS.get(values);
  return table === undefined ? undefined : (value) => table.idOf(value);
}

/**
 * Values a set of tables holds before it is replaced by a fresh one (between two messages, or two files in the calling
 * thread): a thread's tables stay alive for its whole load (the slots of 2^22 values take 64 MB).
 */
const MAX_VALUES = 1 << 22;

/** Bounds of a set of tables; tests make them small. */
export interface TableBounds {
  /** Values one table holds before the set is replaced (MAX_VALUES). */
  maxValues?: number;
  /** Slots a lookup steps over at most (stringIndex.ts); tests make it 0 or 1, so that values go to the overflow. */
  maxProbes?: number;
}

/** One table per interned field, in INTERNED_FIELDS order, and the arena of the columns the files keep. */
export class LoadTables {
  readonly byField: StringTable[];
  /** Where the files loaded with these tables keep their columns (FileIndexBuilder.finish). */
  readonly columns = new ColumnArena();
  private readonly maxValues: number;

  constructor({ maxValues = MAX_VALUES, maxProbes }: TableBounds = {}) {
    this.maxValues = maxValues;
    this.byField = INTERNED_FIELDS.map(() => new StringTable(maxProbes));
  }

  /** True when one of the tables has grown so large that the next file should start a fresh set. */
  get full(): boolean {
    return this.byField.some((table) => table.values.length >= this.maxValues);
  }
}

/** What a thread's tables gained since its last message: values per field, appended, or a fresh set's first ones. */
export interface TableUpdate {
  fresh: boolean;
  added: string[][];
}

/** The sending side: each message carries the values added since the previous one, not the whole tables. */
export class TableSender {
  private tables: LoadTables;
  private sent: number[] = INTERNED_FIELDS.map(() => 1);
  private fresh = true;

  constructor(private readonly bounds: TableBounds = {}) {
    this.tables = new LoadTables(bounds);
  }

  /** The tables the files of the next message are to be loaded with (a fresh set when the current one is full). */
  next(): LoadTables {
    if (this.tables.full) {
      this.tables = new LoadTables(this.bounds);
      this.sent = this.sent.map(() => 1);
      this.fresh = true;
    }
    return this.tables;
  }

  /** The values added since the last update; the files sent with it leave their tables out (packedIndexes.ts). */
  update(): TableUpdate {
    const added = this.tables.byField.map((table, f) => table.values.slice(this.sent[f]));
    this.sent = this.tables.byField.map((table) => table.values.length);
    const update = { fresh: this.fresh, added };
    this.fresh = false;
    return update;
  }
}

/** A copy of `loaded` (the index's arrays shared) with each interned column replaced by `column` of it. */
function withColumns(loaded: LoadedFile, column: (old: InternedColumn, f: number) => InternedColumn): LoadedFile {
  const interned = { ...loaded.index.interned };
  INTERNED_FIELDS.forEach((field, f) => (interned[field] = column(interned[field], f)));
  return { ...loaded, index: withInterned(loaded.index, interned) };
}

/** The receiving side: one copy of a sender's tables, which the files it sends point into (unpackFiles). */
export class TableMirror {
  private byField: string[][] = INTERNED_FIELDS.map(() => ['']);

  /** The tables by field, in INTERNED_FIELDS order. */
  get tables(): readonly (readonly string[])[] {
    return this.byField;
  }

  apply({ fresh, added }: TableUpdate): void {
    if (fresh) this.byField = INTERNED_FIELDS.map(() => ['']);
    this.byField.forEach((table, f) => {
      for (const value of added[f]) table.push(value);
    });
  }
}

/** Scratch for ownColumn: new id by old id, 0 between calls. */
let newIdsByOld = new Uint32Array(1024);

/**
 * `column` with its table cut to the values its events use, in the order they are first used: the column a file
 * loaded on its own has (a shared table holds the values of every file of a load).
 */
function ownColumn({ ids, values }: InternedColumn): InternedColumn {
  if (newIdsByOld.length < values.length) newIdsByOld = new Uint32Array(Math.max(values.length, newIdsByOld.length * 2));
  const table = [''];
  const compact = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === 0) continue;
    let next = newIdsByOld[id];
    if (next === 0) {
      next = newIdsByOld[id] = table.length;
      table.push(values[id]);
    }
    compact[i] = next;
  }
  for (let i = 0; i < ids.length; i++) newIdsByOld[ids[i]] = 0;
  return { ids: compact, values: table };
}

/** `loaded` with tables of its own (ownColumn), as its entry in the index cache keeps it. */
export function withOwnTables(loaded: LoadedFile): LoadedFile {
  return withColumns(loaded, ownColumn);
}
