// A global string table for one interned field: every distinct value once, ids dense from 1 (0 = absent).

import { foldCase } from '../search/fold';
import { hashOf, StringIndex } from '../load/stringIndex';
import { internerOf } from '../load/stringTables';

/**
 * A large table's index is split in shards: an index grows by placing all its values again at once, and growing one of
 * 300,000 principals blocked the extension host for 130 ms while a million events loaded (with a Map); a shard a 64th
 * of the size grows in a 64th of the time. A small table (most fields have a few dozen values) keeps one index, since
 * 64 empty ones per field cost more memory than its values.
 */
const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;
/** Values above which the index is split. */
const SHARD_FROM = 4096;

/** The shard of a value's hash: its top bits (the index places it by its low bits). */
const shardOf = (hash: number) => hash >>> (32 - SHARD_BITS);

/** Interned values of one field across all loaded files. */
export class Dictionary {
  /** null until needed: a table adopted from the index cache is read far more often than added to. */
  private valuesById: string[] = [''];
  private idsByValue: StringIndex[] | null = [new StringIndex(this.valuesById)];
  private lowerCache: string[] | null = null;
  /** The table this one started from (adopt), whose ids are this table's ids up to its length then. */
  private adoptedFrom: readonly string[] | null = null;
  private adoptedLength = 0;
  /** Adds a value to the adopted table when that is a thread's own (internerOf): values from elsewhere go there. */
  private adoptedInterner: ((value: string) => number) | undefined = undefined;
  /**
   * Ids here of the values of the tables files point into (a file's own, or one shared by the files a thread loaded,
   * or by those of a cached load), filled as their values are first used (0: not yet); a shared table grows while its
   * load goes on. Forgotten when a load has joined (forgetTranslations).
   */
  private translations = new WeakMap<readonly string[], Uint32Array>();

  get size(): number {
    return this.valuesById.length;
  }

  /** Value of each id. */
  get values(): readonly string[] {
    return this.valuesById;
  }

  /**
   * Starts this table, while still empty, as a copy of `table`, whose ids then need no translation: the shared string
   * table of a load the index cache kept whole (the case it is for), or the first file's own. False when this table
   * already has values.
   */
  adopt(table: readonly string[]): boolean {
    if (this.valuesById.length !== 1 || table[0] !== '') return false;
    this.valuesById = table.slice();
    this.adoptedFrom = table;
    this.adoptedLength = table.length;
    this.adoptedInterner = internerOf(table);
    this.idsByValue = null;
    this.lowerCache = null;
    return true;
  }

  /**
   * True when ids into `table` are ids into this table: it was adopted from it, and has taken no value from elsewhere
   * since. The values `table` gained meanwhile join this one with the same ids (a table shared by the files one thread
   * loads grows as they arrive): a load on one thread then interns nothing twice (one-thread ctlens stats on a million
   * events: the store's share 238 → 63 ms).
   */
  sharesIdsWith(table: readonly string[]): boolean {
    if (this.adoptedFrom !== table || this.valuesById.length !== this.adoptedLength) return false;
    if (table.length === this.adoptedLength) return true;
    for (let id = this.adoptedLength; id < table.length; id++) {
      const value = table[id];
      if (this.idsByValue === null) this.valuesById.push(value);
      else this.append(value, hashOf(value));
    }
    this.adoptedLength = table.length;
    this.lowerCache = null;
    return true;
  }

  /**
   * This table's ids of the values of `table`, by their id there, filled in by the caller as values are first used
   * (0 until then). Kept while the load goes on, so that the files sharing a table intern each value once.
   */
  translationOf(table: readonly string[]): Uint32Array {
    let translation = this.translations.get(table);
    if (translation === undefined || translation.length < table.length) {
      const grown = new Uint32Array(translation === undefined ? table.length : Math.max(table.length, translation.length * 2));
      if (translation !== undefined) grown.set(translation);
      translation = grown;
      this.translations.set(table, translation);
    }
    return translation;
  }

  /**
   * Drops the translations, and the adopted table with its interner: their load has joined the store, and no file of
   * a later load points into that table (kept, it held its load's copy of the values and, for a calling thread's table,
   * that thread's index of them: 2.6 MB at a million events loaded on workers, 15.5 MB with the calling thread loading).
   */
  forgetTranslations(): void {
    this.translations = new WeakMap();
    this.adoptedFrom = null;
    this.adoptedInterner = undefined;
  }

  private indexOf(hash: number): StringIndex {
    this.idsByValue ??= this.indexOfValues();
    const shards = this.idsByValue;
    return shards.length === 1 ? shards[0] : shards[shardOf(hash)];
  }

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    const adopted = this.adoptedFrom;
    if (this.adoptedInterner !== undefined && adopted !== null && this.sharesIdsWith(adopted)) {
      // Added to the adopted table, then taken from it: this table keeps sharing that one's ids.
      const id = this.adoptedInterner(value);
      this.sharesIdsWith(adopted);
      return id;
    }
    const hash = hashOf(value);
    const id = this.indexOf(hash).idOf(value, hash);
    return id === 0 ? this.append(value, hash) : id;
  }

  /** Adds `value` (not in this table, whose hashOf is `hash`) and returns its id. */
  private append(value: string, hash: number): number {
    const id = this.valuesById.length;
    this.valuesById.push(value);
    this.indexOf(hash).add(value, hash, id);
    this.lowerCache = null;
    if (id === SHARD_FROM) this.idsByValue = this.indexOfValues();
    return id;
  }

  /** The index of the values so far: one, or shards past SHARD_FROM values. */
  private indexOfValues(): StringIndex[] {
    const values = this.valuesById;
    const shards = Array.from({ length: values.length > SHARD_FROM ? SHARDS : 1 }, () => new StringIndex(values));
    for (let id = 1; id < values.length; id++) {
      const hash = hashOf(values[id]);
      shards[shards.length === 1 ? 0 : shardOf(hash)].add(values[id], hash, id);
    }
    return shards;
  }

  /** The id of `value`, or undefined when no event has it. */
  idOf(value: string): number | undefined {
    const hash = hashOf(value);
    const id = this.indexOf(hash).idOf(value, hash);
    return id === 0 ? undefined : id;
  }

  /** Values in lower case (cached until the next new value), for case-insensitive matching. */
  lowerValues(): string[] {
    if (this.lowerCache === null || this.lowerCache.length !== this.valuesById.length) this.lowerCache = this.valuesById.map(foldCase);
    return this.lowerCache;
  }

  /** A table with one byte per id: 1 where `predicate(value)` holds. Id 0 (absent) is tested with ''. */
  matchTable(predicate: (value: string, lower: string) => boolean): Uint8Array {
    const lower = this.lowerValues();
    const values = this.valuesById;
    const table = new Uint8Array(values.length);
    for (let id = 0; id < values.length; id++) table[id] = predicate(values[id], lower[id]) ? 1 : 0;
    return table;
  }
}
