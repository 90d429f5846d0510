// The string tables of the interned fields, shared by all the files one thread loads in one load, and their copy on
// the thread that receives them. A table per file listed the common values again in each file: 2,000 files of 100
// events gave 552,027 values for 104,010 distinct ones, each cloned to the main thread and interned there.

import { randomInt } from 'node:crypto';
import { INTERNED_FIELDS, type InternedColumn } from './indexSchema';
import type { LoadedFile } from './loadedFile';

/**
 * Slots a lookup steps over at most before the value goes to the table's Map instead: the hash is seeded per process, but
 * a bound keeps values whose hashes collide (by chance or by a crafted log) from making lookups walk long runs.
 */
const MAX_PROBES = 32;
const FIRST_SLOTS = 1024;
/** The hash's seed: values cannot be chosen to collide without it. Ids do not depend on it (they are dense, in order). */
const HASH_SEED = randomInt(0x7fff_ffff);

/** A 32-bit hash of the UTF-16 code units of `value` (FNV-1a, then a finalising mix); exported for tests that make values collide. */
export function hashOf(value: string): number {
  let hash = HASH_SEED ^ value.length;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}

/**
 * Values of one field, ids dense from 1 (0 = absent). The files a thread loads look their values up here directly: a
 * map per file in front of it (the file's own values) cost more than it saved, since a file met most of its values in
 * the files before it and paid two lookups for them (replaying a load's 4.4 million lookups: 553 → 437 ms for 4,000
 * files of 100 events, 563 → 433 ms for 80 files of 5,000; one-thread ctlens stats on 10,000 small files 0.1–1.2 s
 * faster in each of four pairs of runs, 2026-11-30).
 *
 * The values are found by open addressing in one typed array of [hash, id] pairs rather than in a Map: most lookups of
 * a field with hundreds of thousands of values (principals, access keys, addresses) miss the processor's caches, and a
 * Map's lookup reads its bucket, its entry and the key's string apart; one-thread ctlens stats on the generator's
 * million events took 8.20–8.37 s against 8.50–8.64 s with a Map (three alternate runs each, 2026-11-30).
 */
class StringTable {
  readonly values: string[] = [''];
  /** Slot k is [hash, id] at 2k, 2k + 1 (id 0: empty); at most half of the slots are taken. */
  private slots = new Int32Array(2 * FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  /** Values whose MAX_PROBES slots were all taken when they were added. */
  private readonly overflow = new Map<string, number>();
  // Consecutive records often share a value (same source, Region, account): skip the lookup for repeats.
  private lastValue = '';
  private lastId = 0;

  constructor(private readonly maxProbes: number) {}

  idOf(value: string | null): number {
    if (value === null || value === '') return 0;
    if (value === this.lastValue) return this.lastId;
    const id = this.lookUp(value);
    this.lastValue = value;
    this.lastId = id;
    return id;
  }

  private lookUp(value: string): number {
    const hash = hashOf(value);
    const slots = this.slots;
    const mask = this.mask;
    let at = hash & mask;
    let probes = 0;
    for (; probes < this.maxProbes; probes++) {
      const id = slots[2 * at + 1];
      if (id === 0) break;
      if (slots[2 * at] === hash && this.values[id] === value) return id;
      at = (at + 1) & mask;
    }
    if (this.overflow.size > 0) {
      const id = this.overflow.get(value);
      if (id !== undefined) return id;
    }
    const id = this.values.length;
    this.values.push(value);
    if (probes === this.maxProbes) this.overflow.set(value, id);
    else {
      slots[2 * at] = hash;
      slots[2 * at + 1] = id;
      if (2 * id > mask) this.grow();
    }
    return id;
  }

  /** Twice the slots, each value placed again (a value that no longer finds a free slot in reach joins the overflow). */
  private grow(): void {
    const old = this.slots;
    const mask = 2 * this.mask + 1;
    const slots = new Int32Array(2 * (mask + 1));
    for (let k = 0; k < old.length; k += 2) {
      const id = old[k + 1];
      if (id === 0) continue;
      let at = old[k] & mask;
      let probes = 0;
      while (slots[2 * at + 1] !== 0 && probes < this.maxProbes) {
        at = (at + 1) & mask;
        probes++;
      }
      if (probes === this.maxProbes) this.overflow.set(this.values[id], id);
      else {
        slots[2 * at] = old[k];
        slots[2 * at + 1] = id;
      }
    }
    this.slots = slots;
    this.mask = mask;
  }
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
  /** Slots a lookup steps over at most (MAX_PROBES); tests make it 0 or 1, so that values go to the overflow. */
  maxProbes?: number;
}

/** One table per interned field, in INTERNED_FIELDS order. */
export class LoadTables {
  readonly byField: StringTable[];
  private readonly maxValues: number;

  constructor({ maxValues = MAX_VALUES, maxProbes = MAX_PROBES }: TableBounds = {}) {
    this.maxValues = maxValues;
    this.byField = INTERNED_FIELDS.map(() => new StringTable(maxProbes));
  }

  /** True when one of the tables has grown so large that the next file should start a fresh set. */
  get full(): boolean {
    return this.byField.some((table) => table.values.length >= this.maxValues);
  }
}

/** An empty table, sent in place of a shared one (whose values travel once, in a TableUpdate). */
const NOT_SENT: readonly string[] = [];

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

  /** The values added since the last update; the files sent with it leave their tables out (detached). */
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
  return { ...loaded, index: { ...loaded.index, interned } };
}

/** `loaded` with its shared tables left out, to be sent with a TableUpdate. */
export function detached(loaded: LoadedFile): LoadedFile {
  return withColumns(loaded, ({ ids }) => ({ ids, values: NOT_SENT }));
}

/** The receiving side: one copy of a sender's tables, which the files it sends point into. */
export class TableMirror {
  private tables: string[][] = INTERNED_FIELDS.map(() => ['']);

  apply({ fresh, added }: TableUpdate): void {
    if (fresh) this.tables = INTERNED_FIELDS.map(() => ['']);
    this.tables.forEach((table, f) => {
      for (const value of added[f]) table.push(value);
    });
  }

  /** Gives a file received with the last update (detached) its tables back. */
  attach(loaded: LoadedFile): void {
    INTERNED_FIELDS.forEach((field, f) => (loaded.index.interned[field] = { ids: loaded.index.interned[field].ids, values: this.tables[f] }));
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
