// A global string table for one interned field: every distinct value once, ids dense from 1 (0 = absent).

import { foldCase } from '../search/fold';

/**
 * A large table's value → id map is split in shards: a Map grows by rehashing all its entries at once, and growing
 * one of 300,000 principals blocked the extension host for 130 ms while a million events loaded; a shard a 64th of
 * the size grows in a 64th of the time. A small table (most fields have a few dozen values) keeps one map, since 64
 * empty maps per field cost more memory than its values.
 */
const SHARDS = 64;
/** Values above which the map is split. */
const SHARD_FROM = 4096;

function hashOf(value: string): number {
  const length = value.length;
  return length === 0 ? 0 : length * 31 + value.charCodeAt(length - 1) * 7 + value.charCodeAt(length >> 1);
}

/** Interned values of one field across all loaded files. */
export class Dictionary {
  /** null until needed: a table adopted from the index cache is read far more often than added to. */
  private idsByValue: Map<string, number>[] | null = [new Map()];
  private valuesById: string[] = [''];
  private lowerCache: string[] | null = null;
  /** The table this one started from (adopt), whose ids are this table's ids up to its length then. */
  private adoptedFrom: readonly string[] | null = null;
  private adoptedLength = 0;
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
    this.idsByValue = null;
    this.lowerCache = null;
    return true;
  }

  /**
   * True when ids into `table` are ids into this table: it was adopted from it, and has not grown since (a table
   * shared by the files a thread loads grows as they arrive; its later values are interned like any other's).
   */
  isAdoptedFrom(table: readonly string[]): boolean {
    return this.adoptedFrom === table && table.length === this.adoptedLength;
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

  /** Drops the translations: their load has joined the store. */
  forgetTranslations(): void {
    this.translations = new WeakMap();
  }

  private shardOf(value: string): Map<string, number> {
    this.idsByValue ??= this.mapOfValues();
    const shards = this.idsByValue;
    return shards.length === 1 ? shards[0] : shards[hashOf(value) & (SHARDS - 1)];
  }

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    const shard = this.shardOf(value);
    let id = shard.get(value);
    if (id === undefined) {
      id = this.valuesById.length;
      this.valuesById.push(value);
      shard.set(value, id);
      this.lowerCache = null;
      if (id === SHARD_FROM) this.idsByValue = this.mapOfValues();
    }
    return id;
  }

  /** The value → id map of the values so far: one map, or shards past SHARD_FROM values. */
  private mapOfValues(): Map<string, number>[] {
    const values = this.valuesById;
    const shards = Array.from({ length: values.length > SHARD_FROM ? SHARDS : 1 }, () => new Map<string, number>());
    for (let id = 1; id < values.length; id++) {
      const value = values[id];
      shards[shards.length === 1 ? 0 : hashOf(value) & (SHARDS - 1)].set(value, id);
    }
    return shards;
  }

  /** The id of `value`, or undefined when no event has it. */
  idOf(value: string): number | undefined {
    return this.shardOf(value).get(value);
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
