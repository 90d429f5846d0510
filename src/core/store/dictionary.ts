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
  private idsByValue: Map<string, number>[] = [new Map()];
  readonly values: string[] = [''];
  private lowerCache: string[] | null = null;

  get size(): number {
    return this.values.length;
  }

  private shardOf(value: string): Map<string, number> {
    const shards = this.idsByValue;
    return shards.length === 1 ? shards[0] : shards[hashOf(value) & (SHARDS - 1)];
  }

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    const shard = this.shardOf(value);
    let id = shard.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      shard.set(value, id);
      this.lowerCache = null;
      if (id === SHARD_FROM) this.split();
    }
    return id;
  }

  private split(): void {
    const shards = Array.from({ length: SHARDS }, () => new Map<string, number>());
    for (let id = 1; id < this.values.length; id++) {
      const value = this.values[id];
      shards[hashOf(value) & (SHARDS - 1)].set(value, id);
    }
    this.idsByValue = shards;
  }

  /** The id of `value`, or undefined when no event has it. */
  idOf(value: string): number | undefined {
    return this.shardOf(value).get(value);
  }

  /** Values in lower case (cached until the next new value), for case-insensitive matching. */
  lowerValues(): string[] {
    if (this.lowerCache === null || this.lowerCache.length !== this.values.length) this.lowerCache = this.values.map(foldCase);
    return this.lowerCache;
  }

  /** A table with one byte per id: 1 where `predicate(value)` holds. Id 0 (absent) is tested with ''. */
  matchTable(predicate: (value: string, lower: string) => boolean): Uint8Array {
    const lower = this.lowerValues();
    const table = new Uint8Array(this.values.length);
    for (let id = 0; id < this.values.length; id++) table[id] = predicate(this.values[id], lower[id]) ? 1 : 0;
    return table;
  }
}
